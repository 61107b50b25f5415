// SPDX-License-Identifier: AGPL-3.0-or-later
#include "HttpRequest.h"

#include "ApiError.h"
#include "Names.h"

#include <QJsonDocument>
#include <QJsonArray>
#include <QJsonParseError>

#include <algorithm>

namespace smmo {

namespace {

QJsonObject parseForm(const QByteArray &body)
{
    QJsonObject fields;
    // QUrlQuery keeps '+' literal; in form encoding it means a space.
    QByteArray text = body;
    text.replace('+', ' ');
    const QUrlQuery form(QString::fromUtf8(text));
    for (const auto &item : form.queryItems(QUrl::FullyDecoded))
        fields.insert(item.first, item.second);
    return fields;
}

// Every text of a JSON value, nested ones too.
bool isStorableJson(const QJsonValue &value)
{
    if (value.isString())
        return isStorableText(value.toString());
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        return std::all_of(array.begin(), array.end(),
                           [](const QJsonValue &item) { return isStorableJson(item); });
    }
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            if (!isStorableText(it.key()) || !isStorableJson(it.value()))
                return false;
    }
    return true;
}

ApiError nulRefused(const QString &where)
{
    return ApiError(400,
                    QStringLiteral("The %1 contains a NUL character, which no text may hold.").arg(where));
}

QString fieldText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String: return value.toString();
    case QJsonValue::Bool: return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: return QString::number(value.toDouble(), 'g', 17);
    case QJsonValue::Array:
    case QJsonValue::Object:
        return QString::fromUtf8(value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                                                 : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    default: return {};
    }
}

} // namespace

HttpRequest HttpRequest::fromParts(QByteArray method, QUrl url, QList<QPair<QByteArray, QByteArray>> headers,
                                   QByteArray body, QHostAddress remote, qint64 maxBodyBytes)
{
    HttpRequest r;
    r.m_method = std::move(method);
    r.m_url = std::move(url);
    r.m_query = QUrlQuery(r.m_url);
    r.m_headers = std::move(headers);
    r.m_remoteAddress = std::move(remote);
    if (body.size() > maxBodyBytes)
        throw ApiError(413, QStringLiteral("The request body is larger than %1 bytes.").arg(maxBodyBytes));
    r.m_body = std::move(body);

    if (!r.m_body.isEmpty()) {
        const QByteArray type = r.header("Content-Type").toLower();
        if (type.startsWith("application/json")) {
            QJsonParseError error{};
            const auto doc = QJsonDocument::fromJson(r.m_body, &error);
            if (error.error != QJsonParseError::NoError)
                throw ApiError(400, QStringLiteral("The body is not valid JSON: %1.").arg(error.errorString()));
            if (!doc.isObject())
                throw ApiError(400, QStringLiteral("The JSON body must be an object."));
            r.m_fields = doc.object();
        } else if (type.isEmpty() || type.startsWith("application/x-www-form-urlencoded")
                   || type.startsWith("text/plain")) {
            r.m_fields = parseForm(r.m_body);
        }
        // Other types (binary uploads) stay available as body() only.
        if (!isStorableJson(r.m_fields))
            throw nulRefused(QStringLiteral("body"));
    }
    for (const auto &item : r.m_query.queryItems(QUrl::FullyDecoded))
        if (!isStorableText(item.first) || !isStorableText(item.second))
            throw nulRefused(QStringLiteral("query"));

    // The session token: cookie `user` (classic clients) or Authorization: Bearer.
    const QByteArray authorization = r.header("Authorization");
    if (authorization.startsWith("Bearer "))
        r.m_token = authorization.mid(7).trimmed();
    else
        r.m_token = r.cookie("user");
    return r;
}

void HttpRequest::setParams(QHash<QString, QString> params)
{
    for (const QString &value : std::as_const(params))
        if (!isStorableText(value))
            throw nulRefused(QStringLiteral("path"));
    m_params = std::move(params);
}

void HttpRequest::verifySession(const QByteArray &secret)
{
    m_session.reset();
    if (m_token.isEmpty()) {
        m_sessionError = QStringLiteral("Not logged in: no session token.");
        return;
    }
    const auto result = SessionToken::verify(m_token, secret);
    if (result.claims)
        m_session = result.claims;
    else
        m_sessionError = QStringLiteral("Invalid session token: %1.").arg(result.reason);
}

QString HttpRequest::query(const QString &name) const
{
    return m_query.queryItemValue(name, QUrl::FullyDecoded);
}

int HttpRequest::queryNumber(const QString &name, int fallback, int min, int max) const
{
    if (!hasQuery(name))
        return fallback;
    bool ok = false;
    const int number = query(name).toInt(&ok);
    if (!ok || number < min || number > max)
        throw ApiError::badRequest(
            QStringLiteral("%1 must be a whole number from %2 to %3.").arg(name).arg(min).arg(max));
    return number;
}

bool HttpRequest::hasQuery(const QString &name) const
{
    return m_query.hasQueryItem(name);
}

QString HttpRequest::field(const QString &name) const
{
    if (m_fields.contains(name))
        return fieldText(m_fields.value(name));
    return query(name);
}

bool HttpRequest::hasField(const QString &name) const
{
    return m_fields.contains(name) || hasQuery(name);
}

QString HttpRequest::requireField(const QString &name, const QString &message) const
{
    const QString value = field(name);
    if (value.isEmpty())
        throw ApiError(400, message);
    return value;
}

QByteArray HttpRequest::header(const QByteArray &name) const
{
    for (const auto &h : m_headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

QByteArray HttpRequest::cookie(const QByteArray &name) const
{
    for (const auto &h : m_headers) {
        if (h.first.compare("Cookie", Qt::CaseInsensitive) != 0)
            continue;
        for (const QByteArray &part : h.second.split(';')) {
            const QByteArray item = part.trimmed();
            const auto eq = item.indexOf('=');
            if (eq > 0 && item.left(eq) == name)
                return item.mid(eq + 1);
        }
    }
    return {};
}

const SessionClaims &HttpRequest::requireSession() const
{
    if (!m_session)
        throw ApiError(401, m_sessionError.isEmpty() ? QStringLiteral("Not logged in.") : m_sessionError);
    return *m_session;
}

const SessionClaims &HttpRequest::requireRole(const QString &role) const
{
    const auto &claims = requireSession();
    if (!claims.hasRole(role))
        throw ApiError(403, QStringLiteral("This needs the %1 role.").arg(role));
    return claims;
}

} // namespace smmo
