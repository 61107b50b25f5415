// SPDX-License-Identifier: AGPL-3.0-or-later
#include "WebSocketConnection.h"

#include "Logging.h"
#include "WebSocketHandshake.h"

#include <QPointer>

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>

namespace smmo {

namespace {

// Reads per wake-up, so that one fast sender cannot keep the others waiting.
constexpr int readsPerWakeUp = 4;

} // namespace

QHostAddress WebSocketConnection::peerAddressOf(int fd)
{
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (getpeername(fd, reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return {};
    return QHostAddress(reinterpret_cast<const sockaddr *>(&address));
}

WebSocketConnection *WebSocketConnection::takeOver(int fd, const Limits &limits, Accept accept)
{
    return new WebSocketConnection(fd, limits, std::move(accept));
}

WebSocketConnection::WebSocketConnection(int fd, const Limits &limits, Accept accept)
    : m_fd(fd), m_limits(limits), m_accept(std::move(accept)), m_peer(peerAddressOf(fd)),
      m_reader(limits.maxMessageBytes)
{
    // QTcpServer hands out blocking sockets; nothing here may block the thread.
    fcntl(m_fd, F_SETFL, fcntl(m_fd, F_GETFL) | O_NONBLOCK);
    if (!SocketPoller::forThread().add(m_fd, this)) {
        finish();
        return;
    }
    startDeadline(m_limits.handshakeTimeoutMs, [this] {
        write(HttpReply::error(408, QStringLiteral("The WebSocket handshake did not arrive within %1 ms.")
                                        .arg(m_limits.handshakeTimeoutMs))
                  .closingResponse(),
              {});
        finishWhenWritten();
    });
}

void WebSocketConnection::startDeadline(int ms, const std::function<void()> &expired)
{
    stopDeadline();
    m_timer = std::make_unique<QTimer>();
    m_timer->setSingleShot(true);
    connect(m_timer.get(), &QTimer::timeout, this, expired);
    m_timer->start(ms);
}

void WebSocketConnection::stopDeadline()
{
    // Possibly from the timer's own timeout: deleted later, not under its feet.
    if (m_timer) {
        m_timer->stop();
        m_timer.release()->deleteLater();
    }
}

WebSocketConnection::~WebSocketConnection()
{
    m_timer.reset();
    if (m_fd >= 0) {
        SocketPoller::forThread().remove(m_fd);
        ::close(m_fd);
    }
}

void WebSocketConnection::readyRead()
{
    // The thread's shared buffer: a connection keeps bytes of its own only when a frame arrived
    // in part.
    char *buffer = SocketPoller::forThread().readBuffer();
    constexpr qsizetype bufferSize = SocketPoller::readBufferBytes;
    QPointer<WebSocketConnection> self(this);
    for (int reads = 0; reads < readsPerWakeUp && m_fd >= 0; ++reads) {
        const ssize_t got = ::recv(m_fd, buffer, size_t(bufferSize), MSG_DONTWAIT);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        if (got <= 0) { // the peer went away (0) or the connection broke
            finish();
            return;
        }
        if (m_state == State::Closed)
            return;
        if (m_state == State::Handshaking) {
            readHandshake(QByteArrayView(buffer, got));
            if (!self)
                return;
            continue;
        }
        // Bytes go through m_in only when part of a frame is waiting there.
        QByteArrayView data(buffer, got);
        if (!m_in.isEmpty()) {
            m_in.append(data);
            data = m_in;
        }
        const qsizetype used = readFrames(data);
        if (used < 0)
            return; // this object is gone
        if (data.data() == m_in.constData())
            m_in.remove(0, used);
        else
            m_in = data.sliced(used).toByteArray();
        if (m_in.isEmpty())
            m_in.clear(); // releases the memory
        if (got < bufferSize)
            return; // all there was
    }
}

void WebSocketConnection::readHandshake(QByteArrayView received)
{
    m_in.append(received);
    const qsizetype end = WebSocketHandshake::headEnd(m_in);
    if (end < 0) {
        if (m_in.size() > m_limits.maxHeadBytes) {
            write(HttpReply::error(
                      413,
                      QStringLiteral("The request head is larger than %1 bytes.").arg(m_limits.maxHeadBytes))
                      .closingResponse(),
                  {});
            m_in.clear();
            finishWhenWritten();
        }
        return;
    }
    const WebSocketHandshake handshake = WebSocketHandshake::read(QByteArrayView(m_in).first(end));
    if (!handshake.accepted()) {
        qCInfo(lcHttp, "refusing a WebSocket from %s: %d %s", qPrintable(m_peer.toString()),
               handshake.refusal.status, handshake.refusal.body.constData());
        write(handshake.refusal.closingResponse(), {});
        m_in.clear();
        finishWhenWritten();
        return;
    }
    stopDeadline();
    m_request = handshake.request;
    write(handshake.response, {});
    m_state = State::Open;
    // Frames the client sent right behind its request wait until the endpoint has connected.
    const QByteArray early = m_in.sliced(end);
    m_in.clear();
    QPointer<WebSocketConnection> self(this);
    m_accept(std::unique_ptr<WebSocketConnection>(this));
    if (!self || early.isEmpty())
        return;
    const qsizetype used = readFrames(early);
    if (used >= 0)
        m_in = early.sliced(used);
}

qsizetype WebSocketConnection::readFrames(QByteArrayView data)
{
    using websocket::Received;
    QPointer<WebSocketConnection> self(this);
    qsizetype used = 0;
    while (used < data.size() && m_state != State::Closed) {
        qsizetype consumed = 0;
        const std::optional<Received> received = m_reader.next(data.sliced(used), consumed);
        used += consumed;
        if (!received) {
            if (consumed == 0)
                break; // the rest of the frame has not come yet
            continue;
        }
        switch (received->kind) {
        case Received::Kind::Text:
            if (m_state == State::Open)
                emit textMessageReceived(received->text);
            break;
        case Received::Kind::Binary:
            if (m_state == State::Open)
                emit binaryMessageReceived(received->payload);
            break;
        case Received::Kind::Ping:
            send(websocket::Opcode::Pong, received->payload);
            break;
        case Received::Kind::Pong:
            break;
        case Received::Kind::Close:
            // The peer's close: answered with the same code (RFC 6455 §5.5.1) unless ours went first.
            if (!m_closeSent)
                sendClose(received->code == websocket::CloseNoStatus ? quint16(websocket::CloseNormal)
                                                                     : received->code,
                          {});
            finishWhenWritten();
            return self ? data.size() : -1;
        case Received::Kind::Error:
            qCInfo(lcHttp, "closing a WebSocket from %s: %s", qPrintable(m_peer.toString()),
                   qPrintable(received->reason));
            if (!m_closeSent)
                sendClose(received->code, received->reason);
            finishWhenWritten();
            return self ? data.size() : -1;
        }
        if (!self)
            return -1;
    }
    return used;
}

void WebSocketConnection::sendText(QByteArrayView utf8)
{
    if (m_state == State::Open)
        send(websocket::Opcode::Text, utf8);
}

void WebSocketConnection::sendBinary(QByteArrayView bytes)
{
    if (m_state == State::Open)
        send(websocket::Opcode::Binary, bytes);
}

void WebSocketConnection::send(websocket::Opcode opcode, QByteArrayView payload)
{
    QByteArray header;
    header.reserve(10);
    websocket::appendFrameHeader(header, opcode, payload.size());
    write(header, payload);
}

void WebSocketConnection::write(QByteArrayView head, QByteArrayView body)
{
    if (m_fd < 0 || m_finishWhenWritten)
        return;
    if (bytesToWrite() > 0) { // behind what is already waiting
        m_out.append(head);
        m_out.append(body);
        return;
    }
    iovec parts[2] = {{const_cast<char *>(head.data()), size_t(head.size())},
                      {const_cast<char *>(body.data()), size_t(body.size())}};
    msghdr message{};
    message.msg_iov = parts;
    message.msg_iovlen = body.isEmpty() ? 1 : 2;
    ssize_t sent;
    do {
        sent = ::sendmsg(m_fd, &message, MSG_NOSIGNAL | MSG_DONTWAIT);
    } while (sent < 0 && errno == EINTR);
    if (sent < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            // Broken: reading will tell (EPOLLERR or end of stream) and end the connection there,
            // not inside a caller that is walking its connections.
            return;
        }
        sent = 0;
    }
    const qsizetype total = head.size() + body.size();
    if (sent == total)
        return;
    // What the kernel did not take waits here until the socket is writable again.
    m_out.clear();
    m_outSent = 0;
    if (sent < head.size()) {
        m_out.append(head.sliced(sent));
        m_out.append(body);
    } else {
        m_out.append(body.sliced(sent - head.size()));
    }
    SocketPoller::forThread().watchWrite(m_fd, true);
}

void WebSocketConnection::readyWrite()
{
    while (bytesToWrite() > 0) {
        const ssize_t sent =
            ::send(m_fd, m_out.constData() + m_outSent, size_t(bytesToWrite()), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK) {
                finish();
            } else if (m_outSent > m_out.size() / 2) {
                m_out.remove(0, m_outSent); // what was written goes, so the backlog does not creep
                m_outSent = 0;
            }
            return;
        }
        m_outSent += sent;
    }
    m_out.clear(); // releases the memory
    m_outSent = 0;
    SocketPoller::forThread().watchWrite(m_fd, false);
    if (m_finishWhenWritten)
        finish();
}

void WebSocketConnection::sendClose(quint16 code, const QString &reason)
{
    if (m_closeSent || m_fd < 0)
        return;
    send(websocket::Opcode::Close, websocket::closePayload(code, reason));
    m_closeSent = true;
    if (m_state == State::Open)
        m_state = State::Closing;
}

void WebSocketConnection::close(quint16 code, const QString &reason)
{
    if (m_state != State::Open)
        return;
    sendClose(code, reason);
    startDeadline(m_limits.closeTimeoutMs, [this] { abort(); });
}

void WebSocketConnection::abort()
{
    finish();
}

void WebSocketConnection::finishWhenWritten()
{
    if (bytesToWrite() == 0) {
        finish();
        return;
    }
    m_finishWhenWritten = true;
    if (!m_timer || !m_timer->isActive())
        startDeadline(m_limits.closeTimeoutMs, [this] { abort(); });
}

void WebSocketConnection::finish()
{
    if (m_state == State::Closed && m_fd < 0)
        return;
    const bool wasAccepted = m_state != State::Handshaking;
    m_state = State::Closed;
    stopDeadline();
    if (m_fd >= 0) {
        SocketPoller::forThread().remove(m_fd);
        ::close(m_fd);
        m_fd = -1;
    }
    m_in.clear();
    m_out.clear();
    m_outSent = 0;
    if (wasAccepted)
        emit disconnected();
    else
        deleteLater(); // never handed to an endpoint: nobody else will delete it
}

} // namespace smmo
