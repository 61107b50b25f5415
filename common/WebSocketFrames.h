// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

namespace smmo::websocket {

/// RFC 6455 §5.2 opcodes.
enum class Opcode : quint8 {
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA
};

/// RFC 6455 §7.4.1 status codes the server sends.
enum CloseCode : quint16 {
    CloseNormal = 1000,
    CloseGoingAway = 1001,
    CloseProtocolError = 1002,
    CloseNoStatus = 1005, ///< received without a code (never sent)
    CloseBadPayload = 1007,
    ClosePolicyViolated = 1008,
    CloseTooBig = 1009,
};

/// The longest frame header: 2 bytes, 8 of extended length, 4 of mask key.
constexpr qsizetype maxFrameHeader = 14;

/// Writes the header of a final frame carrying `size` bytes of payload into `out` (room for
/// maxFrameHeader bytes) and returns its length. A server's frames are unmasked (no maskKey); a
/// client's carry the key its payload is masked with (RFC 6455 §5.3).
qsizetype writeFrameHeader(char *out, Opcode opcode, qint64 size, std::optional<quint32> maskKey = {});
/// XORs `size` bytes of `in` with the mask key into `out` (which may be `in`): masking and
/// unmasking are the same. The key is read big-endian, as it stands on the wire.
void applyMask(char *out, const char *in, qsizetype size, quint32 maskKey);

/// Appends the header of a server frame (final, unmasked: servers do not mask) carrying `size`
/// bytes of payload; the payload follows it on the wire.
void appendFrameHeader(QByteArray &out, Opcode opcode, qint64 size);
/// A whole server frame: header and payload.
QByteArray frame(Opcode opcode, QByteArrayView payload);
/// Writes a whole client frame (final, payload masked with maskKey) into `out`, which has room
/// for maxFrameHeader + payload.size() bytes; returns its length.
qsizetype writeMaskedFrame(char *out, Opcode opcode, QByteArrayView payload, quint32 maskKey);
/// Appends a whole client frame.
void appendMaskedFrame(QByteArray &out, Opcode opcode, QByteArrayView payload, quint32 maskKey);
/// The payload of a close frame: the code, then the reason in UTF-8, cut to fit 125 bytes.
QByteArray closePayload(quint16 code, const QString &reason);

/// What the peer sent: a whole message, or a control frame, or why the connection must close.
struct Received
{
    enum class Kind { Text, Binary, Ping, Pong, Close, Error };
    Kind kind = Kind::Error;
    QString text;       ///< Text (read as TextAs::String): the message, checked to be UTF-8
    QByteArray payload; ///< Binary, Ping, Pong, and Text read as TextAs::Bytes: the bytes
    quint16 code = 0;   ///< Close: the peer's code (1005 if none); Error: the code to close with
    QString reason;     ///< Close: the peer's reason; Error: what was wrong
};

/// Whose frames a FrameReader reads: a client's must be masked, a server's must not be (RFC 6455
/// §5.1).
enum class Sender { Client, Server };
/// How a FrameReader hands text messages over: decoded to a QString after a strict UTF-8 check
/// (what a server owes its clients), or as their bytes, unchecked, for a reader that only scans
/// them (the bots reading their zone).
enum class TextAs { String, Bytes };

/// Reads the frames one side sends (RFC 6455 §5): a client's (masked) by default, or a server's
/// (unmasked), perhaps split into fragments with control frames between them. It hands out whole
/// messages and control frames, and refuses what the RFC forbids (frames masked the wrong way,
/// reserved bits, bad opcodes, fragmented or long control frames, text that is not UTF-8) and
/// messages over the size limit, before buffering them.
class FrameReader
{
public:
    explicit FrameReader(qint64 maxMessageBytes, Sender sender = Sender::Client, TextAs text = TextAs::String)
        : m_maxMessageBytes(maxMessageBytes), m_sender(sender), m_textAs(text)
    {}

    /// Reads at most one frame from the start of `data`. `consumed` says how many bytes it took:
    /// 0 when the frame is not all there yet. Returns what the frame completed, if anything (a
    /// fragment that does not end its message completes nothing). After an Error, stop reading.
    std::optional<Received> next(QByteArrayView data, qsizetype &consumed);

    /// Whether a fragmented message is half read (its fragments so far are held here).
    bool midMessage() const { return m_inMessage; }

private:
    Received error(quint16 code, const QString &reason);
    std::optional<Received> complete(Opcode opcode, QByteArray payload);

    qint64 m_maxMessageBytes;
    Sender m_sender;
    TextAs m_textAs;
    bool m_inMessage = false;
    Opcode m_messageOpcode = Opcode::Text;
    QByteArray m_message; ///< the fragments so far
};

} // namespace smmo::websocket
