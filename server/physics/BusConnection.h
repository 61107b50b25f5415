// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "ZoneClient.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QObject>
#include <QTimer>
#include <QUrl>

namespace smmo {

/// The PhysicsServer's one connection to its zone's bus (a ZoneClient with a service token it
/// mints as `physics:<zone>` from the cluster secret): it keeps trying to reach the zone while it
/// is down, checks that the zone is the one it was started for, and says when a full snapshot
/// arrived (synced, on every (re)connection) and when it was lost. Messages go out only while
/// synced, so nothing meant for an old connection is ever sent on a new one.
class BusConnection : public QObject
{
    Q_OBJECT
public:
    BusConnection(QUrl zoneUrl, QString zoneId, QByteArray secret, int reconnectMs,
                  QObject *parent = nullptr);

    void start();
    bool isSynced() const { return m_synced; }
    /// Milliseconds since the bus was last synced (or since start); 0 while synced.
    qint64 downForMs() const { return m_synced ? 0 : m_down.elapsed(); }
    bool wasEverSynced() const { return m_everSynced; }
    quint64 syncCount() const { return m_syncs; }

    /// ZoneClient::correct and ::sendAction, but only while synced and connected: false otherwise,
    /// and nothing is kept for a later connection (whose hello makes it stale).
    bool correct(qint64 id, double x, double y, double z);
    bool sendAction(const QString &action, const QJsonObject &fields);

signals:
    /// A (re)connection's hello: every object of the zone.
    void synced(const QJsonArray &objects);
    void updated(const QJsonArray &changed, const QJsonArray &entered, const QJsonArray &left);
    /// The bus went away (zone stopped, restarted, network).
    void lost();

private:
    void attempt();
    void helloReceived(const QJsonObject &hello);
    void disconnected(int code, const QString &reason);
    /// Logs a problem once until a different one comes up (always: log it anyway).
    void report(const QString &problem, bool always);

    QUrl m_zoneUrl;
    QString m_zoneId;
    QByteArray m_secret;
    ZoneClient m_client;
    QTimer m_retry;
    QElapsedTimer m_down;
    QElapsedTimer m_attemptStarted;
    int m_reconnectMs;
    bool m_synced = false;
    bool m_attemptConnected = false; ///< the current attempt got as far as a WebSocket
    bool m_everSynced = false;
    quint64 m_syncs = 0;
    QString m_lastProblem; ///< logged once until it changes
};

} // namespace smmo
