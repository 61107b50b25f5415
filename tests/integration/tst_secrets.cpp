// SPDX-License-Identifier: AGPL-3.0-or-later
// Secrets and the logs: a whole cluster (auth, char, master, and the zone, ScriptServer and
// PhysicsServer the master starts) runs with every simplemmo debug category on while a player
// registers, logs in (token by JSON and by cookie), creates a character, plays, chats, tells and
// logs out; then no log holds the password, the cluster secret, the session token or its
// signature. And the cluster secret itself: generated (random, mode 0600, shared through the
// data directory) when none is given, refused when one given is short.
#include "HttpTestClient.h"
#include "TestCluster.h"
#include "ZoneRecorder.h"

#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QtTest>

using namespace smmo::test;

namespace {

constexpr int waitMs = 60000;
const QString password = QStringLiteral("Tr0ub4dor-and-3-horses");

MessagePredicate ofType(const QString &type)
{
    return [type](const QJsonObject &m) { return m.value(QStringLiteral("type")).toString() == type; };
}

} // namespace

class TestSecrets : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // Inherited by every server started here and by the zones the master starts.
        qputenv("QT_LOGGING_RULES", "simplemmo.*=true");
    }

    void secretsNeverReachTheLogs()
    {
        TestCluster cluster("logs-must-not-show-this-secret-0123456789");
        QVERIFY2(cluster.start(), qPrintable(cluster.why()));
        const QByteArray token =
            cluster.player(QStringLiteral("secretive"), password, {QStringLiteral("Hush")});
        QVERIFY(!token.isEmpty());

        // The classic way too: the token as the `user` cookie the login sets.
        HttpTestClient classic(cluster.auth().url());
        QUrlQuery credentials;
        credentials.addQueryItem(QStringLiteral("username"), QStringLiteral("secretive"));
        credentials.addQueryItem(QStringLiteral("password"), password);
        QCOMPARE(classic.postForm(QStringLiteral("/login"), credentials).status, 200);
        QCOMPARE(classic.get(QStringLiteral("/characters")).status, 200);
        classic.setExtraHeader("Cookie", "user=" + token);
        QCOMPARE(classic.get(QStringLiteral("/whoami")).status, 200);
        QCOMPARE(classic
                     .postForm(QStringLiteral("/login"),
                               QUrlQuery(QStringLiteral("username=secretive&password=wrong")))
                     .status,
                 401);

        HttpTestClient master(cluster.master().url());
        master.setBearer(token);
        const auto zoneUrl = master.get(QStringLiteral("/public-GhibliHills-secrets"));
        QCOMPARE(zoneUrl.status, 200);
        HttpTestClient zone{QUrl(QString::fromUtf8(zoneUrl.body))};
        zone.setBearer(token);
        QCOMPARE(zone.postJson("/setstatus", {{"character", "Hush"}, {"status", "online"}}).status, 200);
        QCOMPARE(zone.postJson("/movement", {{"character", "Hush"}, {"x", 1}}).status, 200);
        QCOMPARE(zone.postJson("/say", {{"character", "Hush"}, {"text", "hello"}}).status, 200);
        QCOMPARE(
            zone.postJson("/tell", {{"character", "Hush"}, {"to", "Hush"}, {"text", "note to self"}}).status,
            200);
        QCOMPARE(master.postJson("/chat/global", {{"character", "Hush"}, {"text", "hi all"}}).status, 200);
        ZoneRecorder stream;
        stream.client->open(
            QUrl(QString::fromUtf8(zoneUrl.body) + QStringLiteral("?token=") + QString::fromLatin1(token)),
            {});
        stream.client->join(QStringLiteral("Hush"));
        QTRY_VERIFY_WITH_TIMEOUT(stream.has(ofType(QStringLiteral("joined"))), waitMs);
        stream.client->say(QStringLiteral("over the stream"));
        QTRY_VERIFY_WITH_TIMEOUT(stream.has(ofType(QStringLiteral("chat"))), waitMs);
        stream.client->close();
        HttpTestClient auth(cluster.auth().url());
        auth.setBearer(token);
        QCOMPARE(auth.get(QStringLiteral("/logout")).status, 200);

        HttpTestClient admin(cluster.master().url());
        admin.setBearer(cluster.tokenWithRoles(QStringLiteral("boss"), {QStringLiteral("admin")}));
        QCOMPARE(admin.request("POST", QStringLiteral("/zones/public-GhibliHills-secrets/stop")).status, 200);
        QCOMPARE(cluster.stop(), QStringList());

        // Everything the servers wrote: their own output and the logs of what the master started.
        QHash<QString, QByteArray> logs{
            {QStringLiteral("authserver"), cluster.auth().output().toUtf8()},
            {QStringLiteral("charserver"), cluster.chars().output().toUtf8()},
            {QStringLiteral("masterzoneserver"), cluster.master().output().toUtf8()}};
        QDirIterator files(cluster.dataDir(), {QStringLiteral("*.log")}, QDir::Files,
                           QDirIterator::Subdirectories);
        while (files.hasNext()) {
            QFile file(files.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            logs.insert(QFileInfo(file).fileName(), file.readAll());
        }
        QVERIFY2(logs.size() >= 6,
                 qPrintable(QStringList(logs.keys()).join(QLatin1Char(' ')))); // + zone, script, physics
        // The debug lines are there (so this looked at real logs) ...
        QVERIFY(logs.value(QStringLiteral("authserver")).contains("POST /login 200"));
        QVERIFY(logs.value(QStringLiteral("zone-public-GhibliHills-secrets.log")).contains("POST /say 200"));
        // ... and none of the secrets.
        const QByteArray signature = token.mid(token.indexOf('.') + 1);
        const QList<QPair<const char *, QByteArray>> secrets = {
            {"password", password.toUtf8()},
            {"cluster secret", cluster.secret()},
            {"session token", token},
            {"token signature", signature},
            {"percent-encoded password", QUrl::toPercentEncoding(password)}};
        QStringList leaks;
        for (auto it = logs.cbegin(); it != logs.cend(); ++it)
            for (const auto &[what, secret] : secrets)
                if (it.value().contains(secret))
                    leaks << QStringLiteral("%1 in %2").arg(QLatin1String(what), it.key());
        QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(QLatin1Char('\n'))));
    }

    void secretIsGeneratedWhenNoneIsGiven()
    {
        QTemporaryDir data;
        const QStringList args{QStringLiteral("--port=0"), QStringLiteral("--data-dir"), data.path()};
        ServerProcess auth(binaryPath(QStringLiteral("simplemmo-authserver")),
                           args + QStringList{QStringLiteral("--hash-iterations=1000")});
        QVERIFY2(auth.start(), qPrintable(auth.output()));
        QFile file(QDir(data.path()).filePath(QStringLiteral("cluster.secret")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray secret = file.readAll().trimmed();
        QCOMPARE(secret.size(), 64); // 32 random bytes, in hex
        QCOMPARE(file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther |
                                       QFileDevice::WriteGroup | QFileDevice::WriteOther),
                 QFileDevice::Permissions{});
        // Another server on the same data directory shares it: it accepts the AuthServer's tokens.
        ServerProcess chars(binaryPath(QStringLiteral("simplemmo-charserver")), args);
        QVERIFY2(chars.start(), qPrintable(chars.output()));
        HttpTestClient client(auth.url());
        QCOMPARE(client.postJson("/register", {{"username", "generated"}, {"password", password}}).status,
                 200);
        const QByteArray token =
            client.postJson("/login", {{"username", "generated"}, {"password", password}, {"format", "json"}})
                .json()
                .object()
                .value("token")
                .toString()
                .toUtf8();
        HttpTestClient other(chars.url());
        other.setBearer(token);
        QCOMPARE(other.get(QStringLiteral("/characters")).status, 200);
        QCOMPARE(auth.stop(), 0);
        QCOMPARE(chars.stop(), 0);
        QVERIFY(!auth.output().contains(QString::fromLatin1(secret)));
        // A new data directory, a new secret: there is no built-in default.
        QTemporaryDir otherData;
        ServerProcess third(binaryPath(QStringLiteral("simplemmo-charserver")),
                            {QStringLiteral("--port=0"), QStringLiteral("--data-dir"), otherData.path()});
        QVERIFY(third.start());
        QFile otherFile(QDir(otherData.path()).filePath(QStringLiteral("cluster.secret")));
        QVERIFY(otherFile.open(QIODevice::ReadOnly));
        QVERIFY(otherFile.readAll().trimmed() != secret);
        QCOMPARE(third.stop(), 0);
    }

    void weakSecretIsRefused_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("environment");
        QTest::addColumn<QByteArray>("file");
        QTest::newRow("inline") << QStringList{QStringLiteral("--secret=changeme")} << QByteArray()
                                << QByteArray();
        QTest::newRow("environment") << QStringList() << QByteArray("secret") << QByteArray();
        QTest::newRow("file") << QStringList() << QByteArray() << QByteArray("short\n");
        QTest::newRow("empty file") << QStringList() << QByteArray() << QByteArray("\n");
    }
    void weakSecretIsRefused()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, environment);
        QFETCH(QByteArray, file);
        QTemporaryDir data;
        if (!file.isNull()) {
            QFile secretFile(QDir(data.path()).filePath(QStringLiteral("weak.secret")));
            QVERIFY(secretFile.open(QIODevice::WriteOnly));
            secretFile.write(file);
            arguments << QStringLiteral("--secret-file") << secretFile.fileName();
        }
        QProcess server;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        if (!environment.isNull())
            env.insert(QStringLiteral("SIMPLEMMO_SECRET"), QString::fromLatin1(environment));
        server.setProcessEnvironment(env);
        server.start(binaryPath(QStringLiteral("simplemmo-charserver")),
                     QStringList{QStringLiteral("--port=0"), QStringLiteral("--data-dir"), data.path()} +
                         arguments);
        QVERIFY(server.waitForFinished(waitMs));
        QCOMPARE(server.exitStatus(), QProcess::NormalExit);
        QVERIFY(server.exitCode() != 0);
        const QByteArray error = server.readAllStandardError();
        QVERIFY2(error.contains("shorter than 16"), error.constData());
        QVERIFY(!QFile::exists(
            QDir(data.path()).filePath(QStringLiteral("cluster.secret")))); // nothing generated instead
    }
};

QTEST_GUILESS_MAIN(TestSecrets)
#include "tst_secrets.moc"
