// SPDX-License-Identifier: AGPL-3.0-or-later
// Fuzz target: SessionToken, the signed token every server checks on every request. The first
// byte picks what the rest is:
//   0: a token as a client could send it: it must never verify (nobody can sign without the
//      secret) and must be refused without an exception;
//   1: claims JSON, signed with the secret as the AuthServer would: the claims parser sees any
//      JSON; what it accepts must survive issue() and verify() unchanged;
//   2: fields of claims (name, roles, times) to issue a token from: it must verify to the same
//      claims, or be refused as expired exactly when it is.
#include "FuzzCheck.h"
#include "SessionToken.h"

#include <QMessageAuthenticationCode>

#include <cstdint>
#include <cstring>

using namespace smmo;

namespace {

const QByteArray secret = "fuzz-token-secret-0123456789abcdef";
const QDateTime now = QDateTime::fromSecsSinceEpoch(1714566600, Qt::UTC);
constexpr auto encoding = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

bool sameClaims(const SessionClaims &a, const SessionClaims &b)
{
    return a.userId == b.userId && a.userName == b.userName && a.roles == b.roles &&
           a.issuedAt == b.issuedAt && a.expiresAt == b.expiresAt;
}

void checkRoundTrip(const SessionClaims &claims)
{
    const QByteArray again = SessionToken::issue(claims, secret);
    FUZZ_CHECK(!again.isEmpty(), "verified claims cannot be issued again");
    const auto result = SessionToken::verify(again, secret, now);
    FUZZ_CHECK(result.isOk() || again.size() > SessionToken::maxTokenSize, "re-issued claims refused: %s",
               qPrintable(result.reason));
    if (result)
        FUZZ_CHECK(sameClaims(*result.claims, claims), "claims changed on the way");
    FUZZ_CHECK(!SessionToken::verify(again, secret + "x", now), "verified with another secret");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const QByteArray rest(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    switch (data[0] % 3) {
    case 0: {
        const auto result = SessionToken::verify(rest, secret, now);
        FUZZ_CHECK(!result.isOk(), "a token nobody signed verified");
        FUZZ_CHECK(!result.reason.isEmpty(), "a refusal without a reason");
        break;
    }
    case 1: {
        const QByteArray payload = rest.toBase64(encoding);
        const QByteArray token =
            payload + '.' +
            QMessageAuthenticationCode::hash(payload, secret, QCryptographicHash::Sha256).toBase64(encoding);
        const auto result = SessionToken::verify(token, secret, now);
        if (result) {
            FUZZ_CHECK(result.claims->expiresAt > now, "an expired token verified");
            checkRoundTrip(*result.claims);
        } else {
            FUZZ_CHECK(result.error != SessionToken::Error::BadSignature ||
                           token.size() > SessionToken::maxTokenSize,
                       "a correctly signed token was called a forgery");
        }
        break;
    }
    default: {
        // uid (8 bytes), iat and exp offsets (4 bytes each), then "name\nrole\nrole...".
        if (rest.size() < 16)
            return 0;
        qint64 uid = 0;
        qint32 issuedOffset = 0, expiresOffset = 0;
        std::memcpy(&uid, rest.constData(), 8);
        std::memcpy(&issuedOffset, rest.constData() + 8, 4);
        std::memcpy(&expiresOffset, rest.constData() + 12, 4);
        const QStringList parts = QString::fromUtf8(rest.mid(16)).split(QLatin1Char('\n'));
        SessionClaims claims;
        claims.userId = uid;
        claims.userName = parts.first();
        claims.roles = parts.mid(1);
        claims.issuedAt = now.addSecs(issuedOffset);
        claims.expiresAt = now.addSecs(expiresOffset);
        const QByteArray token = SessionToken::issue(claims, secret);
        FUZZ_CHECK(!token.isEmpty(), "valid claims were not issued");
        const auto result = SessionToken::verify(token, secret, now);
        if (token.size() > SessionToken::maxTokenSize) {
            FUZZ_CHECK(result.error == SessionToken::Error::Malformed, "an oversized token was read");
        } else if (claims.expiresAt <= now) {
            FUZZ_CHECK(result.error == SessionToken::Error::Expired, "expired claims: %s",
                       qPrintable(result.reason));
        } else {
            FUZZ_CHECK(result.isOk(), "issued claims refused: %s", qPrintable(result.reason));
            FUZZ_CHECK(sameClaims(*result.claims, claims), "claims changed on the way");
        }
        break;
    }
    }
    return 0;
}
