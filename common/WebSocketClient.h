// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "SocketPoller.h"
#include "WebSocketFrames.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

namespace smmo {

/// The client's side of a WebSocket (RFC 6455), the counterpart of WebSocketConnection: a
/// non-blocking socket in its thread's SocketPoller, the opening handshake, masked frames out,
/// whole messages in as bytes (no QString, no signal, no buffer of its own between messages). It
/// does what QWebSocket does for a client that asks for neither extensions nor sub-protocols, at a
/// fraction of the cost per message: fragmented messages are joined, pings answered, a close
/// answered and reported. Made for the bots (docs/bots.md), which hold thousands of them on one
/// thread. ws:// only.
class WebSocketClient : private SocketPoller::Client
{
public:
    class Handler
    {
    public:
        virtual ~Handler() = default;
        /// The handshake succeeded; what was sent before goes out now.
        virtual void opened() = 0;
        /// One whole message; the bytes are valid only during the call. Text is not checked
        /// to be UTF-8 (the reader only scans it).
        virtual void messageReceived(QByteArrayView payload, bool text) = 0;
        /// The connection ended without close() being called (or could not be made): the
        /// server's close code and reason, or 1006 and what went wrong. The client may be
        /// deleted from here.
        virtual void closed(int code, const QString &reason) = 0;
    };

    using Headers = QList<QPair<QByteArray, QByteArray>>;
    /// Messages may be up to this long by default (the zone's joined message for a crowd is the
    /// largest the bots read).
    static constexpr qint64 defaultMaxMessageBytes = 64 * 1024 * 1024;

    explicit WebSocketClient(Handler *handler, qint64 maxMessageBytes = defaultMaxMessageBytes);
    ~WebSocketClient() override;
    WebSocketClient(const WebSocketClient &) = delete;
    WebSocketClient &operator=(const WebSocketClient &) = delete;

    /// ws://host:port/path?query (an IP address or a name the resolver knows).
    void open(const QUrl &url, const Headers &headers = {});
    /// Messages sent before the handshake is done are kept and sent once it is.
    void sendText(QByteArrayView utf8) { send(websocket::Opcode::Text, utf8); }
    void sendBinary(QByteArrayView bytes) { send(websocket::Opcode::Binary, bytes); }
    /// Sends a close frame and closes at once (no closed() follows).
    void close(quint16 code = websocket::CloseNormal);
    bool isOpen() const { return m_state == State::Open; }

private:
    enum class State { Idle, Connecting, Handshake, Open, Closed };
    void readyRead() override;
    void readyWrite() override;
    void send(websocket::Opcode opcode, QByteArrayView payload);
    void write(const char *data, qsizetype size);
    void flush();
    void watchWrite(bool write);
    void connected();
    /// Consumes what it can of data; false when the socket was closed (or deleted) meanwhile.
    bool consume(const char *data, qsizetype size, qsizetype *used);
    qsizetype handshakeResponse(QByteArrayView data);
    /// Acts on what the reader completed; false when the socket was closed (or deleted).
    bool handle(websocket::Received &received);
    void fail(int code, const QString &reason);
    void release();
    quint32 nextMask();

    Handler *m_handler;
    websocket::FrameReader m_reader;
    State m_state = State::Idle;
    int m_fd = -1;
    bool m_watchingWrite = false;
    bool *m_alive = nullptr; ///< set to false by the destructor while a handler call runs
    QByteArray m_request;    ///< the handshake request, until sent
    QByteArray m_acceptKey;
    QByteArray m_out;    ///< bytes the kernel did not take yet
    QByteArray m_queued; ///< frames sent before the handshake finished
    QByteArray m_in;     ///< the start of a frame (or of the handshake) that has not fully arrived
    quint32 m_maskState;
};

} // namespace smmo
