// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

namespace smmo {

class ApiError;

/// What a handler answers: status, body, content type and extra headers (cookies included).
struct HttpReply
{
    int status = 200;
    QByteArray body;
    QByteArray contentType = "text/plain; charset=utf-8";
    QList<QPair<QByteArray, QByteArray>> headers;

    static HttpReply text(const QString &text, int status = 200);
    static HttpReply json(const QJsonObject &object, int status = 200);
    static HttpReply json(const QJsonArray &array, int status = 200);
    /// A bare JSON value (true, false, a string, a number), as some classic endpoints answer.
    static HttpReply jsonValue(const QJsonValue &value, int status = 200);
    static HttpReply bytes(QByteArray body, QByteArray contentType, int status = 200);
    static HttpReply error(const ApiError &error);
    static HttpReply error(int status, const QString &message, const QString &code = {});

    HttpReply &header(QByteArray name, QByteArray value);
    /// Sets a cookie for the whole site; maxAgeSeconds 0 clears it.
    HttpReply &setCookie(const QByteArray &name, const QByteArray &value, qint64 maxAgeSeconds);
    QByteArray headerValue(const QByteArray &name) const;
    /// The reply as a whole HTTP/1.1 response that closes the connection, for code that answers
    /// on a raw connection QHttpServer does not handle (limits, the WebSocket handshake).
    QByteArray closingResponse() const;
};

} // namespace smmo
