// SPDX-License-Identifier: AGPL-3.0-or-later
#include "LeanWebSocket.h"

#include "BotSocketLoop.h"

#include <QCryptographicHash>
#include <QHostAddress>
#include <QHostInfo>
#include <QRandomGenerator>

#include <cerrno>
#include <cstring>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace smmo::bots {

namespace WebSocketFrames {

qsizetype writeHeader(char *out, quint8 opcode, qsizetype size, bool masked, quint32 maskKey)
{
    int n = 0;
    out[n++] = char(0x80 | (opcode & 0x0f)); // FIN: the bots never fragment
    const char maskBit = masked ? char(0x80) : char(0);
    if (size < 126) {
        out[n++] = char(maskBit | char(size));
    } else if (size <= 0xffff) {
        out[n++] = char(maskBit | 126);
        out[n++] = char(size >> 8);
        out[n++] = char(size);
    } else {
        out[n++] = char(maskBit | 127);
        for (int i = 7; i >= 0; --i)
            out[n++] = char(quint64(size) >> (8 * i));
    }
    if (masked) {
        for (int i = 3; i >= 0; --i)
            out[n++] = char(maskKey >> (8 * i));
    }
    return n;
}

void mask(char *data, qsizetype size, quint32 maskKey)
{
    const quint8 key[4] = {quint8(maskKey >> 24), quint8(maskKey >> 16), quint8(maskKey >> 8),
                           quint8(maskKey)};
    for (qsizetype i = 0; i < size; ++i)
        data[i] = char(quint8(data[i]) ^ key[i & 3]);
}

void append(QByteArray &out, quint8 opcode, QByteArrayView payload, bool masked, quint32 maskKey)
{
    char header[maxHeader];
    const qsizetype n = writeHeader(header, opcode, payload.size(), masked, maskKey);
    const qsizetype start = out.size();
    out.append(header, n);
    out.append(payload.data(), payload.size());
    if (masked)
        mask(out.data() + start + n, payload.size(), maskKey);
}

qsizetype parse(const char *data, qsizetype size, qsizetype maxPayload, Frame *frame)
{
    if (size < 2)
        return 0;
    const quint8 b0 = quint8(data[0]);
    const quint8 b1 = quint8(data[1]);
    if (b0 & 0x70) // RSV1-3: no extension was negotiated
        return -1;
    frame->fin = b0 & 0x80;
    frame->opcode = b0 & 0x0f;
    frame->masked = b1 & 0x80;
    const bool control = frame->opcode >= Close;
    if ((frame->opcode > Binary && frame->opcode < Close) || frame->opcode > Pong)
        return -1;
    quint64 length = b1 & 0x7f;
    qsizetype at = 2;
    if (length == 126 || length == 127) {
        const int bytes = length == 126 ? 2 : 8;
        if (size < at + bytes)
            return 0;
        length = 0;
        for (int i = 0; i < bytes; ++i)
            length = (length << 8) | quint8(data[at + i]);
        at += bytes;
    }
    if (control && (length > 125 || !frame->fin))
        return -1;
    if (length > quint64(maxPayload))
        return -1;
    if (frame->masked) {
        if (size < at + 4)
            return 0;
        frame->maskKey = 0;
        for (int i = 0; i < 4; ++i)
            frame->maskKey = (frame->maskKey << 8) | quint8(data[at + i]);
        at += 4;
    }
    if (quint64(size - at) < length)
        return 0;
    frame->payload = data + at;
    frame->size = qsizetype(length);
    return at + qsizetype(length);
}

QByteArray acceptKey(const QByteArray &key)
{
    return QCryptographicHash::hash(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11", QCryptographicHash::Sha1)
        .toBase64();
}

} // namespace WebSocketFrames

using namespace WebSocketFrames;

LeanWebSocket::LeanWebSocket(BotSocketLoop *loop, Handler *handler)
    : m_loop(loop), m_handler(handler), m_maskState(QRandomGenerator::global()->generate() | 1u)
{}

LeanWebSocket::~LeanWebSocket()
{
    if (m_alive)
        *m_alive = false;
    release();
}

quint32 LeanWebSocket::nextMask()
{
    // xorshift32: masks only have to differ from frame to frame (RFC 6455 10.3 asks for
    // unpredictability against proxies' caches; the bots talk to servers directly).
    m_maskState ^= m_maskState << 13;
    m_maskState ^= m_maskState >> 17;
    m_maskState ^= m_maskState << 5;
    return m_maskState;
}

void LeanWebSocket::open(const QUrl &url, const Headers &headers)
{
    QHostAddress address(url.host());
    if (address.isNull()) {
        const QList<QHostAddress> found = QHostInfo::fromName(url.host()).addresses();
        if (!found.isEmpty())
            address = found.first();
    }
    if (address.isNull())
        return fail(1006, QStringLiteral("cannot resolve %1").arg(url.host()));
    const bool secure = url.scheme() == QLatin1String("wss") || url.scheme() == QLatin1String("https");
    if (secure)
        return fail(1006, QStringLiteral("wss:// is not supported by the bots"));
    const quint16 port = quint16(url.port(80));

    sockaddr_storage storage{};
    socklen_t length = 0;
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(&storage);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        std::memcpy(&in6->sin6_addr, bytes.c, 16);
        length = sizeof(sockaddr_in6);
    } else {
        auto *in4 = reinterpret_cast<sockaddr_in *>(&storage);
        in4->sin_family = AF_INET;
        in4->sin_port = htons(port);
        in4->sin_addr.s_addr = htonl(address.toIPv4Address());
        length = sizeof(sockaddr_in);
    }
    m_fd = ::socket(storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_fd < 0)
        return fail(1006, QStringLiteral("socket: %1").arg(QString::fromLocal8Bit(strerror(errno))));
    // Moves are small and latency is what is measured: no Nagle.
    const int one = 1;
    setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(m_fd, reinterpret_cast<sockaddr *>(&storage), length) != 0 && errno != EINPROGRESS)
        return fail(1006, QStringLiteral("connect: %1").arg(QString::fromLocal8Bit(strerror(errno))));
    if (!m_loop->add(m_fd, this, true))
        return fail(1006, QStringLiteral("epoll: %1").arg(QString::fromLocal8Bit(strerror(errno))));
    m_wantWrite = true;
    m_state = State::Connecting;

    QByteArray nonce(16, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(nonce.data()), 4);
    const QByteArray key = nonce.toBase64();
    m_acceptKey = acceptKey(key);
    QByteArray target = url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment);
    if (target.isEmpty() || target.startsWith('?'))
        target.prepend('/');
    m_request = "GET " + target + " HTTP/1.1\r\nHost: " + url.host().toUtf8() + ':' +
                QByteArray::number(port) +
                "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key +
                "\r\nSec-WebSocket-Version: 13\r\n";
    for (const auto &header : headers)
        m_request += header.first + ": " + header.second + "\r\n";
    m_request += "\r\n";
}

void LeanWebSocket::send(quint8 opcode, QByteArrayView payload)
{
    if (m_state == State::Closed)
        return;
    if (m_state != State::Open) {
        WebSocketFrames::append(m_queued, opcode, payload, true, nextMask());
        return;
    }
    // One frame, written at once when nothing waits before it: a move is one send() call and
    // no allocation.
    char small[512];
    const qsizetype size = payload.size();
    if (size + maxHeader <= qsizetype(sizeof small)) {
        const quint32 key = nextMask();
        const qsizetype n = writeHeader(small, opcode, size, true, key);
        std::memcpy(small + n, payload.data(), size_t(size));
        mask(small + n, size, key);
        return write(small, n + size);
    }
    QByteArray frame;
    WebSocketFrames::append(frame, opcode, payload, true, nextMask());
    write(frame.constData(), frame.size());
}

void LeanWebSocket::write(const char *data, qsizetype size)
{
    if (!m_out.isEmpty()) {
        m_out.append(data, size);
        return;
    }
    ssize_t n = ::send(m_fd, data, size_t(size), MSG_NOSIGNAL);
    if (n < 0) {
        // A broken connection shows as a read error or end of stream, reported from there.
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return;
        n = 0;
    }
    if (n < size) {
        m_out.append(data + n, size - n);
        if (!m_wantWrite) {
            m_wantWrite = true;
            m_loop->setWantWrite(m_fd, true);
        }
    }
}

void LeanWebSocket::flush()
{
    while (!m_out.isEmpty()) {
        const ssize_t n = ::send(m_fd, m_out.constData(), size_t(m_out.size()), MSG_NOSIGNAL);
        if (n < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                m_out.clear();
            break;
        }
        m_out.remove(0, n);
    }
    if (m_out.isEmpty() && m_wantWrite) {
        m_wantWrite = false;
        m_loop->setWantWrite(m_fd, false);
    }
}

void LeanWebSocket::handleEvents(quint32 events)
{
    if (m_state == State::Connecting) {
        if (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))
            connected();
        return;
    }
    if (events & EPOLLOUT)
        flush();
    if (events & (EPOLLIN | EPOLLERR | EPOLLHUP | EPOLLRDHUP))
        readable();
}

void LeanWebSocket::connected()
{
    int error = 0;
    socklen_t size = sizeof error;
    if (getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &size) != 0)
        error = errno;
    if (error)
        return fail(1006, QStringLiteral("connect: %1").arg(QString::fromLocal8Bit(strerror(error))));
    m_state = State::Handshake;
    const QByteArray request = std::exchange(m_request, {});
    write(request.constData(), request.size());
    if (m_out.isEmpty() && m_wantWrite) {
        m_wantWrite = false;
        m_loop->setWantWrite(m_fd, false);
    }
}

void LeanWebSocket::readable()
{
    char *buffer = m_loop->readBuffer();
    const ssize_t n = ::recv(m_fd, buffer, size_t(m_loop->readBufferSize()), 0);
    if (n == 0)
        return fail(1006, QStringLiteral("the server closed the connection"));
    if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
            return;
        return fail(1006, QString::fromLocal8Bit(strerror(errno)));
    }
    qsizetype used = 0;
    if (m_in.isEmpty()) {
        // The common case: whole messages arrived; read them where they lie.
        if (!consume(buffer, n, &used))
            return;
        if (used < n)
            m_in.append(buffer + used, n - used);
        return;
    }
    m_in.append(buffer, n);
    if (!consume(m_in.constData(), m_in.size(), &used))
        return;
    m_in.remove(0, used);
}

bool LeanWebSocket::consume(const char *data, qsizetype size, qsizetype *used)
{
    qsizetype at = 0;
    if (m_state == State::Handshake) {
        const qsizetype n = handshakeResponse(data, size);
        if (n < 0)
            return false;
        if (n == 0) {
            *used = 0;
            return true;
        }
        at = n;
        m_state = State::Open;
        const QByteArray queued = std::exchange(m_queued, {});
        if (!queued.isEmpty())
            write(queued.constData(), queued.size());
        bool alive = true;
        m_alive = &alive;
        m_handler->opened();
        if (!alive)
            return false;
        m_alive = nullptr;
        if (m_state != State::Open)
            return false;
    }
    while (at < size) {
        Frame f;
        const qsizetype n = parse(data + at, size - at, maxMessage, &f);
        if (n < 0) {
            fail(1002, QStringLiteral("not a WebSocket frame from the server"));
            return false;
        }
        if (n == 0)
            break;
        at += n;
        if (!frame(f))
            return false;
    }
    *used = at;
    return true;
}

qsizetype LeanWebSocket::handshakeResponse(const char *data, qsizetype size)
{
    const QByteArrayView view(data, size);
    const qsizetype end = view.indexOf(QByteArrayView("\r\n\r\n"));
    if (end < 0) {
        if (size > 64 * 1024) {
            fail(1006, QStringLiteral("handshake: no end to the server's headers"));
            return -1;
        }
        return 0;
    }
    const QList<QByteArray> lines = QByteArray(data, end).split('\n');
    const QByteArray status = lines.value(0).trimmed();
    if (!status.startsWith("HTTP/1.1 101")) {
        fail(1006, QStringLiteral("handshake: %1").arg(QString::fromUtf8(status)));
        return -1;
    }
    bool accepted = false;
    for (const QByteArray &line : lines) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().toLower() == "sec-websocket-accept")
            accepted = line.mid(colon + 1).trimmed() == m_acceptKey;
    }
    if (!accepted) {
        fail(1006, QStringLiteral("handshake: wrong Sec-WebSocket-Accept"));
        return -1;
    }
    return end + 4;
}

bool LeanWebSocket::frame(const Frame &f)
{
    if (f.masked) {
        fail(1002, QStringLiteral("the server masked a frame"));
        return false;
    }
    bool alive = true;
    switch (f.opcode) {
    case Text:
    case Binary:
        if (!m_message.isEmpty() || m_messageOpcode) {
            fail(1002, QStringLiteral("a new message inside a fragmented one"));
            return false;
        }
        if (!f.fin) {
            m_messageOpcode = f.opcode;
            m_message.append(f.payload, f.size);
            return true;
        }
        m_alive = &alive;
        m_handler->messageReceived(QByteArrayView(f.payload, f.size), f.opcode == Text);
        break;
    case Continuation: {
        if (!m_messageOpcode) {
            fail(1002, QStringLiteral("a continuation without a message"));
            return false;
        }
        if (m_message.size() + f.size > maxMessage) {
            fail(1009, QStringLiteral("message too big"));
            return false;
        }
        m_message.append(f.payload, f.size);
        if (!f.fin)
            return true;
        const QByteArray message = std::exchange(m_message, {});
        const bool text = std::exchange(m_messageOpcode, 0) == Text;
        m_alive = &alive;
        m_handler->messageReceived(QByteArrayView(message), text);
        break;
    }
    case Ping:
        send(Pong, QByteArrayView(f.payload, f.size));
        return true;
    case Pong:
        return true;
    case Close: {
        const int code = f.size >= 2 ? (quint8(f.payload[0]) << 8) | quint8(f.payload[1]) : 1005;
        const QString reason = f.size > 2 ? QString::fromUtf8(f.payload + 2, f.size - 2) : QString();
        // Answer with the same code, then the connection is over (RFC 6455 5.5.1).
        char answer[2] = {char(code >> 8), char(code)};
        send(Close, f.size >= 2 ? QByteArrayView(answer, 2) : QByteArrayView());
        fail(code, reason);
        return false;
    }
    }
    if (!alive)
        return false;
    m_alive = nullptr;
    return m_state == State::Open;
}

void LeanWebSocket::close(int code)
{
    if (m_state == State::Open) {
        const char payload[2] = {char(code >> 8), char(code)};
        send(Close, QByteArrayView(payload, 2));
    }
    release();
}

void LeanWebSocket::release()
{
    if (m_fd >= 0) {
        m_loop->remove(m_fd);
        ::close(m_fd);
        m_fd = -1;
    }
    m_state = State::Closed;
}

void LeanWebSocket::fail(int code, const QString &reason)
{
    release();
    m_handler->closed(code, reason); // may delete this: nothing after it
}

} // namespace smmo::bots
