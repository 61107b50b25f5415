// SPDX-License-Identifier: AGPL-3.0-or-later
#include "WebSocketFrames.h"

#include <QStringDecoder>
#include <QtEndian>

#include <cstring>

namespace smmo::websocket {

namespace {

constexpr qint64 maxControlPayload = 125;

bool isControl(quint8 opcode)
{
    return (opcode & 0x8) != 0;
}

bool isKnown(quint8 opcode)
{
    switch (Opcode(opcode)) {
    case Opcode::Continuation:
    case Opcode::Text:
    case Opcode::Binary:
    case Opcode::Close:
    case Opcode::Ping:
    case Opcode::Pong:
        return true;
    }
    return false;
}

// Strict UTF-8 (no replacement characters): RFC 6455 §8.1 makes invalid text a reason to close.
std::optional<QString> decodeUtf8(QByteArrayView bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8,
                           QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
    QString text = decoder.decode(bytes);
    if (decoder.hasError())
        return std::nullopt;
    return text;
}

} // namespace

qsizetype writeFrameHeader(char *out, Opcode opcode, qint64 size, std::optional<quint32> maskKey)
{
    const char maskBit = maskKey ? char(0x80) : char(0);
    qsizetype n = 0;
    out[n++] = char(0x80 | quint8(opcode)); // final: nothing here sends fragments
    if (size < 126) {
        out[n++] = char(maskBit | char(size));
    } else if (size <= 0xffff) {
        out[n++] = char(maskBit | 126);
        qToBigEndian(quint16(size), out + n);
        n += 2;
    } else {
        out[n++] = char(maskBit | 127);
        qToBigEndian(quint64(size), out + n);
        n += 8;
    }
    if (maskKey) {
        qToBigEndian(*maskKey, out + n);
        n += 4;
    }
    return n;
}

void applyMask(char *out, const char *in, qsizetype size, quint32 maskKey)
{
    uchar key[4];
    qToBigEndian(maskKey, key);
    for (qsizetype i = 0; i < size; ++i)
        out[i] = char(in[i] ^ key[i & 3]);
}

void appendFrameHeader(QByteArray &out, Opcode opcode, qint64 size)
{
    char header[maxFrameHeader];
    out.append(header, writeFrameHeader(header, opcode, size));
}

QByteArray frame(Opcode opcode, QByteArrayView payload)
{
    QByteArray out;
    out.reserve(payload.size() + 10);
    appendFrameHeader(out, opcode, payload.size());
    out.append(payload);
    return out;
}

qsizetype writeMaskedFrame(char *out, Opcode opcode, QByteArrayView payload, quint32 maskKey)
{
    const qsizetype header = writeFrameHeader(out, opcode, payload.size(), maskKey);
    applyMask(out + header, payload.data(), payload.size(), maskKey);
    return header + payload.size();
}

void appendMaskedFrame(QByteArray &out, Opcode opcode, QByteArrayView payload, quint32 maskKey)
{
    const qsizetype at = out.size();
    out.resize(at + maxFrameHeader + payload.size());
    out.resize(at + writeMaskedFrame(out.data() + at, opcode, payload, maskKey));
}

QByteArray closePayload(quint16 code, const QString &reason)
{
    QByteArray payload(2, Qt::Uninitialized);
    qToBigEndian(code, payload.data());
    QString cut = reason;
    // Whole characters only, so that the reason stays UTF-8.
    while (cut.toUtf8().size() > maxControlPayload - 2)
        cut.chop(1);
    payload += cut.toUtf8();
    return payload;
}

Received FrameReader::error(quint16 code, const QString &reason)
{
    m_inMessage = false;
    m_message.clear();
    Received received;
    received.kind = Received::Kind::Error;
    received.code = code;
    received.reason = reason;
    return received;
}

std::optional<Received> FrameReader::next(QByteArrayView data, qsizetype &consumed)
{
    consumed = 0;
    if (data.size() < 2)
        return std::nullopt;
    const auto *bytes = reinterpret_cast<const uchar *>(data.data());
    const bool final = bytes[0] & 0x80;
    const quint8 opcode = bytes[0] & 0x0f;
    const bool masked = bytes[1] & 0x80;
    qint64 length = bytes[1] & 0x7f;
    qsizetype header = 2;
    if (length == 126) {
        if (data.size() < 4)
            return std::nullopt;
        length = qFromBigEndian<quint16>(bytes + 2);
        header = 4;
    } else if (length == 127) {
        if (data.size() < 10)
            return std::nullopt;
        const quint64 wide = qFromBigEndian<quint64>(bytes + 2);
        if (wide >> 63) {
            consumed = data.size();
            return error(CloseProtocolError, QStringLiteral("frame length out of range"));
        }
        length = qint64(wide);
        header = 10;
    }

    // Refused from the header alone: nothing of such a frame is buffered.
    const auto refuse = [&](quint16 code, const QString &reason) {
        consumed = data.size();
        return std::optional<Received>(error(code, reason));
    };
    if (bytes[0] & 0x70)
        return refuse(CloseProtocolError, QStringLiteral("reserved bits set (no extension was agreed)"));
    if (!isKnown(opcode))
        return refuse(CloseProtocolError, QStringLiteral("unknown opcode %1").arg(opcode));
    if (m_sender == Sender::Client && !masked)
        return refuse(CloseProtocolError, QStringLiteral("client frames must be masked"));
    if (m_sender == Sender::Server && masked)
        return refuse(CloseProtocolError, QStringLiteral("server frames must not be masked"));
    if (isControl(opcode)) {
        if (!final || length > maxControlPayload)
            return refuse(CloseProtocolError,
                          QStringLiteral("control frames must be whole and at most 125 bytes"));
    } else {
        if (opcode == quint8(Opcode::Continuation) && !m_inMessage)
            return refuse(CloseProtocolError, QStringLiteral("continuation frame without a message"));
        if (opcode != quint8(Opcode::Continuation) && m_inMessage)
            return refuse(CloseProtocolError, QStringLiteral("new message before the last one ended"));
        const qint64 total = (m_inMessage ? m_message.size() : 0) + length;
        if (total > m_maxMessageBytes)
            return refuse(CloseTooBig, QStringLiteral("message larger than %1 bytes").arg(m_maxMessageBytes));
    }
    const qsizetype keyBytes = masked ? 4 : 0;
    if (data.size() - header < keyBytes + length)
        return std::nullopt;

    const quint32 maskKey = masked ? qFromBigEndian<quint32>(bytes + header) : 0;
    const char *source = data.data() + header + keyBytes;
    consumed = header + keyBytes + qsizetype(length);
    const auto unmaskInto = [&](char *out) {
        if (masked)
            applyMask(out, source, length, maskKey);
        else
            std::memcpy(out, source, size_t(length));
    };

    if (!isControl(opcode)) {
        if (!m_inMessage && final) { // the usual case: a message in one frame
            QByteArray payload(length, Qt::Uninitialized);
            unmaskInto(payload.data());
            return complete(Opcode(opcode), std::move(payload));
        }
        if (!m_inMessage) {
            m_inMessage = true;
            m_messageOpcode = Opcode(opcode);
        }
        const qsizetype at = m_message.size();
        m_message.resize(at + qsizetype(length));
        unmaskInto(m_message.data() + at);
        if (!final)
            return std::nullopt;
        m_inMessage = false;
        return complete(m_messageOpcode, std::exchange(m_message, {}));
    }

    QByteArray payload(length, Qt::Uninitialized);
    unmaskInto(payload.data());
    Received received;
    switch (Opcode(opcode)) {
    case Opcode::Ping:
        received.kind = Received::Kind::Ping;
        received.payload = std::move(payload);
        return received;
    case Opcode::Pong:
        received.kind = Received::Kind::Pong;
        received.payload = std::move(payload);
        return received;
    default:
        break;
    }
    // Close: an optional code, then an optional reason.
    if (payload.size() == 1)
        return error(CloseProtocolError, QStringLiteral("close frame with a one-byte payload"));
    received.kind = Received::Kind::Close;
    received.code = CloseNoStatus;
    if (payload.size() >= 2) {
        received.code = qFromBigEndian<quint16>(payload.constData());
        const auto reason = decodeUtf8(QByteArrayView(payload).sliced(2));
        if (!reason)
            return error(CloseBadPayload, QStringLiteral("close reason is not UTF-8"));
        received.reason = *reason;
    }
    return received;
}

std::optional<Received> FrameReader::complete(Opcode opcode, QByteArray payload)
{
    Received received;
    if (opcode == Opcode::Binary || m_textAs == TextAs::Bytes) {
        received.kind = opcode == Opcode::Binary ? Received::Kind::Binary : Received::Kind::Text;
        received.payload = std::move(payload);
        return received;
    }
    auto text = decodeUtf8(payload);
    if (!text)
        return error(CloseBadPayload, QStringLiteral("text message is not UTF-8"));
    received.kind = Received::Kind::Text;
    received.text = std::move(*text);
    return received;
}

} // namespace smmo::websocket
