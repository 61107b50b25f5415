// SPDX-License-Identifier: AGPL-3.0-or-later
#include "HttpServer.h"

#include "ApiError.h"
#include "DatabaseError.h"
#include "Logging.h"
#include "ShippedFiles.h"
#include "Version.h"

#include <QFile>
#include <QFileInfo>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QTcpSocket>

namespace smmo {

struct HttpResponder::State
{
    QHttpServerResponder responder;
    QPointer<QTcpSocket> socket;
    QPointer<HttpServer> server;
    QString route;
    QByteArray method;
    QString path;
    QElapsedTimer timer;
    bool answered = false;

    State(QHttpServerResponder &&r, HttpServer *s)
        : responder(std::move(r)), socket(responder.socket()), server(s)
    {
        timer.start();
    }
    ~State()
    {
        if (!answered)
            write(
                HttpReply::error(500, QStringLiteral("The server dropped this request without an answer.")));
    }

    void write(const HttpReply &reply)
    {
        answered = true;
        if (server)
            server->finish(route, method, path, reply.status, timer);
        if (!socket || socket->state() != QAbstractSocket::ConnectedState)
            return;
        LimitedTcpServer::requestAnswered(socket);
        responder.writeStatusLine(QHttpServerResponder::StatusCode(reply.status));
        responder.writeHeader("Content-Type", reply.contentType);
        for (const auto &[name, value] : reply.headers)
            responder.writeHeader(name, value);
        // HEAD answers carry the length of what GET would send, without the body.
        responder.writeHeader("Content-Length", QByteArray::number(reply.body.size()));
        responder.writeBody(method == "HEAD" ? QByteArray() : reply.body);
    }
};

void HttpResponder::send(const HttpReply &reply) const
{
    if (m_state && !m_state->answered)
        m_state->write(reply);
}

void HttpResponder::sendResultOf(const std::function<HttpReply()> &produce) const
{
    if (!m_state || m_state->answered)
        return;
    try {
        send(produce());
    } catch (...) {
        send(HttpServer::replyForCurrentException(m_state->method, m_state->path));
    }
}

bool HttpResponder::isConnected() const
{
    return m_state && m_state->socket && m_state->socket->state() == QAbstractSocket::ConnectedState;
}

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    default:
        return "UNKNOWN";
    }
}

} // namespace

HttpServer::HttpServer(QString role, QObject *parent) : QObject(parent), m_role(role), m_metrics(role)
{
    m_uptime.start();
    // Every request goes through our own router: QHttpServer parses HTTP, we route, so that
    // method mismatches answer 405, every error uses the envelope, and metrics know the route.
    m_http.setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        dispatch(request, std::move(responder));
    });
}

HttpServer::~HttpServer() = default;

void HttpServer::route(const QByteArrayList &methods, const QString &pattern, Handler handler)
{
    routeAsync(methods, pattern,
               [handler = std::move(handler)](const HttpRequest &request, HttpResponder responder) {
                   responder.send(handler(request));
               });
}

void HttpServer::routeAsync(const QByteArrayList &methods, const QString &pattern, AsyncHandler handler)
{
    const int id = m_router.add(methods, pattern);
    Q_ASSERT(id == m_routes.size());
    m_routes.append({pattern, std::move(handler)});
}

quint16 HttpServer::listen(const QHostAddress &address, quint16 port)
{
    // Our own QTcpServer, so that connections are limited before QHttpServer reads them.
    ConnectionLimits limits = m_limits;
    limits.maxRequestBytes = qMax(limits.maxRequestBytes, m_maxBodyBytes + 64 * 1024);
    auto tcp = std::make_unique<LimitedTcpServer>(limits);
    // Qt's default of 50 half-open connections resets clients when a thousand players join at once.
    tcp->setListenBacklogSize(1024);
    if (!tcp->listen(address, port)) {
        qCCritical(lcHttp, "cannot listen on %s:%d: %s", qPrintable(address.toString()), port,
                   qPrintable(tcp->errorString()));
        return 0;
    }
    m_tcp = tcp.get();
    for (const WebSocketRoute &route : m_webSocketRoutes)
        m_tcp->takeWebSockets(route.path, route.limits, route.accept);
    quint64 &limited = m_metrics.counter("simplemmo_http_connections_limited_total",
                                         "Connections refused or closed by a limit (408, 413, 429).");
    connect(m_tcp, &LimitedTcpServer::limitHit, this, [&limited] { ++limited; });
    m_http.bind(tcp.release()); // QHttpServer takes it as a child
    m_port = m_tcp->serverPort();
    return m_port;
}

void HttpServer::routeWebSocket(const QString &path, WebSocketConnection::Accept accept,
                                const WebSocketConnection::Limits &limits)
{
    m_webSocketRoutes.push_back({path, std::move(accept), limits});
    if (m_tcp) // already listening
        m_tcp->takeWebSockets(path, limits, m_webSocketRoutes.back().accept);
    // What reaches QHttpServer at this path is not a new connection's WebSocket request.
    route({"GET"}, path, [path](const HttpRequest &request) -> HttpReply {
        if (request.header("Upgrade").compare("websocket", Qt::CaseInsensitive) == 0)
            return HttpReply::error(
                426, QStringLiteral("Open a new connection for the WebSocket at %1.").arg(path));
        return HttpReply::error(426, QStringLiteral("%1 is a WebSocket endpoint.").arg(path));
    });
}

void HttpServer::finish(const QString &route, const QByteArray &method, const QString &path, int status,
                        const QElapsedTimer &timer)
{
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    m_metrics.recordRequest(route, method, status, seconds);
    qCDebug(lcHttp, "%s %s %d %.2f ms", method.constData(), qPrintable(path), status, seconds * 1000.0);
}

void HttpServer::dispatch(const QHttpServerRequest &request, QHttpServerResponder &&qresponder)
{
    LimitedTcpServer::requestStarted(qresponder.socket());
    HttpResponder responder;
    responder.m_state = std::make_shared<HttpResponder::State>(std::move(qresponder), this);
    auto &state = *responder.m_state;
    state.method = methodName(request.method());
    state.path = request.url().path();
    state.route = QStringLiteral("unmatched");

    try {
        const auto match = m_router.match(state.method, request.url().path(QUrl::FullyEncoded));
        if (match.outcome == Router::Outcome::NotFound)
            throw ApiError(
                404,
                QStringLiteral("No such endpoint: %1 %2").arg(QString::fromLatin1(state.method), state.path));
        if (match.outcome == Router::Outcome::MethodNotAllowed)
            throw ApiError(405, QStringLiteral("%1 is not allowed on %2; use %3.")
                                    .arg(QString::fromLatin1(state.method), state.path,
                                         QString::fromLatin1(match.allowedMethods.join(", "))))
                .withHeader("Allow", match.allowedMethods.join(", "));
        state.route = match.pattern;

        HttpRequest parsed = HttpRequest::fromParts(state.method, request.url(), request.headers(),
                                                    request.body(), request.remoteAddress(), m_maxBodyBytes);
        parsed.setParams(match.params);
        if (!m_secret.isEmpty())
            parsed.verifySession(m_secret);
        m_routes[match.routeId].handler(parsed, responder);
    } catch (...) {
        responder.send(replyForCurrentException(state.method, state.path));
    }
}

HttpReply HttpServer::replyForCurrentException(const QByteArray &method, const QString &path)
{
    try {
        throw;
    } catch (const ApiError &error) {
        return HttpReply::error(error);
    } catch (const DatabaseError &error) {
        qCWarning(lcHttp, "%s %s: database error: %s", method.constData(), qPrintable(path), error.what());
        return HttpReply::error(error.httpStatus(), error.publicMessage());
    } catch (const std::exception &error) {
        qCWarning(lcHttp, "%s %s: %s", method.constData(), qPrintable(path), error.what());
        return HttpReply::error(500, QStringLiteral("Internal error."));
    } catch (...) {
        qCWarning(lcHttp, "%s %s: unknown exception", method.constData(), qPrintable(path));
        return HttpReply::error(500, QStringLiteral("Internal error."));
    }
}

QString HttpServer::findSourceArchive(const QString &configured)
{
    if (!configured.isEmpty())
        return configured;
    return findShippedPath(QStringLiteral(SIMPLEMMO_SOURCE_ARCHIVE_NAME),
                           QStringLiteral(SIMPLEMMO_BUILD_SOURCE_ARCHIVE));
}

void HttpServer::addStandardRoutes(const QString &sourceArchive)
{
    const auto pong = [](const HttpRequest &) { return HttpReply::text(QStringLiteral("pong")); };
    get(QStringLiteral("/"), pong);
    get(QStringLiteral("/ping"), pong);
    get(QStringLiteral("/version"),
        [](const HttpRequest &) { return HttpReply::text(QStringLiteral(SIMPLEMMO_VERSION)); });
    // 200 when ready, 503 while starting or stopping; the JSON says which either way.
    get(QStringLiteral("/health"), [this](const HttpRequest &) {
        QJsonObject health{{QStringLiteral("role"), m_role},
                           {QStringLiteral("version"), QStringLiteral(SIMPLEMMO_VERSION)},
                           {QStringLiteral("uptime"), double(m_uptime.elapsed()) / 1000.0},
                           {QStringLiteral("ready"), m_ready}};
        for (const auto &fields : m_healthFields)
            fields(health);
        return HttpReply::json(health, m_ready ? 200 : 503);
    });
    m_metrics.addGauge("simplemmo_uptime_seconds", "Seconds since the server started.",
                       [this] { return double(m_uptime.elapsed()) / 1000.0; });
    m_metrics.addGauge("simplemmo_ready", "1 when the server is ready to serve.",
                       [this] { return m_ready ? 1 : 0; });
    get(QStringLiteral("/metrics"), [this](const HttpRequest &) {
        return HttpReply::bytes(m_metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
    });
    // AGPL-3.0 section 13: users interacting over the network can get the source of this version.
    const QString archive = findSourceArchive(sourceArchive);
    get(QStringLiteral("/source"), [archive](const HttpRequest &) {
        QFile file(archive);
        if (archive.isEmpty() || !file.open(QIODevice::ReadOnly))
            throw ApiError(404, QStringLiteral("The source archive is not installed on this server."));
        return HttpReply::bytes(file.readAll(), "application/gzip")
            .header("Content-Disposition",
                    "attachment; filename=\"" + QFileInfo(archive).fileName().toUtf8() + '"');
    });
}

} // namespace smmo
