// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

#include <functional>

namespace smmo {

/// The outcome of one call to another server.
struct ServiceResult
{
    bool ok = false;      ///< a 2xx answer arrived
    int status = 0;       ///< HTTP status, 0 when no answer arrived at all
    QByteArray body;
    QJsonDocument json;   ///< the body parsed as JSON, when it was JSON
    QString errorCode;    ///< the envelope's code, or "unreachable" / "timeout"
    QString error;        ///< one human line: what failed and where

    QJsonObject object() const { return json.object(); }
};

/// Asynchronous JSON over HTTP to one peer server (e.g. the CharServer), with a timeout and a
/// clear error when the peer is down. Callbacks run on the client's thread, and not at all when
/// `context` was destroyed meanwhile.
class ServiceClient : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const ServiceResult &)>;

    ServiceClient(QString peerName, QUrl baseUrl, QObject *parent = nullptr);

    void setBaseUrl(const QUrl &url) { m_baseUrl = url; }
    QUrl baseUrl() const { return m_baseUrl; }
    /// Sent as `Authorization: Bearer` with every request (a user's or a service token).
    void setToken(const QByteArray &token) { m_token = token; }
    void setTimeout(int milliseconds) { m_timeoutMs = milliseconds; }

    void get(const QString &path, QObject *context, Callback callback);
    void post(const QString &path, const QJsonObject &body, QObject *context, Callback callback);
    void request(const QByteArray &verb, const QString &path, const QByteArray &body, QObject *context,
                 Callback callback);
    /// As request(), with this bearer token instead of the client's own: one client (and one
    /// connection pool) serving many users, as the load bots do.
    void requestAs(const QByteArray &token, const QByteArray &verb, const QString &path, const QByteArray &body,
                   QObject *context, Callback callback);

private:
    QString m_peerName;
    QUrl m_baseUrl;
    QByteArray m_token;
    int m_timeoutMs = 5000;
    QNetworkAccessManager m_network;
};

} // namespace smmo
