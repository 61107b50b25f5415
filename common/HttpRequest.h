// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "SessionToken.h"

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QJsonObject>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

#include <optional>

namespace smmo {

/// One request as a handler sees it: method, path parameters, query, parsed body fields and the
/// verified session. It owns copies of everything, so asynchronous handlers may keep it.
class HttpRequest
{
public:
    QByteArray method() const { return m_method; }
    QString path() const { return m_url.path(); }
    QUrl url() const { return m_url; }
    QHostAddress remoteAddress() const { return m_remoteAddress; }
    QByteArray body() const { return m_body; }

    /// A `<name>` placeholder of the route pattern, percent-decoded.
    QString param(const QString &name) const { return m_params.value(name); }
    /// A query-string parameter.
    QString query(const QString &name) const;
    bool hasQuery(const QString &name) const;
    /// A whole-number query parameter from `min` to `max`, `fallback` when absent; ApiError 400
    /// ("<name> must be a whole number from <min> to <max>.") otherwise.
    int queryNumber(const QString &name, int fallback, int min, int max) const;

    /// A field of the body (form-encoded or a JSON object; JSON non-strings become their text),
    /// falling back to the query string, as classic clients send either.
    QString field(const QString &name) const;
    bool hasField(const QString &name) const;
    /// A required, non-empty field; throws ApiError 400 with `message` when it is missing.
    QString requireField(const QString &name, const QString &message) const;
    /// The body as JSON object (form fields as strings when the body was form-encoded).
    QJsonObject fields() const { return m_fields; }

    QByteArray header(const QByteArray &name) const;
    QByteArray cookie(const QByteArray &name) const;

    /// The verified session, if the request carried a valid token (cookie `user` or Bearer).
    const std::optional<SessionClaims> &session() const { return m_session; }
    /// The session or ApiError 401 with the reason (no token, bad signature, expired, malformed).
    const SessionClaims &requireSession() const;
    /// The session of a user with `role` (e.g. "admin", "service"), else ApiError 401/403.
    const SessionClaims &requireRole(const QString &role) const;
    /// The raw token the request carried (to forward to another server on the user's behalf).
    QByteArray token() const { return m_token; }

    /// Builds a request from raw parts; throws ApiError 400/413/415 for a body it cannot accept.
    static HttpRequest fromParts(QByteArray method, QUrl url, QList<QPair<QByteArray, QByteArray>> headers,
                                 QByteArray body, QHostAddress remote, qint64 maxBodyBytes);
    /// The route's placeholders; ApiError 400 for one that holds a NUL character.
    void setParams(QHash<QString, QString> params);
    void verifySession(const QByteArray &secret);

private:
    QByteArray m_method;
    QUrl m_url;
    QUrlQuery m_query;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    QByteArray m_body;
    QHostAddress m_remoteAddress;
    QHash<QString, QString> m_params;
    QJsonObject m_fields;
    QByteArray m_token;
    std::optional<SessionClaims> m_session;
    QString m_sessionError;
};

} // namespace smmo
