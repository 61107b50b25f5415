// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "SocketPoller.h"
#include "WebSocketFrames.h"

#include <QByteArray>
#include <QHostAddress>
#include <QNetworkRequest>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

namespace smmo {

/// One server-side WebSocket connection (RFC 6455), on the socket itself rather than on
/// QTcpSocket and QWebSocket: a connection that is keeping up holds no buffer of its own between
/// messages (what it sends goes straight to the kernel, and only what the kernel would not take
/// waits here), and it is watched through the thread's SocketPoller. A zone with thousands of
/// players measured about 57 kB per connection with QWebSocket; see docs/architecture.md.
///
/// Made by HttpServer::routeWebSocket for a connection whose request asks for a WebSocket
/// endpoint; it reads the handshake itself and, once accepted, is handed to the endpoint, which
/// then owns it. Text messages arrive as checked UTF-8 (invalid text closes with 1007), messages
/// over the size limit close with 1009, pings are answered.
class WebSocketConnection : public QObject, private SocketPoller::Client
{
    Q_OBJECT
public:
    struct Limits
    {
        qint64 maxMessageBytes = 64 * 1024;
        qint64 maxHeadBytes = 16 * 1024;
        int handshakeTimeoutMs = 20000;
        /// After a close frame is sent, how long the peer has to answer before it is cut off.
        int closeTimeoutMs = 2000;
    };
    using Accept = std::function<void(std::unique_ptr<WebSocketConnection>)>;

    /// Takes over a connected socket whose request is for a WebSocket; `accept` gets the
    /// connection once the handshake succeeded. Until then the connection owns itself and goes
    /// away on its own if the handshake fails (answered with the HTTP error) or times out.
    static WebSocketConnection *takeOver(int fd, const Limits &limits, Accept accept);
    ~WebSocketConnection() override;

    /// The upgrade request: URL with path and query, headers (Authorization, Cookie ...).
    const QNetworkRequest &request() const { return m_request; }
    QHostAddress peerAddress() const { return m_peer; }
    /// The address at the other end of a connected socket (null if it cannot be told).
    static QHostAddress peerAddressOf(int fd);
    /// Open: the handshake is done and no close frame went either way.
    bool isOpen() const { return m_state == State::Open; }
    void setMaxIncomingMessageBytes(qint64 bytes) { m_reader = websocket::FrameReader(bytes); }

    /// Sends a text message (its UTF-8 bytes); nothing once the connection is closing.
    void sendText(QByteArrayView utf8);
    void sendBinary(QByteArrayView bytes);
    /// Bytes the kernel has not taken yet (a client that does not read makes this grow).
    qint64 bytesToWrite() const { return m_out.size() - m_outSent; }
    /// Starts the closing handshake; the connection ends when the peer answers, or after
    /// closeTimeoutMs.
    void close(quint16 code, const QString &reason);
    /// Ends the connection now.
    void abort();

signals:
    void textMessageReceived(const QString &text);
    void binaryMessageReceived(const QByteArray &bytes);
    /// The connection is over (emitted once); nothing is sent any more.
    void disconnected();

private:
    enum class State { Handshaking, Open, Closing, Closed };

    WebSocketConnection(int fd, const Limits &limits, Accept accept);
    void readyRead() override;
    void readyWrite() override;
    /// Reads what the handshake needs; true once the connection is open.
    void readHandshake(QByteArrayView received);
    /// Handles frames in `data`; returns how many bytes it used, -1 if this object is gone.
    qsizetype readFrames(QByteArrayView data);
    void send(websocket::Opcode opcode, QByteArrayView payload);
    void write(QByteArrayView head, QByteArrayView body);
    void sendClose(quint16 code, const QString &reason);
    /// Ends once what is queued has been written (after a refusal or our last close frame).
    void finishWhenWritten();
    void finish();
    /// The one deadline running (handshake, closing), replacing any other.
    void startDeadline(int ms, const std::function<void()> &expired);
    void stopDeadline();

    int m_fd;
    Limits m_limits;
    Accept m_accept;
    State m_state = State::Handshaking;
    bool m_closeSent = false;
    bool m_finishWhenWritten = false;
    QNetworkRequest m_request;
    QHostAddress m_peer;
    websocket::FrameReader m_reader;
    QByteArray m_in;                 ///< a partly received handshake or frame (empty between messages)
    QByteArray m_out;                ///< what the kernel did not take yet
    qsizetype m_outSent = 0;         ///< how much of m_out has been written since
    std::unique_ptr<QTimer> m_timer; ///< handshake or closing deadline, only while one runs
};

} // namespace smmo
