// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

#include <cstdint>

namespace smmo::bots {

class BotSocketLoop;

/// WebSocket framing (RFC 6455) as the bots' client needs it; separate so tests can reach it.
namespace WebSocketFrames {
enum Opcode : quint8 { Continuation = 0, Text = 1, Binary = 2, Close = 8, Ping = 9, Pong = 10 };

struct Frame
{
    bool fin = false;
    quint8 opcode = 0;
    bool masked = false;
    quint32 maskKey = 0;
    const char *payload = nullptr; ///< into the parsed data (still masked when masked)
    qsizetype size = 0;
};

constexpr qsizetype maxHeader = 14;
/// A frame's header (FIN set) into out (maxHeader bytes); its length.
qsizetype writeHeader(char *out, quint8 opcode, qsizetype size, bool masked, quint32 maskKey);
/// XORs data with the key, as RFC 6455 5.3 masks (and unmasks) a payload.
void mask(char *data, qsizetype size, quint32 maskKey);
/// Appends one frame; a client's frames are masked with maskKey (RFC 6455 5.3).
void append(QByteArray &out, quint8 opcode, QByteArrayView payload, bool masked, quint32 maskKey = 0);
/// One frame from data: the bytes it takes, 0 when it has not fully arrived, -1 when it is not a
/// WebSocket frame (reserved bits or opcodes, a control frame over 125 bytes or fragmented, a
/// length over maxPayload).
qsizetype parse(const char *data, qsizetype size, qsizetype maxPayload, Frame *frame);
/// Sec-WebSocket-Accept for a Sec-WebSocket-Key.
QByteArray acceptKey(const QByteArray &key);
} // namespace WebSocketFrames

/// A WebSocket client connection for the bots: a non-blocking socket in its thread's
/// BotSocketLoop, the opening handshake, masked frames out, whole messages in as bytes (no
/// QString, no signal, no ring buffer per socket). It does what QWebSocket does for a client that
/// neither asks for extensions nor sub-protocols, at a fraction of the cost per message:
/// fragmented messages are joined, pings answered, a close answered and reported.
class LeanWebSocket
{
public:
    class Handler
    {
    public:
        virtual ~Handler() = default;
        /// The handshake succeeded; what was sent before goes out now.
        virtual void opened() = 0;
        /// One whole message; the bytes are valid only during the call.
        virtual void messageReceived(QByteArrayView payload, bool text) = 0;
        /// The connection ended without close() being called (or could not be made): the
        /// server's close code and reason, or 1006 and what went wrong. The socket may be
        /// deleted from here.
        virtual void closed(int code, const QString &reason) = 0;
    };

    using Headers = QList<QPair<QByteArray, QByteArray>>;
    /// Messages may be up to this long (the zone's joined message for a crowd is the largest).
    static constexpr qsizetype maxMessage = 64 * 1024 * 1024;

    LeanWebSocket(BotSocketLoop *loop, Handler *handler);
    ~LeanWebSocket();
    LeanWebSocket(const LeanWebSocket &) = delete;
    LeanWebSocket &operator=(const LeanWebSocket &) = delete;

    /// ws://host:port/path?query (an IP address or a name the resolver knows).
    void open(const QUrl &url, const Headers &headers = {});
    /// Messages sent before the handshake is done are kept and sent once it is.
    void sendText(QByteArrayView utf8) { send(WebSocketFrames::Text, utf8); }
    void sendBinary(QByteArrayView bytes) { send(WebSocketFrames::Binary, bytes); }
    /// Sends a close frame and closes at once (no closed() follows).
    void close(int code = 1000);
    bool isOpen() const { return m_state == State::Open; }

    /// For BotSocketLoop: epoll's events for this socket.
    void handleEvents(quint32 events);

private:
    enum class State { Idle, Connecting, Handshake, Open, Closed };
    void send(quint8 opcode, QByteArrayView payload);
    void write(const char *data, qsizetype size);
    void flush();
    void connected();
    void readable();
    /// Consumes what it can of data; false when the socket was closed (or deleted) meanwhile.
    bool consume(const char *data, qsizetype size, qsizetype *used);
    qsizetype handshakeResponse(const char *data, qsizetype size);
    bool frame(const WebSocketFrames::Frame &frame);
    void fail(int code, const QString &reason);
    void release();
    quint32 nextMask();

    BotSocketLoop *m_loop;
    Handler *m_handler;
    State m_state = State::Idle;
    int m_fd = -1;
    bool m_wantWrite = false;
    bool *m_alive = nullptr; ///< set to false by the destructor while a handler call runs
    QByteArray m_request;    ///< the handshake request, until sent
    QByteArray m_acceptKey;
    QByteArray m_out;     ///< bytes the kernel did not take yet
    QByteArray m_queued;  ///< frames sent before the handshake finished
    QByteArray m_in;      ///< the start of a frame that has not fully arrived
    QByteArray m_message; ///< fragments of a message so far
    quint8 m_messageOpcode = 0;
    quint32 m_maskState;
};

} // namespace smmo::bots
