// SPDX-License-Identifier: AGPL-3.0-or-later
#include "SessionToken.h"

#include <QByteArrayView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>
#include <QMessageAuthenticationCode>

#include <openssl/crypto.h>

#include <algorithm>
#include <limits>

namespace smmo {

namespace {

constexpr auto tokenEncoding = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

QByteArray signatureOf(const QByteArray &payload, const QByteArray &secret)
{
    return QMessageAuthenticationCode::hash(payload, secret, QCryptographicHash::Sha256)
        .toBase64(tokenEncoding);
}

// Checked before the HMAC so that obvious garbage is reported as malformed, not as a forgery.
bool isBase64UrlText(QByteArrayView part)
{
    return !part.isEmpty() && std::all_of(part.begin(), part.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
               c == '_';
    });
}

// A JSON number that is a whole qint64. QJsonValue::toInteger() falls back to its default for
// anything else, so two different defaults disagree exactly when the value is not one.
std::optional<qint64> integerValue(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    const qint64 low = value.toInteger(std::numeric_limits<qint64>::min());
    const qint64 high = value.toInteger(std::numeric_limits<qint64>::max());
    if (low != high)
        return std::nullopt;
    return low;
}

std::optional<QDateTime> timeValue(const QJsonValue &value)
{
    const std::optional<qint64> secs = integerValue(value);
    if (!secs)
        return std::nullopt;
    const QDateTime time = QDateTime::fromSecsSinceEpoch(*secs, Qt::UTC);
    if (!time.isValid())
        return std::nullopt;
    return time;
}

// Unknown keys are ignored so that a newer AuthServer can add claims without breaking older servers.
std::optional<SessionClaims> claimsFromJson(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    const QJsonObject object = document.object();

    const std::optional<qint64> userId = integerValue(object.value(QLatin1String("uid")));
    const QJsonValue name = object.value(QLatin1String("name"));
    const QJsonValue roles = object.value(QLatin1String("roles"));
    const std::optional<QDateTime> issuedAt = timeValue(object.value(QLatin1String("iat")));
    const std::optional<QDateTime> expiresAt = timeValue(object.value(QLatin1String("exp")));
    if (!userId || !name.isString() || !roles.isArray() || !issuedAt || !expiresAt)
        return std::nullopt;

    SessionClaims claims;
    claims.userId = *userId;
    claims.userName = name.toString();
    claims.issuedAt = *issuedAt;
    claims.expiresAt = *expiresAt;
    const QJsonArray roleArray = roles.toArray();
    claims.roles.reserve(roleArray.size());
    for (const QJsonValue &role : roleArray) {
        if (!role.isString())
            return std::nullopt;
        claims.roles.append(role.toString());
    }
    return claims;
}

SessionToken::Result failure(SessionToken::Error error)
{
    return SessionToken::Result{std::nullopt, error, SessionToken::reasonFor(error)};
}

} // namespace

bool SessionClaims::hasRole(const QString &role) const
{
    return roles.contains(role);
}

QByteArray SessionToken::issue(const SessionClaims &claims, const QByteArray &secret)
{
    if (secret.isEmpty() || !claims.issuedAt.isValid() || !claims.expiresAt.isValid())
        return {};

    const QJsonObject object{
        {QLatin1String("uid"), claims.userId},
        {QLatin1String("name"), claims.userName},
        {QLatin1String("roles"), QJsonArray::fromStringList(claims.roles)},
        {QLatin1String("iat"), claims.issuedAt.toSecsSinceEpoch()},
        {QLatin1String("exp"), claims.expiresAt.toSecsSinceEpoch()},
    };
    const QByteArray payload = QJsonDocument(object).toJson(QJsonDocument::Compact).toBase64(tokenEncoding);
    return payload + '.' + signatureOf(payload, secret);
}

SessionToken::Result SessionToken::verify(const QByteArray &token, const QByteArray &secret, QDateTime now)
{
    // An empty secret would make every token forgeable; treat the pairing as unusable.
    if (secret.isEmpty() || token.isEmpty() || token.size() > maxTokenSize)
        return failure(Error::Malformed);

    const qsizetype dot = token.indexOf('.');
    if (dot < 0 || token.indexOf('.', dot + 1) >= 0)
        return failure(Error::Malformed);
    const QByteArrayView payload = QByteArrayView(token).first(dot);
    const QByteArrayView signature = QByteArrayView(token).sliced(dot + 1);
    if (!isBase64UrlText(payload) || !isBase64UrlText(signature))
        return failure(Error::Malformed);

    // Compare the canonical text of the signature rather than decoded bytes: base64 lets several
    // spellings decode to the same bytes, and a token should have exactly one valid form.
    const QByteArray expected = signatureOf(payload.toByteArray(), secret);
    if (signature.size() != expected.size() ||
        CRYPTO_memcmp(signature.data(), expected.constData(), size_t(expected.size())) != 0)
        return failure(Error::BadSignature);

    const QByteArray::FromBase64Result decoded = QByteArray::fromBase64Encoding(
        payload.toByteArray(), tokenEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return failure(Error::Malformed);
    std::optional<SessionClaims> claims = claimsFromJson(*decoded);
    if (!claims)
        return failure(Error::Malformed);

    if (claims->expiresAt <= now)
        return failure(Error::Expired);
    return Result{std::move(claims), Error::Ok, QString()};
}

SessionClaims SessionToken::makeClaims(qint64 userId, const QString &name, const QStringList &roles,
                                       std::chrono::seconds lifetime)
{
    // Whole seconds, because that is all the token carries; claims then survive a round trip intact.
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    SessionClaims claims;
    claims.userId = userId;
    claims.userName = name;
    claims.roles = roles;
    claims.issuedAt = QDateTime::fromSecsSinceEpoch(now, Qt::UTC);
    claims.expiresAt = QDateTime::fromSecsSinceEpoch(now + lifetime.count(), Qt::UTC);
    return claims;
}

QString SessionToken::reasonFor(Error error)
{
    switch (error) {
    case Error::Ok:
        return QString();
    case Error::Malformed:
        return QStringLiteral("malformed token");
    case Error::BadSignature:
        return QStringLiteral("bad signature");
    case Error::Expired:
        return QStringLiteral("token expired");
    }
    return QStringLiteral("malformed token");
}

} // namespace smmo
