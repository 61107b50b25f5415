// SPDX-License-Identifier: AGPL-3.0-or-later
#include "WebSocketHandshake.h"

#include <QCryptographicHash>
#include <QList>
#include <QUrl>

namespace smmo {

namespace {

// RFC 6455 §1.3: the GUID appended to the key before hashing.
constexpr QByteArrayView acceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

// Whether a comma-separated header value lists `token` (case-insensitive), as in
// "Connection: keep-alive, Upgrade".
bool listsToken(const QByteArray &value, QByteArrayView token)
{
    for (const QByteArray &part : value.split(','))
        if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

WebSocketHandshake refused(int status, const QString &message)
{
    WebSocketHandshake handshake;
    handshake.refusal = HttpReply::error(status, message);
    return handshake;
}

} // namespace

qsizetype WebSocketHandshake::headEnd(QByteArrayView received)
{
    const qsizetype at = received.indexOf("\r\n\r\n");
    return at < 0 ? -1 : at + 4;
}

QByteArray WebSocketHandshake::acceptKey(QByteArrayView key)
{
    QCryptographicHash sha1(QCryptographicHash::Sha1);
    sha1.addData(key);
    sha1.addData(acceptGuid);
    return sha1.result().toBase64();
}

WebSocketHandshake WebSocketHandshake::read(QByteArrayView head)
{
    QList<QByteArrayView> lines;
    for (qsizetype from = 0; from < head.size();) {
        qsizetype to = head.indexOf("\r\n", from);
        if (to < 0)
            to = head.size();
        lines.append(head.sliced(from, to - from));
        from = to + 2;
    }
    while (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    if (lines.isEmpty())
        return refused(400, QStringLiteral("Empty request."));

    const QList<QByteArray> requestLine = lines.first().toByteArray().split(' ');
    if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/1.") || !requestLine[1].startsWith('/'))
        return refused(400, QStringLiteral("Malformed request line."));
    if (requestLine[0] != "GET")
        return refused(405, QStringLiteral("A WebSocket opens with GET."));

    WebSocketHandshake handshake;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon <= 0)
            return refused(400, QStringLiteral("Malformed header line."));
        const QByteArray name = lines[i].first(colon).trimmed().toByteArray();
        const QByteArray value = lines[i].sliced(colon + 1).trimmed().toByteArray();
        // Repeated headers are combined, as HTTP allows for lists.
        const QByteArray before = handshake.request.rawHeader(name);
        handshake.request.setRawHeader(name, before.isEmpty() ? value : before + ", " + value);
    }
    QByteArray host = handshake.request.rawHeader("Host");
    if (host.isEmpty() || host.contains('/') || host.contains('@'))
        host = "localhost";
    handshake.request.setUrl(QUrl::fromEncoded("ws://" + host + requestLine[1]));
    if (!handshake.request.url().isValid())
        return refused(400, QStringLiteral("Malformed request target."));

    const QNetworkRequest &request = handshake.request;
    if (!listsToken(request.rawHeader("Upgrade"), "websocket"))
        return refused(426, QStringLiteral("%1 is a WebSocket endpoint.").arg(request.url().path()));
    if (!listsToken(request.rawHeader("Connection"), "upgrade"))
        return refused(400, QStringLiteral("A WebSocket upgrade needs \"Connection: Upgrade\"."));
    if (request.rawHeader("Sec-WebSocket-Version") != "13") {
        WebSocketHandshake wrong = refused(426, QStringLiteral("Only WebSocket version 13 is spoken here."));
        wrong.refusal.header("Sec-WebSocket-Version", "13");
        return wrong;
    }
    const QByteArray key = request.rawHeader("Sec-WebSocket-Key");
    if (QByteArray::fromBase64(key).size() != 16)
        return refused(400, QStringLiteral("Sec-WebSocket-Key must be 16 bytes in base64."));

    handshake.response = "HTTP/1.1 101 Switching Protocols\r\n"
                         "Upgrade: websocket\r\n"
                         "Connection: Upgrade\r\n"
                         "Sec-WebSocket-Accept: " +
                         acceptKey(key) + "\r\n\r\n";
    return handshake;
}

} // namespace smmo
