// SPDX-License-Identifier: AGPL-3.0-or-later
#include "SessionToken.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QTest>

using smmo::SessionClaims;
using smmo::SessionToken;

Q_DECLARE_METATYPE(SessionToken::Error)

namespace {

const QByteArray secret = QByteArrayLiteral("cluster-secret-for-tests");
constexpr auto tokenEncoding = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

// Signs an arbitrary payload the way the format says, independently of SessionToken, so the tests
// can reach the checks that only run after a valid signature.
QByteArray signRaw(const QByteArray &encodedPayload, const QByteArray &key = secret)
{
    return encodedPayload + '.' +
           QMessageAuthenticationCode::hash(encodedPayload, key, QCryptographicHash::Sha256)
               .toBase64(tokenEncoding);
}

QByteArray signJson(const QByteArray &json)
{
    return signRaw(json.toBase64(tokenEncoding));
}

QByteArray signObject(const QJsonObject &object)
{
    return signJson(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonObject validObject()
{
    return QJsonObject{
        {"uid", 7}, {"name", "bob"}, {"roles", QJsonArray{"admin"}}, {"iat", 1000}, {"exp", 2000}};
}

QDateTime at(qint64 secs)
{
    return QDateTime::fromSecsSinceEpoch(secs, Qt::UTC);
}

} // namespace

class TestSessionToken : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip();
    void tokenFormat();
    void makeClaims();
    void tamperedPayload();
    void tamperedSignature();
    void wrongSecret();
    void expired();
    void emptySecret();
    void invalidTimesAreNotIssued();
    void malformed_data();
    void malformed();
    void unknownFieldsAreIgnored();
    void roles();
    void oversizedToken();
    void reasons();
};

void TestSessionToken::roundTrip()
{
    SessionClaims claims;
    claims.userId = 9'007'199'254'740'991; // 2^53 - 1: the largest id a JSON double holds exactly
    claims.userName = QStringLiteral("Ålice 🗡");
    claims.roles = {QStringLiteral("admin"), QStringLiteral("service")};
    claims.issuedAt = at(1'700'000'000);
    claims.expiresAt = at(1'700'003'600);

    const QByteArray token = SessionToken::issue(claims, secret);
    QVERIFY(!token.isEmpty());
    const SessionToken::Result result = SessionToken::verify(token, secret, at(1'700'000'001));
    QCOMPARE(result.error, SessionToken::Error::Ok);
    QVERIFY(result.isOk());
    QVERIFY(bool(result));
    QVERIFY(result.reason.isEmpty());
    QVERIFY(result.claims.has_value());
    QCOMPARE(result.claims->userId, claims.userId);
    QCOMPARE(result.claims->userName, claims.userName);
    QCOMPARE(result.claims->roles, claims.roles);
    QCOMPARE(result.claims->issuedAt, claims.issuedAt);
    QCOMPARE(result.claims->expiresAt, claims.expiresAt);
    QCOMPARE(result.claims->expiresAt.timeSpec(), Qt::UTC);
}

void TestSessionToken::tokenFormat()
{
    SessionClaims claims;
    claims.userId = 42;
    claims.userName = QStringLiteral("carol");
    claims.roles = {QStringLiteral("service")};
    claims.issuedAt = at(100);
    claims.expiresAt = at(200);
    const QByteArray token = SessionToken::issue(claims, secret);

    const QList<QByteArray> parts = token.split('.');
    QCOMPARE(parts.size(), 2);
    QVERIFY(!token.contains('='));
    QCOMPARE(parts.at(1).size(), 43); // 32 bytes of HMAC-SHA256, unpadded
    QCOMPARE(token, signRaw(parts.at(0)));

    const auto json =
        QByteArray::fromBase64Encoding(parts.at(0), tokenEncoding | QByteArray::AbortOnBase64DecodingErrors);
    QVERIFY(json);
    QVERIFY(!json.decoded.contains('\n')); // compact
    const QJsonObject object = QJsonDocument::fromJson(json.decoded).object();
    QCOMPARE(
        object,
        (QJsonObject{
            {"uid", 42}, {"name", "carol"}, {"roles", QJsonArray{"service"}}, {"iat", 100}, {"exp", 200}}));
}

void TestSessionToken::makeClaims()
{
    const qint64 before = QDateTime::currentSecsSinceEpoch();
    const SessionClaims claims =
        SessionToken::makeClaims(5, QStringLiteral("dave"), {QStringLiteral("admin")}, std::chrono::hours(1));
    const qint64 after = QDateTime::currentSecsSinceEpoch();

    QCOMPARE(claims.userId, 5);
    QCOMPARE(claims.userName, QStringLiteral("dave"));
    QCOMPARE(claims.roles, QStringList{QStringLiteral("admin")});
    QCOMPARE(claims.issuedAt.timeSpec(), Qt::UTC);
    QVERIFY(claims.issuedAt.toSecsSinceEpoch() >= before && claims.issuedAt.toSecsSinceEpoch() <= after);
    QCOMPARE(claims.issuedAt.time().msec(), 0);
    QCOMPARE(claims.issuedAt.secsTo(claims.expiresAt), 3600);

    // Whole seconds, so the verified claims equal the issued ones exactly.
    const SessionToken::Result result = SessionToken::verify(SessionToken::issue(claims, secret), secret);
    QVERIFY(result.isOk());
    QCOMPARE(result.claims->issuedAt, claims.issuedAt);
    QCOMPARE(result.claims->expiresAt, claims.expiresAt);
}

void TestSessionToken::tamperedPayload()
{
    const QByteArray token = signObject(validObject());
    QVERIFY(SessionToken::verify(token, secret, at(1500)).isOk());
    const QByteArray signature = token.mid(token.indexOf('.'));

    // Raising one's own privileges: same signature, different claims.
    QJsonObject forged = validObject();
    forged.insert("uid", 1);
    const QByteArray forgedPayload =
        QJsonDocument(forged).toJson(QJsonDocument::Compact).toBase64(tokenEncoding);
    SessionToken::Result result = SessionToken::verify(forgedPayload + signature, secret, at(1500));
    QCOMPARE(result.error, SessionToken::Error::BadSignature);
    QVERIFY(!result.claims);

    // Any single changed character of the payload.
    for (qsizetype i = 0; i < token.indexOf('.'); ++i) {
        QByteArray tampered = token;
        tampered[i] = tampered[i] == 'A' ? 'B' : 'A';
        result = SessionToken::verify(tampered, secret, at(1500));
        QCOMPARE(result.error, SessionToken::Error::BadSignature);
        QVERIFY(!result.claims);
    }
}

void TestSessionToken::tamperedSignature()
{
    const QByteArray token = signObject(validObject());
    const qsizetype dot = token.indexOf('.');
    // Every position, including the last character, whose low bits base64 does not use: the
    // signature is compared as text, so no second spelling of it is accepted.
    for (qsizetype i = dot + 1; i < token.size(); ++i) {
        for (char replacement : {'A', 'B', 'Q', 'g', 'w', '-'}) {
            if (token.at(i) == replacement)
                continue;
            QByteArray tampered = token;
            tampered[i] = replacement;
            const SessionToken::Result result = SessionToken::verify(tampered, secret, at(1500));
            QCOMPARE(result.error, SessionToken::Error::BadSignature);
            QCOMPARE(result.reason, QStringLiteral("bad signature"));
            QVERIFY(!result.claims);
        }
    }

    // Truncated or extended signatures.
    QCOMPARE(SessionToken::verify(token.chopped(1), secret, at(1500)).error,
             SessionToken::Error::BadSignature);
    QCOMPARE(SessionToken::verify(token + 'A', secret, at(1500)).error, SessionToken::Error::BadSignature);
}

void TestSessionToken::wrongSecret()
{
    const SessionClaims claims =
        SessionToken::makeClaims(1, QStringLiteral("eve"), {}, std::chrono::minutes(5));
    const QByteArray token = SessionToken::issue(claims, QByteArrayLiteral("other-cluster"));
    const SessionToken::Result result = SessionToken::verify(token, secret);
    QCOMPARE(result.error, SessionToken::Error::BadSignature);
    QVERIFY(!result.claims);
    QVERIFY(SessionToken::verify(token, QByteArrayLiteral("other-cluster")).isOk());
}

void TestSessionToken::expired()
{
    const QByteArray token = signObject(validObject()); // iat 1000, exp 2000

    QVERIFY(SessionToken::verify(token, secret, at(1999)).isOk());
    QVERIFY(SessionToken::verify(token, secret, at(1999).addMSecs(999)).isOk());

    for (const QDateTime &now : {at(2000), at(2001), at(1'000'000'000)}) {
        const SessionToken::Result result = SessionToken::verify(token, secret, now);
        QCOMPARE(result.error, SessionToken::Error::Expired);
        QCOMPARE(result.reason, QStringLiteral("token expired"));
        QVERIFY(!result.claims);
    }

    // A token issued by SessionToken itself with a lifetime that has already run out.
    const SessionClaims claims =
        SessionToken::makeClaims(1, QStringLiteral("x"), {}, std::chrono::seconds(60));
    const QByteArray issued = SessionToken::issue(claims, secret);
    QVERIFY(SessionToken::verify(issued, secret, claims.issuedAt.addSecs(59)).isOk());
    QCOMPARE(SessionToken::verify(issued, secret, claims.issuedAt.addSecs(60)).error,
             SessionToken::Error::Expired);
}

void TestSessionToken::emptySecret()
{
    const SessionClaims claims =
        SessionToken::makeClaims(1, QStringLiteral("x"), {}, std::chrono::seconds(60));
    QVERIFY(SessionToken::issue(claims, QByteArray()).isEmpty());

    const QByteArray signedWithEmptyKey = signRaw(QByteArrayLiteral("e30"), QByteArray());
    const SessionToken::Result result = SessionToken::verify(signedWithEmptyKey, QByteArray());
    QCOMPARE(result.error, SessionToken::Error::Malformed);
    QVERIFY(!result.claims);
    QCOMPARE(SessionToken::verify(SessionToken::issue(claims, secret), QByteArray()).error,
             SessionToken::Error::Malformed);
}

void TestSessionToken::invalidTimesAreNotIssued()
{
    SessionClaims claims = SessionToken::makeClaims(1, QStringLiteral("x"), {}, std::chrono::seconds(60));
    claims.expiresAt = QDateTime();
    QVERIFY(SessionToken::issue(claims, secret).isEmpty());
    claims = SessionToken::makeClaims(1, QStringLiteral("x"), {}, std::chrono::seconds(60));
    claims.issuedAt = QDateTime();
    QVERIFY(SessionToken::issue(claims, secret).isEmpty());
}

void TestSessionToken::malformed_data()
{
    QTest::addColumn<QByteArray>("token");

    const QByteArray valid = signObject(validObject());
    const QByteArray payload = valid.left(valid.indexOf('.'));
    const QByteArray signature = valid.mid(valid.indexOf('.') + 1);

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("no dot") << payload + signature;
    QTest::newRow("only a dot") << QByteArrayLiteral(".");
    QTest::newRow("empty payload") << "." + signature;
    QTest::newRow("empty signature") << payload + ".";
    QTest::newRow("two dots") << valid + ".";
    QTest::newRow("two dots inside") << payload + "." + signature.left(10) + "." + signature.mid(10);
    QTest::newRow("whitespace") << " " + valid;
    QTest::newRow("standard base64 alphabet") << payload + "+/." + signature;
    QTest::newRow("padded payload") << payload + "==." + signature;
    QTest::newRow("bad base64 signature") << payload + ".!!!!" + signature.mid(4);
    QTest::newRow("padded signature") << valid + "=";
    // From here on the signature is valid, so only the checks after it can refuse the token.
    QTest::newRow("impossible base64 length") << signRaw("A");
    QTest::newRow("non-JSON payload") << signJson("hello, world");
    QTest::newRow("truncated JSON") << signJson(R"({"uid":7,"name":"bob")");
    QTest::newRow("JSON array") << signJson("[1,2,3]");
    QTest::newRow("JSON string") << signJson(R"("admin")");
    QTest::newRow("empty object") << signJson("{}");

    for (const char *field : {"uid", "name", "roles", "iat", "exp"}) {
        QJsonObject object = validObject();
        object.remove(QLatin1String(field));
        QTest::addRow("missing %s", field) << signObject(object);
    }

    const auto withField = [](const char *key, const QJsonValue &value) {
        QJsonObject object = validObject();
        object.insert(QLatin1String(key), value);
        return signObject(object);
    };
    QTest::newRow("uid as string") << withField("uid", "7");
    QTest::newRow("uid fractional") << withField("uid", 7.5);
    QTest::newRow("uid null") << withField("uid", QJsonValue::Null);
    QTest::newRow("uid beyond qint64")
        << signJson(R"({"exp":2000,"iat":1000,"name":"bob","roles":[],"uid":1e30})");
    QTest::newRow("name as number") << withField("name", 7);
    QTest::newRow("name as array") << withField("name", QJsonArray{"bob"});
    QTest::newRow("roles as string") << withField("roles", "admin");
    QTest::newRow("roles with a number") << withField("roles", QJsonArray{"admin", 1});
    QTest::newRow("roles with an object") << withField("roles", QJsonArray{QJsonObject{}});
    QTest::newRow("iat as string") << withField("iat", "1000");
    QTest::newRow("exp as string") << withField("exp", "2000");
    QTest::newRow("exp as bool") << withField("exp", true);
    QTest::newRow("exp fractional") << withField("exp", 2000.5);
    QTest::newRow("exp out of range")
        << signJson(R"({"exp":1e300,"iat":1000,"name":"bob","roles":[],"uid":7})");
}

void TestSessionToken::malformed()
{
    QFETCH(QByteArray, token);
    const SessionToken::Result result = SessionToken::verify(token, secret, at(1500));
    QCOMPARE(result.error, SessionToken::Error::Malformed);
    QCOMPARE(result.reason, QStringLiteral("malformed token"));
    QVERIFY(!result.claims);
    QVERIFY(!result.isOk());
}

void TestSessionToken::unknownFieldsAreIgnored()
{
    QJsonObject object = validObject();
    object.insert("zone", "harbour");
    const SessionToken::Result result = SessionToken::verify(signObject(object), secret, at(1500));
    QVERIFY(result.isOk());
    QCOMPARE(result.claims->userId, 7);
    QCOMPARE(result.claims->userName, QStringLiteral("bob"));
}

void TestSessionToken::roles()
{
    SessionClaims none;
    QVERIFY(!none.hasRole(QStringLiteral("admin")));

    const SessionClaims claims = SessionToken::makeClaims(
        3, QStringLiteral("physics"), {QStringLiteral("service"), QStringLiteral("admin")},
        std::chrono::minutes(1));
    QVERIFY(claims.hasRole(QStringLiteral("service")));
    QVERIFY(claims.hasRole(QStringLiteral("admin")));
    QVERIFY(!claims.hasRole(QStringLiteral("Admin"))); // roles are exact names
    QVERIFY(!claims.hasRole(QStringLiteral("adm")));
    QVERIFY(!claims.hasRole(QString()));

    const SessionToken::Result result = SessionToken::verify(SessionToken::issue(claims, secret), secret);
    QVERIFY(result.isOk());
    QVERIFY(result.claims->hasRole(QStringLiteral("service")));
    QVERIFY(result.claims->hasRole(QStringLiteral("admin")));
    QVERIFY(!result.claims->hasRole(QStringLiteral("player")));

    const SessionClaims player =
        SessionToken::makeClaims(4, QStringLiteral("p"), {}, std::chrono::minutes(1));
    const SessionToken::Result playerResult =
        SessionToken::verify(SessionToken::issue(player, secret), secret);
    QVERIFY(playerResult.isOk());
    QVERIFY(playerResult.claims->roles.isEmpty());
    QVERIFY(!playerResult.claims->hasRole(QStringLiteral("admin")));
}

void TestSessionToken::oversizedToken()
{
    // Grow the name until the token is exactly at the limit: that one is accepted, one more is not.
    SessionClaims claims;
    claims.userId = 1;
    claims.issuedAt = at(1000);
    claims.expiresAt = at(2000);
    QByteArray atLimit;
    for (int length = 2900; length < 3100 && atLimit.isEmpty(); ++length) {
        claims.userName = QString(length, QLatin1Char('n'));
        const QByteArray token = SessionToken::issue(claims, secret);
        if (token.size() == SessionToken::maxTokenSize)
            atLimit = token;
    }
    QCOMPARE(atLimit.size(), SessionToken::maxTokenSize);
    QVERIFY(SessionToken::verify(atLimit, secret, at(1500)).isOk());

    claims.userName += QLatin1Char('n');
    const QByteArray oversized = SessionToken::issue(claims, secret);
    QVERIFY(oversized.size() > SessionToken::maxTokenSize);
    const SessionToken::Result result = SessionToken::verify(oversized, secret, at(1500));
    QCOMPARE(result.error, SessionToken::Error::Malformed);
    QVERIFY(!result.claims);

    QCOMPARE(SessionToken::verify(QByteArray(1 << 20, 'A') + "." + QByteArray(43, 'A'), secret).error,
             SessionToken::Error::Malformed);
}

void TestSessionToken::reasons()
{
    QCOMPARE(SessionToken::reasonFor(SessionToken::Error::Ok), QString());
    QCOMPARE(SessionToken::reasonFor(SessionToken::Error::Malformed), QStringLiteral("malformed token"));
    QCOMPARE(SessionToken::reasonFor(SessionToken::Error::BadSignature), QStringLiteral("bad signature"));
    QCOMPARE(SessionToken::reasonFor(SessionToken::Error::Expired), QStringLiteral("token expired"));
}

QTEST_APPLESS_MAIN(TestSessionToken)
#include "tst_sessiontoken.moc"
