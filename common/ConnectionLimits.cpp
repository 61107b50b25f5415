// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ConnectionLimits.h"

#include "HttpReply.h"
#include "Logging.h"

#include <QPointer>
#include <QSocketNotifier>
#include <QTcpSocket>
#include <QTimer>

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace smmo {

namespace {

constexpr int abortAfterCloseMs = 2000;

// Answers with the error envelope, straight onto the socket (QHttpServer has not parsed a request
// it could answer), then closes; a peer that does not read is cut off shortly after.
void refuse(QTcpSocket *socket, int status, const QString &message)
{
    socket->write(HttpReply::error(status, message).closingResponse());
    socket->disconnectFromHost();
    QTimer::singleShot(abortAfterCloseMs, socket, [socket] { socket->abort(); });
}

} // namespace

/// Watches one accepted connection for the HTTP limits; a child of its socket, found by name.
class ConnectionWatch final : public QObject
{
public:
    static constexpr const char *objectNameOf = "smmo-connection-watch";

    ConnectionWatch(QTcpSocket *socket, LimitedTcpServer *server)
        : QObject(socket), m_socket(socket), m_server(server), m_limits(server->limits())
    {
        setObjectName(QLatin1String(objectNameOf));
        m_timer.setSingleShot(true);
        connect(&m_timer, &QTimer::timeout, this, &ConnectionWatch::expired);
        // Connected before QHttpServer's own slot, so a request too large is stopped before it
        // parses (and keeps) the bytes.
        m_reading = connect(socket, &QTcpSocket::readyRead, this, &ConnectionWatch::arrived);
        startRequestClock();
    }

    static ConnectionWatch *of(QTcpSocket *socket)
    {
        // Only watches carry that name (findChild<ConnectionWatch *> would need a meta-object).
        return socket ? static_cast<ConnectionWatch *>(socket->findChild<QObject *>(
                            QLatin1String(objectNameOf), Qt::FindDirectChildrenOnly))
                      : nullptr;
    }

    void requestStarted()
    {
        m_state = State::Handling;
        m_bytes = 0;
        m_timer.stop();
    }
    void requestAnswered()
    {
        if (m_state != State::Handling)
            return;
        m_state = State::Idle;
        m_timer.start(m_limits.idleTimeoutMs);
    }

private:
    enum class State { Reading, Handling, Idle };

    void startRequestClock()
    {
        m_state = State::Reading;
        m_bytes = 0;
        m_timer.start(m_limits.requestTimeoutMs);
    }

    void arrived()
    {
        if (m_state == State::Idle)
            startRequestClock();
        if (m_state != State::Reading)
            return; // pipelined bytes while a request is handled: counted once it is answered
        m_bytes += m_socket->bytesAvailable();
        if (m_bytes > m_limits.maxRequestBytes)
            stop(413, QStringLiteral("The request is larger than %1 bytes.").arg(m_limits.maxRequestBytes));
    }

    void expired()
    {
        // QHttpServer 6.4 disconnects every readyRead slot of a socket it hands to its WebSocket
        // server; a watch that missed its release sees that here.
        if (!m_reading)
            return;
        if (m_state == State::Idle) {
            m_socket->disconnectFromHost();
            return;
        }
        if (m_state == State::Reading)
            stop(408, QStringLiteral("The request did not arrive completely within %1 ms.")
                          .arg(m_limits.requestTimeoutMs));
    }

    void stop(int status, const QString &message)
    {
        qCInfo(lcHttp, "closing a connection from %s: %s", qPrintable(m_socket->peerAddress().toString()),
               qPrintable(message));
        m_timer.stop();
        // Nothing more of this connection reaches the HTTP parser.
        disconnect(m_socket, &QTcpSocket::readyRead, nullptr, nullptr);
        m_socket->readAll();
        if (m_server)
            emit m_server->limitHit(status, message);
        refuse(m_socket, status, message);
        deleteLater();
    }

    QTcpSocket *m_socket;
    QPointer<LimitedTcpServer> m_server;
    ConnectionLimits m_limits;
    QMetaObject::Connection m_reading;
    QTimer m_timer;
    State m_state = State::Reading;
    qint64 m_bytes = 0;
};

/// Looks at a new connection's first bytes, without reading them, to tell a WebSocket request
/// for one of the server's WebSocket paths from anything else, which goes to QHttpServer.
class RequestSniffer final : public QObject
{
public:
    RequestSniffer(qintptr handle, const QHostAddress &address, bool counted, LimitedTcpServer *server)
        : QObject(server), m_handle(handle), m_address(address), m_counted(counted), m_server(server),
          m_notifier(handle, QSocketNotifier::Read)
    {
        connect(&m_notifier, &QSocketNotifier::activated, this, &RequestSniffer::look);
        // Silence goes to QHttpServer, whose request timeout answers it with 408.
        m_timer.setSingleShot(true);
        connect(&m_timer, &QTimer::timeout, this, [this] { toHttp(); });
        m_timer.start(server->limits().requestTimeoutMs);
    }

private:
    void look()
    {
        char start[256];
        ssize_t got;
        do {
            got = ::recv(int(m_handle), start, sizeof start, MSG_PEEK | MSG_DONTWAIT);
        } while (got < 0 && errno == EINTR);
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        if (got <= 0) { // gone before saying anything
            m_notifier.setEnabled(false);
            ::close(int(m_handle));
            deleteLater();
            return;
        }
        const QByteArrayView seen(start, got);
        bool undecided = false;
        for (const auto &path : m_server->m_webSocketPaths) {
            const QByteArrayView wanted = path.requestLineStart;
            if (seen.size() <= wanted.size()) {
                undecided = undecided || wanted.startsWith(seen);
                continue;
            }
            const char after = seen[wanted.size()];
            if (seen.startsWith(wanted) && (after == ' ' || after == '?')) {
                toWebSocket(path);
                return;
            }
        }
        // The first bytes are not all there yet (a slow client): look again when more come.
        if (undecided && got < qsizetype(sizeof start))
            return;
        toHttp();
    }

    void toHttp()
    {
        m_notifier.setEnabled(false);
        m_server->serveHttp(m_handle, m_address, m_counted);
        deleteLater();
    }

    void toWebSocket(const LimitedTcpServer::WebSocketPath &path)
    {
        m_notifier.setEnabled(false);
        m_timer.stop();
        WebSocketConnection *connection =
            WebSocketConnection::takeOver(int(m_handle), path.limits, path.accept);
        if (m_counted)
            m_server->countUntilDestroyed(connection, m_address);
        deleteLater();
    }

    qintptr m_handle;
    QHostAddress m_address;
    bool m_counted;
    LimitedTcpServer *m_server;
    QSocketNotifier m_notifier;
    QTimer m_timer;
};

LimitedTcpServer::LimitedTcpServer(const ConnectionLimits &limits, QObject *parent)
    : QTcpServer(parent), m_limits(limits)
{}

void LimitedTcpServer::takeWebSockets(const QString &path, const WebSocketConnection::Limits &limits,
                                      WebSocketConnection::Accept accept)
{
    m_webSocketPaths.push_back({"GET " + path.toUtf8(), limits, std::move(accept)});
}

void LimitedTcpServer::countUntilDestroyed(QObject *owner, const QHostAddress &address)
{
    ++m_perAddress[address];
    connect(owner, &QObject::destroyed, this, [this, address] {
        if (--m_perAddress[address] <= 0)
            m_perAddress.remove(address);
    });
}

void LimitedTcpServer::incomingConnection(qintptr handle)
{
    const QHostAddress address = WebSocketConnection::peerAddressOf(int(handle));
    const bool counted =
        m_limits.maxConnectionsPerAddress > 0 && (m_limits.limitLoopback || !address.isLoopback());
    if (counted && m_perAddress.value(address) >= m_limits.maxConnectionsPerAddress) {
        const QString message = QStringLiteral("Too many connections from %1 (at most %2).")
                                    .arg(address.toString())
                                    .arg(m_limits.maxConnectionsPerAddress);
        qCInfo(lcHttp, "%s", qPrintable(message));
        emit limitHit(429, message);
        auto *socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(handle)) {
            delete socket;
            ::close(int(handle));
            return;
        }
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        refuse(socket, 429, message);
        return;
    }
    if (m_webSocketPaths.empty()) {
        serveHttp(handle, address, counted);
        return;
    }
    auto *sniffer = new RequestSniffer(handle, address, counted, this);
    if (counted)
        countUntilDestroyed(sniffer, address);
}

void LimitedTcpServer::serveHttp(qintptr handle, const QHostAddress &address, bool counted)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(handle)) {
        delete socket;
        ::close(int(handle));
        return;
    }
    if (counted)
        countUntilDestroyed(socket, address);
    new ConnectionWatch(socket, this);
    addPendingConnection(socket);
}

void LimitedTcpServer::requestStarted(QTcpSocket *socket)
{
    if (auto *watch = ConnectionWatch::of(socket))
        watch->requestStarted();
}

void LimitedTcpServer::requestAnswered(QTcpSocket *socket)
{
    if (auto *watch = ConnectionWatch::of(socket))
        watch->requestAnswered();
}

} // namespace smmo
