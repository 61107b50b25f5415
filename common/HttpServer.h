// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "ConnectionLimits.h"
#include "HttpReply.h"
#include "HttpRequest.h"
#include "Metrics.h"
#include "Router.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QHttpServer>
#include <QJsonObject>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

class QTcpSocket;

namespace smmo {

class HttpServer;

/// A handle to answer one request later, from an asynchronous handler (password hashing on a
/// worker thread, a call to another server). Copyable; the first send() wins. If the client has
/// gone meanwhile, sending does nothing (writing to a vanished socket crashes Qt 6.4). If every
/// copy is dropped without an answer, the client gets a 500 rather than waiting forever.
class HttpResponder
{
public:
    void send(const HttpReply &reply) const;
    /// Runs `produce` and sends its reply; an exception it throws becomes the error envelope
    /// (ApiError as given, database trouble as 503/500, anything else as 500), as for sync handlers.
    void sendResultOf(const std::function<HttpReply()> &produce) const;
    bool isConnected() const;

private:
    friend class HttpServer;
    struct State;
    std::shared_ptr<State> m_state;
};

/// QHttpServer with the project's conventions: routes by pattern and method, handlers that answer
/// HttpReply or throw ApiError, the JSON error envelope for every failure (404, 405, 413, bad JSON,
/// database down), the session verified from cookie or Bearer token, a request log line at debug
/// level, request metrics, and the routes every server shares (/, /ping, /version, /health,
/// /metrics, /source).
class HttpServer : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<HttpReply(const HttpRequest &)>;
    using AsyncHandler = std::function<void(const HttpRequest &, HttpResponder)>;

    explicit HttpServer(QString role, QObject *parent = nullptr);
    ~HttpServer() override;

    void setSecret(QByteArray secret) { m_secret = std::move(secret); }
    QByteArray secret() const { return m_secret; }
    void setMaxBodyBytes(qint64 bytes) { m_maxBodyBytes = bytes; }
    /// Timeouts, the per-address cap and the request size cap of the connections (before
    /// listen()); maxRequestBytes is raised to fit the largest body.
    void setConnectionLimits(const ConnectionLimits &limits) { m_limits = limits; }

    void route(const QByteArrayList &methods, const QString &pattern, Handler handler);
    void routeAsync(const QByteArrayList &methods, const QString &pattern, AsyncHandler handler);
    void get(const QString &pattern, Handler handler) { route({"GET"}, pattern, std::move(handler)); }
    void post(const QString &pattern, Handler handler) { route({"POST"}, pattern, std::move(handler)); }
    QStringList routes() const { return m_router.patterns(); }
    /// A WebSocket endpoint: a new connection whose request is for `path` becomes a
    /// WebSocketConnection, free of the HTTP limits, which `accept` gets once the handshake is done
    /// (before listen()). A plain request gets 426. An upgrade on a connection that already carried
    /// HTTP requests is refused (426): WebSocket clients open a connection of their own.
    void routeWebSocket(const QString &path, WebSocketConnection::Accept accept,
                        const WebSocketConnection::Limits &limits = {});

    /// /, /ping, /version, /health, /metrics, /source. sourceArchive: path of the archive to serve
    /// (empty: looked up beside the installed binaries, then in the build tree).
    void addStandardRoutes(const QString &sourceArchive = {});
    /// Adds fields to /health, e.g. players and objects of a zone.
    void addHealthFields(std::function<void(QJsonObject &)> fields)
    {
        m_healthFields.push_back(std::move(fields));
    }
    void setReady(bool ready) { m_ready = ready; }
    bool isReady() const { return m_ready; }

    /// Listens on address:port (0 picks a free port); returns the port, 0 on failure.
    quint16 listen(const QHostAddress &address, quint16 port);
    quint16 port() const { return m_port; }

    Metrics &metrics() { return m_metrics; }
    QString role() const { return m_role; }
    /// The listening socket's limits and counts (null before listen()).
    const LimitedTcpServer *tcpServer() const { return m_tcp; }

    static QString findSourceArchive(const QString &configured);
    /// The error reply for the exception being handled (call only inside a catch block).
    static HttpReply replyForCurrentException(const QByteArray &method, const QString &path);

private:
    friend class HttpResponder;
    struct RouteEntry
    {
        QString pattern;
        AsyncHandler handler;
    };
    void dispatch(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void finish(const QString &route, const QByteArray &method, const QString &path, int status,
                const QElapsedTimer &timer);
    struct WebSocketRoute
    {
        QString path;
        WebSocketConnection::Accept accept;
        WebSocketConnection::Limits limits;
    };

    QString m_role;
    QHttpServer m_http;
    Router m_router;
    QList<RouteEntry> m_routes;
    Metrics m_metrics;
    QByteArray m_secret;
    qint64 m_maxBodyBytes = 1024 * 1024;
    ConnectionLimits m_limits;
    LimitedTcpServer *m_tcp = nullptr; ///< owned by m_http
    bool m_ready = true;
    quint16 m_port = 0;
    QElapsedTimer m_uptime;
    std::vector<std::function<void(QJsonObject &)>> m_healthFields;
    std::vector<WebSocketRoute> m_webSocketRoutes;
};

} // namespace smmo
