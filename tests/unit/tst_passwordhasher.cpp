// SPDX-License-Identifier: AGPL-3.0-or-later
#include "PasswordHasher.h"

#include <QFuture>
#include <QTest>
#include <QThread>

#include <optional>

using smmo::PasswordHasher;

namespace {

// Small counts keep the suite fast; the cost itself is not what these tests are about.
constexpr int fastIterations = 1000;

QString encodeByHand(const QByteArray &iterations, const QByteArray &salt, const QByteArray &key)
{
    return QString::fromLatin1("pbkdf2-sha256$" + iterations + "$" + salt.toBase64() + "$" + key.toBase64());
}

// PBKDF2-HMAC-SHA256("password", "salt", 1 iteration, 32 bytes), also checked with Python's hashlib.
const QByteArray knownKey =
    QByteArray::fromHex("120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b");

QString knownEncoded()
{
    return encodeByHand("1", "salt", knownKey);
}

} // namespace

class TestPasswordHasher : public QObject
{
    Q_OBJECT

private slots:
    void verifyRightAndWrong();
    void saltMakesHashesDiffer();
    void format();
    void hashRejectsBadIterations();
    void knownAnswer_data();
    void knownAnswer();
    void malformed_data();
    void malformed();
    void needsRehash();
    void asyncGivesSameAnswers();
    void asyncContinuesOnContextThread();
};

void TestPasswordHasher::verifyRightAndWrong()
{
    const QString encoded = PasswordHasher::hash(QStringLiteral("correct horse"), fastIterations);
    QVERIFY(PasswordHasher::verify(QStringLiteral("correct horse"), encoded));
    QVERIFY(!PasswordHasher::verify(QStringLiteral("correct hors"), encoded));
    QVERIFY(!PasswordHasher::verify(QStringLiteral("Correct horse"), encoded));
    QVERIFY(!PasswordHasher::verify(QStringLiteral("correct horse "), encoded));
    QVERIFY(!PasswordHasher::verify(QString(), encoded));

    const QString empty = PasswordHasher::hash(QString(), fastIterations);
    QVERIFY(PasswordHasher::verify(QString(), empty));
    QVERIFY(!PasswordHasher::verify(QStringLiteral(" "), empty));

    const QString unicode = QStringLiteral("pässwörd🔑");
    const QString unicodeEncoded = PasswordHasher::hash(unicode, fastIterations);
    QVERIFY(PasswordHasher::verify(unicode, unicodeEncoded));
    QVERIFY(!PasswordHasher::verify(QStringLiteral("passwordd🔑"), unicodeEncoded));
}

void TestPasswordHasher::saltMakesHashesDiffer()
{
    const QString first = PasswordHasher::hash(QStringLiteral("same"), fastIterations);
    const QString second = PasswordHasher::hash(QStringLiteral("same"), fastIterations);
    QVERIFY(first != second);
    QVERIFY(first.section(QLatin1Char('$'), 2, 2) != second.section(QLatin1Char('$'), 2, 2));
    QVERIFY(PasswordHasher::verify(QStringLiteral("same"), first));
    QVERIFY(PasswordHasher::verify(QStringLiteral("same"), second));
}

void TestPasswordHasher::format()
{
    const QString encoded = PasswordHasher::hash(QStringLiteral("pw"), 1234);
    const QStringList parts = encoded.split(QLatin1Char('$'));
    QCOMPARE(parts.size(), 4);
    QCOMPARE(parts.at(0), QStringLiteral("pbkdf2-sha256"));
    QCOMPARE(parts.at(1), QStringLiteral("1234"));

    const auto salt =
        QByteArray::fromBase64Encoding(parts.at(2).toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    const auto key =
        QByteArray::fromBase64Encoding(parts.at(3).toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    QVERIFY(salt);
    QVERIFY(key);
    QCOMPARE(salt.decoded.size(), PasswordHasher::saltLength);
    QCOMPARE(key.decoded.size(), PasswordHasher::keyLength);

    QCOMPARE(PasswordHasher::defaultIterations, 600000);
    const QString defaultCost = PasswordHasher::hash(QStringLiteral("pw"));
    QCOMPARE(defaultCost.section(QLatin1Char('$'), 1, 1), QStringLiteral("600000"));
}

void TestPasswordHasher::hashRejectsBadIterations()
{
    QVERIFY(PasswordHasher::hash(QStringLiteral("pw"), 0).isEmpty());
    QVERIFY(PasswordHasher::hash(QStringLiteral("pw"), -5).isEmpty());
    QVERIFY(PasswordHasher::hash(QStringLiteral("pw"), PasswordHasher::maxIterations + 1).isEmpty());
    QVERIFY(!PasswordHasher::hash(QStringLiteral("pw"), PasswordHasher::minIterations).isEmpty());
}

void TestPasswordHasher::knownAnswer_data()
{
    QTest::addColumn<QString>("password");
    QTest::addColumn<QByteArray>("salt");
    QTest::addColumn<QByteArray>("iterations");
    QTest::addColumn<QByteArray>("keyHex");

    // The widely published PBKDF2-HMAC-SHA256 vectors in the style of RFC 6070.
    QTest::newRow("password/salt/1") << QStringLiteral("password") << QByteArray("salt") << QByteArray("1")
                                     << knownKey.toHex();
    QTest::newRow("password/salt/2")
        << QStringLiteral("password") << QByteArray("salt") << QByteArray("2")
        << QByteArray("ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43");
    QTest::newRow("password/salt/4096")
        << QStringLiteral("password") << QByteArray("salt") << QByteArray("4096")
        << QByteArray("c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a");
    // RFC 7914 section 11 (dkLen 64): PBKDF2's first block does not depend on dkLen, so its first
    // 32 bytes are the 32-byte answer.
    QTest::newRow("RFC 7914 passwd/salt/1")
        << QStringLiteral("passwd") << QByteArray("salt") << QByteArray("1")
        << QByteArray("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc");
    // Pins the password encoding to UTF-8 (value from Python's hashlib).
    QTest::newRow("UTF-8 password")
        << QStringLiteral("pässwörd🔑") << QByteArray("salt") << QByteArray("1")
        << QByteArray("1c2a5162d96636c46c501a6412a7398ae7f5e219c9649b3c5477e1f8e40a73db");
}

void TestPasswordHasher::knownAnswer()
{
    QFETCH(QString, password);
    QFETCH(QByteArray, salt);
    QFETCH(QByteArray, iterations);
    QFETCH(QByteArray, keyHex);

    const QString encoded = encodeByHand(iterations, salt, QByteArray::fromHex(keyHex));
    QVERIFY(PasswordHasher::verify(password, encoded));
    QVERIFY(!PasswordHasher::verify(password + QLatin1Char('x'), encoded));

    QByteArray wrongKey = QByteArray::fromHex(keyHex);
    wrongKey[31] = char(wrongKey.at(31) ^ 1);
    QVERIFY(!PasswordHasher::verify(password, encodeByHand(iterations, salt, wrongKey)));
}

void TestPasswordHasher::malformed_data()
{
    QTest::addColumn<QString>("encoded");

    // Built from the known answer, so each row would verify "password" but for its one defect.
    const QByteArray salt = QByteArray("salt").toBase64();
    const QByteArray key = knownKey.toBase64();
    const auto row = [](const char *name, const QByteArray &encoded) {
        QTest::newRow(name) << QString::fromLatin1(encoded);
    };

    QVERIFY(PasswordHasher::verify(QStringLiteral("password"), knownEncoded()));
    row("empty", QByteArray());
    row("only the scheme", "pbkdf2-sha256");
    row("missing key", "pbkdf2-sha256$1$" + salt);
    row("missing key, trailing $", "pbkdf2-sha256$1$" + salt + "$");
    row("extra field", "pbkdf2-sha256$1$" + salt + "$" + key + "$");
    row("wrong scheme", "pbkdf2-sha1$1$" + salt + "$" + key);
    row("upper-case scheme", "PBKDF2-SHA256$1$" + salt + "$" + key);
    row("no scheme", "$1$" + salt + "$" + key);
    row("bcrypt", "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW");
    row("non-numeric iterations", "pbkdf2-sha256$one$" + salt + "$" + key);
    row("empty iterations", "pbkdf2-sha256$$" + salt + "$" + key);
    row("signed iterations", "pbkdf2-sha256$+1$" + salt + "$" + key);
    row("spaced iterations", "pbkdf2-sha256$ 1$" + salt + "$" + key);
    row("fractional iterations", "pbkdf2-sha256$1.0$" + salt + "$" + key);
    row("hex iterations", "pbkdf2-sha256$0x1$" + salt + "$" + key);
    row("zero iterations", "pbkdf2-sha256$0$" + salt + "$" + key);
    row("negative iterations", "pbkdf2-sha256$-1$" + salt + "$" + key);
    row("iterations over the cap", "pbkdf2-sha256$10000001$" + salt + "$" + key);
    row("iterations overflowing int", "pbkdf2-sha256$99999999999999999999$" + salt + "$" + key);
    row("bad base64 salt", "pbkdf2-sha256$1$c2F@dA==$" + key);
    row("empty salt", "pbkdf2-sha256$1$$" + key);
    row("bad base64 key", "pbkdf2-sha256$1$" + salt + "$" + key.left(8) + "*" + key.mid(9));
    row("empty key", "pbkdf2-sha256$1$" + salt + "$");
    row("key of 31 bytes", "pbkdf2-sha256$1$" + salt + "$" + knownKey.left(31).toBase64());
    row("key of 33 bytes", "pbkdf2-sha256$1$" + salt + "$" + (knownKey + 'x').toBase64());
    row("huge salt", "pbkdf2-sha256$1$" + QByteArray(4096, 'x').toBase64() + "$" + key);
}

void TestPasswordHasher::malformed()
{
    QFETCH(QString, encoded);
    QVERIFY(!PasswordHasher::verify(QStringLiteral("password"), encoded));
    QVERIFY(PasswordHasher::needsRehash(encoded, 1));
}

void TestPasswordHasher::needsRehash()
{
    const QString encoded = PasswordHasher::hash(QStringLiteral("pw"), fastIterations);
    QVERIFY(!PasswordHasher::needsRehash(encoded, fastIterations));
    QVERIFY(!PasswordHasher::needsRehash(encoded, fastIterations - 1));
    QVERIFY(PasswordHasher::needsRehash(encoded, fastIterations + 1));
    QVERIFY(PasswordHasher::needsRehash(encoded, PasswordHasher::defaultIterations));
    QVERIFY(PasswordHasher::needsRehash(encoded));

    // Rehashing at the higher cost ends the need, and the new hash still verifies.
    const QString raised = PasswordHasher::hash(QStringLiteral("pw"), fastIterations * 2);
    QVERIFY(!PasswordHasher::needsRehash(raised, fastIterations * 2));
    QVERIFY(PasswordHasher::verify(QStringLiteral("pw"), raised));

    // A 4-byte salt verifies but is weaker than what hash() makes.
    QVERIFY(PasswordHasher::verify(QStringLiteral("password"), knownEncoded()));
    QVERIFY(PasswordHasher::needsRehash(knownEncoded(), 1));

    QVERIFY(PasswordHasher::needsRehash(QString(), 1));
    QVERIFY(PasswordHasher::needsRehash(QStringLiteral("plaintext"), 1));
}

void TestPasswordHasher::asyncGivesSameAnswers()
{
    QFuture<QString> hashed = PasswordHasher::hashAsync(QStringLiteral("async pw"), fastIterations);
    const QString encoded = hashed.result(); // blocks until the pool has run it
    QVERIFY(PasswordHasher::verify(QStringLiteral("async pw"), encoded));
    QCOMPARE(encoded.section(QLatin1Char('$'), 1, 1), QString::number(fastIterations));
    QVERIFY(PasswordHasher::hashAsync(QStringLiteral("async pw"), 0).result().isEmpty());

    QCOMPARE(PasswordHasher::verifyAsync(QStringLiteral("async pw"), encoded).result(), true);
    QCOMPARE(PasswordHasher::verifyAsync(QStringLiteral("wrong"), encoded).result(), false);
    QCOMPARE(PasswordHasher::verifyAsync(QStringLiteral("password"), knownEncoded()).result(), true);
    QCOMPARE(PasswordHasher::verifyAsync(QStringLiteral("password"), QStringLiteral("garbage")).result(),
             false);

    // Many at once, as a busy AuthServer would issue them.
    QList<QFuture<bool>> futures;
    for (int i = 0; i < 8; ++i)
        futures.append(
            PasswordHasher::verifyAsync(i % 2 ? QStringLiteral("async pw") : QStringLiteral("no"), encoded));
    for (int i = 0; i < futures.size(); ++i)
        QCOMPARE(futures[i].result(), i % 2 == 1);
}

void TestPasswordHasher::asyncContinuesOnContextThread()
{
    // The pattern the header documents: hash on the pool, continue on the caller's thread.
    QThread *continuationThread = nullptr;
    std::optional<bool> answer;
    PasswordHasher::verifyAsync(QStringLiteral("password"), knownEncoded()).then(this, [&](bool ok) {
        continuationThread = QThread::currentThread();
        answer = ok;
    });
    QTRY_VERIFY(answer.has_value()); // spins the event loop that delivers the continuation
    QCOMPARE(*answer, true);
    QCOMPARE(continuationThread, QThread::currentThread());
}

QTEST_GUILESS_MAIN(TestPasswordHasher)
#include "tst_passwordhasher.moc"
