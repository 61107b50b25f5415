// SPDX-License-Identifier: AGPL-3.0-or-later
// AuthServer and CharServer as real processes on one database: the classic client flow, the
// extensions, and every protected endpoint against missing, forged, expired and wrong tokens.
#include "HttpTestClient.h"
#include "ServerProcess.h"
#include "SessionToken.h"
#include "TestDatabase.h"

#include <QNetworkCookie>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace smmo;
using namespace smmo::test;

class TestAuthCharServer : public QObject
{
    Q_OBJECT

    const QByteArray m_secret = "integration-test-secret-0123456789";
    QTemporaryDir m_data;
    QString m_database;
    std::unique_ptr<ServerProcess> m_auth;
    std::unique_ptr<ServerProcess> m_char;

    QStringList commonArgs() const
    {
        return {QStringLiteral("--port=0"), QStringLiteral("--data-dir"), m_data.path(), QStringLiteral("--database"),
                m_database, QStringLiteral("--secret"), QString::fromLatin1(m_secret)};
    }
    QByteArray token(const QString &name, qint64 id, const QStringList &roles = {}) const
    {
        return SessionToken::issue(SessionToken::makeClaims(id, name, roles, std::chrono::hours(1)), m_secret);
    }
    static QUrlQuery form(std::initializer_list<std::pair<QString, QString>> items)
    {
        QUrlQuery q;
        for (const auto &[k, v] : items)
            q.addQueryItem(k, v);
        return q;
    }
    // A client logged in as `name` (registered first), with cookies for both servers.
    std::unique_ptr<HttpTestClient> player(const QString &name)
    {
        auto client = std::make_unique<HttpTestClient>(m_auth->url());
        const auto reg = client->postForm(QStringLiteral("/register"),
                                          form({{QStringLiteral("username"), name}, {QStringLiteral("password"), "pw-" + name}}));
        if (reg.status != 200 && reg.status != 409)
            qWarning() << "register" << name << reg.status << reg.body;
        const auto login = client->postForm(QStringLiteral("/login"),
                                            form({{QStringLiteral("username"), name}, {QStringLiteral("password"), "pw-" + name}}));
        if (login.status != 200)
            qWarning() << "login" << name << login.status << login.body;
        return client;
    }

private slots:
    void initTestCase()
    {
        m_database = databaseUrlForTest();
        qInfo("backend %s", qPrintable(backendName()));
        const QStringList auth = commonArgs() << QStringLiteral("--hash-iterations=1000")
                                              << QStringLiteral("--login-max-failures=3")
                                              << QStringLiteral("--login-max-failures-per-address=20")
                                              << QStringLiteral("--admins=Boss");
        m_auth = std::make_unique<ServerProcess>(binaryPath(QStringLiteral("simplemmo-authserver")), auth);
        QVERIFY2(m_auth->start(), qPrintable(m_auth->output()));
        m_char = std::make_unique<ServerProcess>(binaryPath(QStringLiteral("simplemmo-charserver")), commonArgs());
        QVERIFY2(m_char->start(), qPrintable(m_char->output()));
    }

    void cleanupTestCase()
    {
        if (m_char)
            QCOMPARE(m_char->stop(), 0);
        if (m_auth)
            QCOMPARE(m_auth->stop(), 0);
    }

    void classicFlow()
    {
        HttpTestClient client(m_auth->url());
        auto r = client.postForm(QStringLiteral("/register"), form({{QStringLiteral("username"), QStringLiteral("groxnor_player")},
                                                                    {QStringLiteral("password"), QStringLiteral("s3cret")},
                                                                    {QStringLiteral("email"), QStringLiteral("g@example.org")}}));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray("Registration successful."));

        r = client.postForm(QStringLiteral("/login"), form({{QStringLiteral("username"), QStringLiteral("groxnor_player")},
                                                            {QStringLiteral("password"), QStringLiteral("s3cret")}}));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray("Login successful."));
        QVERIFY(r.header("Set-Cookie").contains("user="));

        r = client.get(QStringLiteral("/characters"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().array(), QJsonArray());

        // The same cookie works on the CharServer: one host, tokens verified locally.
        client.setBase(m_char->url());
        r = client.postForm(QStringLiteral("/new"), form({{QStringLiteral("character_name"), QStringLiteral("Groxnor")}}));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray("Groxnor"));

        r = client.get(QStringLiteral("/Groxnor/zone"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().object().value(QStringLiteral("zone")).toString(),
                 QStringLiteral("playerinstance-GhibliHills-Groxnor"));

        client.setBase(m_auth->url());
        r = client.get(QStringLiteral("/characters"));
        QCOMPARE(r.json().array(), QJsonArray{QStringLiteral("Groxnor")});

        // The full record: the owner sees owner and inventory.
        client.setBase(m_char->url());
        r = client.get(QStringLiteral("/groxnor")); // names are case-insensitive
        QCOMPARE(r.status, 200);
        const auto record = r.json().object();
        QCOMPARE(record.value(QStringLiteral("name")).toString(), QStringLiteral("Groxnor"));
        QCOMPARE(record.value(QStringLiteral("owner")).toString(), QStringLiteral("groxnor_player"));
        QCOMPARE(record.value(QStringLiteral("stats")).toObject().value(QStringLiteral("level")).toInt(), 1);
        QVERIFY(record.contains(QStringLiteral("inventory")));
        QCOMPARE(record.value(QStringLiteral("online")).toBool(), false);

        // Logout clears the cookie: the next protected call is refused.
        client.setBase(m_auth->url());
        QCOMPARE(client.get(QStringLiteral("/logout")).status, 200);
        r = client.get(QStringLiteral("/characters"));
        QCOMPARE(r.status, 401);
        QCOMPARE(r.errorCode(), QStringLiteral("unauthorized"));
    }

    void jsonLoginAndBearer()
    {
        player(QStringLiteral("jsonuser"));
        HttpTestClient client(m_auth->url());
        client.setExtraHeader("Accept", "application/json");
        auto r = client.postJson(QStringLiteral("/login"), {{QStringLiteral("username"), QStringLiteral("JSONUSER")},
                                                            {QStringLiteral("password"), QStringLiteral("pw-jsonuser")}});
        QCOMPARE(r.status, 200);
        const QByteArray token = r.json().object().value(QStringLiteral("token")).toString().toLatin1();
        QVERIFY(!token.isEmpty());
        QCOMPARE(r.json().object().value(QStringLiteral("user")).toString(), QStringLiteral("jsonuser"));

        HttpTestClient bearer(m_char->url());
        bearer.setBearer(token);
        r = bearer.postJson(QStringLiteral("/new"), {{QStringLiteral("character_name"), QStringLiteral("Jasonic")}});
        QCOMPARE(r.status, 200);
        bearer.setBase(m_auth->url());
        r = bearer.get(QStringLiteral("/whoami"));
        QCOMPARE(r.json().object().value(QStringLiteral("name")).toString(), QStringLiteral("jsonuser"));
    }

    void duplicates()
    {
        auto alice = player(QStringLiteral("alice"));
        HttpTestClient client(m_auth->url());
        for (const char *name : {"alice", "ALICE"}) {
            const auto r = client.postForm(QStringLiteral("/register"), form({{QStringLiteral("username"), QString::fromLatin1(name)},
                                                                              {QStringLiteral("password"), QStringLiteral("x")}}));
            QCOMPARE(r.status, 409);
            QCOMPARE(r.errorMessage(), QStringLiteral("User already exists."));
        }
        alice->setBase(m_char->url());
        QCOMPARE(alice->postForm(QStringLiteral("/new"), form({{QStringLiteral("character_name"), QStringLiteral("Twin")}})).status, 200);
        auto r = alice->postForm(QStringLiteral("/new"), form({{QStringLiteral("character_name"), QStringLiteral("twin")}}));
        QCOMPARE(r.status, 400);
        QCOMPARE(r.errorMessage(), QStringLiteral("Character already exists."));
        // Unique across the cluster, also for another user and through the AuthServer.
        auto bob = player(QStringLiteral("bob"));
        r = bob->postForm(QStringLiteral("/characters"), form({{QStringLiteral("character_name"), QStringLiteral("TWIN")}}));
        QCOMPARE(r.status, 400);
        QCOMPARE(r.errorMessage(), QStringLiteral("Character already exists."));
    }

    void badInputIsRefusedAndNothingWritten_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QUrlQuery>("fields");
        QTest::addColumn<QString>("message");
        QTest::newRow("no name") << "/register" << form({{QStringLiteral("password"), QStringLiteral("x")}})
                                 << "A user name is required.";
        QTest::newRow("no password") << "/register" << form({{QStringLiteral("username"), QStringLiteral("nopass")}})
                                     << "A password is required.";
        QTest::newRow("dash") << "/register" << form({{QStringLiteral("username"), QStringLiteral("a-b-c")}, {QStringLiteral("password"), QStringLiteral("x")}})
                              << "A user name must be 3 to 32 letters, digits or underscores.";
        QTest::newRow("short") << "/register" << form({{QStringLiteral("username"), QStringLiteral("ab")}, {QStringLiteral("password"), QStringLiteral("x")}})
                               << "A user name must be 3 to 32 letters, digits or underscores.";
        QTest::newRow("quote") << "/register" << form({{QStringLiteral("username"), QStringLiteral("x'; DROP TABLE accounts; --")}, {QStringLiteral("password"), QStringLiteral("x")}})
                               << "A user name must be 3 to 32 letters, digits or underscores.";
        QTest::newRow("email") << "/register" << form({{QStringLiteral("username"), QStringLiteral("bademail")}, {QStringLiteral("password"), QStringLiteral("x")}, {QStringLiteral("email"), QStringLiteral("no at sign")}})
                               << "That is not an email address.";
    }
    void badInputIsRefusedAndNothingWritten()
    {
        QFETCH(QString, path);
        QFETCH(QUrlQuery, fields);
        QFETCH(QString, message);
        HttpTestClient client(m_auth->url());
        const auto r = client.postForm(path, fields);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.errorCode(), QStringLiteral("bad_request"));
        QCOMPARE(r.errorMessage(), message);
        // Nothing was created: logging in with the name fails.
        const QString name = fields.queryItemValue(QStringLiteral("username"));
        if (!name.isEmpty())
            QCOMPARE(client.postForm(QStringLiteral("/login"), form({{QStringLiteral("username"), name}, {QStringLiteral("password"), QStringLiteral("x")}})).status, 401);
    }

    void badCharacterNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("dash") << "Grox-nor";
        QTest::newRow("reserved route") << "health";
        QTest::newRow("too long") << QString(33, QLatin1Char('x'));
        QTest::newRow("space") << "Grox nor";
        QTest::newRow("empty") << "";
    }
    void badCharacterNames()
    {
        QFETCH(QString, name);
        auto carol = player(QStringLiteral("carol"));
        carol->setBase(m_char->url());
        const auto r = carol->postForm(QStringLiteral("/new"), form({{QStringLiteral("character_name"), name}}));
        QCOMPARE(r.status, 400);
        QVERIFY(!r.errorMessage().isEmpty());
        carol->setBase(m_auth->url());
        QCOMPARE(carol->get(QStringLiteral("/characters")).json().array(), QJsonArray());
    }

    void wrongPasswordAndUnknownUserLookAlike()
    {
        player(QStringLiteral("dave"));
        HttpTestClient client(m_auth->url());
        const auto wrong = client.postForm(QStringLiteral("/login"), form({{QStringLiteral("username"), QStringLiteral("dave")}, {QStringLiteral("password"), QStringLiteral("nope")}}));
        const auto unknown = client.postForm(QStringLiteral("/login"), form({{QStringLiteral("username"), QStringLiteral("nobody_here")}, {QStringLiteral("password"), QStringLiteral("nope")}}));
        QCOMPARE(wrong.status, 401);
        QCOMPARE(unknown.status, 401);
        QCOMPARE(wrong.body, unknown.body);
        QCOMPARE(wrong.errorMessage(), QStringLiteral("Login failed."));
    }

    void protectedEndpoints_data()
    {
        QTest::addColumn<int>("server"); // 0 auth, 1 char
        QTest::addColumn<QByteArray>("verb");
        QTest::addColumn<QString>("path");
        QTest::newRow("auth GET /characters") << 0 << QByteArray("GET") << "/characters";
        QTest::newRow("auth POST /characters") << 0 << QByteArray("POST") << "/characters";
        QTest::newRow("auth GET /whoami") << 0 << QByteArray("GET") << "/whoami";
        QTest::newRow("char POST /new") << 1 << QByteArray("POST") << "/new";
        QTest::newRow("char GET /characters") << 1 << QByteArray("GET") << "/characters";
        QTest::newRow("char POST /<name>") << 1 << QByteArray("POST") << "/Groxnor";
    }
    void protectedEndpoints()
    {
        QFETCH(int, server);
        QFETCH(QByteArray, verb);
        QFETCH(QString, path);
        const QUrl base = server == 0 ? m_auth->url() : m_char->url();
        const QByteArray body = "character_name=Sneaky";

        auto expired = SessionToken::makeClaims(1, QStringLiteral("groxnor_player"), {QStringLiteral("admin")}, std::chrono::hours(1));
        expired.issuedAt = QDateTime::currentDateTimeUtc().addSecs(-7200);
        expired.expiresAt = QDateTime::currentDateTimeUtc().addSecs(-3600);
        const QList<QPair<QByteArray, QString>> cases = {
            {QByteArray(), QStringLiteral("no token")},
            {SessionToken::issue(SessionToken::makeClaims(1, QStringLiteral("groxnor_player"), {QStringLiteral("admin")}, std::chrono::hours(1)),
                                 "a-forged-secret-that-is-long-enough"), QStringLiteral("signature")},
            {SessionToken::issue(expired, m_secret), QStringLiteral("expired")},
            {"garbage-without-a-dot", QStringLiteral("malformed")},
        };
        for (const auto &[token, reason] : cases) {
            HttpTestClient client(base);
            if (!token.isEmpty())
                client.setBearer(token);
            const auto r = client.request(verb, path, verb == "POST" ? body : QByteArray(), "application/x-www-form-urlencoded");
            QCOMPARE(r.status, 401);
            QCOMPARE(r.errorCode(), QStringLiteral("unauthorized"));
            if (!token.isEmpty())
                QVERIFY2(r.errorMessage().contains(reason, Qt::CaseInsensitive), qPrintable(r.errorMessage()));
        }
    }

    void updatesOnlyFromZonesAndAdmins()
    {
        auto erin = player(QStringLiteral("erin"));
        erin->setBase(m_char->url());
        QCOMPARE(erin->postForm(QStringLiteral("/new"), form({{QStringLiteral("character_name"), QStringLiteral("Erinor")}})).status, 200);

        const QJsonObject change{{QStringLiteral("zone"), QStringLiteral("public-AdventureDungeon-world")},
                                 {QStringLiteral("loc_x"), 12.5}, {QStringLiteral("loc_y"), -3},
                                 {QStringLiteral("stats"), QJsonObject{{QStringLiteral("health"), 80}}},
                                 {QStringLiteral("inventory"), QJsonObject{{QStringLiteral("egg"), 3}}},
                                 {QStringLiteral("online"), true}};
        // The owner is a player, not a zone: 403.
        auto r = erin->postJson(QStringLiteral("/Erinor"), change);
        QCOMPARE(r.status, 403);
        QCOMPARE(r.errorCode(), QStringLiteral("forbidden"));

        HttpTestClient zone(m_char->url());
        zone.setBearer(token(QStringLiteral("zone:test"), 0, {QStringLiteral("service")}));
        r = zone.postJson(QStringLiteral("/Erinor"), change);
        QCOMPARE(r.status, 200);
        auto record = r.json().object();
        QCOMPARE(record.value(QStringLiteral("zone")).toString(), QStringLiteral("public-AdventureDungeon-world"));
        QCOMPARE(record.value(QStringLiteral("loc_x")).toDouble(), 12.5);
        QCOMPARE(record.value(QStringLiteral("stats")).toObject().value(QStringLiteral("health")).toInt(), 80);
        QCOMPARE(record.value(QStringLiteral("stats")).toObject().value(QStringLiteral("level")).toInt(), 1); // merged
        QCOMPARE(record.value(QStringLiteral("inventory")).toObject().value(QStringLiteral("egg")).toInt(), 3);
        QCOMPARE(record.value(QStringLiteral("online")).toBool(), true);
        QVERIFY(!record.value(QStringLiteral("last_seen")).isNull());

        // One bad field rejects the whole update: nothing of it is written.
        HttpTestClient admin(m_char->url());
        admin.setBearer(token(QStringLiteral("Boss"), 999, {QStringLiteral("admin")}));
        r = admin.postJson(QStringLiteral("/Erinor"), {{QStringLiteral("loc_x"), 99}, {QStringLiteral("zone"), QStringLiteral("not a zone")}});
        QCOMPARE(r.status, 400);
        r = admin.postJson(QStringLiteral("/Erinor"), {{QStringLiteral("loc_x"), 99}, {QStringLiteral("inventory"), QJsonObject{{QStringLiteral("egg"), -1}}}});
        QCOMPARE(r.status, 400);
        r = admin.postJson(QStringLiteral("/Erinor"), {{QStringLiteral("loc_x"), 99}, {QStringLiteral("bogus"), 1}});
        QCOMPARE(r.status, 400);
        QCOMPARE(admin.get(QStringLiteral("/Erinor")).json().object().value(QStringLiteral("loc_x")).toDouble(), 12.5);

        // An administrator may change it; a count of 0 removes an item.
        r = admin.postJson(QStringLiteral("/Erinor"), {{QStringLiteral("inventory"), QJsonObject{{QStringLiteral("egg"), 0}}}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().object().value(QStringLiteral("inventory")).toObject(), QJsonObject());
        QCOMPARE(admin.postJson(QStringLiteral("/Nobody"), {{QStringLiteral("online"), false}}).status, 404);

        // Another player sees the public record only: no owner, no inventory.
        auto frank = player(QStringLiteral("frank"));
        frank->setBase(m_char->url());
        record = frank->get(QStringLiteral("/Erinor")).json().object();
        QCOMPARE(record.value(QStringLiteral("name")).toString(), QStringLiteral("Erinor"));
        QVERIFY(!record.contains(QStringLiteral("owner")));
        QVERIFY(!record.contains(QStringLiteral("inventory")));
        QCOMPARE(frank->get(QStringLiteral("/Nobody/zone")).status, 404);
    }

    void createAdminCommand()
    {
        QProcess process;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SIMPLEMMO_ADMIN_PASSWORD"), QStringLiteral("root-pw"));
        process.setProcessEnvironment(env);
        process.start(binaryPath(QStringLiteral("simplemmo-authserver")),
                      commonArgs() << QStringLiteral("--hash-iterations=1000") << QStringLiteral("--create-admin=chief"));
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), 0);
        QVERIFY(process.readAllStandardOutput().contains("chief is an administrator"));

        // The running AuthServer sees the account (same database) and puts admin in the token.
        HttpTestClient client(m_auth->url());
        client.setExtraHeader("Accept", "application/json");
        const auto r = client.postForm(QStringLiteral("/login"), form({{QStringLiteral("username"), QStringLiteral("chief")}, {QStringLiteral("password"), QStringLiteral("root-pw")}}));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().object().value(QStringLiteral("roles")).toArray(), QJsonArray{QStringLiteral("admin")});
        QVERIFY(r.header("Set-Cookie").contains("admin="));
    }

    void adminFromConfig()
    {
        auto boss = player(QStringLiteral("Boss")); // listed in --admins
        const auto r = boss->get(QStringLiteral("/whoami"));
        QCOMPARE(r.json().object().value(QStringLiteral("roles")).toArray(), QJsonArray{QStringLiteral("admin")});
    }

    // Last: once the address is limited, no further login from 127.0.0.1 succeeds in this run.
    void loginRateLimitPerAccount()
    {
        player(QStringLiteral("gina"));
        HttpTestClient client(m_auth->url());
        const auto attempt = [&](const QString &password) {
            return client.postForm(QStringLiteral("/login"), form({{QStringLiteral("username"), QStringLiteral("gina")}, {QStringLiteral("password"), password}}));
        };
        for (int i = 0; i < 3; ++i)
            QCOMPARE(attempt(QStringLiteral("wrong")).status, 401);
        auto r = attempt(QStringLiteral("pw-gina")); // even the right password waits now
        QCOMPARE(r.status, 429);
        QCOMPARE(r.errorCode(), QStringLiteral("rate_limited"));
        QVERIFY(r.header("Retry-After").toInt() > 0);
        QVERIFY(r.header("Retry-After").toInt() <= 900);
    }

    void loginRateLimitPerAddress()
    {
        // Failures spread over many names still count against the address (limit 20 here, part of
        // it spent by the tests before).
        HttpTestClient client(m_auth->url());
        int limitedAt = -1;
        for (int i = 0; i < 30 && limitedAt < 0; ++i) {
            const auto r = client.postForm(QStringLiteral("/login"), form({{QStringLiteral("username"), QStringLiteral("spray%1").arg(i)}, {QStringLiteral("password"), QStringLiteral("x")}}));
            if (r.status == 429)
                limitedAt = i;
            else
                QCOMPARE(r.status, 401);
        }
        QVERIFY2(limitedAt >= 0, "the address was never limited");
    }
};

QTEST_GUILESS_MAIN(TestAuthCharServer)
#include "tst_authcharserver.moc"
