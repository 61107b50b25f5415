// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

namespace smmo {

// What a session token says about its holder; trust it only when SessionToken::verify produced it.
struct SessionClaims
{
    qint64 userId = 0;
    QString userName;
    QStringList roles; // e.g. "admin", "service"
    QDateTime issuedAt;
    QDateTime expiresAt;

    bool hasRole(const QString &role) const;
};

// Issues and verifies the HMAC-SHA256 signed session tokens that let every server authenticate a
// user locally with the cluster's shared secret, without asking the AuthServer.
//
// Format: base64url(compact JSON {uid, name, roles, iat, exp}) "." base64url(HMAC-SHA256(secret,
// first part)), both without padding. Times are whole Unix seconds, so sub-second parts of the
// claims' times are dropped when issuing.
class SessionToken
{
public:
    enum class Error { Ok, Malformed, BadSignature, Expired };

    // The outcome of verify(): claims on success, otherwise the error and a reason fit for a client.
    struct Result
    {
        std::optional<SessionClaims> claims;
        Error error = Error::Malformed;
        QString reason;

        bool isOk() const { return error == Error::Ok && claims.has_value(); }
        explicit operator bool() const { return isOk(); }
    };

    // Larger tokens are rejected unread: a cookie or header that big is an attack or a bug.
    static constexpr qsizetype maxTokenSize = 4096;

    // Returns an empty QByteArray if the secret is empty or a time is invalid, so a misconfigured
    // server cannot hand out tokens that anyone could forge or that never expire.
    static QByteArray issue(const SessionClaims &claims, const QByteArray &secret);

    // Checks structure, then the signature (in constant time), and only then parses the JSON, so
    // the parser never sees bytes an attacker chose unless they hold the secret.
    // A token expires when exp <= now.
    static Result verify(const QByteArray &token, const QByteArray &secret,
                         QDateTime now = QDateTime::currentDateTimeUtc());

    // Claims issued now (whole seconds, UTC) that expire after the given lifetime.
    static SessionClaims makeClaims(qint64 userId, const QString &name, const QStringList &roles,
                                    std::chrono::seconds lifetime);

    // The fixed human-readable reason for an error ("malformed token", "bad signature", ...).
    static QString reasonFor(Error error);
};

} // namespace smmo
