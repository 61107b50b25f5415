// SPDX-License-Identifier: AGPL-3.0-or-later
#include "HttpReply.h"

#include "ApiError.h"

namespace smmo {

HttpReply HttpReply::text(const QString &text, int status)
{
    return {status, text.toUtf8(), "text/plain; charset=utf-8", {}};
}

HttpReply HttpReply::json(const QJsonObject &object, int status)
{
    return {status, QJsonDocument(object).toJson(QJsonDocument::Compact), "application/json", {}};
}

HttpReply HttpReply::json(const QJsonArray &array, int status)
{
    return {status, QJsonDocument(array).toJson(QJsonDocument::Compact), "application/json", {}};
}

HttpReply HttpReply::jsonValue(const QJsonValue &value, int status)
{
    // QJsonDocument only holds objects and arrays; wrap and strip to serialise a bare value.
    QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return {status, wrapped.mid(1, wrapped.size() - 2), "application/json", {}};
}

HttpReply HttpReply::bytes(QByteArray body, QByteArray contentType, int status)
{
    return {status, std::move(body), std::move(contentType), {}};
}

HttpReply HttpReply::error(const ApiError &error)
{
    HttpReply reply = json(
        QJsonObject{{QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), error.code()},
                                                          {QStringLiteral("message"), error.message()}}}},
        error.status());
    reply.headers = error.headers();
    return reply;
}

HttpReply HttpReply::error(int status, const QString &message, const QString &code)
{
    return error(ApiError(status, message, code));
}

HttpReply &HttpReply::header(QByteArray name, QByteArray value)
{
    headers.append({std::move(name), std::move(value)});
    return *this;
}

HttpReply &HttpReply::setCookie(const QByteArray &name, const QByteArray &value, qint64 maxAgeSeconds)
{
    // HttpOnly: scripts in a browser client never see the token. SameSite=Lax: no cross-site posts.
    return header("Set-Cookie", name + '=' + value + "; Path=/; Max-Age=" +
                                    QByteArray::number(maxAgeSeconds) + "; HttpOnly; SameSite=Lax");
}

QByteArray HttpReply::headerValue(const QByteArray &name) const
{
    for (const auto &h : headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

namespace {

const char *reasonPhrase(int status)
{
    switch (status) {
    case 101:
        return "Switching Protocols";
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 408:
        return "Request Timeout";
    case 413:
        return "Payload Too Large";
    case 426:
        return "Upgrade Required";
    case 429:
        return "Too Many Requests";
    case 503:
        return "Service Unavailable";
    default:
        return status < 400 ? "OK" : "Error";
    }
}

} // namespace

QByteArray HttpReply::closingResponse() const
{
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    for (const auto &[name, value] : headers)
        response += name + ": " + value + "\r\n";
    response += "Content-Type: " + contentType + "\r\n";
    response += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    response += "Connection: close\r\n\r\n" + body;
    return response;
}

} // namespace smmo
