// SPDX-License-Identifier: AGPL-3.0-or-later
// The MasterZoneServer as a real process beside a real AuthServer and CharServer, starting real
// ZoneServers: zones on demand and found again, several at once, the entry rules, concurrent
// first requests, crashes noticed and restarted from the checkpoint, idle shutdown, the admin
// API, global chat and tells, adoption of zones after a master restart, and no orphans on stop.
#include "AdoptedZone.h"
#include "Database.h"
#include "DatabaseUrl.h"
#include "HttpTestClient.h"
#include "ProcessProbe.h"
#include "ServerProcess.h"
#include "SessionToken.h"
#include "TestCluster.h"
#include "TestDatabase.h"
#include "ZoneClient.h"

#include <QDir>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

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

// A metric's value from the Prometheus text, -1 when absent.
double metric(const QByteArray &text, const QByteArray &name)
{
    for (const QByteArray &line : text.split('\n'))
        if (line.startsWith(name + '{') || line.startsWith(name + ' '))
            return line.mid(line.lastIndexOf(' ') + 1).toDouble();
    return -1;
}

} // namespace

class TestMasterZoneServer : public QObject
{
    Q_OBJECT

    const QByteArray m_secret = "master-integration-secret-0123456789";
    QTemporaryDir m_data;
    QString m_database;
    std::unique_ptr<ServerProcess> m_auth;
    std::unique_ptr<ServerProcess> m_char;
    std::unique_ptr<ServerProcess> m_master;
    QHash<QString, QByteArray> m_tokens; // user -> session token

    QStringList commonArgs(const QString &dataDir, const QString &database) const
    {
        return {QStringLiteral("--port=0"),
                QStringLiteral("--data-dir"),
                dataDir,
                QStringLiteral("--database"),
                database,
                QStringLiteral("--secret"),
                QString::fromLatin1(m_secret)};
    }
    QStringList masterArgs(const QString &dataDir, const QString &database, int idleSeconds = 300) const
    {
        return commonArgs(dataDir, database)
               << QStringLiteral("--char-url") << m_char->url().toString() << QStringLiteral("--zones-dir")
               << qEnvironmentVariable("SIMPLEMMO_SOURCE_DIR") + QStringLiteral("/scripts/zones")
               << QStringLiteral("--zone-executable") << binaryPath(QStringLiteral("simplemmo-zoneserver"))
               << QStringLiteral("--zone-start-timeout=20") << QStringLiteral("--zone-stop-timeout=10")
               << QStringLiteral("--zone-watch-interval=200")
               // crashedZoneRestartsFromItsCheckpoint looks at the crashed state before the next
               // request restarts it (automatic restarts are covered by tst_faults_killmatrix).
               << QStringLiteral("--zone-restart-delay=0")
               << QStringLiteral("--zone-idle-timeout=%1").arg(idleSeconds);
    }
    std::unique_ptr<ServerProcess> startMaster(const QStringList &args)
    {
        auto master =
            std::make_unique<ServerProcess>(binaryPath(QStringLiteral("simplemmo-masterzoneserver")), args);
        if (!master->start())
            qWarning("master did not start: %s", qPrintable(master->output()));
        return master;
    }
    QByteArray serviceToken(const QString &name = QStringLiteral("zone:test")) const
    {
        return SessionToken::issue(
            SessionToken::makeClaims(0, name, {QStringLiteral("service")}, std::chrono::hours(1)), m_secret);
    }
    QByteArray adminToken() const
    {
        return SessionToken::issue(SessionToken::makeClaims(999, QStringLiteral("Boss"),
                                                            {QStringLiteral("admin")}, std::chrono::hours(1)),
                                   m_secret);
    }
    // A registered user with a character; returns the user's session token.
    QByteArray player(const QString &user, const QString &character)
    {
        if (m_tokens.contains(user))
            return m_tokens.value(user);
        HttpTestClient client(m_auth->url());
        client.setExtraHeader("Accept", "application/json");
        const auto fields =
            form({{QStringLiteral("username"), user}, {QStringLiteral("password"), "pw-" + user}});
        client.postForm(QStringLiteral("/register"), fields);
        const auto login = client.postForm(QStringLiteral("/login"), fields);
        const QByteArray token = login.json().object().value(QStringLiteral("token")).toString().toLatin1();
        HttpTestClient chars(m_char->url());
        chars.setBearer(token);
        const auto created =
            chars.postForm(QStringLiteral("/new"), form({{QStringLiteral("character_name"), character}}));
        if (created.status != 200)
            qWarning() << "creating" << character << created.status << created.body;
        m_tokens.insert(user, token);
        return token;
    }
    std::unique_ptr<HttpTestClient> masterClient(const QByteArray &token) const
    {
        auto client = std::make_unique<HttpTestClient>(m_master->url());
        client->setBearer(token);
        return client;
    }
    QJsonObject zoneEntry(const QString &zoneId)
    {
        auto admin = masterClient(adminToken());
        for (const auto &value : admin->get(QStringLiteral("/zones")).json().array())
            if (value.toObject().value(QStringLiteral("id")).toString() == zoneId)
                return value.toObject();
        return {};
    }
    // Sends every GET at once and waits for all answers (or the timeout).
    static QList<HttpResult> parallelGets(const QUrl &base, const QStringList &paths, const QByteArray &token,
                                          int timeoutMs = 60000)
    {
        QNetworkAccessManager network;
        QList<QNetworkReply *> replies;
        for (const QString &path : paths) {
            QNetworkRequest request(base.resolved(QUrl(path)));
            request.setRawHeader("Authorization", "Bearer " + token);
            request.setTransferTimeout(timeoutMs);
            replies.append(network.get(request));
        }
        QEventLoop loop;
        QTimer timeout;
        timeout.setSingleShot(true);
        QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
        int done = 0;
        for (auto *reply : replies)
            QObject::connect(reply, &QNetworkReply::finished, &loop, [&] {
                if (++done == replies.size())
                    loop.quit();
            });
        timeout.start(timeoutMs);
        if (done < replies.size())
            loop.exec();
        QList<HttpResult> results;
        for (auto *reply : replies) {
            HttpResult result;
            result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            result.body = reply->readAll();
            results.append(result);
            reply->deleteLater();
        }
        return results;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_data.isValid());
        QVERIFY2(QFileInfo::exists(binaryPath(QStringLiteral("simplemmo-zoneserver"))),
                 "simplemmo-zoneserver is not built");
        m_database = databaseUrlForTest();
        qInfo("backend %s", qPrintable(backendName()));
        m_auth = std::make_unique<ServerProcess>(binaryPath(QStringLiteral("simplemmo-authserver")),
                                                 commonArgs(m_data.path(), m_database)
                                                     << QStringLiteral("--hash-iterations=1000"));
        QVERIFY2(m_auth->start(), qPrintable(m_auth->output()));
        m_char = std::make_unique<ServerProcess>(binaryPath(QStringLiteral("simplemmo-charserver")),
                                                 commonArgs(m_data.path(), m_database));
        QVERIFY2(m_char->start(), qPrintable(m_char->output()));
        m_master = startMaster(masterArgs(m_data.path(), m_database));
        QVERIFY2(m_master->isRunning() && !m_master->url().isEmpty(), qPrintable(m_master->output()));
        player(QStringLiteral("alice"), QStringLiteral("Alicia"));
        player(QStringLiteral("bob"), QStringLiteral("Bobble"));
    }

    void cleanupTestCase()
    {
        // The master stops its zones; the last test already checked it leaves none behind.
        if (m_master)
            m_master->stop();
        if (m_char)
            QCOMPARE(m_char->stop(), 0);
        if (m_auth)
            QCOMPARE(m_auth->stop(), 0);
    }

    void zoneStartedOnDemandAndFoundAgain()
    {
        const QString zoneId = QStringLiteral("playerinstance-GhibliHills-Alicia");
        auto alice = masterClient(player(QStringLiteral("alice"), QStringLiteral("Alicia")));
        QVERIFY(TestCluster::zoneServerPids(zoneId, m_data.path()).isEmpty());
        auto r = alice->get(QLatin1Char('/') + zoneId);
        QCOMPARE(r.status, 200);
        const QUrl url(QString::fromUtf8(r.body));
        QVERIFY2(url.isValid() && url.scheme() == QLatin1String("http") && url.port() > 0,
                 r.body.constData());
        QVERIFY(r.header("Content-Type").startsWith("text/plain"));

        // It is ready when the master answers, and it is that zone.
        HttpTestClient zone(url);
        const auto health = zone.get(QStringLiteral("/health"));
        QCOMPARE(health.status, 200);
        QCOMPARE(health.json().object().value(QStringLiteral("zone")).toString(), zoneId);
        QCOMPARE(health.json().object().value(QStringLiteral("ready")).toBool(), true);

        // Found again: the same URL, still one process.
        r = alice->get(QLatin1Char('/') + zoneId);
        QCOMPARE(r.status, 200);
        QCOMPARE(QUrl(QString::fromUtf8(r.body)), url);
        const auto pids = TestCluster::zoneServerPids(zoneId, m_data.path());
        QCOMPARE(pids.size(), 1);

        const QJsonObject entry = zoneEntry(zoneId);
        QCOMPARE(entry.value(QStringLiteral("state")).toString(), QStringLiteral("running"));
        QCOMPARE(entry.value(QStringLiteral("url")).toString(), url.toString());
        QCOMPARE(qint64(entry.value(QStringLiteral("pid")).toDouble()), pids.first());
        QVERIFY(entry.contains(QStringLiteral("players")));
        QVERIFY(entry.contains(QStringLiteral("objects")));
        QVERIFY(entry.value(QStringLiteral("uptime")).toDouble() >= 0);
        QCOMPARE(entry.value(QStringLiteral("adopted")).toBool(), false);

        // Its stderr went to the log file the contract names.
        QVERIFY(QFileInfo::exists(m_data.filePath(QStringLiteral("logs/zone-%1.log").arg(zoneId))));
    }

    void twoZonesAtOnce()
    {
        const QByteArray bob = player(QStringLiteral("bob"), QStringLiteral("Bobble"));
        const QStringList ids = {QStringLiteral("playerinstance-GhibliHills-Bobble"),
                                 QStringLiteral("public-AdventureDungeon-world")};
        const auto results =
            parallelGets(m_master->url(), {QLatin1Char('/') + ids[0], QLatin1Char('/') + ids[1]}, bob);
        QCOMPARE(results.at(0).status, 200);
        if (results.at(1).status != 200) {
            QFile log(m_data.filePath(QStringLiteral("logs/zone-public-AdventureDungeon-world.log")));
            log.open(QIODevice::ReadOnly);
            qWarning() << log.readAll();
        }
        QVERIFY2(results.at(1).status == 200, results.at(1).body.constData());
        QVERIFY(results.at(0).body != results.at(1).body);
        for (int i = 0; i < 2; ++i) {
            HttpTestClient zone(QUrl(QString::fromUtf8(results.at(i).body)));
            QCOMPARE(
                zone.get(QStringLiteral("/health")).json().object().value(QStringLiteral("zone")).toString(),
                ids[i]);
            QCOMPARE(TestCluster::zoneServerPids(ids[i], m_data.path()).size(), 1);
        }
    }

    void entryRules_data()
    {
        QTest::addColumn<QString>("zone");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("message");
        QTest::newRow("another user's instance") << "playerinstance-GhibliHills-Alicia" << 403
                                                 << "playerinstance-GhibliHills-Alicia is the player "
                                                    "instance of Alicia; only its owner may enter it.";
        QTest::newRow("malformed") << "GhibliHills" << 400 << "";
        QTest::newRow("bad characters") << "public-Ghibli%20Hills-world" << 400 << "";
        QTest::newRow("no definition")
            << "public-Atlantis-world" << 404 << "No such zone: Atlantis has no definition.";
        QTest::newRow("unknown owner")
            << "playerinstance-GhibliHills-Nobody" << 404 << "No such character: Nobody";
    }
    void entryRules()
    {
        QFETCH(QString, zone);
        QFETCH(int, status);
        QFETCH(QString, message);
        auto bob = masterClient(player(QStringLiteral("bob"), QStringLiteral("Bobble")));
        const auto r = bob->get(QLatin1Char('/') + zone);
        QCOMPARE(r.status, status);
        if (!message.isEmpty())
            QCOMPARE(r.errorMessage(), message);
        QVERIFY(!r.errorCode().isEmpty());
    }

    void lookupNeedsASession()
    {
        HttpTestClient anonymous(m_master->url());
        auto r = anonymous.get(QStringLiteral("/public-GhibliHills-world"));
        QCOMPARE(r.status, 401);
        QCOMPARE(r.errorCode(), QStringLiteral("unauthorized"));
        anonymous.setBearer(SessionToken::issue(
            SessionToken::makeClaims(1, QStringLiteral("alice"), {}, std::chrono::hours(1)),
            "a-forged-secret-long-enough"));
        QCOMPARE(anonymous.get(QStringLiteral("/public-GhibliHills-world")).status, 401);
    }

    void concurrentFirstRequestsStartOnce()
    {
        const QString zoneId = QStringLiteral("public-GhibliHills-crowd");
        auto admin = masterClient(adminToken());
        const double startsBefore =
            metric(admin->get(QStringLiteral("/metrics")).body, "simplemmo_master_zone_starts_total");
        QVERIFY(startsBefore >= 1);
        QStringList paths;
        for (int i = 0; i < 8; ++i)
            paths.append(QLatin1Char('/') + zoneId);
        const auto results =
            parallelGets(m_master->url(), paths, player(QStringLiteral("alice"), QStringLiteral("Alicia")));
        for (const auto &result : results) {
            QCOMPARE(result.status, 200);
            QCOMPARE(result.body, results.first().body);
        }
        QCOMPARE(TestCluster::zoneServerPids(zoneId, m_data.path()).size(), 1);
        const QByteArray metrics = admin->get(QStringLiteral("/metrics")).body;
        QCOMPARE(metric(metrics, "simplemmo_master_zone_starts_total"), startsBefore + 1);
        // Cold and warm (pooled) starts have a histogram each; together they count every start.
        QCOMPARE(metric(metrics, "simplemmo_master_zone_start_seconds_count") +
                     metric(metrics, "simplemmo_master_zone_warm_start_seconds_count"),
                 startsBefore + 1);
        QVERIFY(metric(metrics, "simplemmo_master_zones_running") >= 4);
    }

    void healthCountsZones()
    {
        HttpTestClient client(m_master->url());
        const auto health = client.get(QStringLiteral("/health")).json().object();
        QCOMPARE(health.value(QStringLiteral("role")).toString(), QStringLiteral("masterzoneserver"));
        QVERIFY(health.value(QStringLiteral("zones")).toObject().value(QStringLiteral("running")).toInt() >=
                4);
        QCOMPARE(health.value(QStringLiteral("zones")).toObject().value(QStringLiteral("crashed")).toInt(),
                 0);
    }

    void adminApiNeedsAnAdmin_data()
    {
        QTest::addColumn<QByteArray>("verb");
        QTest::addColumn<QString>("path");
        QTest::newRow("list") << QByteArray("GET") << "/zones";
        QTest::newRow("start") << QByteArray("POST") << "/zones/public-GhibliHills-world/start";
        QTest::newRow("stop") << QByteArray("POST") << "/zones/public-AdventureDungeon-world/stop";
        QTest::newRow("kill") << QByteArray("POST") << "/zones/public-AdventureDungeon-world/kill";
        QTest::newRow("restart") << QByteArray("POST") << "/zones/public-AdventureDungeon-world/restart";
    }
    void adminApiNeedsAnAdmin()
    {
        QFETCH(QByteArray, verb);
        QFETCH(QString, path);
        HttpTestClient client(m_master->url());
        auto r = client.request(verb, path);
        QCOMPARE(r.status, 401);
        client.setBearer(player(QStringLiteral("alice"), QStringLiteral("Alicia")));
        r = client.request(verb, path);
        QCOMPARE(r.status, 403);
        QCOMPARE(r.errorCode(), QStringLiteral("forbidden"));
        client.setBearer(serviceToken());
        QCOMPARE(client.request(verb, path).status, 403);
        // Nothing happened: the zone that was running still runs.
        QCOMPARE(zoneEntry(QStringLiteral("public-AdventureDungeon-world"))
                     .value(QStringLiteral("state"))
                     .toString(),
                 QStringLiteral("running"));
    }

    void adminStartStopRestart()
    {
        auto admin = masterClient(adminToken());
        const QString zoneId = QStringLiteral("public-defaultzone-admin");
        auto r = admin->request("POST", QStringLiteral("/zones/%1/start").arg(zoneId));
        QCOMPARE(r.status, 200);
        QJsonObject entry = r.json().object();
        QCOMPARE(entry.value(QStringLiteral("id")).toString(), zoneId);
        QCOMPARE(entry.value(QStringLiteral("state")).toString(), QStringLiteral("running"));
        const qint64 firstPid = qint64(entry.value(QStringLiteral("pid")).toDouble());
        QVERIFY(ProcessProbe::isAlive(firstPid));

        r = admin->request("POST", QStringLiteral("/zones/%1/restart").arg(zoneId));
        QCOMPARE(r.status, 200);
        entry = r.json().object();
        const qint64 secondPid = qint64(entry.value(QStringLiteral("pid")).toDouble());
        QVERIFY(secondPid != firstPid);
        QVERIFY(!ProcessProbe::isAlive(firstPid));
        QCOMPARE(TestCluster::zoneServerPids(zoneId, m_data.path()), QList<qint64>{secondPid});

        // Graceful stop: answered once the zone has checkpointed and exited.
        r = admin->request("POST", QStringLiteral("/zones/%1/stop").arg(zoneId));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().object().value(QStringLiteral("state")).toString(), QStringLiteral("stopped"));
        QVERIFY(!ProcessProbe::isAlive(secondPid));
        QVERIFY(zoneEntry(zoneId).isEmpty());
        QCOMPARE(admin->request("POST", QStringLiteral("/zones/%1/stop").arg(zoneId)).status, 404);

        // Kill: SIGKILL, answered when the process is gone; then it is not listed.
        r = admin->request("POST", QStringLiteral("/zones/%1/start").arg(zoneId));
        const qint64 thirdPid = qint64(r.json().object().value(QStringLiteral("pid")).toDouble());
        r = admin->request("POST", QStringLiteral("/zones/%1/kill").arg(zoneId));
        QCOMPARE(r.status, 200);
        QVERIFY(!ProcessProbe::isAlive(thirdPid));
        QVERIFY(zoneEntry(zoneId).isEmpty());

        // Bad ids and missing definitions get the same answers as for players.
        QCOMPARE(admin->request("POST", QStringLiteral("/zones/nonsense/start")).status, 400);
        QCOMPARE(admin->request("POST", QStringLiteral("/zones/public-Atlantis-world/start")).status, 404);
    }

    void crashedZoneRestartsFromItsCheckpoint()
    {
        const QString zoneId = QStringLiteral("playerinstance-GhibliHills-Alicia");
        const QByteArray token = player(QStringLiteral("alice"), QStringLiteral("Alicia"));
        auto alice = masterClient(token);
        auto r = alice->get(QLatin1Char('/') + zoneId);
        QCOMPARE(r.status, 200);
        HttpTestClient zone(QUrl(QString::fromUtf8(r.body)));
        zone.setBearer(token);
        // Acknowledged means stored: this line must survive the kill.
        r = zone.postForm(QStringLiteral("/say"),
                          form({{QStringLiteral("character"), QStringLiteral("Alicia")},
                                {QStringLiteral("text"), QStringLiteral("Remember this line")}}));
        QCOMPARE(r.status, 200);

        const qint64 pid = qint64(zoneEntry(zoneId).value(QStringLiteral("pid")).toDouble());
        QVERIFY(ProcessProbe::sendSignal(pid, SIGKILL));
        QTRY_COMPARE_WITH_TIMEOUT(zoneEntry(zoneId).value(QStringLiteral("state")).toString(),
                                  QStringLiteral("crashed"), 10000);
        QVERIFY(!zoneEntry(zoneId).value(QStringLiteral("error")).toString().isEmpty());
        HttpTestClient plain(m_master->url());
        QCOMPARE(plain.get(QStringLiteral("/health"))
                     .json()
                     .object()
                     .value(QStringLiteral("zones"))
                     .toObject()
                     .value(QStringLiteral("crashed"))
                     .toInt(),
                 1);
        QCOMPARE(metric(plain.get(QStringLiteral("/metrics")).body, "simplemmo_master_zone_crashes_total"),
                 1.0);

        // The next request starts it again, from what it had saved.
        r = alice->get(QLatin1Char('/') + zoneId);
        QCOMPARE(r.status, 200);
        const QJsonObject entry = zoneEntry(zoneId);
        QCOMPARE(entry.value(QStringLiteral("state")).toString(), QStringLiteral("running"));
        QVERIFY(qint64(entry.value(QStringLiteral("pid")).toDouble()) != pid);
        QCOMPARE(TestCluster::zoneServerPids(zoneId, m_data.path()).size(), 1);
        HttpTestClient restarted(QUrl(QString::fromUtf8(r.body)));
        restarted.setBearer(token);
        r = restarted.get(QStringLiteral("/messages"));
        QCOMPARE(r.status, 200);
        bool found = false;
        for (const auto &value : r.json().array())
            found = found || value.toObject().value(QStringLiteral("body")).toString() ==
                                 QLatin1String("Remember this line");
        QVERIFY2(found, r.body.constData());
    }

    void tellAcrossZones()
    {
        const QByteArray aliceToken = player(QStringLiteral("alice"), QStringLiteral("Alicia"));
        const QByteArray bobToken = player(QStringLiteral("bob"), QStringLiteral("Bobble"));
        const QString bobZone = QStringLiteral("playerinstance-GhibliHills-Bobble");
        HttpTestClient zoneA(QUrl(QString::fromUtf8(
            masterClient(aliceToken)->get(QStringLiteral("/playerinstance-GhibliHills-Alicia")).body)));
        zoneA.setBearer(aliceToken);
        HttpTestClient zoneB(
            QUrl(QString::fromUtf8(masterClient(bobToken)->get(QLatin1Char('/') + bobZone).body)));
        zoneB.setBearer(bobToken);
        const auto status = [](HttpTestClient &zone, const QString &character, const QString &value) {
            return zone.postForm(QStringLiteral("/setstatus"), form({{QStringLiteral("character"), character},
                                                                     {QStringLiteral("status"), value}}));
        };
        QCOMPARE(status(zoneA, QStringLiteral("Alicia"), QStringLiteral("online")).body, QByteArray("true"));
        QCOMPARE(status(zoneB, QStringLiteral("Bobble"), QStringLiteral("online")).body, QByteArray("true"));

        // Alicia, in her instance, tells Bobble, in his: zone A -> master -> zone B.
        const QString text = QStringLiteral("psst, Bob (%1)").arg(QDateTime::currentMSecsSinceEpoch());
        auto r = zoneA.postForm(QStringLiteral("/tell"),
                                form({{QStringLiteral("character"), QStringLiteral("Alicia")},
                                      {QStringLiteral("to"), QStringLiteral("Bobble")},
                                      {QStringLiteral("text"), text}}));
        QCOMPARE(r.status, 200);
        // Zone B stored it for Bobble (it is written before it is acknowledged).
        const auto url = DatabaseUrl::parse(m_database, m_data.path());
        QVERIFY(url);
        Database db(*url);
        QCOMPARE(
            db.scalar(
                  QStringLiteral("SELECT COUNT(*) FROM zone_messages WHERE zone_id = ? AND scope = ? AND "
                                 "recipient = ? AND sender = ? AND body = ?"),
                  {bobZone, QStringLiteral("tell"), QStringLiteral("Bobble"), QStringLiteral("Alicia"), text})
                .toInt(),
            1);

        // The master's endpoint itself, as zones call it.
        HttpTestClient service(m_master->url());
        service.setBearer(serviceToken());
        r = service.postJson(QStringLiteral("/tell"), {{QStringLiteral("from"), QStringLiteral("Alicia")},
                                                       {QStringLiteral("to"), QStringLiteral("bobble")},
                                                       {QStringLiteral("text"), QStringLiteral("direct")}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().object().value(QStringLiteral("zone")).toString(), bobZone);

        // Offline in a running zone: not online.
        QCOMPARE(status(zoneB, QStringLiteral("Bobble"), QStringLiteral("offline")).body, QByteArray("true"));
        r = service.postJson(QStringLiteral("/tell"), {{QStringLiteral("from"), QStringLiteral("Alicia")},
                                                       {QStringLiteral("to"), QStringLiteral("Bobble")},
                                                       {QStringLiteral("text"), QStringLiteral("hello?")}});
        QCOMPARE(r.status, 404);
        QCOMPARE(r.errorMessage(), QStringLiteral("Bobble is not online"));
        r = zoneA.postForm(QStringLiteral("/tell"),
                           form({{QStringLiteral("character"), QStringLiteral("Alicia")},
                                 {QStringLiteral("to"), QStringLiteral("Bobble")},
                                 {QStringLiteral("text"), QStringLiteral("hello?")}}));
        QCOMPARE(r.status, 404);
    }

    void streamTellAndGlobalChatCrossZones()
    {
        const QByteArray aliceToken = player(QStringLiteral("alice"), QStringLiteral("Alicia"));
        const QByteArray bobToken = player(QStringLiteral("bob"), QStringLiteral("Bobble"));
        const QUrl urlA(QString::fromUtf8(
            masterClient(aliceToken)->get(QStringLiteral("/playerinstance-GhibliHills-Alicia")).body));
        const QUrl urlB(QString::fromUtf8(
            masterClient(bobToken)->get(QStringLiteral("/playerinstance-GhibliHills-Bobble")).body));
        QVERIFY(urlA.isValid() && urlB.isValid() && urlA != urlB);

        // Two players, each in their own zone, on the live stream.
        ZoneClient alice, bob;
        QList<QJsonObject> aliceHeard, bobHeard;
        connect(&alice, &ZoneClient::chatReceived, this, [&](const QJsonObject &m) { aliceHeard.append(m); });
        connect(&bob, &ZoneClient::chatReceived, this, [&](const QJsonObject &m) { bobHeard.append(m); });
        QSignalSpy aliceJoined(&alice, &ZoneClient::joined);
        QSignalSpy bobJoined(&bob, &ZoneClient::joined);
        alice.open(urlA, aliceToken);
        alice.join(QStringLiteral("Alicia"));
        bob.open(urlB, bobToken);
        bob.join(QStringLiteral("Bobble"));
        QVERIFY(aliceJoined.wait(10000));
        QVERIFY(bobJoined.count() == 1 || bobJoined.wait(10000));

        const auto heard = [](const QList<QJsonObject> &list, const QString &scope, const QString &body) {
            for (const auto &m : list)
                if (m.value(QStringLiteral("scope")).toString() == scope &&
                    m.value(QStringLiteral("body")).toString() == body)
                    return true;
            return false;
        };

        // A tell from zone A reaches Bobble in zone B through the master.
        alice.tell(QStringLiteral("Bobble"), QStringLiteral("over the hills"));
        QTRY_VERIFY_WITH_TIMEOUT(heard(bobHeard, QStringLiteral("tell"), QStringLiteral("over the hills")),
                                 10000);

        // Global chat posted to the master reaches the players of both zones.
        auto master = masterClient(aliceToken);
        QCOMPARE(master
                     ->postForm(QStringLiteral("/chat/global"),
                                form({{QStringLiteral("character"), QStringLiteral("Alicia")},
                                      {QStringLiteral("text"), QStringLiteral("hear ye, all zones")}}))
                     .status,
                 200);
        QTRY_VERIFY_WITH_TIMEOUT(
            heard(aliceHeard, QStringLiteral("global"), QStringLiteral("hear ye, all zones")), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(
            heard(bobHeard, QStringLiteral("global"), QStringLiteral("hear ye, all zones")), 10000);

        // And global chat said on a zone's stream goes round through the master too, and is stored.
        bob.sendGlobal(QStringLiteral("Bob says hi to everyone"));
        QTRY_VERIFY_WITH_TIMEOUT(
            heard(aliceHeard, QStringLiteral("global"), QStringLiteral("Bob says hi to everyone")), 10000);
        const auto list = master->get(QStringLiteral("/chat/global")).json().array();
        QCOMPARE(list.last().toObject().value(QStringLiteral("sender")).toString(), QStringLiteral("Bobble"));
        QCOMPARE(list.last().toObject().value(QStringLiteral("body")).toString(),
                 QStringLiteral("Bob says hi to everyone"));

        alice.close();
        bob.close();
    }

    void globalChatStoredAndListed()
    {
        auto alice = masterClient(player(QStringLiteral("alice"), QStringLiteral("Alicia")));
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        auto r = alice->postForm(QStringLiteral("/chat/global"),
                                 form({{QStringLiteral("character"), QStringLiteral("Alicia")},
                                       {QStringLiteral("text"), QStringLiteral("Hello, every zone!")}}));
        QCOMPARE(r.status, 200);
        const QJsonObject message = r.json().object();
        QCOMPARE(message.value(QStringLiteral("sender")).toString(), QStringLiteral("Alicia"));
        QCOMPARE(message.value(QStringLiteral("body")).toString(), QStringLiteral("Hello, every zone!"));
        QVERIFY(message.value(QStringLiteral("zones")).toInt() >= 1); // fanned out to the running zones

        // JSON bodies work too.
        r = alice->postJson(QStringLiteral("/chat/global"),
                            {{QStringLiteral("character"), QStringLiteral("Alicia")},
                             {QStringLiteral("text"), QStringLiteral("second")}});
        QCOMPARE(r.status, 200);

        r = alice->get(QStringLiteral("/chat/global"));
        QCOMPARE(r.status, 200);
        QJsonArray list = r.json().array();
        QVERIFY(list.size() >= 2);
        QCOMPARE(list.at(list.size() - 2).toObject().value(QStringLiteral("body")).toString(),
                 QStringLiteral("Hello, every zone!"));
        QCOMPARE(list.last().toObject().value(QStringLiteral("body")).toString(), QStringLiteral("second"));
        QVERIFY(!list.last().toObject().contains(QStringLiteral("user_id")));

        r = alice->get(QStringLiteral("/chat/global?since=%1").arg(before));
        QCOMPARE(r.json().array().size(), 2);
        const QString sentIso = message.value(QStringLiteral("sent")).toString();
        r = alice->get(QStringLiteral("/chat/global?since=") +
                       QString::fromLatin1(QUrl::toPercentEncoding(sentIso)));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().array().first().toObject().value(QStringLiteral("body")).toString(),
                 QStringLiteral("Hello, every zone!"));
        QCOMPARE(
            alice->get(QStringLiteral("/chat/global?since=%1").arg(before + 3600000)).json().array().size(),
            0);
        QCOMPARE(alice->get(QStringLiteral("/chat/global?limit=1")).json().array().size(), 1);
        QCOMPARE(alice->get(QStringLiteral("/chat/global?since=yesterday")).status, 400);
        QCOMPARE(alice->get(QStringLiteral("/chat/global?limit=0")).status, 400);
    }

    void globalChatRules()
    {
        auto alice = masterClient(player(QStringLiteral("alice"), QStringLiteral("Alicia")));
        const auto post = [&](const QString &character, const QString &text) {
            return alice->postForm(
                QStringLiteral("/chat/global"),
                form({{QStringLiteral("character"), character}, {QStringLiteral("text"), text}}));
        };
        auto r = post(QStringLiteral("Bobble"), QStringLiteral("I am Bob, honest"));
        QCOMPARE(r.status, 403);
        QCOMPARE(r.errorMessage(), QStringLiteral("Bobble is not your character."));
        QCOMPARE(post(QStringLiteral("Nobody"), QStringLiteral("hi")).status, 404);
        QCOMPARE(post(QStringLiteral("Alicia"), QStringLiteral("   ")).status, 400);
        QCOMPARE(post(QStringLiteral("Alicia"), QString(501, QLatin1Char('x'))).status, 400);
        QCOMPARE(alice
                     ->postForm(QStringLiteral("/chat/global"),
                                form({{QStringLiteral("text"), QStringLiteral("x")}}))
                     .status,
                 400);
        HttpTestClient anonymous(m_master->url());
        QCOMPARE(anonymous
                     .postForm(QStringLiteral("/chat/global"),
                               form({{QStringLiteral("character"), QStringLiteral("Alicia")},
                                     {QStringLiteral("text"), QStringLiteral("x")}}))
                     .status,
                 401);
        QCOMPARE(anonymous.get(QStringLiteral("/chat/global")).status, 401);
        // None of the refused lines was stored.
        for (const auto &value : alice->get(QStringLiteral("/chat/global")).json().array())
            QVERIFY(value.toObject().value(QStringLiteral("body")).toString() !=
                    QLatin1String("I am Bob, honest"));
    }

    void tellToSomeoneOffline()
    {
        HttpTestClient service(m_master->url());
        service.setBearer(serviceToken());
        auto r =
            service.postJson(QStringLiteral("/tell"), {{QStringLiteral("from"), QStringLiteral("Alicia")},
                                                       {QStringLiteral("to"), QStringLiteral("Nobody")},
                                                       {QStringLiteral("text"), QStringLiteral("psst")}});
        QCOMPARE(r.status, 404);
        QCOMPARE(r.errorMessage(), QStringLiteral("Nobody is not online"));
        QCOMPARE(
            service.postJson(QStringLiteral("/tell"), {{QStringLiteral("from"), QStringLiteral("Alicia")}})
                .status,
            400);
        // Players cannot use the zones' endpoint.
        auto alice = masterClient(player(QStringLiteral("alice"), QStringLiteral("Alicia")));
        QCOMPARE(alice
                     ->postJson(QStringLiteral("/tell"), {{QStringLiteral("from"), QStringLiteral("Alicia")},
                                                          {QStringLiteral("to"), QStringLiteral("Bobble")},
                                                          {QStringLiteral("text"), QStringLiteral("psst")}})
                     .status,
                 403);
    }

    void idleZoneShutsDown()
    {
        // A master of its own, on its own database, whose zones idle out after a second.
        QTemporaryDir data;
        auto master = startMaster(masterArgs(data.path(), databaseUrlForTest(), 1));
        QVERIFY(master->isRunning());
        HttpTestClient idleAdmin(master->url());
        idleAdmin.setBearer(adminToken());
        const QString zoneId = QStringLiteral("public-GhibliHills-sleepy");
        const auto r = idleAdmin.request("POST", QStringLiteral("/zones/%1/start").arg(zoneId));
        QCOMPARE(r.status, 200);
        const qint64 pid = qint64(r.json().object().value(QStringLiteral("pid")).toDouble());
        QVERIFY(ProcessProbe::isAlive(pid));
        // It shuts itself down with exit code 0; the master forgets it.
        QTRY_VERIFY_WITH_TIMEOUT(idleAdmin.get(QStringLiteral("/zones")).json().array().isEmpty(), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(!ProcessProbe::isAlive(pid), 10000);
        QCOMPARE(master->stop(), 0);
    }

    void zonesThatDoNotComeUp()
    {
        // A stand-in zone server that never gets ready, or exits at once for "broken" zones.
        QTemporaryDir dir;
        const QString program = dir.filePath(QStringLiteral("stuck-zoneserver"));
        QFile file(program);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("#!/bin/sh\ncase \"$2\" in *broken*) echo 'cannot load the zone' >&2; exit 3;; esac\n"
                   "while :; do sleep 1; done\n");
        file.close();
        file.setPermissions(file.permissions() | QFileDevice::ExeOwner);

        QStringList args = masterArgs(dir.path(), databaseUrlForTest());
        args << QStringLiteral("--zone-executable") << program << QStringLiteral("--zone-start-timeout=0.5");
        auto master = startMaster(args);
        QVERIFY(master->isRunning());
        HttpTestClient admin(master->url());
        admin.setBearer(adminToken());

        const QString stuck = QStringLiteral("public-GhibliHills-stuck");
        auto r = admin.get(QLatin1Char('/') + stuck);
        QCOMPARE(r.status, 504);
        QCOMPARE(r.errorMessage(),
                 QStringLiteral("The zone %1 did not become ready within 0.5 s.").arg(stuck));
        QTRY_VERIFY(TestCluster::zoneServerPids(stuck, dir.path()).isEmpty()); // it was killed
        QVERIFY(admin.get(QStringLiteral("/zones")).json().array().isEmpty());

        const QString broken = QStringLiteral("public-GhibliHills-broken");
        r = admin.get(QLatin1Char('/') + broken);
        QCOMPARE(r.status, 502);
        QVERIFY2(r.errorMessage().contains(QStringLiteral("exit code 3")), qPrintable(r.errorMessage()));
        QFile log(dir.filePath(QStringLiteral("logs/zone-%1.log").arg(broken)));
        QVERIFY(log.open(QIODevice::ReadOnly));
        QVERIFY(log.readAll().contains("cannot load the zone"));
        QCOMPARE(
            metric(admin.get(QStringLiteral("/metrics")).body, "simplemmo_master_zone_start_failures_total"),
            2.0);
        QCOMPARE(master->stop(), 0);
    }

    void masterRestartAdoptsRunningZones()
    {
        const QString zoneId = QStringLiteral("playerinstance-GhibliHills-Alicia");
        const QJsonObject before = zoneEntry(zoneId);
        QCOMPARE(before.value(QStringLiteral("state")).toString(), QStringLiteral("running"));
        const qint64 pid = qint64(before.value(QStringLiteral("pid")).toDouble());
        const int zoneCount = masterClient(adminToken())->get(QStringLiteral("/zones")).json().array().size();
        // The companions that are built (ScriptServer, PhysicsServer) run beside it.
        QStringList companions;
        QList<qint64> companionPids;
        for (const auto &value : before.value(QStringLiteral("companions")).toArray()) {
            QCOMPARE(value.toObject().value(QStringLiteral("state")).toString(), QStringLiteral("running"));
            companions.append(value.toObject().value(QStringLiteral("name")).toString());
            companionPids.append(value.toObject().value(QStringLiteral("pid")).toInteger());
        }

        // The master dies without a chance to stop its zones; they keep running, its companions die
        // with it.
        m_master->kill();
        QVERIFY(ProcessProbe::isAlive(pid));
        for (const qint64 companion : companionPids)
            QTRY_VERIFY_WITH_TIMEOUT(!ProcessProbe::isAlive(companion), 10000);

        m_master = startMaster(masterArgs(m_data.path(), m_database));
        QVERIFY2(m_master->isRunning(), qPrintable(m_master->output()));
        QTRY_COMPARE_WITH_TIMEOUT(zoneEntry(zoneId).value(QStringLiteral("state")).toString(),
                                  QStringLiteral("running"), 15000);
        const QJsonObject after = zoneEntry(zoneId);
        QCOMPARE(after.value(QStringLiteral("adopted")).toBool(), true);
        QCOMPARE(qint64(after.value(QStringLiteral("pid")).toDouble()), pid);
        QCOMPARE(after.value(QStringLiteral("url")).toString(),
                 before.value(QStringLiteral("url")).toString());
        // The new master starts the adopted zone's companions afresh.
        QStringList restarted;
        for (const auto &value : after.value(QStringLiteral("companions")).toArray()) {
            QCOMPARE(value.toObject().value(QStringLiteral("state")).toString(), QStringLiteral("running"));
            QVERIFY(!companionPids.contains(value.toObject().value(QStringLiteral("pid")).toInteger()));
            restarted.append(value.toObject().value(QStringLiteral("name")).toString());
        }
        QCOMPARE(restarted, companions);
        QTRY_COMPARE_WITH_TIMEOUT(
            masterClient(adminToken())->get(QStringLiteral("/zones")).json().array().size(), zoneCount,
            15000);

        // Found through the new master without a new process.
        auto alice = masterClient(player(QStringLiteral("alice"), QStringLiteral("Alicia")));
        const auto r = alice->get(QLatin1Char('/') + zoneId);
        QCOMPARE(r.status, 200);
        QCOMPARE(QString::fromUtf8(r.body), before.value(QStringLiteral("url")).toString());
        QCOMPARE(TestCluster::zoneServerPids(zoneId, m_data.path()), QList<qint64>{pid});
    }

    // Last: stops the master.
    void masterStopLeavesNoOrphans()
    {
        const QList<qint64> pids = TestCluster::zoneAndCompanionPids(
            masterClient(adminToken())->get(QStringLiteral("/zones")).json().array());
        QVERIFY(pids.size() >= 4);
        for (const qint64 pid : pids)
            QVERIFY(ProcessProbe::isAlive(pid));
        QCOMPARE(m_master->stop(30000), 0);
        for (const qint64 pid : pids)
            QVERIFY2(!ProcessProbe::isAlive(pid), qPrintable(QString::number(pid)));
        // Every zone was recorded and forgotten in the database without trouble.
        QVERIFY2(!m_master->output().contains(QLatin1String("cannot record")),
                 qPrintable(m_master->output()));
        QVERIFY2(!m_master->output().contains(QLatin1String("cannot forget")),
                 qPrintable(m_master->output()));
        const auto url = DatabaseUrl::parse(m_database, m_data.path());
        Database db(*url);
        QCOMPARE(db.scalar(QStringLiteral("SELECT COUNT(*) FROM master_zones")).toInt(), 0);
        m_master.reset();
    }
};

QTEST_GUILESS_MAIN(TestMasterZoneServer)
#include "tst_masterzoneserver.moc"
