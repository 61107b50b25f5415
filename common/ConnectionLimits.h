// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "WebSocketConnection.h"

#include <QHash>
#include <QHostAddress>
#include <QTcpServer>

#include <vector>

class QTcpSocket;

namespace smmo {

/// Limits on the raw connections of an HttpServer, which QHttpServer 6.4 has none of: without
/// them a client that sends its request one byte at a time, or never finishes it (slowloris), or
/// streams an endless body, holds a connection and its memory for ever, and one address may open
/// connections until the process runs out of file descriptors.
struct ConnectionLimits
{
    /// A request must arrive completely (head and body) within this many milliseconds of its
    /// first byte, or of the connection opening; else 408 and the connection is closed.
    int requestTimeoutMs = 20000;
    /// A kept-alive connection with no request for this long is closed.
    int idleTimeoutMs = 120000;
    /// Bytes of one request beyond which it is refused with 413 as it arrives, before it is all
    /// in memory: the largest body plus room for the request line and headers.
    qint64 maxRequestBytes = 1024 * 1024 + 64 * 1024;
    /// Open connections (HTTP and WebSocket) from one address; more are refused with 429. 0: any.
    int maxConnectionsPerAddress = 256;
    /// Loopback addresses are this machine's own servers, tools and load bots, so the cap leaves
    /// them out unless this is set (tests set it).
    bool limitLoopback = false;
};

/// The QTcpServer an HttpServer listens with: it counts connections per address, refuses those
/// over the cap, and gives each accepted connection a watch that enforces the request timeout,
/// the idle timeout and the request size until the HttpServer says the request arrived.
class LimitedTcpServer final : public QTcpServer
{
    Q_OBJECT
public:
    explicit LimitedTcpServer(const ConnectionLimits &limits, QObject *parent = nullptr);

    const ConnectionLimits &limits() const { return m_limits; }
    int connectionsFrom(const QHostAddress &address) const { return m_perAddress.value(address); }

    /// The request on socket arrived completely and is being handled: no timeout while it is.
    static void requestStarted(QTcpSocket *socket);
    /// Its answer was written: the connection may idle until the idle timeout.
    static void requestAnswered(QTcpSocket *socket);
    /// Connections that open with `GET <path>` or `GET <path>?...` are WebSockets: they are kept
    /// from QHttpServer and go to WebSocketConnection, which hands them to `accept` once open.
    /// Which it is shows in the request line, so a new connection's first bytes are looked at
    /// (without reading them) before QHttpServer gets it.
    void takeWebSockets(const QString &path, const WebSocketConnection::Limits &limits,
                        WebSocketConnection::Accept accept);

signals:
    /// A connection was refused or closed by a limit: status 408, 413 or 429, and why.
    void limitHit(int status, const QString &reason);

protected:
    void incomingConnection(qintptr handle) override;

private:
    friend class RequestSniffer;
    struct WebSocketPath
    {
        QByteArray requestLineStart; ///< "GET /stream"
        WebSocketConnection::Limits limits;
        WebSocketConnection::Accept accept;
    };
    /// Gives the connection to QHttpServer.
    void serveHttp(qintptr handle, const QHostAddress &address, bool counted);
    /// Counts a connection from address until owner is destroyed.
    void countUntilDestroyed(QObject *owner, const QHostAddress &address);

    ConnectionLimits m_limits;
    QHash<QHostAddress, int> m_perAddress;
    std::vector<WebSocketPath> m_webSocketPaths;
};

} // namespace smmo
