// SPDX-License-Identifier: AGPL-3.0-or-later
// The ScriptServer as a real process on the bus of a real ZoneServer (with a real AuthServer and
// CharServer for accounts): the chicken squawks on a player's stream, Linnea wanders and answers
// activation, an endless loop is stopped while the zone keeps serving, throwing scripts are
// isolated, hot reload keeps data and survives a syntax error, object data is saved with the
// zone, the zone's scripted moves and collisions on the bus, options and a lost zone; and the
// MasterZoneServer restarting a killed ScriptServer.
#include "HttpTestClient.h"
#include "ServerProcess.h"
#include "ZoneRecorder.h"
#include "SessionToken.h"
#include "TestDatabase.h"
#include "ZoneClient.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <functional>

using namespace smmo;
using namespace smmo::test;

namespace {

using Predicate = MessagePredicate;

using Recorder = ZoneRecorder;

Predicate ofType(const QString &type)
{
    return [type](const QJsonObject &m) { return m.value("type").toString() == type; };
}

Predicate isEvent(const QString &name)
{
    return [name](const QJsonObject &m) {
        return m.value("type").toString() == QLatin1String("event") && m.value("event").toString() == name;
    };
}

Predicate scriptError(const QString &script)
{
    return [script](const QJsonObject &m) {
        return m.value("event").toString() == QLatin1String("script_error") &&
               m.value("script").toString() == script;
    };
}

// A chat line from an object named sender whose text is one of lines.
Predicate chatFrom(const QString &sender, const QStringList &lines)
{
    return [sender, lines](const QJsonObject &m) {
        return m.value("type").toString() == QLatin1String("chat") &&
               m.value("sender").toString() == sender && lines.contains(m.value("body").toString());
    };
}

QUrlQuery form(std::initializer_list<std::pair<QString, QString>> items)
{
    QUrlQuery q;
    for (const auto &[k, v] : items)
        q.addQueryItem(k, v);
    return q;
}

const QStringList squawks = {"BAWK", "BUCAW", "BUCK BUCK BUCK", "BROOOOCK", "CLUCK"};
const QStringList strollLines = {
    "I'm going for a stroll.", "That stroll was nice.", "bump.", "bamp!", "BUMP", "THUD!!"};

} // namespace

class TestScriptServer : public QObject
{
    Q_OBJECT

    const QByteArray m_secret = "script-test-secret-0123456789abcdef";
    QTemporaryDir m_data;
    QTemporaryDir m_scripts;
    QString m_database;
    std::unique_ptr<ServerProcess> m_auth;
    std::unique_ptr<ServerProcess> m_char;
    QHash<QString, QByteArray> m_tokens; ///< account -> session token

    // The zone of most tests: GhibliHills with its ten chickens, and its ScriptServer.
    const QString m_zoneId = QStringLiteral("public-GhibliHills-scripts");
    std::unique_ptr<ServerProcess> m_zone;
    std::unique_ptr<ServerProcess> m_scriptServer;

    QStringList serverArgs() const
    {
        return {QStringLiteral("--port=0"),
                QStringLiteral("--data-dir"),
                m_data.path(),
                QStringLiteral("--database"),
                m_database,
                QStringLiteral("--secret"),
                QString::fromLatin1(m_secret)};
    }
    std::unique_ptr<ServerProcess> startZone(const QString &zoneId)
    {
        auto zone = std::make_unique<ServerProcess>(
            binaryPath(QStringLiteral("simplemmo-zoneserver")),
            serverArgs() << QStringLiteral("--zone") << zoneId << QStringLiteral("--idle-timeout")
                         << QStringLiteral("0") << QStringLiteral("--checkpoint-ms")
                         << QStringLiteral("200"));
        if (!zone->start())
            qWarning("zone did not start: %s", qPrintable(zone->output()));
        return zone;
    }
    std::unique_ptr<ServerProcess> startScriptServer(const QString &zoneId, const QUrl &zoneUrl,
                                                     const QStringList &extra = {})
    {
        auto server = std::make_unique<ServerProcess>(
            binaryPath(QStringLiteral("simplemmo-scriptserver")),
            QStringList{QStringLiteral("--port=0"), QStringLiteral("--data-dir"), m_data.path(),
                        QStringLiteral("--secret"), QString::fromLatin1(m_secret), QStringLiteral("--zone"),
                        zoneId, QStringLiteral("--zone-url"), zoneUrl.toString(),
                        QStringLiteral("--scripts-dir"), m_scripts.path(), QStringLiteral("--seed"),
                        QStringLiteral("7")}
                << extra);
        if (!server->start())
            qWarning("script server did not start: %s", qPrintable(server->output()));
        return server;
    }
    QByteArray serviceToken() const
    {
        return SessionToken::issue(SessionToken::makeClaims(0, QStringLiteral("test:bus"),
                                                            {QStringLiteral("service")},
                                                            std::chrono::hours(1)),
                                   m_secret);
    }
    QByteArray adminToken() const
    {
        return SessionToken::issue(SessionToken::makeClaims(0, QStringLiteral("boss"),
                                                            {QStringLiteral("admin")}, std::chrono::hours(1)),
                                   m_secret);
    }
    void account(const QString &name, const QString &character)
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
        QCOMPARE(chars.postForm("/new", form({{"character_name", character}})).status, 200);
    }
    std::unique_ptr<Recorder> stream(const QUrl &zone, const QByteArray &token)
    {
        auto recorder = std::make_unique<Recorder>();
        recorder->client->open(zone, token);
        return recorder;
    }
    std::unique_ptr<Recorder> joined(const QUrl &zone, const QString &accountName, const QString &character)
    {
        auto recorder = stream(zone, m_tokens.value(accountName));
        recorder->client->join(character);
        if (!QTest::qWaitFor(
                [&] { return recorder->has(ofType("joined")) || recorder->has(ofType("error")); }, 10000) ||
            !recorder->has(ofType("joined")))
            qWarning() << "join failed" << recorder->messages;
        return recorder;
    }
    std::unique_ptr<Recorder> bus(const QUrl &zone)
    {
        auto recorder = stream(zone, serviceToken());
        if (!QTest::qWaitFor([&] { return recorder->has(ofType("hello")); }, 10000))
            qWarning("no hello on the bus");
        return recorder;
    }
    HttpResult admin(const QUrl &zone, const QString &command, const QJsonArray &args) const
    {
        HttpTestClient client(zone);
        client.setBearer(adminToken());
        return client.postJson("/admin", {{"command", command}, {"args", args}});
    }
    qint64 spawn(const QUrl &zone, const QJsonObject &fields) const
    {
        return admin(zone, "spawn", {fields}).json().object().value("id").toInteger();
    }
    QJsonObject scriptHealth() const
    {
        return HttpTestClient(m_scriptServer->url()).get("/health").json().object();
    }
    void writeScript(const QString &name, const QByteArray &source)
    {
        // Written beside and renamed into place, so the watcher never sees half a file.
        QFile file(m_scripts.filePath(name + ".js.new"));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(source);
        file.close();
        QFile::remove(m_scripts.filePath(name + ".js"));
        QVERIFY(QFile::rename(file.fileName(), m_scripts.filePath(name + ".js")));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_data.isValid() && m_scripts.isValid());
        m_database = databaseUrlForTest();
        qInfo("backend %s", qPrintable(backendName()));
        // The shipped scripts, and a few that misbehave.
        const QDir shipped(qEnvironmentVariable("SIMPLEMMO_SOURCE_DIR") + QStringLiteral("/scripts/objects"));
        for (const QString &file : shipped.entryList({QStringLiteral("*.js")}, QDir::Files))
            QVERIFY(QFile::copy(shipped.filePath(file), m_scripts.filePath(file)));
        writeScript("loop", "function onTick(self) {\n    while (true) {}\n}\n");
        writeScript("thrower",
                    "function onTick(self) {\n    self.data.oops = true;\n    noSuchFunction();\n}\n");
        writeScript("counter", "function onTick(self) { self.data.n = (self.data.n || 0) + 1; }\n");

        m_auth = std::make_unique<ServerProcess>(binaryPath("simplemmo-authserver"),
                                                 serverArgs() << "--hash-iterations=1000");
        QVERIFY2(m_auth->start(), qPrintable(m_auth->output()));
        m_char = std::make_unique<ServerProcess>(binaryPath("simplemmo-charserver"), serverArgs());
        QVERIFY2(m_char->start(), qPrintable(m_char->output()));
        account("alice", "Groxnor");
        account("bob", "Bobby");

        m_zone = startZone(m_zoneId);
        QVERIFY(m_zone->isRunning());
        m_scriptServer = startScriptServer(m_zoneId, m_zone->url());
        QVERIFY(m_scriptServer->isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(scriptHealth().value("connected").toBool(), 10000);
    }

    void cleanupTestCase()
    {
        if (m_scriptServer)
            QCOMPARE(m_scriptServer->stop(), 0);
        if (m_zone)
            QCOMPARE(m_zone->stop(), 0);
        if (m_char)
            m_char->stop();
        if (m_auth)
            m_auth->stop();
    }

    void optionsAreChecked_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("no zone") << QStringList{"--zone-url", "http://127.0.0.1:1"} << "--zone";
        QTest::newRow("bad zone") << QStringList{"--zone", "nodashes", "--zone-url", "http://127.0.0.1:1"}
                                  << "Malformed zone id";
        QTest::newRow("no url") << QStringList{"--zone", "public-GhibliHills-x"} << "--zone-url";
        QTest::newRow("bad budget") << QStringList{"--zone",      "public-GhibliHills-x",
                                                   "--zone-url",  "http://127.0.0.1:1",
                                                   "--budget-ms", "0"}
                                    << "--budget-ms must be";
        QTest::newRow("bad seed") << QStringList{"--zone",     "public-GhibliHills-x",
                                                 "--zone-url", "http://127.0.0.1:1",
                                                 "--seed",     "-1"}
                                  << "--seed must be";
        QTest::newRow("no scripts") << QStringList{"--zone",        "public-GhibliHills-x",
                                                   "--zone-url",    "http://127.0.0.1:1",
                                                   "--scripts-dir", "/nonexistent"}
                                    << "--scripts-dir";
    }
    void optionsAreChecked()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        QProcess process;
        process.start(binaryPath("simplemmo-scriptserver"),
                      QStringList{"--data-dir", m_data.path(), "--secret", QString::fromLatin1(m_secret)} +
                          arguments);
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 2);
        QVERIFY2(process.readAllStandardError().contains(message.toUtf8()), qPrintable(message));
    }

    void health()
    {
        const QJsonObject health = scriptHealth();
        QCOMPARE(health.value("role").toString(), QStringLiteral("scriptserver"));
        QCOMPARE(health.value("zone").toString(), m_zoneId);
        QCOMPARE(health.value("ready").toBool(), true);
        QCOMPARE(health.value("scripted_objects").toInt(), 10); // the chickens
        for (const char *script : {"chicken", "linnea", "barrel"})
            QVERIFY2(health.value("scripts").toArray().contains(QLatin1String(script)), script);
        const QByteArray metrics = HttpTestClient(m_scriptServer->url()).get("/metrics").body;
        for (const char *name :
             {"simplemmo_script_tick_seconds_bucket", "simplemmo_script_handler_calls_total",
              "simplemmo_script_faults_total", "simplemmo_script_resident_bytes"})
            QVERIFY2(metrics.contains(name), name);
        // The zone counts it as a bus connection, not a player.
        const QJsonObject zone = HttpTestClient(m_zone->url()).get("/health").json().object();
        QCOMPARE(zone.value("players").toInt(), 0);
        QVERIFY(zone.value("connections").toInt() >= 1);
    }

    void chickenSquawksOnAPlayersStream()
    {
        auto groxnor = joined(m_zone->url(), "alice", "Groxnor");
        // Ten chickens, each with a 1-in-100 chance per tick at 10 Hz: about one line a second.
        QTRY_VERIFY_WITH_TIMEOUT(groxnor->has(chatFrom("Chicken", squawks)), 30000);
        const QJsonObject line = groxnor->find(chatFrom("Chicken", squawks));
        QCOMPARE(line.value("player_generated").toBool(), false);
        QCOMPARE(line.value("scope").toString(), QStringLiteral("zone"));
        const qint64 speaker = line.value("object").toInteger();
        QCOMPARE(groxnor->client->object(speaker).value("name").toString(), QStringLiteral("Chicken"));
        // Strolls: announced, then how it went.
        QTRY_VERIFY_WITH_TIMEOUT(groxnor->has(chatFrom("Chicken", {"I'm going for a stroll."})), 60000);
        QTRY_VERIFY_WITH_TIMEOUT(groxnor->has(chatFrom("Chicken", strollLines.mid(1))), 10000);
        for (const auto &chat : groxnor->all(ofType("chat")))
            QVERIFY2(chat.value("sender") != QLatin1String("Chicken") ||
                         squawks.contains(chat.value("body").toString()) ||
                         strollLines.contains(chat.value("body").toString()),
                     qPrintable(chat.value("body").toString()));
    }

    void linneaWandersAndAnswersActivation()
    {
        const QString zoneId = QStringLiteral("public-AdventureDungeon-scripts");
        auto zone = startZone(zoneId);
        QVERIFY(zone->isRunning());
        auto scripts = startScriptServer(zoneId, zone->url());
        QVERIFY(scripts->isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(
            HttpTestClient(scripts->url()).get("/health").json().object().value("connected").toBool(), 10000);
        auto bobby = joined(zone->url(), "bob", "Bobby");
        qint64 linnea = 0;
        for (const auto &object : bobby->client->objects())
            if (object.value("name").toString() == QLatin1String("Linnea"))
                linnea = object.value("id").toInteger();
        QVERIFY(linnea > 0);
        const double x = bobby->client->object(linnea).value("loc_x").toDouble();
        const double y = bobby->client->object(linnea).value("loc_y").toDouble();

        HttpTestClient http(zone->url());
        http.setBearer(m_tokens.value("bob"));
        const auto answer =
            http.postForm(QStringLiteral("/activate/%1").arg(linnea), form({{"character", "Bobby"}}));
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.json().array(), QJsonArray{"Nice! You activated me."});
        bobby->client->activate(linnea);
        QTRY_VERIFY_WITH_TIMEOUT(bobby->has(isEvent("activated")), 10000);
        QCOMPARE(bobby->find(isEvent("activated")).value("result"),
                 QJsonValue(QJsonArray{"Nice! You activated me."}));

        // She wanders (a step every few seconds), and stays near where she stood.
        QTRY_VERIFY_WITH_TIMEOUT(bobby->client->object(linnea).value("loc_x").toDouble() != x ||
                                     bobby->client->object(linnea).value("loc_y").toDouble() != y,
                                 30000);
        QVERIFY(std::hypot(bobby->client->object(linnea).value("loc_x").toDouble() - x,
                           bobby->client->object(linnea).value("loc_y").toDouble() - y) < 12);
        QCOMPARE(scripts->stop(), 0);
        QCOMPARE(zone->stop(), 0);
    }

    void bumperCourtShowsCollisionsAndTimers()
    {
        const QString zoneId = QStringLiteral("public-BumperCourt-scripts");
        auto zone = startZone(zoneId);
        auto scripts = startScriptServer(zoneId, zone->url());
        QTRY_VERIFY_WITH_TIMEOUT(
            HttpTestClient(scripts->url()).get("/health").json().object().value("connected").toBool(), 10000);
        auto observer = bus(zone->url());
        auto groxnor = joined(zone->url(), "alice", "Groxnor");
        // onEnter: the herald greets.
        QTRY_VERIFY_WITH_TIMEOUT(groxnor->has(chatFrom("Herald", {"Welcome to the Bumper Court, Groxnor!"})),
                                 10000);
        // onCollide: the boulder rolls into the fence and turns round; a bumper it runs into
        // lights up, and goes dark again on its timer.
        QTRY_VERIFY_WITH_TIMEOUT(groxnor->has(chatFrom("Boulder", {"CRASH! (1)"})), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(groxnor->has(chatFrom("Bumper", {"Boing!"})), 30000);
        const qint64 bumper = groxnor->find(chatFrom("Bumper", {"Boing!"})).value("object").toInteger();
        // Its state comes with the zone's next update, a moment after the chat line.
        QTRY_VERIFY_WITH_TIMEOUT(observer->has([bumper](const QJsonObject &m) {
            for (const auto &object : m.value("changed").toArray())
                if (object.toObject().value("id").toInteger() == bumper &&
                    object.toObject().value("states").toArray() == QJsonArray{"lit"})
                    return true;
            return false;
        }),
                                 5000);
        QTRY_COMPARE_WITH_TIMEOUT(observer->client->object(bumper).value("states").toArray(), QJsonArray(),
                                  10000);
        qint64 boulder = 0;
        for (const auto &object : observer->client->objects())
            if (object.value("name").toString() == QLatin1String("Boulder"))
                boulder = object.value("id").toInteger();
        QVERIFY(observer->client->object(boulder).value("data").toObject().value("crashes").toInt() >= 2);
        // onLeave: seen off.
        groxnor->client->leave();
        QTRY_VERIFY_WITH_TIMEOUT(observer->has(chatFrom("Herald", {"Farewell, Groxnor."})), 10000);
        QCOMPARE(scripts->stop(), 0);
        QCOMPARE(zone->stop(), 0);
    }

    void endlessLoopIsStoppedAndTheZoneKeepsServing()
    {
        auto groxnor = joined(m_zone->url(), "alice", "Groxnor");
        const qint64 looper =
            spawn(m_zone->url(),
                  {{"name", "Looper"}, {"loc_x", 1}, {"loc_y", -3}, {"scripts", QJsonArray{"loop"}}});
        QVERIFY(looper > 0);
        QTRY_VERIFY_WITH_TIMEOUT(groxnor->has(scriptError("loop")), 10000);
        const QJsonObject first = groxnor->find(scriptError("loop"));
        QCOMPARE(first.value("id").toInteger(), looper);
        QCOMPARE(first.value("handler").toString(), QStringLiteral("onTick"));
        QVERIFY2(first.value("message").toString().contains("budget of 50 ms"),
                 qPrintable(first.value("message").toString()));

        // Meanwhile the zone answers and its ScriptServer works on.
        const int mark = int(groxnor->messages.size());
        groxnor->client->move(1, 0);
        QTRY_VERIFY_WITH_TIMEOUT(groxnor->has(ofType("update"), mark), 10000);
        QCOMPARE(HttpTestClient(m_zone->url()).get("/health").status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(groxnor->all(scriptError("loop")).size() == 3, 10000);
        QVERIFY(groxnor->all(scriptError("loop")).last().value("disabled").toBool());
        QVERIFY(scriptHealth().value("overruns").toInt() >= 3);
        QVERIFY(scriptHealth().value("disabled").toInt() >= 1);
        const int afterDisabled = int(groxnor->messages.size());
        QTRY_VERIFY_WITH_TIMEOUT(groxnor->has(chatFrom("Chicken", squawks + strollLines), afterDisabled),
                                 30000);
        QCOMPARE(groxnor->all(scriptError("loop")).size(), 3);
        QCOMPARE(admin(m_zone->url(), "destroy", {looper}).status, 200);
    }

    void throwingScriptsAreIsolated()
    {
        auto observer = bus(m_zone->url());
        auto groxnor = joined(m_zone->url(), "alice", "Groxnor");
        const qint64 bad = spawn(m_zone->url(), {{"name", "Trouble"},
                                                 {"loc_x", -2},
                                                 {"loc_y", -4},
                                                 {"scripts", QJsonArray{"thrower", "counter"}}});
        QTRY_VERIFY_WITH_TIMEOUT(groxnor->all(scriptError("thrower")).size() == 3, 10000);
        const QJsonObject error = groxnor->find(scriptError("thrower"));
        QCOMPARE(error.value("id").toInteger(), bad);
        QVERIFY2(error.value("message").toString().startsWith("ReferenceError") &&
                     error.value("message").toString().contains("objects/thrower.js:3"),
                 qPrintable(error.value("message").toString()));
        // The other script of the same object counts on, and its data never held the thrower's.
        QTRY_VERIFY_WITH_TIMEOUT(
            observer->client->object(bad).value("data").toObject().value("n").toInt() > 10, 10000);
        QVERIFY(!observer->client->object(bad).value("data").toObject().contains("oops"));
        // Players never see data.
        QVERIFY(!groxnor->client->object(bad).contains("data"));
        const int mark = int(groxnor->messages.size());
        QTRY_VERIFY_WITH_TIMEOUT(groxnor->has(chatFrom("Chicken", squawks + strollLines), mark), 30000);
        QCOMPARE(admin(m_zone->url(), "destroy", {bad}).status, 200);
    }

    void hotReloadKeepsData()
    {
        auto observer = bus(m_zone->url());
        const qint64 counter =
            spawn(m_zone->url(),
                  {{"name", "Abacus"}, {"loc_x", 20}, {"loc_y", 20}, {"scripts", QJsonArray{"counter"}}});
        const auto n = [&] {
            return observer->client->object(counter).value("data").toObject().value("n").toInt();
        };
        QTRY_VERIFY_WITH_TIMEOUT(n() >= 5, 10000);

        writeScript("counter", "function onTick(self) { self.data.n = (self.data.n || 0) + 1000; }\n");
        const int before = n();
        QTRY_VERIFY_WITH_TIMEOUT(n() > before + 1000, 10000);
        QVERIFY(n() < before + 1000 * 1000); // counted on from where it was, not from 0

        // A syntax error keeps the old version running, and says so.
        writeScript("counter", "function onTick(self) { self.data.n = ; }\n");
        QTRY_VERIFY_WITH_TIMEOUT(scriptHealth().value("script_errors").toObject().contains("counter"), 10000);
        QVERIFY(scriptHealth()
                    .value("script_errors")
                    .toObject()
                    .value("counter")
                    .toString()
                    .contains("SyntaxError"));
        const int during = n();
        QTRY_VERIFY_WITH_TIMEOUT(n() >= during + 2000, 10000);

        writeScript("counter", "function onTick(self) { self.data.n = (self.data.n || 0) + 1; }\n");
        QTRY_VERIFY_WITH_TIMEOUT(scriptHealth().value("script_errors").toObject().isEmpty(), 10000);
        QCOMPARE(admin(m_zone->url(), "destroy", {counter}).status, 200);
    }

    void dataIsSavedWithTheObject()
    {
        const QString zoneId = QStringLiteral("public-defaultzone-data");
        auto zone = startZone(zoneId);
        auto observer = bus(zone->url());
        qint64 barrel = 0;
        for (const auto &object : observer->client->objects())
            if (object.value("name").toString() == QLatin1String("Barrel"))
                barrel = object.value("id").toInteger();
        QVERIFY(barrel > 0);
        QCOMPARE(observer->client->object(barrel).value("data").toObject(), QJsonObject());
        const QJsonObject data{{"apples", 3}, {"note", "ünïcode"}, {"list", QJsonArray{1, 2}}};
        observer->client->sendAction("set", {{"id", barrel}, {"fields", QJsonObject{{"data", data}}}});
        QTRY_COMPARE_WITH_TIMEOUT(observer->client->object(barrel).value("data").toObject(), data, 10000);
        // Too large, or not an object: refused, nothing changes.
        observer->client->sendAction(
            "set",
            {{"id", barrel}, {"fields", QJsonObject{{"data", QJsonObject{{"big", QString(20000, 'x')}}}}}});
        observer->client->sendAction("set", {{"id", barrel}, {"fields", QJsonObject{{"data", "text"}}}});
        QTRY_VERIFY_WITH_TIMEOUT(observer->all(ofType("error")).size() == 2, 10000);
        QVERIFY(observer->find(ofType("error"))
                    .value("message")
                    .toString()
                    .contains("data must be a JSON object"));

        QCOMPARE(zone->stop(), 0); // the final checkpoint
        zone = startZone(zoneId);
        auto again = bus(zone->url());
        QCOMPARE(again->client->object(barrel).value("data").toObject(), data);
        // The classic API does not show it.
        HttpTestClient http(zone->url());
        http.setBearer(m_tokens.value("alice"));
        QVERIFY(!http.get(QStringLiteral("/objects/%1").arg(barrel)).json().object().contains("data"));
        QCOMPARE(zone->stop(), 0);
    }

    void scriptedMovesAndCollisionsOnTheBus()
    {
        const QString zoneId = QStringLiteral("public-defaultzone-moves");
        auto zone = startZone(zoneId);
        auto observer = bus(zone->url());
        const qint64 mover = spawn(zone->url(), {{"name", "Cart"}, {"loc_x", -100}, {"loc_y", -100}});
        const qint64 rock =
            spawn(zone->url(), {{"name", "Rock"}, {"loc_x", -97.5}, {"loc_y", -100}, {"physical", true}});
        QTRY_VERIFY_WITH_TIMEOUT(observer->client->objects().contains(rock), 10000);
        observer->client->sendAction("move", {{"id", mover}, {"dx", 1}});
        QTRY_COMPARE_WITH_TIMEOUT(observer->client->object(mover).value("loc_x").toDouble(), -99.0, 10000);
        observer->client->sendAction("move", {{"id", mover}, {"dx", 1}});
        // One event about each of the two, like the PhysicsServer's.
        QTRY_COMPARE_WITH_TIMEOUT(observer->all(isEvent("collision")).size(), 2, 10000);
        QCOMPARE(observer->all(isEvent("collision")).at(0).value("id").toInteger(), mover);
        QCOMPARE(observer->all(isEvent("collision")).at(0).value("other").toInteger(), rock);
        QCOMPARE(observer->all(isEvent("collision")).at(1).value("id").toInteger(), rock);
        QCOMPARE(observer->all(isEvent("collision")).at(1).value("other").toInteger(), mover);
        QCOMPARE(observer->client->object(mover).value("loc_x").toDouble(), -99.0);
        observer->client->sendAction("move", {{"id", mover}, {"dx", 500}});
        QTRY_VERIFY_WITH_TIMEOUT(observer->has(ofType("error")), 10000);
        QCOMPARE(observer->find(ofType("error")).value("code").toString(), QStringLiteral("bad_request"));

        // A player walking into something physical is a collision too, which the player sees.
        auto groxnor = joined(zone->url(), "alice", "Groxnor");
        QCOMPARE(admin(zone->url(), "teleport", {"Groxnor", -98.5, -100, 0}).status, 200);
        groxnor->client->move(1, 0);
        QTRY_COMPARE_WITH_TIMEOUT(observer->all(isEvent("collision")).size(), 4, 10000);
        QCOMPARE(observer->all(isEvent("collision")).at(2).value("id").toInteger(),
                 groxnor->client->selfId());
        QCOMPARE(observer->all(isEvent("collision")).at(2).value("other").toInteger(), rock);
        QTRY_VERIFY_WITH_TIMEOUT(groxnor->has(isEvent("blocked")) && groxnor->has(isEvent("collision")),
                                 10000);
        QCOMPARE(zone->stop(), 0);
    }

    void activationWaitsForTheBus()
    {
        // A zone the master just started has no ScriptServer yet: an activation waits for one.
        const QString zoneId = QStringLiteral("public-AdventureDungeon-early");
        auto zone = startZone(zoneId);
        auto groxnor = joined(zone->url(), "alice", "Groxnor");
        groxnor->client->activate(1);
        auto late = stream(zone->url(), serviceToken());
        QObject::connect(late->client.get(), &ZoneClient::eventReceived, [&](const QJsonObject &event) {
            if (event.value("event").toString() == QLatin1String("activate"))
                late->client->sendAction("activate_result", {{"request", event.value("request")},
                                                             {"results", QJsonArray{"late"}}});
        });
        QTRY_VERIFY_WITH_TIMEOUT(groxnor->has(isEvent("activated")), 10000);
        QCOMPARE(groxnor->find(isEvent("activated")).value("result"), QJsonValue(QJsonArray{"late"}));
        // The hello came first, so a ScriptServer knows the zone when it is asked.
        QVERIFY(late->messages.first().value("type") == QLatin1String("hello"));
        // With nobody on the bus, the answer is false after a second.
        late->client->close();
        QTRY_VERIFY_WITH_TIMEOUT(!late->client->isConnected(), 10000);
        const int mark = int(groxnor->messages.size());
        groxnor->client->activate(1);
        QTRY_VERIFY_WITH_TIMEOUT(groxnor->has(isEvent("activated"), mark), 10000);
        QCOMPARE(groxnor->find(isEvent("activated"), mark).value("result"), QJsonValue(false));
        QCOMPARE(zone->stop(), 0);
    }

    void reconnectsWhenTheZoneComesBack()
    {
        const QString zoneId = QStringLiteral("public-AdventureDungeon-back");
        auto zone = startZone(zoneId);
        const int port = zone->url().port();
        auto scripts = startScriptServer(zoneId, zone->url());
        HttpTestClient health(scripts->url());
        QTRY_VERIFY_WITH_TIMEOUT(health.get("/health").json().object().value("connected").toBool(), 10000);
        HttpTestClient player(zone->url());
        player.setBearer(m_tokens.value("alice"));
        const auto activate = [&] {
            return player.postForm("/activate/1", form({{"character", "Groxnor"}})).json();
        };
        QCOMPARE(activate().array(), QJsonArray{"Nice! You activated me."});

        QCOMPARE(zone->stop(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(health.get("/health").status, 503, 10000);
        // The same zone again, where the ScriptServer looks for it.
        zone = std::make_unique<ServerProcess>(binaryPath(QStringLiteral("simplemmo-zoneserver")),
                                               serverArgs() << "--zone" << zoneId << "--idle-timeout"
                                                            << "0"
                                                            << "--port" << QString::number(port));
        QVERIFY2(zone->start(), qPrintable(zone->output()));
        QTRY_VERIFY_WITH_TIMEOUT(health.get("/health").json().object().value("connected").toBool(), 15000);
        QTRY_COMPARE_WITH_TIMEOUT(activate().array(), QJsonArray{"Nice! You activated me."}, 10000);
        QVERIFY(scripts->isRunning());
        QCOMPARE(scripts->stop(), 0);
        QCOMPARE(zone->stop(), 0);
    }

    void aLostZoneEndsTheScriptServer()
    {
        const QString zoneId = QStringLiteral("public-GhibliHills-lost");
        auto zone = startZone(zoneId);
        auto scripts = startScriptServer(zoneId, zone->url(), {"--zone-lost-timeout", "1"});
        QTRY_VERIFY_WITH_TIMEOUT(
            HttpTestClient(scripts->url()).get("/health").json().object().value("connected").toBool(), 10000);
        QCOMPARE(zone->stop(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(
            HttpTestClient(scripts->url()).get("/health").status == 503 || !scripts->isRunning(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!scripts->isRunning(), 15000);
        QCOMPARE(scripts->process().exitCode(), 0);
    }

    void growingPastItsMemoryLimitEndsItForARestart()
    {
        const QString zoneId = QStringLiteral("public-GhibliHills-memory");
        auto zone = startZone(zoneId);
        auto scripts = startScriptServer(zoneId, zone->url(), {"--max-memory-mb", "16"});
        // A ScriptServer needs more than 16 MiB: the first check (every 2 s) ends it, with code 3.
        QTRY_VERIFY_WITH_TIMEOUT(!scripts->isRunning(), 15000);
        QCOMPARE(scripts->process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(scripts->process().exitCode(), 3);
        QVERIFY(scripts->output().contains("over the limit of 16 MiB"));
        QCOMPARE(zone->stop(), 0);
    }

    void killedScriptServerIsRestartedByTheMaster()
    {
        ServerProcess master(binaryPath(QStringLiteral("simplemmo-masterzoneserver")),
                             serverArgs() << QStringLiteral("--char-url") << m_char->url().toString()
                                          << QStringLiteral("--zones-dir")
                                          << qEnvironmentVariable("SIMPLEMMO_SOURCE_DIR") +
                                                 QStringLiteral("/scripts/zones")
                                          << QStringLiteral("--zone-executable")
                                          << binaryPath(QStringLiteral("simplemmo-zoneserver"))
                                          << QStringLiteral("--zone-companions")
                                          << binaryPath(QStringLiteral("simplemmo-scriptserver"))
                                          << QStringLiteral("--zone-stop-timeout=10"));
        QVERIFY2(master.start(), qPrintable(master.output()));
        const QString zoneId = QStringLiteral("public-AdventureDungeon-master");
        HttpTestClient player(master.url());
        player.setBearer(m_tokens.value("alice"));
        const auto lookup = player.get(QLatin1Char('/') + zoneId);
        QCOMPARE(lookup.status, 200);
        const QUrl zoneUrl(QString::fromUtf8(lookup.body));

        HttpTestClient adminClient(master.url());
        adminClient.setBearer(adminToken());
        const auto companion = [&]() -> QJsonObject {
            for (const auto &zone : adminClient.get("/zones").json().array())
                if (zone.toObject().value("id").toString() == zoneId)
                    return zone.toObject().value("companions").toArray().first().toObject();
            return {};
        };
        QTRY_COMPARE_WITH_TIMEOUT(companion().value("state").toString(), QStringLiteral("running"), 10000);
        QCOMPARE(companion().value("name").toString(), QStringLiteral("scriptserver"));
        QCOMPARE(companion().value("restarts").toInt(), 0);
        const qint64 pid = companion().value("pid").toInteger();
        QVERIFY(pid > 0);

        // Its scripts answer: Linnea, through the master-started zone.
        HttpTestClient zone(zoneUrl);
        zone.setBearer(m_tokens.value("alice"));
        const auto linneaAnswer = [&] {
            for (const auto &object : zone.get("/objects").json().array())
                if (object.toObject().value("name").toString() == QLatin1String("Linnea"))
                    return zone
                        .postForm(
                            QStringLiteral("/activate/%1").arg(object.toObject().value("id").toInteger()),
                            form({{"character", "Groxnor"}}))
                        .json()
                        .array();
            return QJsonArray();
        };
        QTRY_COMPARE_WITH_TIMEOUT(linneaAnswer(), QJsonArray{"Nice! You activated me."}, 10000);

        QCOMPARE(::kill(pid_t(pid), SIGKILL), 0);
        // One look at the list at a time: the pid is null while it waits for its restart.
        QJsonObject restarted;
        const bool back = QTest::qWaitFor(
            [&] {
                restarted = companion();
                return restarted.value("pid").toInteger() > 0 && restarted.value("pid").toInteger() != pid;
            },
            15000);
        if (!back) {
            QFile log(m_data.filePath("logs/scriptserver-" + zoneId + ".log"));
            log.open(QIODevice::ReadOnly);
            QFAIL(qPrintable("not restarted: " + restarted.value("state").toString() + "\n" +
                             QString::fromUtf8(log.readAll().right(3000)) + "\n" +
                             master.output().right(3000)));
        }
        QCOMPARE(restarted.value("state").toString(), QStringLiteral("running"));
        QCOMPARE(restarted.value("restarts").toInt(), 1);
        QCOMPARE(restarted.value("last_exit").toString(), QStringLiteral("killed by a signal or crashed"));
        // Back on the bus, answering again.
        QTRY_COMPARE_WITH_TIMEOUT(linneaAnswer(), QJsonArray{"Nice! You activated me."}, 15000);

        // It stops with its zone.
        const qint64 second = restarted.value("pid").toInteger();
        QCOMPARE(adminClient.postForm("/zones/" + zoneId + "/stop", QUrlQuery()).status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(QStringLiteral("/proc/%1").arg(second)), 10000);
        QCOMPARE(master.stop(), 0);
    }
};

QTEST_GUILESS_MAIN(TestScriptServer)
#include "tst_scriptserver.moc"
