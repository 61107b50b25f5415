// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ConnectionLimits.h"

#include "HttpReply.h"
#include "Logging.h"

#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

namespace smmo {

namespace {

constexpr int abortAfterCloseMs = 2000;

const char *reasonPhrase(int status)
{
    switch (status) {
    case 408:
        return "Request Timeout";
    case 413:
        return "Payload Too Large";
    case 429:
        return "Too Many Requests";
    default:
        return "Error";
    }
}

// Answers with the error envelope, straight onto the socket (QHttpServer has not parsed a request
// it could answer), then closes; a peer that does not read is cut off shortly after.
void refuse(QTcpSocket *socket, int status, const QString &message)
{
    const HttpReply reply = HttpReply::error(status, message);
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    response += "Content-Type: " + reply.contentType + "\r\n";
    response += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\n";
    response += "Connection: close\r\n\r\n" + reply.body;
    socket->write(response);
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

LimitedTcpServer::LimitedTcpServer(const ConnectionLimits &limits, QObject *parent)
    : QTcpServer(parent), m_limits(limits)
{}

void LimitedTcpServer::incomingConnection(qintptr handle)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(handle)) {
        delete socket;
        return;
    }
    const QHostAddress address = socket->peerAddress();
    const bool counted =
        m_limits.maxConnectionsPerAddress > 0 && (m_limits.limitLoopback || !address.isLoopback());
    if (counted && m_perAddress.value(address) >= m_limits.maxConnectionsPerAddress) {
        const QString message = QStringLiteral("Too many connections from %1 (at most %2).")
                                    .arg(address.toString())
                                    .arg(m_limits.maxConnectionsPerAddress);
        qCInfo(lcHttp, "%s", qPrintable(message));
        emit limitHit(429, message);
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        refuse(socket, 429, message);
        return;
    }
    if (counted) {
        ++m_perAddress[address];
        // Counted until the socket is gone, whether HTTP or by then a WebSocket.
        connect(socket, &QObject::destroyed, this, [this, address] {
            if (--m_perAddress[address] <= 0)
                m_perAddress.remove(address);
        });
    }
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

void LimitedTcpServer::release(QTcpSocket *socket)
{
    delete ConnectionWatch::of(socket);
}

} // namespace smmo
