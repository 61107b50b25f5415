// SPDX-License-Identifier: AGPL-3.0-or-later
// The PhysicsServer as a real process on a real ZoneServer's bus (with a real AuthServer and
// CharServer for the characters): the process contract, /health and /metrics, settling of
// overlapping objects, corrections reaching a player's live stream, a character stopped at a box
// the zone's circle check lets it into, collisions reaching the bus and players, the zone
// running on without physics and a new physics process resynchronising, collisions reaching an
// object's script, and the MasterZoneServer starting the PhysicsServer beside a zone and starting
// it again when it is killed.
#include "HttpTestClient.h"
#include "ServerProcess.h"
#include "SessionToken.h"
#include "TestDatabase.h"
#include "ZoneClient.h"
#include "ZoneRecorder.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QLineF>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <functional>

#include <signal.h>

using namespace smmo;
using namespace smmo::test;

namespace {

using Predicate = MessagePredicate;

using Recorder = ZoneRecorder;

Predicate ofType(const QString &type)
{
    return [type](const QJsonObject &m) { return m.value("type").toString() == type; };
}

// An update that lists object `id` under `key` (changed or entered).
Predicate updateWith(const QString &key, qint64 id)
{
    return [key, id](const QJsonObject &m) {
        if (m.value("type").toString() != QLatin1String("update"))
            return false;
        for (const auto &item : m.value(key).toArray())
            if (item.toObject().value("id").toInteger() == id)
                return true;
        return false;
    };
}

// An update in which object `id` changed to (x, y).
Predicate changedTo(qint64 id, double x, double y)
{
    return [id, x, y](const QJsonObject &m) {
        if (m.value("type").toString() != QLatin1String("update"))
            return false;
        for (const auto &item : m.value("changed").toArray()) {
            const QJsonObject o = item.toObject();
            if (o.value("id").toInteger() == id && std::abs(o.value("loc_x").toDouble() - x) < 1e-9 &&
                std::abs(o.value("loc_y").toDouble() - y) < 1e-9)
                return true;
        }
        return false;
    };
}

// The collision event the zone forwards: {"type": "event", "event": "collision", "id", "other", "speed"}.
Predicate collision(qint64 id, qint64 other)
{
    return [id, other](const QJsonObject &m) {
        return m.value("type").toString() == QLatin1String("event") &&
               m.value("event").toString() == QLatin1String("collision") && m.value("id").toInteger() == id &&
               m.value("other").toInteger() == other;
    };
}

double planarDistance(const QJsonObject &a, const QJsonObject &b)
{
    return std::hypot(a.value("loc_x").toDouble() - b.value("loc_x").toDouble(),
                      a.value("loc_y").toDouble() - b.value("loc_y").toDouble());
}

// Distance from an object's centre to an axis-aligned box around (cx, cy), half extents (hx, hy).
double distanceToBox(const QJsonObject &o, double cx, double cy, double hx, double hy)
{
    const double dx = qMax(0.0, std::abs(o.value("loc_x").toDouble() - cx) - hx);
    const double dy = qMax(0.0, std::abs(o.value("loc_y").toDouble() - cy) - hy);
    return std::hypot(dx, dy);
}

QUrlQuery form(std::initializer_list<std::pair<QString, QString>> items)
{
    QUrlQuery q;
    for (const auto &[k, v] : items)
        q.addQueryItem(k, v);
    return q;
}

// The test zone: a barrel at (3, 0), a 2 x 2 box wall around (0, 10), two chickens dropped on top
// of each other at (-10, 0), at height 2.5.
QByteArray physicsLab()
{
    const auto chicken = [](double x, double y) {
        return QJsonObject{{"name", "Chicken"},
                           {"resource", "chicken"},
                           {"loc_x", x},
                           {"loc_y", y},
                           {"loc_z", 2.5},
                           {"speed", 1},
                           {"scripts", QJsonArray{"chicken"}},
                           {"physical", true}};
    };
    const QJsonArray objects{
        QJsonObject{
            {"name", "Barrel"}, {"resource", "barrel"}, {"loc_x", 3}, {"loc_y", 0}, {"physical", true}},
        QJsonObject{{"name", "Wall"},
                    {"resource", "wall"},
                    {"loc_x", 0},
                    {"loc_y", 10},
                    {"scale_x", 2},
                    {"scale_y", 2},
                    {"physical", true},
                    {"states", QJsonArray{"box"}}},
        chicken(-10, 0), chicken(-10.2, 0.1)};
    return QJsonDocument(QJsonObject{{"name", "PhysicsLab"},
                                     {"description", "Scenery and creatures for the PhysicsServer's tests."},
                                     {"spawn", QJsonObject{{"x", 0}, {"y", 0}, {"z", 0}}},
                                     {"objects", objects}})
        .toJson();
}

} // namespace

class TestPhysicsServer : public QObject
{
    Q_OBJECT

    const QByteArray m_secret = "physics-test-secret-0123456789abcdef";
    const QString m_zoneId = QStringLiteral("public-PhysicsLab-world");
    QTemporaryDir m_data;
    QString m_zonesDir;
    QString m_database;
    std::unique_ptr<ServerProcess> m_auth;
    std::unique_ptr<ServerProcess> m_char;
    std::unique_ptr<ServerProcess> m_zone;
    std::unique_ptr<ServerProcess> m_physics;
    QHash<QString, QByteArray> m_tokens; ///< account -> session token
    std::unique_ptr<Recorder> m_bus;     ///< the test's own bus connection
    std::unique_ptr<Recorder> m_player;  ///< alice playing Groxnor

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
    std::unique_ptr<ServerProcess> physicsProcess(const QStringList &extra = {}) const
    {
        return std::make_unique<ServerProcess>(
            binaryPath(QStringLiteral("simplemmo-physicsserver")),
            QStringList{QStringLiteral("--port=0"), QStringLiteral("--data-dir"), m_data.path(),
                        QStringLiteral("--secret"), QString::fromLatin1(m_secret), QStringLiteral("--zone"),
                        m_zoneId, QStringLiteral("--zone-url"), m_zone->url().toString(),
                        QStringLiteral("--reconnect-ms"), QStringLiteral("200")}
                << extra);
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
        auth.postForm("/register", form({{"username", name}, {"password", "pw-" + name}}));
        auth.setExtraHeader("Accept", "application/json");
        const auto login = auth.postForm("/login", form({{"username", name}, {"password", "pw-" + name}}));
        QCOMPARE(login.status, 200);
        m_tokens.insert(name, login.json().object().value("token").toString().toLatin1());
        HttpTestClient chars(m_char->url());
        chars.setBearer(m_tokens.value(name));
        QCOMPARE(chars.postForm("/new", form({{"character_name", character}})).status, 200);
    }
    HttpResult admin(const QString &command, const QJsonArray &args, const QUrl &zone = {}) const
    {
        HttpTestClient client(zone.isEmpty() ? m_zone->url() : zone);
        client.setBearer(adminToken());
        return client.postJson("/admin", {{"command", command}, {"args", args}});
    }
    qint64 spawn(const QJsonObject &fields, const QUrl &zone = {}) const
    {
        const auto r = admin("spawn", QJsonArray{fields}, zone);
        if (r.status != 200)
            qWarning() << "spawn failed" << r.status << r.body;
        return r.json().object().value("id").toInteger();
    }
    static QJsonObject crate(double x, double y, QJsonObject extra = {})
    {
        QJsonObject fields{{"name", "Crate"}, {"resource", "crate"}, {"loc_x", x},
                           {"loc_y", y},      {"speed", 1},          {"scripts", QJsonArray{"crate"}},
                           {"physical", true}};
        for (auto it = extra.begin(); it != extra.end(); ++it)
            fields.insert(it.key(), it.value());
        return fields;
    }
    QList<QJsonObject> objects(const QUrl &zone = {}) const
    {
        HttpTestClient client(zone.isEmpty() ? m_zone->url() : zone);
        client.setBearer(m_tokens.value("alice"));
        QList<QJsonObject> all;
        for (const auto &value : client.get("/objects").json().array())
            all.append(value.toObject());
        return all;
    }
    QJsonObject objectById(qint64 id) const
    {
        HttpTestClient client(m_zone->url());
        client.setBearer(m_tokens.value("alice"));
        return client.get(QStringLiteral("/objects/%1").arg(id)).json().object();
    }
    QList<QJsonObject> named(const QString &name, const QUrl &zone = {}) const
    {
        QList<QJsonObject> found;
        for (const auto &object : objects(zone))
            if (object.value("name").toString() == name)
                found.append(object);
        return found;
    }
    static QJsonObject health(const QUrl &url)
    {
        HttpTestClient client(url);
        return client.get("/health").json().object();
    }
    std::unique_ptr<Recorder> bus(const QString &name)
    {
        auto recorder = std::make_unique<Recorder>();
        recorder->client->open(
            m_zone->url(), SessionToken::issue(SessionToken::makeClaims(0, name, {QStringLiteral("service")},
                                                                        std::chrono::hours(1)),
                                               m_secret));
        return recorder;
    }
    // The bodies the zone's objects should make: physical ones and online characters.
    int expectedBodies() const
    {
        int count = 0;
        for (const auto &object : objects()) {
            const QJsonArray states = object.value("states").toArray();
            count += states.contains("player") ? (states.contains("online") ? 1 : 0)
                                               : (object.value("physical").toBool() ? 1 : 0);
        }
        return count;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_data.isValid());
        m_database = databaseUrlForTest();
        qInfo("backend %s", qPrintable(backendName()));
        m_zonesDir = QDir(m_data.path()).filePath("zones");
        QVERIFY(QDir().mkpath(m_zonesDir));
        QFile definition(QDir(m_zonesDir).filePath("PhysicsLab.json"));
        QVERIFY(definition.open(QIODevice::WriteOnly));
        definition.write(physicsLab());
        definition.close();

        m_auth = std::make_unique<ServerProcess>(binaryPath("simplemmo-authserver"),
                                                 serverArgs() << "--hash-iterations=1000");
        QVERIFY2(m_auth->start(), qPrintable(m_auth->output()));
        m_char = std::make_unique<ServerProcess>(binaryPath("simplemmo-charserver"), serverArgs());
        QVERIFY2(m_char->start(), qPrintable(m_char->output()));
        account("alice", "Groxnor");

        m_zone = std::make_unique<ServerProcess>(binaryPath("simplemmo-zoneserver"),
                                                 serverArgs() << "--zone" << m_zoneId << "--zones-dir"
                                                              << m_zonesDir << "--tick-hz"
                                                              << "20"
                                                              << "--idle-timeout"
                                                              << "0"
                                                              << "--aoi-radius"
                                                              << "100"
                                                              << "--max-moves-per-second"
                                                              << "1000");
        QVERIFY2(m_zone->start(), qPrintable(m_zone->output()));
        m_bus = bus(QStringLiteral("test:bus"));
        QTRY_VERIFY_WITH_TIMEOUT(m_bus->has(ofType("hello")), 10000);

        m_physics = physicsProcess();
        QVERIFY2(m_physics->start(), qPrintable(m_physics->output()));
        QTRY_COMPARE_WITH_TIMEOUT(health(m_physics->url()).value("ready").toBool(), true, 10000);
    }

    void cleanupTestCase()
    {
        m_player.reset();
        m_bus.reset();
        if (m_physics)
            QCOMPARE(m_physics->stop(), 0);
        if (m_zone) {
            const int code = m_zone->stop();
            if (code != 0)
                for (const QString &line : m_zone->output().right(4000).split('\n'))
                    qWarning("zone: %s", qPrintable(line));
            QCOMPARE(code, 0);
        }
        if (m_char)
            m_char->stop();
        if (m_auth)
            m_auth->stop();
    }

    // The process contract -----------------------------------------------------------------------

    void refusesBadOptions_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("no zone") << QStringList{"--zone-url", "http://127.0.0.1:1"} << "--zone";
        QTest::newRow("malformed zone")
            << QStringList{"--zone", "nodashes", "--zone-url", "http://127.0.0.1:1"} << "Malformed zone id";
        QTest::newRow("no zone url") << QStringList{"--zone", "public-PhysicsLab-world"} << "--zone-url";
        QTest::newRow("not http") << QStringList{"--zone", "public-PhysicsLab-world", "--zone-url", "ftp://x"}
                                  << "--zone-url must be";
        QTest::newRow("bad step rate") << QStringList{"--zone",     "public-PhysicsLab-world",
                                                      "--zone-url", "http://127.0.0.1:1",
                                                      "--step-hz",  "0"}
                                       << "--step-hz must be";
        QTest::newRow("bad threshold") << QStringList{"--zone",
                                                      "public-PhysicsLab-world",
                                                      "--zone-url",
                                                      "http://127.0.0.1:1",
                                                      "--correction-threshold",
                                                      "near"}
                                       << "--correction-threshold must be";
    }
    void refusesBadOptions()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        QProcess process;
        process.start(
            binaryPath("simplemmo-physicsserver"),
            QStringList{"--port=0", "--data-dir", m_data.path(), "--secret", QString::fromLatin1(m_secret)} +
                arguments);
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 2);
        QVERIFY2(process.readAllStandardError().contains(message.toUtf8()), qPrintable(message));
        QVERIFY(!process.readAllStandardOutput().contains("SIMPLEMMO_LISTENING"));
    }

    void helpListsTheOptions()
    {
        QProcess process;
        process.start(binaryPath("simplemmo-physicsserver"), {"--help"});
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), 0);
        const QByteArray help = process.readAllStandardOutput();
        for (const char *option : {"--zone ", "--zone-url", "--step-hz", "--correction-threshold",
                                   "--teleport-distance", "--zone-lost-timeout"})
            QVERIFY2(help.contains(option), option);
    }

    void givesUpOnAZoneItNeverReached()
    {
        // Port 1 on loopback refuses connections: never synced, so after the timeout it exits 1.
        ServerProcess lost(binaryPath("simplemmo-physicsserver"),
                           {"--port=0", "--data-dir", m_data.path(), "--secret",
                            QString::fromLatin1(m_secret), "--zone", m_zoneId, "--zone-url",
                            "http://127.0.0.1:1", "--reconnect-ms", "100", "--zone-lost-timeout", "1"});
        QVERIFY2(lost.start(), qPrintable(lost.output()));
        QCOMPARE(health(lost.url()).value("ready").toBool(), false);
        QCOMPARE(health(lost.url()).value("bus").toString(), QStringLiteral("connecting"));
        QVERIFY(lost.process().waitForFinished(15000));
        QCOMPARE(lost.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(lost.process().exitCode(), 1);
    }

    void healthAndMetrics()
    {
        const QJsonObject h = health(m_physics->url());
        QCOMPARE(h.value("role").toString(), QStringLiteral("physicsserver"));
        QCOMPARE(h.value("zone").toString(), m_zoneId);
        QCOMPARE(h.value("bus").toString(), QStringLiteral("synced"));
        QCOMPARE(h.value("step_hz").toInt(), 60);
        QCOMPARE(h.value("static_bodies").toInt(), 2);  // the barrel and the wall
        QCOMPARE(h.value("dynamic_bodies").toInt(), 2); // the chickens
        QCOMPARE(h.value("player_bodies").toInt(), 0);
        QCOMPARE(h.value("bodies").toInt(), 4);
        QVERIFY(h.contains("corrections_per_second"));
        QVERIFY(h.contains("step_ms_p99"));
        QTRY_VERIFY(health(m_physics->url()).value("steps").toDouble() > 0);

        HttpTestClient client(m_physics->url());
        const QByteArray metrics = client.get("/metrics").body;
        for (const char *name :
             {"simplemmo_physics_bodies", "simplemmo_physics_static_bodies",
              "simplemmo_physics_player_bodies", "simplemmo_physics_step_seconds_bucket",
              "simplemmo_physics_step_seconds_count", "simplemmo_physics_corrections_total",
              "simplemmo_physics_corrections_per_second", "simplemmo_physics_collisions_total",
              "simplemmo_physics_bus_synced"})
            QVERIFY2(metrics.contains(name), name);
    }

    // Settling and corrections --------------------------------------------------------------------

    void overlappingObjectsSettle()
    {
        // The definition drops the two chickens 0.22 m apart; physics pushes them apart.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const auto chickens = named("Chicken");
                return chickens.size() == 2 && planarDistance(chickens.at(0), chickens.at(1)) >= 1.0 - 1e-3;
            }(),
            10000);
        for (const auto &chicken : named("Chicken"))
            QCOMPARE(chicken.value("loc_z").toDouble(), 2.5); // z carried through
        QVERIFY(health(m_physics->url()).value("corrections").toDouble() >= 1);
    }

    void correctionsAppearInAPlayersStream()
    {
        m_player = std::make_unique<Recorder>();
        m_player->client->open(m_zone->url(), m_tokens.value("alice"));
        m_player->client->join("Groxnor");
        QTRY_VERIFY_WITH_TIMEOUT(m_player->has(ofType("joined")), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(health(m_physics->url()).value("player_bodies").toInt(), 1, 10000);

        // Two crates spawned on top of each other: the player sees them arrive overlapping, then
        // the corrected positions in later updates.
        const qint64 a = spawn(crate(-5, 5));
        const qint64 b = spawn(crate(-5.1, 5.05));
        QVERIFY(a > 0 && b > 0);
        ZoneClient &client = *m_player->client;
        QTRY_VERIFY_WITH_TIMEOUT(client.objects().contains(a) && client.objects().contains(b) &&
                                     planarDistance(client.object(a), client.object(b)) >= 1.0 - 1e-3,
                                 10000);
        QVERIFY(m_player->has(updateWith("entered", a)));
        QVERIFY(m_player->has(updateWith("changed", a)) || m_player->has(updateWith("changed", b)));
    }

    void characterIsStoppedAtTheWallsCorner()
    {
        // The zone checks circles: for the 2 x 2 wall at (0, 10) a circle of radius 1, which lets
        // Groxnor (radius 0.5) walk to (1, 8.7), 0.3 m below the wall's corner (1, 9). Physics
        // knows the box and pushes him out; his own stream shows where he really stands.
        ZoneClient &client = *m_player->client;
        const qint64 self = client.selfId();
        QVERIFY(self > 0);
        for (int i = 0; i < 8; ++i)
            client.move(0, 1);
        client.move(1, 0.7);
        QTRY_VERIFY_WITH_TIMEOUT(m_player->has(changedTo(self, 1, 8.7)),
                                 10000); // where the zone let him go
        QTRY_VERIFY_WITH_TIMEOUT(distanceToBox(client.object(self), 0, 10, 1, 1) >= 0.5 - 2e-3, 10000);
        const QJsonObject corrected = client.object(self);
        QVERIFY2(distanceToBox(corrected, 0, 10, 1, 1) <= 0.5 + 0.05,
                 qPrintable(QJsonDocument(corrected).toJson(QJsonDocument::Compact)));
        // The zone's own record agrees with the stream (once the last correction is in).
        QTRY_VERIFY_WITH_TIMEOUT(std::abs(objectById(self).value("loc_y").toDouble() -
                                          client.object(self).value("loc_y").toDouble()) < 1e-9,
                                 10000);

        // The contact is an event about both objects, on the bus and in the player's stream.
        const qint64 wall = named("Wall").value(0).value("id").toInteger();
        QTRY_VERIFY_WITH_TIMEOUT(m_bus->has(collision(self, wall)) && m_bus->has(collision(wall, self)),
                                 10000);
        QTRY_VERIFY_WITH_TIMEOUT(m_player->has(collision(self, wall)), 10000);
    }

    void creatureWalkingIntoTheBarrelStopsAndCollides()
    {
        // A crate walking at 2 m/s (vel_x) towards the barrel at (3, 0) from (6, 0), at height 1.5.
        const qint64 barrel = named("Barrel").value(0).value("id").toInteger();
        const qint64 walker = spawn(crate(6, 0, {{"vel_x", -2}, {"loc_z", 1.5}}));
        QVERIFY(walker > 0);
        QTRY_VERIFY_WITH_TIMEOUT(m_bus->has(collision(walker, barrel)), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const QJsonObject o = objectById(walker);
                return std::abs(o.value("loc_x").toDouble() - 4.0) < 0.03;
            }(),
            10000);
        const QJsonObject stopped = objectById(walker);
        QVERIFY(stopped.value("loc_x").toDouble() >= 4.0 - 1e-3); // touching, not inside
        QCOMPARE(stopped.value("loc_z").toDouble(), 1.5);
        QVERIFY(m_bus->has(collision(barrel, walker)));
        // The player sees the crate, so the zone forwards the event to him too.
        QTRY_VERIFY_WITH_TIMEOUT(m_player->has(collision(walker, barrel)), 10000);
        for (const auto &m : m_bus->messages)
            if (collision(walker, barrel)(m))
                QVERIFY2(m.value("speed").toDouble() > 1.0, "approach speed in m/s");
    }

    // Without physics, and back ---------------------------------------------------------------------

    void zoneRunsOnWithoutPhysicsAndANewOneResyncs()
    {
        m_physics->kill();
        QVERIFY(!m_physics->isRunning());
        // The zone notices the bus connection is gone (its own, the player's and the test's remain).
        QTRY_COMPARE_WITH_TIMEOUT(health(m_zone->url()).value("connections").toInt(), 2, 10000);

        // The zone keeps its own circle check: walking into the barrel is refused.
        ZoneClient &client = *m_player->client;
        const qint64 self = client.selfId();
        QCOMPARE(admin("teleport", QJsonArray{"Groxnor", 1.6, 0, 0}).status, 200);
        client.move(1, 0);
        QTRY_VERIFY_WITH_TIMEOUT(m_player->has([self](const QJsonObject &m) {
            return m.value("event").toString() == QLatin1String("blocked") &&
                   m.value("id").toInteger() == self;
        }),
                                 10000);

        // Objects changed while physics is away stay as the zone made them...
        const qint64 a = spawn(crate(-5, -5));
        const qint64 b = spawn(crate(-5.05, -5));
        QVERIFY(planarDistance(objectById(a), objectById(b)) < 0.1);

        // ... until a new PhysicsServer synchronises from the bus's snapshot and settles them.
        m_physics = physicsProcess();
        QVERIFY2(m_physics->start(), qPrintable(m_physics->output()));
        QTRY_COMPARE_WITH_TIMEOUT(health(m_physics->url()).value("ready").toBool(), true, 10000);
        const QJsonObject h = health(m_physics->url());
        QCOMPARE(h.value("syncs").toInt(), 1);
        QCOMPARE(h.value("bodies").toInt(), expectedBodies());
        QCOMPARE(h.value("player_bodies").toInt(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(planarDistance(objectById(a), objectById(b)) >= 1.0 - 1e-3, 10000);
        // Contacts that existed when it arrived (the crate pressing against the barrel, the two
        // new crates) are not news: no collisions reported.
        QCOMPARE(health(m_physics->url()).value("collisions").toInt(), 0);
    }

    void characterPutIntoTheBarrelEndsAtItsEdge()
    {
        // A teleport is not checked by the zone: Groxnor lands 0.4 m into the barrel at (3, 0).
        // Physics drives him there, stops him where the two circles touch and corrects the zone.
        ZoneClient &client = *m_player->client;
        const qint64 self = client.selfId();
        QCOMPARE(admin("teleport", QJsonArray{"Groxnor", 2.6, 0, 0}).status, 200);
        const qint64 barrel = named("Barrel").value(0).value("id").toInteger();
        const QJsonObject barrelObject = objectById(barrel);
        QTRY_VERIFY_WITH_TIMEOUT(m_player->has(changedTo(self, 2.6, 0)), 10000); // where the zone put him
        QTRY_VERIFY_WITH_TIMEOUT(client.object(self).value("loc_x").toDouble() < 2.5, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(planarDistance(client.object(self), barrelObject) >= 1.0 - 2e-3, 10000);
        QVERIFY(planarDistance(client.object(self), barrelObject) <= 1.0 + 0.03);
        QTRY_VERIFY_WITH_TIMEOUT(m_bus->has(collision(barrel, self)), 10000);
    }

    // A collision found by the physics world reaches the script of the object that was hit: a
    // ScriptServer runs the shipped bumper.js, a crate driven by physics (vel_x, so the zone never
    // refuses a step of it) runs into the bumper, and the bumper's onCollide says "Boing!".
    void physicsCollisionsReachAScript()
    {
        ServerProcess scripts(
            binaryPath("simplemmo-scriptserver"),
            {"--port=0", "--data-dir", m_data.path(), "--secret", QString::fromLatin1(m_secret), "--zone",
             m_zoneId, "--zone-url", m_zone->url().toString(), "--scripts-dir",
             QDir(qEnvironmentVariable("SIMPLEMMO_SOURCE_DIR")).filePath("scripts/objects")});
        QVERIFY2(scripts.start(), qPrintable(scripts.output()));
        QTRY_COMPARE_WITH_TIMEOUT(health(scripts.url()).value("ready").toBool(), true, 10000);

        const qint64 bumper = spawn({{"name", "Bumper"},
                                     {"resource", "bumper"},
                                     {"loc_x", 3},
                                     {"loc_y", -20},
                                     {"scale_x", 1.5},
                                     {"scale_y", 1.5},
                                     {"speed", 0},
                                     {"scripts", QJsonArray{"bumper"}},
                                     {"physical", true}});
        QVERIFY(bumper > 0);
        const int from = m_player->messages.size();
        const qint64 crash = spawn(crate(7, -20, {{"vel_x", -2}}));
        QVERIFY(crash > 0);
        // The physics world reports the contact with the approach speed, so it is physics' event ...
        QTRY_VERIFY_WITH_TIMEOUT(m_bus->has(collision(bumper, crash), from), 10000);
        for (const auto &m : m_bus->messages)
            if (collision(bumper, crash)(m))
                QVERIFY2(m.value("speed").toDouble() > 1.0, "approach speed in m/s");
        // ... and the bumper's script heard it and spoke.
        QTRY_VERIFY_WITH_TIMEOUT(m_player->has(
                                     [bumper](const QJsonObject &m) {
                                         return m.value("type").toString() == QLatin1String("chat") &&
                                                m.value("object").toInteger() == bumper &&
                                                m.value("body").toString() == QLatin1String("Boing!");
                                     },
                                     from),
                                 10000);
        QCOMPARE(scripts.stop(), 0);
    }

    // Through the master ----------------------------------------------------------------------------

    void masterStartsThePhysicsServerBesideTheZone()
    {
        const QString zoneId = QStringLiteral("public-PhysicsLab-master");
        const QString dataDir = QDir(m_data.path()).filePath("master");
        QVERIFY(QDir().mkpath(dataDir));
        ServerProcess master(binaryPath("simplemmo-masterzoneserver"),
                             {"--port=0", "--data-dir", dataDir, "--database", m_database, "--secret",
                              QString::fromLatin1(m_secret), "--char-url", m_char->url().toString(),
                              "--zones-dir", m_zonesDir, "--zone-executable",
                              binaryPath("simplemmo-zoneserver"), "--zone-companions",
                              "simplemmo-physicsserver", "--zone-idle-timeout=0"});
        QVERIFY2(master.start(), qPrintable(master.output()));
        HttpTestClient client(master.url());
        client.setBearer(m_tokens.value("alice"));
        const auto r = client.get(QLatin1Char('/') + zoneId);
        QCOMPARE(r.status, 200);
        const QUrl zoneUrl(QString::fromUtf8(r.body));

        // The companion connects to the zone's bus and settles the chickens of this instance too.
        const QString log = QDir(dataDir).filePath("logs/physicsserver-" + zoneId + ".log");
        const auto logText = [&] {
            QFile file(log);
            return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        };
        QTRY_VERIFY_WITH_TIMEOUT(logText().contains("bus synchronised"), 15000);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const auto chickens = named("Chicken", zoneUrl);
                return chickens.size() == 2 && planarDistance(chickens.at(0), chickens.at(1)) >= 1.0 - 1e-3;
            }(),
            10000);

        // Stopping the master stops the zone and its PhysicsServer.
        const auto physicsPids = [&] {
            QList<qint64> pids;
            for (const QString &entry : QDir("/proc").entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
                QFile cmdline("/proc/" + entry + "/cmdline");
                if (!cmdline.open(QIODevice::ReadOnly))
                    continue;
                QStringList args;
                for (const QByteArray &arg : cmdline.readAll().split('\0'))
                    args.append(QString::fromLocal8Bit(arg));
                if (!args.isEmpty() && args.first().endsWith("simplemmo-physicsserver") &&
                    args.contains(zoneId) && args.contains(dataDir))
                    pids.append(entry.toLongLong());
            }
            return pids;
        };
        QCOMPARE(physicsPids().size(), 1);

        // A killed PhysicsServer is started again by the master and resynchronises from the bus:
        // two crates spawned on top of each other afterwards are pushed apart.
        const qint64 killed = physicsPids().constFirst();
        QCOMPARE(::kill(pid_t(killed), SIGKILL), 0);
        // One look at /proc per check: two could see the killed process in one and not the other.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const QList<qint64> pids = physicsPids();
                return pids.size() == 1 && !pids.contains(killed);
            }(),
            30000);
        const auto physicsCompanion = [&] {
            HttpTestClient admin(master.url());
            admin.setBearer(adminToken());
            for (const auto &zone : admin.get("/zones").json().array())
                if (zone.toObject().value("id").toString() == zoneId)
                    for (const auto &companion : zone.toObject().value("companions").toArray())
                        if (companion.toObject().value("name").toString() == QLatin1String("physicsserver"))
                            return companion.toObject();
            return QJsonObject();
        };
        QTRY_COMPARE_WITH_TIMEOUT(physicsCompanion().value("state").toString(), QStringLiteral("running"),
                                  20000);
        QCOMPARE(physicsCompanion().value("restarts").toInt(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(logText().count("bus synchronised"), 2, 15000);
        const qint64 a = spawn(crate(-5, -5), zoneUrl);
        const qint64 b = spawn(crate(-5.05, -5), zoneUrl);
        QVERIFY(a > 0 && b > 0);
        const auto crateAt = [&](qint64 id) {
            for (const auto &object : objects(zoneUrl))
                if (object.value("id").toInteger() == id)
                    return object;
            return QJsonObject();
        };
        QTRY_VERIFY_WITH_TIMEOUT(planarDistance(crateAt(a), crateAt(b)) >= 1.0 - 1e-3, 10000);

        QCOMPARE(master.stop(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(physicsPids().isEmpty(), 15000);
    }
};

QTEST_GUILESS_MAIN(TestPhysicsServer)
#include "tst_physicsserver.moc"
