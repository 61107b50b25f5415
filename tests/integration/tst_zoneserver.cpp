// SPDX-License-Identifier: AGPL-3.0-or-later
// The ZoneServer as a real process (no master), with a real AuthServer and CharServer for
// accounts and characters: the process contract, the classic endpoints, movement and collisions,
// ownership, the WebSocket stream (join, AOI, chat, tells, bad messages, the bus), persistence
// across restarts and SIGKILL, the message cap and the idle shutdown.
#include "Database.h"
#include "DatabaseUrl.h"
#include "HttpTestClient.h"
#include "ServerProcess.h"
#include "SessionToken.h"
#include "TestDatabase.h"
#include "ZoneClient.h"
#include "ZoneRecorder.h"

#include <QJsonArray>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QWebSocket>
#include <QtTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

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

// The fields of an object as players see it (ZoneObject::toJson), sorted.
QStringList classicObjectKeys()
{
    QStringList keys = {"id",    "name",  "resource", "owner",   "loc_x",   "loc_y",    "loc_z",
                        "rot_x", "rot_y", "rot_z",    "scale_x", "scale_y", "scale_z",  "speed",
                        "vel_x", "vel_y", "vel_z",    "states",  "scripts", "physical", "last_modified"};
    keys.sort();
    return keys;
}

// An update that lists object `id` under `key` (changed, entered: objects; left: ids).
Predicate updateWith(const QString &key, qint64 id)
{
    return [key, id](const QJsonObject &m) {
        if (m.value("type").toString() != QLatin1String("update"))
            return false;
        for (const auto &item : m.value(key).toArray())
            if ((item.isObject() ? item.toObject().value("id").toInteger() : item.toInteger()) == id)
                return true;
        return false;
    };
}

Predicate chatWith(const QString &scope, const QString &body)
{
    return [scope, body](const QJsonObject &m) {
        return m.value("type").toString() == QLatin1String("chat") && m.value("scope").toString() == scope &&
               m.value("body").toString() == body;
    };
}

// A WebSocket client that joins and then never reads, with a small receive buffer: a stalled
// client as the zone sees it. Plain sockets, so nothing reads behind the test's back.
class StalledClient
{
public:
    ~StalledClient()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    bool open(const QUrl &zone, const QByteArray &token, const QString &character)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        int small = 4096;
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(quint16(zone.port()));
        ::inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
        if (::connect(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0)
            return false;
        const QByteArray port = QByteArray::number(zone.port());
        write(
            "GET /stream HTTP/1.1\r\nHost: 127.0.0.1:" + port +
            "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            "Sec-WebSocket-Version: 13\r\nAuthorization: Bearer " +
            token + "\r\n\r\n");
        if (!readUntil("\"type\":\"hello\"", 10000).contains("101"))
            return false;
        write(frame(QJsonDocument(QJsonObject{{"type", "join"}, {"character", character}})
                        .toJson(QJsonDocument::Compact)));
        return readUntil("\"type\":\"joined\"", 10000).contains("joined");
    }
    /// Reads until `marker` was seen, the peer closed, or the time ran out.
    QByteArray readUntil(const QByteArray &marker, int timeoutMs)
    {
        QByteArray data;
        QElapsedTimer timer;
        timer.start();
        while (!data.contains(marker) && timer.elapsed() < timeoutMs) {
            pollfd fd{m_fd, POLLIN, 0};
            if (::poll(&fd, 1, int(timeoutMs - timer.elapsed())) <= 0)
                break;
            char buffer[65536];
            const auto n = ::recv(m_fd, buffer, sizeof buffer, 0);
            if (n <= 0)
                break;
            data.append(buffer, int(n));
        }
        return data;
    }

private:
    void write(const QByteArray &bytes)
    {
        QCOMPARE(::send(m_fd, bytes.constData(), size_t(bytes.size()), 0), ssize_t(bytes.size()));
    }
    // A masked text frame, as clients must send (payloads under 126 bytes).
    static QByteArray frame(const QByteArray &payload)
    {
        const char mask[4] = {0x12, 0x34, 0x56, 0x78};
        QByteArray bytes;
        bytes.append(char(0x81)).append(char(0x80 | payload.size())).append(mask, 4);
        for (int i = 0; i < payload.size(); ++i)
            bytes.append(char(payload.at(i) ^ mask[i % 4]));
        return bytes;
    }
    int m_fd = -1;
};

QUrlQuery form(std::initializer_list<std::pair<QString, QString>> items)
{
    QUrlQuery q;
    for (const auto &[k, v] : items)
        q.addQueryItem(k, v);
    return q;
}

} // namespace

class TestZoneServer : public QObject
{
    Q_OBJECT

    const QByteArray m_secret = "zone-test-secret-0123456789abcdef";
    const QString m_zoneId = QStringLiteral("public-GhibliHills-world");
    QTemporaryDir m_data;
    QString m_database;
    std::unique_ptr<ServerProcess> m_auth;
    std::unique_ptr<ServerProcess> m_char;
    std::unique_ptr<ServerProcess> m_zone;
    QHash<QString, QByteArray> m_tokens; ///< account -> session token
    QByteArray m_adminToken;

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
    std::unique_ptr<ServerProcess> zoneProcess(const QString &zone, const QStringList &extra = {}) const
    {
        return std::make_unique<ServerProcess>(binaryPath(QStringLiteral("simplemmo-zoneserver")),
                                               serverArgs() << QStringLiteral("--zone") << zone << extra);
    }
    QByteArray serviceToken() const
    {
        return SessionToken::issue(
            SessionToken::makeClaims(0, "master:test", {"service"}, std::chrono::hours(1)), m_secret);
    }
    // An account with a session token; its characters are created through the CharServer.
    void account(const QString &name, const QStringList &characters)
    {
        HttpTestClient auth(m_auth->url());
        auth.postForm("/register", form({{"username", name}, {"password", "pw-" + name}}));
        auth.setExtraHeader("Accept", "application/json");
        const auto login = auth.postForm("/login", form({{"username", name}, {"password", "pw-" + name}}));
        QCOMPARE(login.status, 200);
        m_tokens.insert(name, login.json().object().value("token").toString().toLatin1());
        HttpTestClient chars(m_char->url());
        chars.setBearer(m_tokens.value(name));
        for (const auto &character : characters)
            QCOMPARE(chars.postForm("/new", form({{"character_name", character}})).status, 200);
    }
    std::unique_ptr<HttpTestClient> as(const QString &accountName, const QUrl &base = {}) const
    {
        auto client = std::make_unique<HttpTestClient>(base.isEmpty() ? m_zone->url() : base);
        client->setBearer(accountName.isEmpty() ? QByteArray() : m_tokens.value(accountName));
        return client;
    }
    HttpResult admin(const QString &command, const QJsonArray &args, const QUrl &base = {}) const
    {
        HttpTestClient client(base.isEmpty() ? m_zone->url() : base);
        client.setBearer(m_adminToken);
        return client.postJson("/admin", {{"command", command}, {"args", args}});
    }
    std::unique_ptr<Recorder> stream(const QString &accountName, const QUrl &base = {})
    {
        auto recorder = std::make_unique<Recorder>();
        recorder->client->open(base.isEmpty() ? m_zone->url() : base, accountName == QLatin1String("service")
                                                                          ? serviceToken()
                                                                          : m_tokens.value(accountName));
        return recorder;
    }
    std::unique_ptr<Recorder> joined(const QString &accountName, const QString &character,
                                     const QUrl &base = {})
    {
        auto recorder = stream(accountName, base);
        recorder->client->join(character);
        const bool ok = QTest::qWaitFor(
            [&] { return recorder->has(ofType("joined")) || recorder->has(ofType("error")); }, 10000);
        if (!ok || !recorder->has(ofType("joined")))
            qWarning() << "join failed" << recorder->messages;
        return recorder;
    }
    static QJsonObject objectOf(HttpTestClient &client, qint64 id)
    {
        return client.get(QStringLiteral("/objects/%1").arg(id)).json().object();
    }
    static QList<QJsonObject> objectsOwnedBy(HttpTestClient &client, const QString &owner)
    {
        QList<QJsonObject> owned;
        for (const auto &value : client.get("/objects").json().array())
            if (value.toObject().value("owner").toString() == owner)
                owned.append(value.toObject());
        return owned;
    }

private slots:
    void initTestCase()
    {
        m_database = databaseUrlForTest();
        qInfo("backend %s", qPrintable(backendName()));
        m_auth = std::make_unique<ServerProcess>(binaryPath("simplemmo-authserver"),
                                                 serverArgs() << "--hash-iterations=1000");
        QVERIFY2(m_auth->start(), qPrintable(m_auth->output()));
        m_char = std::make_unique<ServerProcess>(binaryPath("simplemmo-charserver"), serverArgs());
        QVERIFY2(m_char->start(), qPrintable(m_char->output()));
        account("alice", {"Groxnor", "Mirabel"});
        account("bob", {"Bobby", "Bertha"});
        account("carol", {"Carla", "Cedric"});
        m_adminToken = SessionToken::issue(
            SessionToken::makeClaims(0, "boss", {"admin"}, std::chrono::hours(1)), m_secret);

        m_zone = zoneProcess(m_zoneId, {"--aoi-radius", "20", "--checkpoint-ms", "200", "--tick-hz", "20",
                                        "--idle-timeout", "0", "--max-moves-per-second", "1000"});
        QVERIFY2(m_zone->start(), qPrintable(m_zone->output()));
    }

    void cleanupTestCase()
    {
        if (m_zone)
            QCOMPARE(m_zone->stop(), 0);
        if (m_char)
            m_char->stop();
        if (m_auth)
            m_auth->stop();
    }

    // The process contract -----------------------------------------------------------------------

    void refusesToStartWithoutAZone_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("no zone") << QStringList{} << "--zone";
        QTest::newRow("malformed") << QStringList{"--zone", "no-dashes-allowed-here"} << "Malformed zone id";
        QTest::newRow("two parts") << QStringList{"--zone", "public-GhibliHills"} << "Malformed zone id";
        QTest::newRow("no definition") << QStringList{"--zone", "public-Atlantis-world"} << "No such zone";
        QTest::newRow("path trick") << QStringList{"--zone", "public-..-world"} << "Malformed zone id";
        QTest::newRow("bad tick") << QStringList{"--zone", "public-GhibliHills-world", "--tick-hz", "fast"}
                                  << "--tick-hz must be";
        QTest::newRow("no zones dir")
            << QStringList{"--zone", "public-GhibliHills-world", "--zones-dir", "/nonexistent"}
            << "--zones-dir";
    }
    void refusesToStartWithoutAZone()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        QProcess process;
        process.start(binaryPath("simplemmo-zoneserver"), serverArgs() + arguments);
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 2);
        QVERIFY2(process.readAllStandardError().contains(message.toUtf8()), qPrintable(message));
        QVERIFY(!process.readAllStandardOutput().contains("SIMPLEMMO_LISTENING"));
    }

    void health()
    {
        HttpTestClient client(m_zone->url());
        const auto r = client.get("/health");
        QCOMPARE(r.status, 200);
        const auto health = r.json().object();
        QCOMPARE(health.value("ready").toBool(), true);
        QCOMPARE(health.value("role").toString(), QStringLiteral("zoneserver"));
        QCOMPARE(health.value("zone").toString(), m_zoneId);
        QVERIFY(health.contains("players"));
        QVERIFY(health.value("objects").toInt() >= 10);
        QVERIFY(health.contains("tick_ms_p99"));
        const QByteArray metrics = client.get("/metrics").body;
        for (const char *name : {"simplemmo_zone_players", "simplemmo_zone_objects",
                                 "simplemmo_zone_tick_seconds_bucket", "simplemmo_zone_tick_overruns_total"})
            QVERIFY2(metrics.contains(name), name);
    }

    // Classic endpoints ---------------------------------------------------------------------------

    void objectsEndpoints()
    {
        auto anonymous = as(QString());
        QCOMPARE(anonymous->get("/objects").status, 401);
        auto alice = as("alice");
        auto r = alice->get("/objects");
        QCOMPARE(r.status, 200);
        const QJsonArray all = r.json().array();
        int chickens = 0;
        for (const auto &value : all) {
            const auto object = value.toObject();
            if (object.value("name").toString() == QLatin1String("Chicken")) {
                ++chickens;
                QCOMPARE(object.value("scripts").toArray(), QJsonArray{"chicken"});
                QCOMPARE(object.value("physical").toBool(), true);
                QVERIFY(QRegularExpression(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$)")
                            .match(object.value("last_modified").toString())
                            .hasMatch());
            }
        }
        QCOMPARE(chickens, 10);
        // Newest first.
        for (int i = 1; i < all.size(); ++i)
            QVERIFY(all.at(i - 1).toObject().value("last_modified").toString() >=
                    all.at(i).toObject().value("last_modified").toString());

        QCOMPARE(alice->get("/objects?since=2999-01-01T00:00:00Z").json().array().size(), 0);
        QCOMPARE(alice->get("/objects?since=2000-01-01%2000:00:00:000000").json().array().size(), all.size());
        QCOMPARE(alice->get("/objects?since=2000-01-01T00:00:00.000000%2B02:00").json().array().size(),
                 all.size());
        for (const char *bad : {"/objects?since=yesterday", "/objects?since=",
                                "/objects?since=2024-13-01T00:00:00", "/messages?since=noon"}) {
            r = alice->get(QString::fromLatin1(bad));
            QCOMPARE(r.status, 400);
            QCOMPARE(r.errorCode(), QStringLiteral("bad_request"));
        }

        // Since the newest object's own time: at or after, so it is included.
        const QString newest = all.first().toObject().value("last_modified").toString();
        const auto since = alice->get("/objects?since=" + QUrl::toPercentEncoding(newest)).json().array();
        QVERIFY(!since.isEmpty());
        QCOMPARE(since.first().toObject().value("id"), all.first().toObject().value("id"));

        const auto head = anonymous->head("/objects");
        QCOMPARE(head.status, 200);
        QVERIFY(head.body.isEmpty());
        const QDateTime lastModified = QLocale::c().toDateTime(
            QString::fromLatin1(head.header("Last-Modified")), "ddd, dd MMM yyyy HH:mm:ss 'GMT'");
        QVERIFY2(lastModified.isValid(), head.header("Last-Modified").constData());

        const qint64 id = all.first().toObject().value("id").toInteger();
        QCOMPARE(objectOf(*alice, id).value("id").toInteger(), id);
        QCOMPARE(alice->get("/objects/999999").status, 404);
        QCOMPARE(alice->get("/objects/chicken").status, 404);
    }

    void setStatusAndMovement()
    {
        auto alice = as("alice");
        auto r = alice->postForm("/setstatus", form({{"character", "Groxnor"}, {"status", "online"}}));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray("true"));
        auto mine = objectsOwnedBy(*alice, "Groxnor");
        QCOMPARE(mine.size(), 1);
        QJsonObject object = mine.first();
        const qint64 id = object.value("id").toInteger();
        QCOMPARE(object.value("states").toArray(), (QJsonArray{"player", "online"}));
        QCOMPARE(object.value("name").toString(), QStringLiteral("Groxnor"));

        QCOMPARE(alice->postForm("/setstatus", form({{"character", "Groxnor"}, {"status", "dancing"}})).body,
                 QByteArray("false"));

        // Moves by (x, y, z) x speed; the answer is the moved object.
        const double x0 = object.value("loc_x").toDouble(), y0 = object.value("loc_y").toDouble();
        r = alice->postForm("/movement",
                            form({{"character", "Groxnor"}, {"x", "1"}, {"y", "-0.5"}, {"z", "0"}}));
        QCOMPARE(r.status, 200);
        object = r.json().object();
        QCOMPARE(object.value("id").toInteger(), id);
        QCOMPARE(object.value("loc_x").toDouble(), x0 + 1);
        QCOMPARE(object.value("loc_y").toDouble(), y0 - 0.5);
        // JSON bodies work too.
        r = alice->postJson("/movement", {{"character", "Groxnor"}, {"x", -1}, {"y", 0.5}, {"z", 0}});
        QCOMPARE(r.json().object().value("loc_x").toDouble(), x0);

        // Bad numbers: 400 and nothing changes.
        const QJsonObject before = objectOf(*alice, id);
        for (const auto &[x, y] :
             {std::pair{"abc", "0"}, {"5", "0"}, {"0", "-1.5"}, {"nan", "0"}, {"inf", "0"}}) {
            r = alice->postForm("/movement",
                                form({{"character", "Groxnor"}, {"x", x}, {"y", y}, {"z", "0"}}));
            QCOMPARE(r.status, 400);
        }
        QCOMPARE(objectOf(*alice, id), before);

        // Collision: put Groxnor next to a rock and walk into it.
        const qint64 rock = admin("spawn", {QJsonObject{{"name", "Rock"},
                                                        {"loc_x", 200},
                                                        {"loc_y", 200},
                                                        {"scale_x", 2},
                                                        {"scale_y", 2},
                                                        {"physical", true}}})
                                .json()
                                .object()
                                .value("id")
                                .toInteger();
        QVERIFY(rock > 0);
        QCOMPARE(admin("teleport", {"Groxnor", 198.5, 200, 0}).status, 200); // 1.5 m apart, radii 1 + 0.5
        const QJsonObject beside = objectOf(*alice, id);
        r = alice->postForm("/movement",
                            form({{"character", "Groxnor"}, {"x", "1"}, {"y", "0"}, {"z", "0"}}));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray("false"));
        QCOMPARE(objectOf(*alice, id), beside); // not moved, last_modified unchanged
        // Away from it, or past it, is fine.
        r = alice->postForm("/movement",
                            form({{"character", "Groxnor"}, {"x", "-1"}, {"y", "0"}, {"z", "0"}}));
        QCOMPARE(r.json().object().value("loc_x").toDouble(), 197.5);
        r = alice->postForm("/movement",
                            form({{"character", "Groxnor"}, {"x", "0"}, {"y", "1"}, {"z", "0"}}));
        QCOMPARE(r.json().object().value("loc_y").toDouble(), 201.0);
        QCOMPARE(admin("destroy", {rock}).status, 200);
    }

    void onlyYourOwnCharacters()
    {
        auto bob = as("bob");
        for (const char *path : {"/setstatus", "/movement", "/say"}) {
            const auto r = bob->postForm(
                QString::fromLatin1(path),
                form({{"character", "Groxnor"}, {"status", "offline"}, {"x", "1"}, {"text", "hi"}}));
            QCOMPARE(r.status, 403);
            QCOMPARE(r.errorCode(), QStringLiteral("forbidden"));
        }
        QCOMPARE(bob->postForm("/activate/1", form({{"character", "Groxnor"}})).status, 403);
        QCOMPARE(bob->postForm("/movement", form({{"character", "Nobody"}, {"x", "1"}})).status, 404);
        QCOMPARE(bob->postForm("/movement", form({{"x", "1"}})).status, 400);
        QCOMPARE(as(QString())->postForm("/movement", form({{"character", "Groxnor"}, {"x", "1"}})).status,
                 401);
        // The stream refuses it too.
        auto recorder = stream("bob");
        recorder->client->join("Groxnor");
        QTRY_VERIFY_WITH_TIMEOUT(recorder->has(ofType("error")), 10000);
        QCOMPARE(recorder->find(ofType("error")).value("code").toString(), QStringLiteral("forbidden"));
        QVERIFY(!recorder->has(ofType("joined")));
    }

    void oneObjectPerCharacter()
    {
        auto carol = as("carol");
        for (const char *status : {"online", "offline", "online", "online", "offline", "online"})
            QCOMPARE(
                carol->postForm("/setstatus", form({{"character", "Cedric"}, {"status", status}})).status,
                200);
        for (int i = 0; i < 5; ++i)
            carol->postForm("/movement", form({{"character", "Cedric"}, {"x", "0"}, {"y", "1"}}));
        auto recorder = joined("carol", "Cedric");
        QVERIFY(recorder->has(ofType("joined")));
        recorder->client->close();
        QTRY_VERIFY_WITH_TIMEOUT(
            objectsOwnedBy(*carol, "Cedric").first().value("states").toArray().contains("offline"), 10000);
        recorder = joined("carol", "cedric"); // any case
        QVERIFY(recorder->has(ofType("joined")));
        const auto owned = objectsOwnedBy(*carol, "Cedric");
        QCOMPARE(owned.size(), 1);
        QCOMPARE(recorder->find(ofType("joined")).value("id").toInteger(),
                 owned.first().value("id").toInteger());
        QCOMPARE(owned.first().value("states").toArray(), (QJsonArray{"player", "online"}));
    }

    void leavingWritesTheCharacterRecord()
    {
        auto carol = as("carol");
        auto recorder = joined("carol", "Carla");
        QVERIFY(recorder->has(ofType("joined")));
        recorder->client->move(1, 1);
        const qint64 id = recorder->client->selfId();
        QTRY_VERIFY_WITH_TIMEOUT(objectOf(*carol, id).value("loc_x").toDouble() == 1.0, 10000);
        auto chars = as("carol", m_char->url());
        QTRY_VERIFY_WITH_TIMEOUT(chars->get("/Carla").json().object().value("online").toBool(), 10000);
        QCOMPARE(chars->get("/Carla").json().object().value("zone").toString(), m_zoneId);
        recorder->client->close(); // disconnecting leaves the zone
        QTRY_VERIFY_WITH_TIMEOUT(!chars->get("/Carla").json().object().value("online").toBool(), 10000);
        const auto record = chars->get("/Carla").json().object();
        QCOMPARE(record.value("zone").toString(), m_zoneId);
        QCOMPARE(record.value("loc_x").toDouble(), 1.0);
        QCOMPARE(record.value("loc_y").toDouble(), 1.0);
        // Setting the status offline does the same.
        QCOMPARE(carol->postForm("/setstatus", form({{"character", "Carla"}, {"status", "online"}})).status,
                 200);
        carol->postForm("/movement", form({{"character", "Carla"}, {"x", "1"}}));
        QCOMPARE(carol->postForm("/setstatus", form({{"character", "Carla"}, {"status", "offline"}})).status,
                 200);
        QTRY_COMPARE_WITH_TIMEOUT(chars->get("/Carla").json().object().value("loc_x").toDouble(), 2.0, 10000);
        QVERIFY(!chars->get("/Carla").json().object().value("online").toBool());
    }

    // The stream -----------------------------------------------------------------------------------

    void streamJoinMoveAndAreaOfInterest()
    {
        auto mirabel = joined("alice", "Mirabel");
        auto bobby = joined("bob", "Bobby");
        QVERIFY(mirabel->has(ofType("hello")));
        const auto hello = mirabel->find(ofType("hello"));
        QCOMPARE(hello.value("zone").toString(), m_zoneId);
        QCOMPARE(hello.value("role").toString(), QStringLiteral("player"));
        const auto joinedMessage = mirabel->find(ofType("joined"));
        QCOMPARE(joinedMessage.value("self").toObject().value("name").toString(), QStringLiteral("Mirabel"));
        const qint64 mirabelId = mirabel->client->selfId();
        const qint64 bobbyId = bobby->client->selfId();
        QVERIFY(mirabelId > 0 && bobbyId > 0);
        QVERIFY(mirabel->client->objects().contains(mirabelId));
        for (const auto &object : mirabel->client->objects()) // only the area of interest (20 m)
            QVERIFY(std::hypot(object.value("loc_x").toDouble(), object.value("loc_y").toDouble()) <=
                    20.0 + 1e-9);

        // Both at the spawn point: Bobby sees Mirabel move.
        QCOMPARE(admin("teleport", {"Mirabel", 0, 0, 0}).status, 200);
        QCOMPARE(admin("teleport", {"Bobby", 3, 0, 0}).status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(mirabel->client->objects().contains(bobbyId), 10000);
        mirabel->client->move(0, 1);
        QTRY_VERIFY_WITH_TIMEOUT(bobby->client->object(mirabelId).value("loc_y").toDouble() == 1.0, 10000);

        // Bobby walks out of Mirabel's area of interest: she is told it left, and he that she did.
        bobby->messages.clear();
        mirabel->messages.clear();
        QCOMPARE(admin("teleport", {"Bobby", 60, 0, 0}).status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(mirabel->has(updateWith("left", bobbyId)), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(bobby->has(updateWith("left", mirabelId)), 10000);
        QVERIFY(!mirabel->client->objects().contains(bobbyId));
        // Moves out there are not sent to her.
        bobby->client->move(1, 0);
        QTRY_VERIFY_WITH_TIMEOUT(bobby->client->object(bobbyId).value("loc_x").toDouble() == 61.0, 10000);
        QVERIFY(!mirabel->has(updateWith("changed", bobbyId)));
        // And back in: entered, with the whole object.
        QCOMPARE(admin("teleport", {"Bobby", 5, 0, 0}).status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(mirabel->has(updateWith("entered", bobbyId)), 10000);
        QCOMPARE(mirabel->client->object(bobbyId).value("loc_x").toDouble(), 5.0);
        QCOMPARE(mirabel->client->object(bobbyId).value("name").toString(), QStringLiteral("Bobby"));
    }

    void updatesCarryOnlyWhatChangedWhenAsked()
    {
        // Two plain WebSocket clients, one asking for updates=delta; the mover is a ZoneClient.
        struct Raw
        {
            QWebSocket socket;
            QList<QJsonObject> messages;
            QJsonObject find(const Predicate &predicate) const
            {
                for (const auto &message : messages)
                    if (predicate(message))
                        return message;
                return {};
            }
        };
        const auto open = [this](Raw &raw, const QString &query, const QString &character) {
            QObject::connect(&raw.socket, &QWebSocket::textMessageReceived, [&raw](const QString &text) {
                raw.messages.append(QJsonDocument::fromJson(text.toUtf8()).object());
            });
            QUrl url = ZoneClient::streamUrl(m_zone->url());
            url.setQuery(query);
            QNetworkRequest request(url);
            request.setRawHeader("Authorization", "Bearer " + m_tokens.value("carol"));
            raw.socket.open(request);
            QTRY_VERIFY_WITH_TIMEOUT(raw.find(ofType("hello")).size() > 0, 10000);
            raw.socket.sendTextMessage(
                QStringLiteral("{\"type\":\"join\",\"character\":\"%1\"}").arg(character));
            QTRY_VERIFY_WITH_TIMEOUT(raw.find(ofType("joined")).size() > 0, 10000);
        };
        Raw delta, full;
        open(delta, QStringLiteral("updates=delta"), QStringLiteral("Carla"));
        open(full, QString(), QStringLiteral("Cedric"));
        QCOMPARE(delta.find(ofType("hello")).value("updates").toString(), QStringLiteral("delta"));
        QCOMPARE(full.find(ofType("hello")).value("updates").toString(), QStringLiteral("full"));
        auto groxnor = joined("alice", "Groxnor");
        QCOMPARE(groxnor->find(ofType("hello")).value("updates").toString(), QStringLiteral("delta"));
        const qint64 groxnorId = groxnor->client->selfId();
        for (const auto &[name, x] : {std::pair{"Carla", 100}, {"Cedric", 101}, {"Groxnor", 102}})
            QCOMPARE(admin("teleport", {name, x, 100, 0}).status, 200);
        const qint64 barrel =
            admin("spawn", {"Barrel", "barrel", 103, 100, 0}).json().object().value("id").toInteger();
        QTRY_VERIFY_WITH_TIMEOUT(delta.find(updateWith("entered", groxnorId)).size() > 0, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(full.find(updateWith("entered", barrel)).size() > 0, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(groxnor->client->objects().contains(barrel), 10000);

        const auto changedEntry = [](const Raw &raw, qint64 id, const QString &field) {
            for (const auto &message : raw.messages)
                if (message.value("type").toString() == QLatin1String("update"))
                    for (const auto &item : message.value("changed").toArray())
                        if (item.toObject().value("id").toInteger() == id && item.toObject().contains(field))
                            return item.toObject();
            return QJsonObject();
        };
        const QStringList classic = classicObjectKeys();
        // A move: the delta client gets the coordinate that changed, the other the whole object.
        groxnor->client->move(0, 1);
        QTRY_VERIFY_WITH_TIMEOUT(changedEntry(delta, groxnorId, "loc_y").size() > 0, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(changedEntry(full, groxnorId, "loc_y").size() > 0, 10000);
        auto entry = changedEntry(delta, groxnorId, "loc_y");
        QCOMPARE(entry.keys(), (QStringList{"id", "last_modified", "loc_y"}));
        QCOMPARE(entry.value("loc_y").toDouble(), 101.0);
        QCOMPARE(changedEntry(full, groxnorId, "loc_y").keys(), classic);
        // Other fields likewise.
        QCOMPARE(admin("set", {barrel, QJsonObject{{"states", QJsonArray{"broken"}}, {"scale_x", 2}}}).status,
                 200);
        QTRY_VERIFY_WITH_TIMEOUT(changedEntry(delta, barrel, "states").size() > 0, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(changedEntry(full, barrel, "states").size() > 0, 10000);
        QCOMPARE(changedEntry(delta, barrel, "states").keys(),
                 (QStringList{"id", "last_modified", "scale_x", "states"}));
        QCOMPARE(changedEntry(full, barrel, "states").keys(), classic);

        // ZoneClient completes the changes: its signals and mirror hold whole objects, the zone's.
        auto http = as("alice");
        QTRY_COMPARE_WITH_TIMEOUT(groxnor->client->object(barrel), objectOf(*http, barrel), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(groxnor->client->object(groxnorId), objectOf(*http, groxnorId), 10000);
        const auto update = groxnor->find(updateWith("changed", barrel));
        QVERIFY(!update.isEmpty());
        for (const auto &item : update.value("changed").toArray())
            QCOMPARE(item.toObject().keys(), classic);
        QCOMPARE(admin("destroy", {barrel}).status, 200);
    }

    void streamChat()
    {
        auto mirabel = joined("alice", "Mirabel");
        auto bobby = joined("bob", "Bobby");
        mirabel->client->say("Hello, hills!");
        QTRY_VERIFY_WITH_TIMEOUT(bobby->has(chatWith("zone", "Hello, hills!")), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(mirabel->has(chatWith("zone", "Hello, hills!")), 10000);
        const auto line = bobby->find(chatWith("zone", "Hello, hills!"));
        QCOMPARE(line.value("sender").toString(), QStringLiteral("Mirabel"));
        QCOMPARE(line.value("player_generated").toBool(), true);
        QVERIFY(line.contains("loc_x") && line.contains("sent") && line.contains("id"));
        // Stored: GET /messages has it, with the classic fields.
        auto alice = as("alice");
        const auto messages = alice->get("/messages").json().array();
        QVERIFY(!messages.isEmpty());
        const auto stored = messages.last().toObject();
        QCOMPARE(stored.value("body").toString(), QStringLiteral("Hello, hills!"));
        QCOMPARE(stored.value("sender").toString(), QStringLiteral("Mirabel"));
        for (const char *key :
             {"id", "sender", "body", "loc_x", "loc_y", "loc_z", "player_generated", "sent"})
            QVERIFY2(stored.contains(key), key);
        QCOMPARE(alice->get("/messages?since=" + QUrl::toPercentEncoding(stored.value("sent").toString()))
                     .json()
                     .array()
                     .last()
                     .toObject()
                     .value("id"),
                 stored.value("id"));
        QCOMPARE(alice->get("/messages?since=2999-01-01T00:00:00Z").json().array().size(), 0);

        // Over HTTP too.
        const auto r = alice->postForm("/say", form({{"character", "Mirabel"}, {"text", "and over HTTP"}}));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().object().value("body").toString(), QStringLiteral("and over HTTP"));
        QTRY_VERIFY_WITH_TIMEOUT(bobby->has(chatWith("zone", "and over HTTP")), 10000);
        QCOMPARE(alice->postForm("/say", form({{"character", "Mirabel"}, {"text", "   "}})).status, 400);
        QCOMPARE(
            alice->postForm("/say", form({{"character", "Mirabel"}, {"text", QString(501, 'x')}})).status,
            400);
    }

    void chatIsRateLimited()
    {
        auto cedric = joined("carol", "Cedric");
        for (int i = 0; i < 10; ++i)
            cedric->client->say(QStringLiteral("spam %1").arg(i));
        QTRY_VERIFY_WITH_TIMEOUT(cedric->has(ofType("error")), 10000);
        QCOMPARE(cedric->find(ofType("error")).value("code").toString(), QStringLiteral("rate_limited"));
        QVERIFY(cedric->has(chatWith("zone", "spam 0")));
        QVERIFY(cedric->client->isConnected());
    }

    void tellsWithinTheZone()
    {
        auto mirabel = joined("alice", "Mirabel");
        auto bobby = joined("bob", "Bobby");
        auto bertha = joined("bob", "Bertha");
        mirabel->client->tell("bobby", "psst");
        QTRY_VERIFY_WITH_TIMEOUT(bobby->has(chatWith("tell", "psst")), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(mirabel->has(chatWith("tell", "psst")), 10000); // the sender's echo
        const auto tell = bobby->find(chatWith("tell", "psst"));
        QCOMPARE(tell.value("sender").toString(), QStringLiteral("Mirabel"));
        QCOMPARE(tell.value("to").toString(), QStringLiteral("Bobby"));
        QVERIFY(!bertha->has(chatWith("tell", "psst"))); // private
        // Not part of the zone's public messages.
        for (const auto &value : as("alice")->get("/messages").json().array())
            QVERIFY(value.toObject().value("body").toString() != QLatin1String("psst"));
        // Over HTTP.
        const auto r = as("bob")->postForm(
            "/tell", form({{"character", "Bertha"}, {"to", "Mirabel"}, {"text", "hi back"}}));
        QCOMPARE(r.status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(mirabel->has(chatWith("tell", "hi back")), 10000);
        // Nobody of that name online, and no master to ask: not found.
        mirabel->client->tell("Nobody", "are you there?");
        QTRY_VERIFY_WITH_TIMEOUT(mirabel->has(ofType("error")), 10000);
        QCOMPARE(mirabel->find(ofType("error")).value("code").toString(), QStringLiteral("not_found"));
        QCOMPARE(as("bob")
                     ->postForm("/tell", form({{"character", "Bertha"}, {"to", "Nobody"}, {"text", "x"}}))
                     .status,
                 404);
    }

    void badStreamMessagesGetAnErrorAndTheConnectionStays()
    {
        auto bertha = stream("bob");
        QTRY_VERIFY_WITH_TIMEOUT(bertha->has(ofType("hello")), 10000);
        // Before joining.
        bertha->client->move(1, 0);
        QTRY_VERIFY_WITH_TIMEOUT(bertha->has(ofType("error")), 10000);
        QCOMPARE(bertha->find(ofType("error")).value("code").toString(), QStringLiteral("not_joined"));
        bertha->client->join("Bertha");
        QTRY_VERIFY_WITH_TIMEOUT(bertha->has(ofType("joined")), 10000);

        const QList<std::pair<QString, QString>> bad = {
            {"this is not JSON", "bad_request"},
            {"[1, 2, 3]", "bad_request"},
            {R"({"type": "fly"})", "unknown_type"},
            {R"({"no": "type"})", "unknown_type"},
            {R"({"type": "move", "dx": "north"})", "bad_request"},
            {R"({"type": "move", "dx": 5})", "bad_request"},
            {R"({"type": "say", "text": ""})", "bad_request"},
            {R"({"type": "activate", "id": "chicken"})", "bad_request"},
            {R"({"type": "activate", "id": 999999})", "not_found"},
            {R"({"type": "correct", "id": 1, "loc_x": 0})", "unknown_type"}, // players are not the bus
            {R"({"type": "join", "character": "Groxnor"})", "forbidden"},
        };
        for (const auto &[text, code] : bad) {
            bertha->messages.clear();
            bertha->client->sendText(text);
            QTRY_VERIFY_WITH_TIMEOUT(bertha->has(ofType("error")), 10000);
            QCOMPARE(bertha->find(ofType("error")).value("code").toString(), code);
        }
        // Still joined and working.
        QCOMPARE(bertha->client->character(), QStringLiteral("Bertha"));
        const qint64 id = bertha->client->selfId();
        const double y = bertha->client->object(id).value("loc_y").toDouble();
        bertha->client->move(0, 1);
        QTRY_COMPARE_WITH_TIMEOUT(bertha->client->object(id).value("loc_y").toDouble(), y + 1, 10000);
        QVERIFY(bertha->client->isConnected());
    }

    void streamNeedsAToken()
    {
        for (const QByteArray &token : {QByteArray(), QByteArray("forged.token")}) {
            Recorder recorder;
            recorder.client->open(m_zone->url(), token);
            QTRY_VERIFY_WITH_TIMEOUT(recorder.closeCode != -1, 10000);
            QCOMPARE(recorder.closeCode, int(QWebSocketProtocol::CloseCodePolicyViolated));
            QVERIFY(recorder.closeReason.startsWith("unauthorized"));
        }
        // Browsers cannot set headers: the token may come as ?token= or as the cookie `user`.
        Recorder query;
        QUrl withToken = m_zone->url();
        withToken.setQuery(QStringLiteral("token=") +
                           QString::fromLatin1(QUrl::toPercentEncoding(m_tokens.value("alice"))));
        query.client->open(withToken, {});
        QTRY_VERIFY_WITH_TIMEOUT(query.has(ofType("hello")), 10000);
        QCOMPARE(query.find(ofType("hello")).value("user").toString(), QStringLiteral("alice"));
        QWebSocket cookie;
        QNetworkRequest request(ZoneClient::streamUrl(m_zone->url()));
        request.setRawHeader("Cookie", "admin=1; user=" + m_tokens.value("bob"));
        QSignalSpy cookieMessage(&cookie, &QWebSocket::textMessageReceived);
        cookie.open(request);
        QVERIFY(cookieMessage.wait(10000));
        QVERIFY(cookieMessage.first().first().toString().contains("\"user\":\"bob\""));
        // A plain GET of the stream endpoint says what it is.
        HttpTestClient client(m_zone->url());
        QCOMPARE(client.get("/stream").status, 426);
    }

    void busAndActivation()
    {
        auto bus = stream("service");
        QTRY_VERIFY_WITH_TIMEOUT(bus->has(ofType("hello")), 10000);
        QCOMPARE(bus->client->role(), QStringLiteral("bus"));
        QVERIFY(bus->client->objects().size() >= 10); // the whole zone
        auto mirabel = joined("alice", "Mirabel");

        // The bus sees every change, wherever it is.
        QCOMPARE(admin("teleport", {"Mirabel", 500, 500, 0}).status, 200);
        const qint64 mirabelId = mirabel->client->selfId();
        QTRY_VERIFY_WITH_TIMEOUT(bus->client->object(mirabelId).value("loc_x").toDouble() == 500.0, 10000);

        // A correction from the PhysicsServer moves an object; players nearby see it.
        QCOMPARE(admin("teleport", {"Mirabel", 0, 0, 0}).status, 200);
        const qint64 chicken = admin("spawn", {QJsonObject{{"name", "Chicken"},
                                                           {"resource", "chicken"},
                                                           {"loc_x", 2},
                                                           {"loc_y", 2},
                                                           {"physical", true}}})
                                   .json()
                                   .object()
                                   .value("id")
                                   .toInteger();
        QVERIFY(chicken > 0);
        QTRY_VERIFY_WITH_TIMEOUT(mirabel->client->objects().contains(chicken), 10000);
        bus->client->correct(chicken, 3, 4, 0);
        QTRY_VERIFY_WITH_TIMEOUT(mirabel->client->object(chicken).value("loc_x").toDouble() == 3.0, 10000);
        QCOMPARE(mirabel->client->object(chicken).value("loc_y").toDouble(), 4.0);

        // Activation asks the bus; the ScriptServer's truthy answers come back.
        QObject::connect(bus->client.get(), &ZoneClient::eventReceived, [&](const QJsonObject &event) {
            if (event.value("event").toString() == QLatin1String("activate"))
                bus->client->sendAction("activate_result", {{"request", event.value("request")},
                                                            {"results", QJsonArray{"Cluck!", 0, false}}});
        });
        auto alice = as("alice");
        auto r =
            alice->postForm(QStringLiteral("/activate/%1").arg(chicken), form({{"character", "Mirabel"}}));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().array(), QJsonArray{"Cluck!"});
        mirabel->client->activate(chicken);
        QTRY_VERIFY_WITH_TIMEOUT(
            mirabel->has([](const QJsonObject &m) { return m.value("event") == "activated"; }), 10000);
        QCOMPARE(mirabel->find([](const QJsonObject &m) { return m.value("event") == "activated"; })
                     .value("result"),
                 QJsonValue(QJsonArray{"Cluck!"}));
        QCOMPARE(alice->postForm("/activate/999999", form({{"character", "Mirabel"}})).status, 404);

        // A script speaks and sends events; a bad action gets an error.
        bus->client->sendAction("say", {{"id", chicken}, {"text", "Bawk."}});
        QTRY_VERIFY_WITH_TIMEOUT(mirabel->has(chatWith("zone", "Bawk.")), 10000);
        QCOMPARE(mirabel->find(chatWith("zone", "Bawk.")).value("player_generated").toBool(), false);
        bus->client->sendAction("event",
                                {{"id", chicken}, {"event", "lays_egg"}, {"data", QJsonObject{{"eggs", 1}}}});
        QTRY_VERIFY_WITH_TIMEOUT(
            mirabel->has([](const QJsonObject &m) { return m.value("event") == "lays_egg"; }), 10000);
        bus->client->sendAction("teleport_everyone");
        QTRY_VERIFY_WITH_TIMEOUT(bus->has(ofType("error")), 10000);
        QCOMPARE(bus->find(ofType("error")).value("code").toString(), QStringLiteral("unknown_action"));

        // Without a bus nobody answers: false.
        bus->client->close();
        QTRY_VERIFY_WITH_TIMEOUT(!bus->client->isConnected(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(
            alice->postForm(QStringLiteral("/activate/%1").arg(chicken), form({{"character", "Mirabel"}}))
                .body,
            QByteArray("false"), 10000);
    }

    void internalCallsFromTheMaster()
    {
        auto bobby = joined("bob", "Bobby");
        HttpTestClient master(m_zone->url());
        auto player = as("bob");
        QCOMPARE(player->postJson("/internal/tell", {{"from", "X"}, {"to", "Bobby"}, {"text", "hi"}}).status,
                 403);
        QCOMPARE(as(QString())->postJson("/internal/global", {{"sender", "X"}, {"text", "hi"}}).status, 401);
        master.setBearer(serviceToken());
        auto r =
            master.postJson("/internal/tell", {{"from", "Faraway"}, {"to", "bobby"}, {"text", "from afar"}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray("true"));
        QTRY_VERIFY_WITH_TIMEOUT(bobby->has(chatWith("tell", "from afar")), 10000);
        QCOMPARE(
            master.postJson("/internal/tell", {{"from", "Faraway"}, {"to", "Nobody"}, {"text", "x"}}).status,
            404);
        r = master.postJson("/internal/global", {{"sender", "Herald"}, {"text", "Hear ye"}});
        QCOMPARE(r.status, 200);
        QVERIFY(r.json().object().value("delivered").toInt() >= 1);
        QTRY_VERIFY_WITH_TIMEOUT(bobby->has(chatWith("global", "Hear ye")), 10000);
    }

    void adminCommands()
    {
        auto bob = as("bob");
        QCOMPARE(bob->postJson("/admin", {{"command", "players"}, {"args", QJsonArray()}}).status, 403);
        auto r = admin("fly", {});
        QCOMPARE(r.status, 400);
        QVERIFY(r.errorMessage().contains("Unknown command"));
        QCOMPARE(admin("spawn", {"not enough"}).status, 400);
        QCOMPARE(admin("destroy", {"x"}).status, 400);
        r = admin("spawn", {"Barrel", "barrel", 40, 40, 0});
        QCOMPARE(r.status, 200);
        const qint64 id = r.json().object().value("id").toInteger();
        QCOMPARE(objectOf(*bob, id).value("name").toString(), QStringLiteral("Barrel"));
        r = admin("set", {id, QJsonObject{{"states", QJsonArray{"broken"}}, {"scale_x", 2}}});
        QCOMPARE(r.json().object().value("scale_x").toDouble(), 2.0);
        QCOMPARE(admin("set", {id, QJsonObject{{"scale_x", "huge"}}}).status, 400);
        QCOMPARE(objectOf(*bob, id).value("scale_x").toDouble(), 2.0);
        QCOMPARE(admin("destroy", {id}).body, QByteArray("true"));
        QCOMPARE(bob->get(QStringLiteral("/objects/%1").arg(id)).status, 404);
        QCOMPARE(admin("destroy", {id}).status, 404);
        r = admin("broadcast", {"Server restarts at noon"});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().object().value("player_generated").toBool(), false);
        // Form-encoded args work as well.
        HttpTestClient form_(m_zone->url());
        form_.setBearer(m_adminToken);
        r = form_.postForm("/admin", form({{"command", "players"}, {"args", "[]"}}));
        QCOMPARE(r.status, 200);
        QVERIFY(r.json().isArray());
        QCOMPARE(form_.postForm("/admin", form({{"command", "players"}, {"args", "{"}})).status, 400);
    }

    // Persistence ----------------------------------------------------------------------------------

    void definitionIsLoadedOnceAndStateSurvivesRestarts()
    {
        const QString zone = QStringLiteral("public-GhibliHills-restart");
        auto process = zoneProcess(zone);
        QVERIFY2(process->start(), qPrintable(process->output()));
        auto alice = as("alice", process->url());
        const auto before = alice->get("/objects").json().array();
        QCOMPARE(before.size(), 10);
        const qint64 chicken = before.first().toObject().value("id").toInteger();
        QCOMPARE(admin("teleport", {chicken, 123, 45, 0}, process->url()).status, 200);
        const qint64 spawned =
            admin("spawn", {"Egg", "egg", 1, 1}, process->url()).json().object().value("id").toInteger();
        const qint64 destroyed = before.last().toObject().value("id").toInteger();
        QCOMPARE(admin("destroy", {destroyed}, process->url()).status, 200);
        QCOMPARE(process->stop(), 0); // graceful: final checkpoint

        for (int run = 0; run < 2; ++run) {
            process = zoneProcess(zone);
            QVERIFY2(process->start(), qPrintable(process->output()));
            alice->setBase(process->url());
            const auto after = alice->get("/objects").json().array();
            QCOMPARE(after.size(), 10); // 10 - 1 destroyed + 1 spawned: the definition was not added again
            QCOMPARE(objectOf(*alice, chicken).value("loc_x").toDouble(), 123.0);
            QCOMPARE(objectOf(*alice, spawned).value("name").toString(), QStringLiteral("Egg"));
            QCOMPARE(alice->get(QStringLiteral("/objects/%1").arg(destroyed)).status, 404);
            QSet<qint64> ids;
            for (const auto &value : after)
                ids.insert(value.toObject().value("id").toInteger());
            QCOMPARE(ids.size(), after.size());
            QCOMPARE(process->stop(), 0);
        }
    }

    void killedZoneRestartsFromItsLastCheckpoint()
    {
        const QString zone = QStringLiteral("public-defaultzone-killtest");
        const QStringList options = {"--checkpoint-ms", "300", "--max-moves-per-second", "1000"};
        auto process = zoneProcess(zone, options);
        QVERIFY2(process->start(), qPrintable(process->output()));
        auto carol = as("carol", process->url());
        QCOMPARE(carol->get("/objects").json().array().size(), 110);
        QCOMPARE(carol->postForm("/setstatus", form({{"character", "Carla"}, {"status", "online"}})).status,
                 200);

        QList<QPointF> positions;
        const auto step = [&](const char *dx, const char *dy) {
            const auto r = carol->postForm("/movement", form({{"character", "Carla"}, {"x", dx}, {"y", dy}}));
            const auto object = r.json().object();
            positions.append({object.value("loc_x").toDouble(), object.value("loc_y").toDouble()});
            return object.value("id").toInteger();
        };
        qint64 id = 0;
        for (int i = 0; i < 3; ++i)
            id = step("0", "1");
        const int checkpointed = int(positions.size()) - 1;
        // Wait until a checkpoint has written the last position (read from the database itself).
        Database database(*DatabaseUrl::parse(m_database, m_data.path()));
        QTRY_VERIFY_WITH_TIMEOUT(
            database.scalar("SELECT loc_y FROM zone_objects WHERE zone_id = ? AND object_id = ?", {zone, id})
                    .toDouble() == positions.last().y(),
            15000);
        // Acknowledged chat is never lost.
        QCOMPARE(
            carol->postForm("/say", form({{"character", "Carla"}, {"text", "famous last words"}})).status,
            200);
        for (int i = 0; i < 3; ++i)
            step("1", "0"); // positions stay distinct, so the restored one says which it is
        process->kill();

        process = zoneProcess(zone, options);
        QVERIFY2(process->start(), qPrintable(process->output()));
        carol->setBase(process->url());
        const auto object = objectOf(*carol, id);
        const QPointF restored(object.value("loc_x").toDouble(), object.value("loc_y").toDouble());
        // At most one checkpoint old: the checkpointed position or a later one.
        QVERIFY2(positions.indexOf(restored) >= checkpointed,
                 qPrintable(QStringLiteral("restored (%1, %2)").arg(restored.x()).arg(restored.y())));
        // Nobody is connected to a fresh process: the character is offline, its record says where.
        QCOMPARE(object.value("states").toArray(), (QJsonArray{"player", "offline"}));
        auto chars = as("carol", m_char->url());
        QTRY_VERIFY_WITH_TIMEOUT(!chars->get("/Carla").json().object().value("online").toBool(), 10000);
        bool found = false;
        for (const auto &value : carol->get("/messages").json().array())
            found = found || value.toObject().value("body").toString() == QLatin1String("famous last words");
        QVERIFY(found);
        QCOMPARE(carol->get("/objects").json().array().size(), 111); // 110 + Carla, no duplicates
        QCOMPARE(process->stop(), 0);
    }

    void messageCapPrunesNonPlayerLinesFirst()
    {
        const QString zone = QStringLiteral("public-AdventureDungeon-capped");
        auto process = zoneProcess(zone, {"--max-messages", "10", "--max-chat-per-second", "100"});
        QVERIFY2(process->start(), qPrintable(process->output()));
        auto bob = as("bob", process->url());
        for (int i = 0; i < 4; ++i)
            QCOMPARE(admin("broadcast", {QStringLiteral("announcement %1").arg(i)}, process->url()).status,
                     200);
        for (int i = 0; i < 8; ++i)
            QCOMPARE(bob->postForm("/say",
                                   form({{"character", "Bobby"}, {"text", QStringLiteral("line %1").arg(i)}}))
                         .status,
                     200);
        const auto messages = bob->get("/messages").json().array();
        QCOMPARE(messages.size(), 10);
        QStringList bodies;
        for (const auto &value : messages)
            bodies.append(value.toObject().value("body").toString());
        // The two oldest announcements went; every player line stayed, in the order sent.
        QCOMPARE(bodies, (QStringList{"announcement 2", "announcement 3", "line 0", "line 1", "line 2",
                                      "line 3", "line 4", "line 5", "line 6", "line 7"}));
        for (int i = 8; i < 11; ++i)
            bob->postForm("/say", form({{"character", "Bobby"}, {"text", QStringLiteral("line %1").arg(i)}}));
        const auto later = bob->get("/messages").json().array();
        QCOMPARE(later.size(), 10);
        QCOMPARE(later.first().toObject().value("body").toString(), QStringLiteral("line 1"));
        QCOMPARE(process->stop(), 0);
    }

    void slowClientsAreDropped()
    {
        auto process = zoneProcess(QStringLiteral("public-AdventureDungeon-slow"),
                                   {"--max-client-buffer", "65536", "--tick-hz", "20"});
        QVERIFY2(process->start(), qPrintable(process->output()));
        StalledClient stalled;
        QVERIFY(stalled.open(process->url(), m_tokens.value("bob"), "Bertha"));
        auto fast = joined("bob", "Bobby", process->url());
        QVERIFY(fast->has(ofType("joined")));
        auto bus = stream("service", process->url());
        QTRY_VERIFY_WITH_TIMEOUT(bus->has(ofType("hello")), 10000);

        // Forty objects around the spawn point, pushed about by the bus on every tick.
        QList<qint64> ids;
        for (int i = 0; i < 40; ++i)
            ids.append(admin("spawn", {"Moth", "moth", i % 8, i / 8}, process->url())
                           .json()
                           .object()
                           .value("id")
                           .toInteger());
        int round = 0;
        QTimer shaker;
        QObject::connect(&shaker, &QTimer::timeout, [&] {
            ++round;
            for (const qint64 id : ids)
                bus->client->correct(id, (id % 8) + 0.01 * (round % 10), double(id / 8), 0);
        });
        shaker.start(25);
        static const QRegularExpression dropped(
            QStringLiteral("simplemmo_zone_slow_clients_dropped_total\\S* (\\d+)"));
        HttpTestClient metrics(process->url());
        QTRY_VERIFY_WITH_TIMEOUT(
            dropped.match(QString::fromUtf8(metrics.get("/metrics").body)).captured(1).toInt() >= 1, 30000);
        shaker.stop();
        // Only the stalled one: the client that reads is still there, and still served.
        QVERIFY(fast->client->isConnected());
        QCOMPARE(dropped.match(QString::fromUtf8(metrics.get("/metrics").body)).captured(1).toInt(), 1);
        // The stalled client, reading at last, finds the close frame and its reason.
        QVERIFY(stalled.readUntil("too slow", 15000).contains("too slow"));
        QCOMPARE(process->stop(), 0);
    }

    void idleZoneShutsItselfDown()
    {
        auto process = zoneProcess(QStringLiteral("public-AdventureDungeon-idle"), {"--idle-timeout", "2"});
        QElapsedTimer started;
        started.start();
        QVERIFY2(process->start(), qPrintable(process->output()));
        QCOMPARE(HttpTestClient(process->url()).get("/health").status, 200);
        // A player keeps it alive while connected.
        auto bobby = joined("bob", "Bobby", process->url());
        QVERIFY(bobby->has(ofType("joined")));
        QSignalSpy finished(&process->process(), &QProcess::finished);
        QVERIFY(!finished.wait(2500)); // still running past the idle timeout
        bobby->client->close();
        QVERIFY(finished.wait(15000));
        QCOMPARE(process->process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(process->process().exitCode(), 0);
        QVERIFY(process->output().contains("final checkpoint") ||
                process->process().readAllStandardError().contains("final checkpoint"));
        // Bobby's record says where he was when the zone closed.
        auto chars = as("bob", m_char->url());
        QCOMPARE(chars->get("/Bobby").json().object().value("zone").toString(),
                 QStringLiteral("public-AdventureDungeon-idle"));
    }
};

QTEST_GUILESS_MAIN(TestZoneServer)
#include "tst_zoneserver.moc"
