// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QUrl>

namespace smmo {

class ServiceClient;

/// The master's calls to its zones (/health, /internal/...): one ServiceClient per zone URL, each
/// carrying a service token the master mints itself with the cluster secret and renews well
/// before it expires.
class ZoneClients : public QObject
{
    Q_OBJECT
public:
    ZoneClients(QByteArray secret, QString serviceName, QObject *parent = nullptr);

    ServiceClient &forZone(const QUrl &url);
    /// Drops the client of a zone that has gone.
    void forget(const QUrl &url);
    /// The current service token (`<serviceName>` with role service).
    QByteArray serviceToken();

private:
    QByteArray m_secret;
    QString m_serviceName;
    QByteArray m_token;
    QDateTime m_renewAt;
    QHash<QString, ServiceClient *> m_clients;
};

} // namespace smmo
