// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>

namespace smmo::test {

/// A client on a bare socket, for what HttpTestClient and QWebSocket never send (a request a byte
/// at a time, broken handshakes and frames): what it received, and whether the server closed it.
struct RawClient
{
    static constexpr int connectTimeoutMs = 15000;

    QTcpSocket socket;
    QByteArray received;
    bool closed = false;

    explicit RawClient(quint16 port)
    {
        QObject::connect(&socket, &QTcpSocket::readyRead, [this] { received += socket.readAll(); });
        QObject::connect(&socket, &QTcpSocket::disconnected, [this] { closed = true; });
        socket.connectToHost(QHostAddress::LocalHost, port);
        socket.waitForConnected(connectTimeoutMs);
    }
    void send(const QByteArray &bytes)
    {
        socket.write(bytes);
        socket.flush();
    }
    /// The status of the HTTP response received (0 before one came).
    int status() const { return received.startsWith("HTTP/1.1 ") ? received.mid(9, 3).toInt() : 0; }
    /// What follows the response's head.
    QByteArray afterHead() const { return received.mid(received.indexOf("\r\n\r\n") + 4); }
    /// The error envelope's `error` object of the response.
    QJsonObject envelope() const
    {
        return QJsonDocument::fromJson(afterHead()).object().value(QStringLiteral("error")).toObject();
    }
};

} // namespace smmo::test
