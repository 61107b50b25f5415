// SPDX-License-Identifier: AGPL-3.0-or-later
#include "WebSocketClient.h"

#include "WebSocketHandshake.h"

#include <QHostAddress>
#include <QHostInfo>
#include <QRandomGenerator>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace smmo {

using websocket::Opcode;
using websocket::Received;

namespace {

// A server that never ends its headers is not a WebSocket server.
constexpr qsizetype maxResponseHead = 64 * 1024;

QString systemError(const char *call, int error)
{
    return QStringLiteral("%1: %2").arg(QLatin1String(call), QString::fromLocal8Bit(std::strerror(error)));
}

int pendingError(int fd)
{
    int error = 0;
    socklen_t size = sizeof error;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) != 0)
        error = errno;
    return error;
}

} // namespace

WebSocketClient::WebSocketClient(Handler *handler, qint64 maxMessageBytes)
    : m_handler(handler), m_reader(maxMessageBytes, websocket::Sender::Server, websocket::TextAs::Bytes),
      m_maskState(QRandomGenerator::global()->generate() | 1u)
{}

WebSocketClient::~WebSocketClient()
{
    if (m_alive)
        *m_alive = false;
    release();
}

quint32 WebSocketClient::nextMask()
{
    // xorshift32: masks only have to differ from frame to frame (RFC 6455 §10.3 asks for
    // unpredictability against proxies' caches; the bots talk to servers directly).
    m_maskState ^= m_maskState << 13;
    m_maskState ^= m_maskState >> 17;
    m_maskState ^= m_maskState << 5;
    return m_maskState;
}

void WebSocketClient::open(const QUrl &url, const Headers &headers)
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
        return fail(1006, QStringLiteral("wss:// is not supported by WebSocketClient"));
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
        return fail(1006, systemError("socket", errno));
    // Moves are small and latency is what is measured: no Nagle.
    const int one = 1;
    setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(m_fd, reinterpret_cast<sockaddr *>(&storage), length) != 0 && errno != EINPROGRESS)
        return fail(1006, systemError("connect", errno));
    // Writable once connected (or failed).
    if (!SocketPoller::forThread().add(m_fd, this, true))
        return fail(1006, systemError("epoll", errno));
    m_watchingWrite = true;
    m_state = State::Connecting;

    QByteArray nonce(16, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(nonce.data()), 4);
    const QByteArray key = nonce.toBase64();
    m_acceptKey = WebSocketHandshake::acceptKey(key);
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

void WebSocketClient::send(Opcode opcode, QByteArrayView payload)
{
    if (m_state == State::Closed)
        return;
    if (m_state != State::Open) {
        websocket::appendMaskedFrame(m_queued, opcode, payload, nextMask());
        return;
    }
    // One frame, written at once when nothing waits before it: a move is one send() call and
    // no allocation.
    char small[512];
    if (websocket::maxFrameHeader + payload.size() <= qsizetype(sizeof small))
        return write(small, websocket::writeMaskedFrame(small, opcode, payload, nextMask()));
    QByteArray frame;
    websocket::appendMaskedFrame(frame, opcode, payload, nextMask());
    write(frame.constData(), frame.size());
}

void WebSocketClient::write(const char *data, qsizetype size)
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
        watchWrite(true);
    }
}

void WebSocketClient::watchWrite(bool write)
{
    if (m_watchingWrite == write)
        return;
    m_watchingWrite = write;
    SocketPoller::forThread().watchWrite(m_fd, write);
}

void WebSocketClient::flush()
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
    if (m_out.isEmpty())
        watchWrite(false);
}

void WebSocketClient::readyWrite()
{
    if (m_state == State::Connecting)
        return connected();
    flush();
}

void WebSocketClient::connected()
{
    if (const int error = pendingError(m_fd))
        return fail(1006, systemError("connect", error));
    m_state = State::Handshake;
    const QByteArray request = std::exchange(m_request, {});
    write(request.constData(), request.size());
    if (m_out.isEmpty())
        watchWrite(false);
}

void WebSocketClient::readyRead()
{
    if (m_state == State::Connecting) {
        // Still connecting unless it failed: the request goes once the socket is writable.
        if (const int error = pendingError(m_fd))
            fail(1006, systemError("connect", error));
        return;
    }
    char *buffer = SocketPoller::forThread().readBuffer();
    const ssize_t n = ::recv(m_fd, buffer, size_t(SocketPoller::readBufferBytes), 0);
    if (n == 0)
        return fail(1006, QStringLiteral("the server closed the connection"));
    if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
            return;
        return fail(1006, QString::fromLocal8Bit(std::strerror(errno)));
    }
    qsizetype used = 0;
    if (m_in.isEmpty()) {
        // The common case: whole frames arrived; read them where they lie.
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

bool WebSocketClient::consume(const char *data, qsizetype size, qsizetype *used)
{
    *used = 0;
    qsizetype at = 0;
    if (m_state == State::Handshake) {
        const qsizetype n = handshakeResponse(QByteArrayView(data, size));
        if (n < 0)
            return false;
        if (n == 0)
            return true;
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
        qsizetype consumed = 0;
        std::optional<Received> received = m_reader.next(QByteArrayView(data + at, size - at), consumed);
        at += consumed;
        if (received) {
            if (!handle(*received))
                return false;
        } else if (consumed == 0) {
            break; // the rest of the frame has not come yet
        }
    }
    *used = at;
    return true;
}

qsizetype WebSocketClient::handshakeResponse(QByteArrayView data)
{
    const qsizetype end = WebSocketHandshake::headEnd(data);
    if (end < 0) {
        if (data.size() > maxResponseHead) {
            fail(1006, QStringLiteral("handshake: no end to the server's headers"));
            return -1;
        }
        return 0;
    }
    const QList<QByteArray> lines = data.first(end).toByteArray().split('\n');
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
    return end;
}

bool WebSocketClient::handle(Received &received)
{
    switch (received.kind) {
    case Received::Kind::Text:
    case Received::Kind::Binary: {
        bool alive = true;
        m_alive = &alive;
        m_handler->messageReceived(received.payload, received.kind == Received::Kind::Text);
        if (!alive)
            return false;
        m_alive = nullptr;
        return m_state == State::Open;
    }
    case Received::Kind::Ping:
        send(Opcode::Pong, received.payload);
        return true;
    case Received::Kind::Pong:
        return true;
    case Received::Kind::Close:
        // Answered with the same code, then the connection is over (RFC 6455 §5.5.1).
        send(Opcode::Close, received.code == websocket::CloseNoStatus
                                ? QByteArray()
                                : websocket::closePayload(received.code, {}));
        fail(received.code, received.reason);
        return false;
    case Received::Kind::Error:
        // The server broke the protocol: say why, and give up (RFC 6455 §7.1.7).
        send(Opcode::Close, websocket::closePayload(received.code, received.reason));
        fail(received.code, received.reason);
        return false;
    }
    return false;
}

void WebSocketClient::close(quint16 code)
{
    if (m_state == State::Open)
        send(Opcode::Close, websocket::closePayload(code, {}));
    release();
}

void WebSocketClient::release()
{
    if (m_fd >= 0) {
        SocketPoller::forThread().remove(m_fd);
        ::close(m_fd);
        m_fd = -1;
    }
    m_state = State::Closed;
}

void WebSocketClient::fail(int code, const QString &reason)
{
    release();
    m_handler->closed(code, reason); // may delete this: nothing after it
}

} // namespace smmo
