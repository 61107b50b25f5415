// SPDX-License-Identifier: AGPL-3.0-or-later
// The server side of the admin console, as real processes: the CharServer's character search by
// account and name prefix, the master's global line sent as the server, a zone's spectator
// connection (every object regardless of area of interest, collisions, tells, read-only,
// administrators only), and a zone's record of script errors with the reload of its
// ScriptServer's scripts.
#include "HttpTestClient.h"
#include "ServerProcess.h"
#include "SessionToken.h"
#include "TestDatabase.h"
#include "ZoneRecorder.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

using namespace smmo;
using namespace smmo::test;

namespace {

QUrlQuery form(std::initializer_list<std::pair<QString, QString>> items)
{
    QUrlQuery q;
    for (const auto &[k, v] : items)
        q.addQueryItem(k, v);
    return q;
}

MessagePredicate ofType(const QString &type)
{
    return [type](const QJsonObject &m) { return m.value("type").toString() == type; };
}

MessagePredicate isEvent(const QString &name, qint64 id = 0)
{
    return [name, id](const QJsonObject &m) {
        return m.value("type").toString() == QLatin1String("event") && m.value("event").toString() == name &&
               (id == 0 || m.value("id").toInteger() == id);
    };
}

MessagePredicate chat(const QString &scope, const QString &sender, const QString &body)
{
    return [=](const QJsonObject &m) {
        return m.value("type").toString() == QLatin1String("chat") && m.value("scope").toString() == scope &&
               m.value("sender").toString() == sender && m.value("body").toString() == body;
    };
}

// An update in which object id changed (or appeared) at x.
MessagePredicate movedTo(qint64 id, double x)
{
    return [id, x](const QJsonObject &m) {
        if (m.value("type").toString() != QLatin1String("update"))
            return false;
        for (const QString &list : {QStringLiteral("changed"), QStringLiteral("entered")})
            for (const QJsonValue &object : m.value(list).toArray())
                if (object.toObject().value("id").toInteger() == id &&
                    object.toObject().value("loc_x").toDouble() == x)
                    return true;
        return false;
    };
}

QStringList names(const QJsonArray &records)
{
    QStringList list;
    for (const QJsonValue &record : records)
        list.append(record.toObject().value("name").toString());
    return list;
}

} // namespace

class TestAdminApi : public QObject
{
    Q_OBJECT

    const QByteArray m_secret = "admin-api-test-secret-0123456789abcdef";
    QTemporaryDir m_data;
    QTemporaryDir m_scripts;
    QString m_database;
    std::unique_ptr<ServerProcess> m_auth;
    std::unique_ptr<ServerProcess> m_char;
    std::unique_ptr<ServerProcess> m_master;
    QHash<QString, QByteArray> m_tokens;
    const QString m_zoneId = QStringLiteral("public-GhibliHills-adminapi");
    QUrl m_zoneUrl;

    QStringList serverArgs() const
    {
        return {"--port=0",
                "--data-dir",
                m_data.path(),
                "--database",
                m_database,
                "--secret",
                QString::fromLatin1(m_secret)};
    }
    QByteArray adminToken() const
    {
        return SessionToken::issue(SessionToken::makeClaims(1, "boss", {"admin"}, std::chrono::hours(1)),
                                   m_secret);
    }
    void account(const QString &name, const QStringList &characters)
    {
        HttpTestClient auth(m_auth->url());
        auth.setExtraHeader("Accept", "application/json");
        const auto fields = form({{"username", name}, {"password", "pw-" + name}});
        auth.postForm("/register", fields);
        const auto login = auth.postForm("/login", fields);
        QCOMPARE(login.status, 200);
        m_tokens.insert(name, login.json().object().value("token").toString().toLatin1());
        HttpTestClient chars(m_char->url());
        chars.setBearer(m_tokens.value(name));
        for (const QString &character : characters)
            QCOMPARE(chars.postForm("/new", form({{"character_name", character}})).status, 200);
    }
    HttpResult search(const QString &query, const QByteArray &token) const
    {
        HttpTestClient chars(m_char->url());
        chars.setBearer(token);
        return chars.get("/admin/characters" + query);
    }
    HttpResult zoneAdmin(const QUrl &zone, const QString &command, const QJsonArray &args) const
    {
        HttpTestClient client(zone);
        client.setBearer(adminToken());
        return client.postJson("/admin", {{"command", command}, {"args", args}});
    }
    std::unique_ptr<ZoneRecorder> stream(const QUrl &zone, const QByteArray &token)
    {
        auto recorder = std::make_unique<ZoneRecorder>();
        recorder->client->open(zone, token);
        return recorder;
    }
    std::unique_ptr<ZoneRecorder> spectator(const QByteArray &token)
    {
        QUrl url = m_zoneUrl;
        url.setQuery("role=spectator");
        return stream(url, token);
    }
    std::unique_ptr<ZoneRecorder> joined(const QString &account, const QString &character)
    {
        auto recorder = stream(m_zoneUrl, m_tokens.value(account));
        recorder->client->join(character);
        if (!QTest::qWaitFor(
                [&] { return recorder->has(ofType("joined")) || recorder->has(ofType("error")); }, 10000) ||
            !recorder->has(ofType("joined")))
            qWarning() << "join failed" << recorder->messages;
        return recorder;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_data.isValid() && m_scripts.isValid());
        m_database = databaseUrlForTest();
        qInfo("backend %s", qPrintable(backendName()));
        m_auth = std::make_unique<ServerProcess>(binaryPath("simplemmo-authserver"),
                                                 serverArgs() << "--hash-iterations=1000");
        QVERIFY2(m_auth->start(), qPrintable(m_auth->output()));
        m_char = std::make_unique<ServerProcess>(binaryPath("simplemmo-charserver"), serverArgs());
        QVERIFY2(m_char->start(), qPrintable(m_char->output()));
        m_master = std::make_unique<ServerProcess>(
            binaryPath("simplemmo-masterzoneserver"),
            serverArgs() << "--char-url" << m_char->url().toString() << "--zones-dir"
                         << qEnvironmentVariable("SIMPLEMMO_SOURCE_DIR") + "/scripts/zones"
                         << "--zone-executable" << binaryPath("simplemmo-zoneserver") << "--zone-companions="
                         << "--zone-idle-timeout=600");
        QVERIFY2(m_master->start(), qPrintable(m_master->output()));
        account("alice", {"Alicia", "Ab_c"});
        account("bob", {"Bobble", "Abxc"});

        HttpTestClient master(m_master->url());
        master.setBearer(m_tokens.value("alice"));
        const auto located = master.get("/" + m_zoneId);
        QCOMPARE(located.status, 200);
        m_zoneUrl = QUrl(QString::fromUtf8(located.body));
    }

    void cleanupTestCase()
    {
        if (m_master)
            QCOMPARE(m_master->stop(), 0);
        if (m_char)
            m_char->stop();
        if (m_auth)
            m_auth->stop();
    }

    void characterSearchByAccountAndPrefix()
    {
        const QByteArray admin = adminToken();
        auto r = search("?owner=alice", admin);
        QCOMPARE(r.status, 200);
        QCOMPARE(names(r.json().array()), (QStringList{"Ab_c", "Alicia"}));
        const QJsonObject record = r.json().array().at(1).toObject();
        QCOMPARE(record.value("owner").toString(), QStringLiteral("alice"));
        QVERIFY(record.contains("inventory") && record.contains("stats") && record.contains("zone"));
        QCOMPARE(names(search("?owner=ALICE", admin).json().array()), (QStringList{"Ab_c", "Alicia"}));

        // The underscore of a prefix is itself, not a wildcard.
        QCOMPARE(names(search("?name=ab_", admin).json().array()), QStringList{"Ab_c"});
        QCOMPARE(names(search("?name=AB", admin).json().array()), (QStringList{"Ab_c", "Abxc"}));
        QCOMPARE(names(search("?name=ab&owner=bob", admin).json().array()), QStringList{"Abxc"});
        QCOMPARE(names(search("?name=zz", admin).json().array()), QStringList());
        QCOMPARE(names(search("", admin).json().array()), (QStringList{"Ab_c", "Abxc", "Alicia", "Bobble"}));
        QCOMPARE(search("?limit=1", admin).json().array().size(), 1);

        r = search("?owner=nobody", admin);
        QCOMPARE(r.status, 404);
        QCOMPARE(r.errorMessage(), QStringLiteral("No such account: nobody"));
        QCOMPARE(search("?name=a-b", admin).status, 400);
        QCOMPARE(search("?owner=x", admin).status, 400);
        QCOMPARE(search("?limit=0", admin).status, 400);
        QCOMPARE(search("?owner=alice", m_tokens.value("alice")).status, 403);
        QCOMPARE(search("?owner=alice", QByteArray()).status, 401);
    }

    void globalLineAsTheServer()
    {
        auto alice = joined("alice", "Alicia");
        HttpTestClient master(m_master->url());
        master.setBearer(adminToken());
        auto r = master.postJson("/chat/broadcast", {{"text", "  Maintenance at noon "}});
        QCOMPARE(r.status, 200);
        const QJsonObject line = r.json().object();
        QCOMPARE(line.value("sender").toString(), QStringLiteral("Server"));
        QCOMPARE(line.value("body").toString(), QStringLiteral("Maintenance at noon"));
        QCOMPARE(line.value("player_generated").toBool(true), false);
        QCOMPARE(line.value("zones").toInt(), 1);

        // Alicia's zone passes it on like any global line, marked as not said by a player.
        QTRY_VERIFY_WITH_TIMEOUT(alice->has(chat("global", "Server", "Maintenance at noon")), 10000);
        QCOMPARE(alice->find(chat("global", "Server", "Maintenance at noon"))
                     .value("player_generated")
                     .toBool(true),
                 false);

        HttpTestClient player(m_master->url());
        player.setBearer(m_tokens.value("alice"));
        QCOMPARE(player.postForm("/chat/global", form({{"character", "Alicia"}, {"text", "Hi all"}})).status,
                 200);
        const QJsonArray listed = player.get("/chat/global").json().array();
        QCOMPARE(listed.size(), 2);
        QCOMPARE(listed.at(0).toObject().value("sender").toString(), QStringLiteral("Server"));
        QCOMPARE(listed.at(0).toObject().value("player_generated").toBool(true), false);
        QCOMPARE(listed.at(1).toObject().value("player_generated").toBool(false), true);
        QTRY_VERIFY_WITH_TIMEOUT(alice->has(chat("global", "Alicia", "Hi all")), 10000);
        QCOMPARE(alice->find(chat("global", "Alicia", "Hi all")).value("player_generated").toBool(false),
                 true);

        // Only administrators speak as the server, and not in silence or at length.
        QCOMPARE(player.postJson("/chat/broadcast", {{"text", "I am the server"}}).status, 403);
        r = master.postJson("/chat/broadcast", {{"text", "   "}});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.errorMessage(), QStringLiteral("A message text is required."));
        QCOMPARE(master.postJson("/chat/broadcast", {{"text", QString(501, 'x')}}).status, 400);
        QCOMPARE(player.get("/chat/global").json().array().size(), 2);
        alice->client->leave();
    }

    void spectatorSeesTheWholeZone()
    {
        auto watcher = spectator(adminToken());
        QTRY_VERIFY_WITH_TIMEOUT(watcher->has(ofType("hello")), 10000);
        const QJsonObject hello = watcher->find(ofType("hello"));
        QCOMPARE(hello.value("role").toString(), QStringLiteral("spectator"));
        QCOMPARE(hello.value("zone").toString(), m_zoneId);
        HttpTestClient reader(m_zoneUrl);
        reader.setBearer(adminToken());
        const QJsonArray objects = reader.get("/objects").json().array();
        QCOMPARE(hello.value("objects").toArray().size(), objects.size());
        QVERIFY(!hello.value("objects").toArray().at(0).toObject().contains("data")); // players' view
        QCOMPARE(reader.get("/health").json().object().value("spectators").toInt(), 1);

        // Characters entering, wherever they are.
        auto alice = joined("alice", "Alicia");
        const qint64 aliceId = alice->find(ofType("joined")).value("id").toInteger();
        QTRY_VERIFY_WITH_TIMEOUT(watcher->has(isEvent("entered", aliceId)), 5000);

        // A change far beyond anyone's area of interest.
        qint64 chicken = 0;
        for (const QJsonValue &object : objects)
            if (object.toObject().value("name").toString() == QLatin1String("Chicken"))
                chicken = object.toObject().value("id").toInteger();
        QVERIFY(chicken > 0);
        QCOMPARE(zoneAdmin(m_zoneUrl, "teleport", {chicken, 900.5, 900, 0}).status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(watcher->has(movedTo(chicken, 900.5)), 5000);

        // A collision: Alicia walks into a physical barrel, somewhere nobody else stands.
        QCOMPARE(zoneAdmin(m_zoneUrl, "teleport", {"Alicia", 300, 300, 0}).status, 200);
        const auto barrel = zoneAdmin(m_zoneUrl, "spawn",
                                      {QJsonObject{{"name", "Barrel"},
                                                   {"resource", "barrel"},
                                                   {"loc_x", 301.2},
                                                   {"loc_y", 300},
                                                   {"physical", true}}});
        QCOMPARE(barrel.status, 200);
        const qint64 barrelId = barrel.json().object().value("id").toInteger();
        QTRY_VERIFY_WITH_TIMEOUT(watcher->has(movedTo(barrelId, 301.2)), 5000);
        alice->client->move(1, 0, 0);
        QTRY_VERIFY_WITH_TIMEOUT(alice->has(isEvent("blocked")), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(watcher->has(isEvent("collision", aliceId)), 5000);
        QCOMPARE(watcher->find(isEvent("collision", aliceId)).value("other").toInteger(), barrelId);
        QVERIFY(watcher->has(isEvent("collision", barrelId)));

        // Tells between players, which no one else sees.
        auto bob = joined("bob", "Bobble");
        alice->client->tell("Bobble", "psst");
        QTRY_VERIFY_WITH_TIMEOUT(bob->has(chat("tell", "Alicia", "psst")), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(watcher->has(chat("tell", "Alicia", "psst")), 5000);
        QCOMPARE(watcher->find(chat("tell", "Alicia", "psst")).value("to").toString(),
                 QStringLiteral("Bobble"));

        // Destroyed objects leave.
        QCOMPARE(zoneAdmin(m_zoneUrl, "destroy", {barrelId}).status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(watcher->has([barrelId](const QJsonObject &m) {
            return m.value("type").toString() == QLatin1String("update") &&
                   m.value("left").toArray().contains(QJsonValue(barrelId));
        }),
                                 5000);

        // Read-only: what it sends is refused, and nothing is said.
        watcher->client->say("I am watching you");
        QTRY_VERIFY_WITH_TIMEOUT(watcher->has(ofType("error")), 5000);
        QCOMPARE(watcher->find(ofType("error")).value("code").toString(), QStringLiteral("forbidden"));
        QVERIFY(!alice->has(chat("zone", "boss", "I am watching you")));
        QCOMPARE(reader.get("/messages").json().array().size(), 0);

        // Only administrators may watch.
        auto sneaky = spectator(m_tokens.value("bob"));
        QTRY_COMPARE_WITH_TIMEOUT(sneaky->closeCode, 1008, 5000);
        QCOMPARE(sneaky->find(ofType("error")).value("code").toString(), QStringLiteral("forbidden"));
        QVERIFY(!sneaky->has(ofType("hello")));
        // Without ?role=spectator an administrator's token is an ordinary player connection.
        auto player = stream(m_zoneUrl, adminToken());
        QTRY_VERIFY_WITH_TIMEOUT(player->has(ofType("hello")), 5000);
        QCOMPARE(player->find(ofType("hello")).value("role").toString(), QStringLiteral("player"));

        alice->client->leave();
        bob->client->leave();
        watcher->client->close();
        QTRY_COMPARE_WITH_TIMEOUT(reader.get("/health").json().object().value("spectators").toInt(), 0, 5000);
    }

    void scriptErrorsAndReload()
    {
        // A zone of its own with a ScriptServer whose scripts are the shipped ones and two bad ones.
        const QDir shipped(qEnvironmentVariable("SIMPLEMMO_SOURCE_DIR") + "/scripts/objects");
        for (const QString &file : shipped.entryList({"*.js"}, QDir::Files))
            QVERIFY(QFile::copy(shipped.filePath(file), m_scripts.filePath(file)));
        QFile faulty(m_scripts.filePath("faulty.js"));
        QVERIFY(faulty.open(QIODevice::WriteOnly));
        faulty.write("function onTick(self) {\n    noSuchFunction();\n}\n");
        faulty.close();
        QFile broken(m_scripts.filePath("broken.js"));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("function onTick(self {\n");
        broken.close();

        const QString zoneId = "public-GhibliHills-adminscripts";
        ServerProcess zone(binaryPath("simplemmo-zoneserver"), serverArgs()
                                                                   << "--zone" << zoneId << "--idle-timeout"
                                                                   << "0");
        QVERIFY2(zone.start(), qPrintable(zone.output()));
        ServerProcess scripts(binaryPath("simplemmo-scriptserver"),
                              {"--port=0", "--data-dir", m_data.path(), "--secret",
                               QString::fromLatin1(m_secret), "--zone", zoneId, "--zone-url",
                               zone.url().toString(), "--scripts-dir", m_scripts.path(), "--max-faults",
                               "3"});
        QVERIFY2(scripts.start(), qPrintable(scripts.output()));

        HttpTestClient reader(zone.url());
        reader.setBearer(adminToken());
        const auto state = [&] { return reader.get("/admin/scripts").json().object(); };
        QTRY_VERIFY_WITH_TIMEOUT(state().value("scriptserver").isObject(), 10000);
        QJsonObject report = state().value("scriptserver").toObject();
        QCOMPARE(report.value("reason").toString(), QStringLiteral("connected"));
        QVERIFY(report.value("scripts").toArray().contains(QJsonValue("chicken")));
        QVERIFY(report.value("scripts").toArray().contains(QJsonValue("faulty")));
        QVERIFY(report.value("errors").toObject().contains("broken"));
        const auto entries = [&](const QString &kind, const QString &script) {
            QList<QJsonObject> found;
            for (const QJsonValue &entry : state().value("errors").toArray())
                if (entry.toObject().value("kind").toString() == kind &&
                    entry.toObject().value("script").toString() == script)
                    found.append(entry.toObject());
            return found;
        };
        QCOMPARE(entries("load", "broken").size(), 1);
        QVERIFY(!entries("load", "broken").first().value("message").toString().isEmpty());

        // A scripted object whose script throws on every tick: three faults, then it is disabled.
        const auto spawned = zoneAdmin(zone.url(), "spawn",
                                       {QJsonObject{{"name", "Gremlin"}, {"scripts", QJsonArray{"faulty"}}}});
        QCOMPARE(spawned.status, 200);
        const qint64 gremlin = spawned.json().object().value("id").toInteger();
        QTRY_COMPARE_WITH_TIMEOUT(entries("fault", "faulty").size(), 3, 10000);
        QList<QJsonObject> faults = entries("fault", "faulty");
        QCOMPARE(faults.last().value("object").toString(), QStringLiteral("Gremlin"));
        QCOMPARE(faults.last().value("id").toInteger(), gremlin);
        QCOMPARE(faults.last().value("handler").toString(), QStringLiteral("onTick"));
        QVERIFY(faults.last().value("message").toString().contains("noSuchFunction"));
        QCOMPARE(faults.first().value("faults").toInt(), 1);
        QCOMPARE(faults.last().value("disabled").toBool(), true);
        QTest::qWait(500);
        QCOMPARE(entries("fault", "faulty").size(), 3); // disabled: no more

        // Reloading every script gives it a fresh start, and reports again.
        const auto reload = zoneAdmin(zone.url(), "reload_scripts", {});
        QCOMPARE(reload.status, 200);
        QVERIFY(reload.json().object().value("bus_connections").toInt() >= 1);
        QTRY_COMPARE_WITH_TIMEOUT(state().value("scriptserver").toObject().value("reason").toString(),
                                  QStringLiteral("reload"), 10000);
        QCOMPARE(state().value("scriptserver").toObject().value("reloads").toInt(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(entries("fault", "faulty").size(), 6, 10000);
        faults = entries("fault", "faulty");
        QCOMPARE(faults.at(3).value("faults").toInt(), 1);
        QCOMPARE(entries("load", "broken").size(), 2); // still broken, said again after the reload
        QCOMPARE(state().value("total").toInt(), int(state().value("errors").toArray().size()));

        HttpTestClient player(zone.url());
        player.setBearer(m_tokens.value("alice"));
        QCOMPARE(player.get("/admin/scripts").status, 403);
        QCOMPARE(zoneAdmin(zone.url(), "reload_scripts", {}).status, 200);
        QCOMPARE(scripts.stop(), 0);
        QCOMPARE(zone.stop(), 0);
    }
};

QTEST_GUILESS_MAIN(TestAdminApi)
#include "tst_adminapi.moc"
