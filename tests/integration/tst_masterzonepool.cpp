// SPDX-License-Identifier: AGPL-3.0-or-later
// The MasterZoneServer's warm pool with real processes: pooled zone servers are started before
// any request, a miss is served by one of them (its pid predates the request), the pool refills,
// a pooled process that is killed is replaced, pooled processes are no zones (not in GET /zones,
// not adopted by a new master, which still can stop the zone a pooled process serves), only the
// master may assign them a zone, pool size 0 starts zones cold as before, and stopping the
// master leaves no process behind.
#include "AdoptedZone.h"
#include "HttpTestClient.h"
#include "ProcessProbe.h"
#include "ServerProcess.h"
#include "SessionToken.h"
#include "TestCluster.h"
#include "TestDatabase.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace smmo;
using namespace smmo::test;

namespace {

constexpr int poolTimeoutMs = 60000; // a loaded 2-core machine starts processes slowly

} // namespace

class TestMasterZonePool : public QObject
{
    Q_OBJECT

    const QByteArray m_secret = "zone-pool-integration-secret-0123456789";
    QTemporaryDir m_data;
    QString m_database;
    std::unique_ptr<ServerProcess> m_master;

    QStringList masterArgs(const QString &dataDir, const QString &database, int poolSize) const
    {
        return {QStringLiteral("--port=0"),
                QStringLiteral("--data-dir"),
                dataDir,
                QStringLiteral("--database"),
                database,
                QStringLiteral("--secret"),
                QString::fromLatin1(m_secret),
                QStringLiteral("--zones-dir"),
                qEnvironmentVariable("SIMPLEMMO_SOURCE_DIR") + QStringLiteral("/scripts/zones"),
                QStringLiteral("--zone-executable"),
                binaryPath(QStringLiteral("simplemmo-zoneserver")),
                QStringLiteral("--zone-start-timeout=30"),
                QStringLiteral("--zone-stop-timeout=10"),
                QStringLiteral("--zone-watch-interval=200"),
                QStringLiteral("--zone-pool-size=%1").arg(poolSize)};
    }
    QByteArray token(const QStringList &roles) const
    {
        return SessionToken::issue(
            SessionToken::makeClaims(roles.contains(QStringLiteral("service")) ? 0 : 999,
                                     QStringLiteral("PoolBoss"), roles, std::chrono::hours(1)),
            m_secret);
    }
    std::unique_ptr<HttpTestClient> admin(const ServerProcess &master) const
    {
        auto client = std::make_unique<HttpTestClient>(master.url());
        client->setBearer(token({QStringLiteral("admin")}));
        return client;
    }
    QJsonObject pool(const ServerProcess &master) const
    {
        return admin(master)->get(QStringLiteral("/zones/pool")).json().object();
    }
    // The pids of the pool's ready processes.
    QList<qint64> readyPids(const ServerProcess &master) const
    {
        QList<qint64> pids;
        for (const auto &value : pool(master).value(QStringLiteral("processes")).toArray())
            if (value.toObject().value(QStringLiteral("state")).toString() == QLatin1String("ready"))
                pids.append(value.toObject().value(QStringLiteral("pid")).toInteger());
        std::sort(pids.begin(), pids.end());
        return pids;
    }
    QJsonObject zoneEntry(const ServerProcess &master, const QString &zoneId) const
    {
        for (const auto &value : admin(master)->get(QStringLiteral("/zones")).json().array())
            if (value.toObject().value(QStringLiteral("id")).toString() == zoneId)
                return value.toObject();
        return {};
    }
    double metric(const ServerProcess &master, const QByteArray &name) const
    {
        return HttpTestClient::metric(admin(master)->get(QStringLiteral("/metrics")).body, name);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_data.isValid());
        QVERIFY2(QFileInfo::exists(binaryPath(QStringLiteral("simplemmo-zoneserver"))),
                 "simplemmo-zoneserver is not built");
        m_database = databaseUrlForTest();
        qInfo("backend %s", qPrintable(backendName()));
        m_master = std::make_unique<ServerProcess>(binaryPath(QStringLiteral("simplemmo-masterzoneserver")),
                                                   masterArgs(m_data.path(), m_database, 2));
        QVERIFY2(m_master->start(), qPrintable(m_master->output()));
    }

    void cleanupTestCase()
    {
        if (m_master)
            m_master->stop(30000);
    }

    void poolFillsUpBeforeAnyRequest()
    {
        QTRY_COMPARE_WITH_TIMEOUT(readyPids(*m_master).size(), 2, poolTimeoutMs);
        const QJsonObject state = pool(*m_master);
        QCOMPARE(state.value(QStringLiteral("size")).toInt(), 2);
        QCOMPARE(state.value(QStringLiteral("ready")).toInt(), 2);
        for (const qint64 pid : readyPids(*m_master)) {
            QVERIFY(ProcessProbe::isAlive(pid));
            const QStringList args = ProcessProbe::arguments(pid);
            QVERIFY2(args.join(QLatin1Char(' ')).contains(QLatin1String("--pooled=")),
                     qPrintable(args.join(' ')));
            QVERIFY(!args.contains(QStringLiteral("--zone")));
        }
        // Pooled processes are no zones.
        QCOMPARE(admin(*m_master)->get(QStringLiteral("/zones")).json().array().size(), 0);
        const QJsonObject health = admin(*m_master)->get(QStringLiteral("/health")).json().object();
        QCOMPARE(health.value(QStringLiteral("zones")).toObject().value(QStringLiteral("running")).toInt(),
                 0);
        QCOMPARE(health.value(QStringLiteral("zone_pool")).toObject().value(QStringLiteral("ready")).toInt(),
                 2);
        QCOMPARE(metric(*m_master, "simplemmo_master_zone_pool_ready"), 2.0);
        QCOMPARE(metric(*m_master, "simplemmo_master_zone_pool_size"), 2.0);
        QCOMPARE(metric(*m_master, "simplemmo_master_zones_running"), 0.0);
    }

    void pooledProcessWaitsForTheMaster()
    {
        QTRY_COMPARE_WITH_TIMEOUT(readyPids(*m_master).size(), 2, poolTimeoutMs);
        const QJsonObject first =
            pool(*m_master).value(QStringLiteral("processes")).toArray().first().toObject();
        HttpTestClient zone(QUrl(first.value(QStringLiteral("url")).toString()));
        // Not a zone yet: /health says so (503, not ready, pooled).
        const auto health = zone.get(QStringLiteral("/health"));
        QCOMPARE(health.status, 503);
        QCOMPARE(health.json().object().value(QStringLiteral("pooled")).toBool(), true);
        QCOMPARE(health.json().object().value(QStringLiteral("ready")).toBool(), false);
        // Only a service token may assign a zone, and only a zone that exists.
        const QJsonObject body{{QStringLiteral("zone"), QStringLiteral("public-GhibliHills-pooltest")}};
        QCOMPARE(zone.postJson(QStringLiteral("/internal/assign"), body).status, 401);
        zone.setBearer(token({QStringLiteral("admin")}));
        QCOMPARE(zone.postJson(QStringLiteral("/internal/assign"), body).status, 403);
        zone.setBearer(token({QStringLiteral("service")}));
        QCOMPARE(zone.postJson(QStringLiteral("/internal/assign"), {}).status, 400);
        const auto malformed = zone.postJson(QStringLiteral("/internal/assign"),
                                             {{QStringLiteral("zone"), QStringLiteral("no-good")}});
        QCOMPARE(malformed.status, 400);
        const auto unknown =
            zone.postJson(QStringLiteral("/internal/assign"),
                          {{QStringLiteral("zone"), QStringLiteral("public-Nowhere-pooltest")}});
        QCOMPARE(unknown.status, 404);
        // Refused assignments leave it in the pool, waiting.
        QCOMPARE(zone.get(QStringLiteral("/health")).json().object().value(QStringLiteral("pooled")).toBool(),
                 true);
        QCOMPARE(readyPids(*m_master).size(), 2);
    }

    void missIsServedByAPooledProcess()
    {
        QTRY_COMPARE_WITH_TIMEOUT(readyPids(*m_master).size(), 2, poolTimeoutMs);
        const QList<qint64> before = readyPids(*m_master);
        const double warmBefore = metric(*m_master, "simplemmo_master_zone_warm_start_seconds_count");
        const QString zoneId = QStringLiteral("public-GhibliHills-warm");

        // The classic look-up (any session) starts the zone on a miss.
        const auto lookup = admin(*m_master)->get(QLatin1Char('/') + zoneId);
        QVERIFY2(lookup.status == 200, qPrintable(lookup.summary()));
        const QJsonObject entry = zoneEntry(*m_master, zoneId);
        const qint64 pid = entry.value(QStringLiteral("pid")).toInteger();
        QVERIFY2(before.contains(pid), qPrintable(QStringLiteral("pid %1 was not in the pool").arg(pid)));
        QCOMPARE(entry.value(QStringLiteral("from_pool")).toBool(), true);
        QCOMPARE(entry.value(QStringLiteral("url")).toString(), QString::fromUtf8(lookup.body));
        QCOMPARE(metric(*m_master, "simplemmo_master_zone_warm_start_seconds_count"), warmBefore + 1);

        // The zone answers for its id, and its command line says which zone it serves.
        HttpTestClient zone{QUrl(QString::fromUtf8(lookup.body))};
        const QJsonObject health = zone.get(QStringLiteral("/health")).json().object();
        QCOMPARE(health.value(QStringLiteral("zone")).toString(), zoneId);
        QCOMPARE(health.value(QStringLiteral("ready")).toBool(), true);
        QVERIFY(!health.contains(QStringLiteral("pooled")));
        QCOMPARE(TestCluster::zoneServerPids(zoneId, m_data.path()), QList<qint64>{pid});
        // Its log continues in the zone's own file, as for a cold start.
        QTRY_VERIFY_WITH_TIMEOUT(
            QFileInfo(m_data.filePath(QStringLiteral("logs/zone-%1.log").arg(zoneId))).size() > 0, 10000);

        // The zone's companions run beside it as for a cold start.
        QTRY_VERIFY_WITH_TIMEOUT(
            !zoneEntry(*m_master, zoneId).value(QStringLiteral("companions")).toArray().isEmpty(),
            poolTimeoutMs);

        // The pool refills with a new process; the assigned one is no longer in it.
        QTRY_COMPARE_WITH_TIMEOUT(readyPids(*m_master).size(), 2, poolTimeoutMs);
        QVERIFY(!readyPids(*m_master).contains(pid));

        // A hit is the running zone, not another pooled process.
        const auto hit = admin(*m_master)->get(QLatin1Char('/') + zoneId);
        QCOMPARE(hit.body, lookup.body);
        QCOMPARE(zoneEntry(*m_master, zoneId).value(QStringLiteral("pid")).toInteger(), pid);
    }

    void killedPooledProcessIsReplaced()
    {
        QTRY_COMPARE_WITH_TIMEOUT(readyPids(*m_master).size(), 2, poolTimeoutMs);
        const QList<qint64> before = readyPids(*m_master);
        const double diedBefore = metric(*m_master, "simplemmo_master_zone_pool_died_total");
        QVERIFY(ProcessProbe::sendSignal(before.first(), SIGKILL));
        QTRY_VERIFY_WITH_TIMEOUT(!ProcessProbe::isAlive(before.first()), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(readyPids(*m_master).size() == 2 &&
                                     !readyPids(*m_master).contains(before.first()),
                                 poolTimeoutMs);
        QVERIFY(readyPids(*m_master).contains(before.last()));
        QCOMPARE(metric(*m_master, "simplemmo_master_zone_pool_died_total"), diedBefore + 1);
    }

    void newMasterAdoptsTheZoneButNotThePool()
    {
        QTRY_COMPARE_WITH_TIMEOUT(readyPids(*m_master).size(), 2, poolTimeoutMs);
        const QString zoneId = QStringLiteral("public-GhibliHills-warm");
        const qint64 zonePid = zoneEntry(*m_master, zoneId).value(QStringLiteral("pid")).toInteger();
        QVERIFY(zonePid > 0);
        const QList<qint64> pooled = readyPids(*m_master);

        // The master dies without a chance to stop anything: its pooled processes go with it (they
        // have nothing to save), the zone they served runs on.
        m_master->kill();
        for (const qint64 pid : pooled)
            QTRY_VERIFY_WITH_TIMEOUT(!ProcessProbe::isAlive(pid), 20000);
        QVERIFY(ProcessProbe::isAlive(zonePid));

        m_master = std::make_unique<ServerProcess>(binaryPath(QStringLiteral("simplemmo-masterzoneserver")),
                                                   masterArgs(m_data.path(), m_database, 2));
        QVERIFY2(m_master->start(), qPrintable(m_master->output()));
        QTRY_COMPARE_WITH_TIMEOUT(zoneEntry(*m_master, zoneId).value(QStringLiteral("state")).toString(),
                                  QStringLiteral("running"), poolTimeoutMs);
        const QJsonObject adopted = zoneEntry(*m_master, zoneId);
        QCOMPARE(adopted.value(QStringLiteral("adopted")).toBool(), true);
        QCOMPARE(adopted.value(QStringLiteral("pid")).toInteger(),
                 zonePid); // confirmed, so it can be signalled
        QCOMPARE(admin(*m_master)->get(QStringLiteral("/zones")).json().array().size(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(readyPids(*m_master).size(), 2, poolTimeoutMs);
        for (const qint64 pid : readyPids(*m_master))
            QVERIFY(!pooled.contains(pid));

        const auto stopped = admin(*m_master)->request("POST", QStringLiteral("/zones/%1/stop").arg(zoneId));
        QVERIFY2(stopped.status == 200, qPrintable(stopped.summary()));
        QTRY_VERIFY_WITH_TIMEOUT(!ProcessProbe::isAlive(zonePid), 20000);
    }

    void poolSizeZeroStartsCold()
    {
        QTemporaryDir data;
        ServerProcess master(binaryPath(QStringLiteral("simplemmo-masterzoneserver")),
                             masterArgs(data.path(), databaseUrlForTest(), 0)
                                 << QStringLiteral("--zone-companions="));
        QVERIFY2(master.start(), qPrintable(master.output()));
        const QJsonObject state = pool(master);
        QCOMPARE(state.value(QStringLiteral("size")).toInt(), 0);
        QCOMPARE(state.value(QStringLiteral("processes")).toArray().size(), 0);
        const QString zoneId = QStringLiteral("public-GhibliHills-cold");
        const auto lookup = admin(master)->get(QLatin1Char('/') + zoneId);
        QVERIFY2(lookup.status == 200, qPrintable(lookup.summary()));
        const QJsonObject entry = zoneEntry(master, zoneId);
        QCOMPARE(entry.value(QStringLiteral("from_pool")).toBool(), false);
        QCOMPARE(TestCluster::zoneServerPids(zoneId, data.path()),
                 QList<qint64>{entry.value(QStringLiteral("pid")).toInteger()});
        QCOMPARE(metric(master, "simplemmo_master_zone_start_seconds_count"), 1.0);
        QCOMPARE(metric(master, "simplemmo_master_zone_warm_start_seconds_count"), 0.0);
        QCOMPARE(pool(master).value(QStringLiteral("processes")).toArray().size(), 0);
        QCOMPARE(master.stop(30000), 0);
        QVERIFY(TestCluster::zoneServerPids(zoneId, data.path()).isEmpty());
    }

    // Last: stops the master.
    void masterStopLeavesNothingBehind()
    {
        const auto started =
            admin(*m_master)->request("POST", QStringLiteral("/zones/public-GhibliHills-last/start"));
        QVERIFY2(started.status == 200, qPrintable(started.summary()));
        QTRY_COMPARE_WITH_TIMEOUT(readyPids(*m_master).size(), 2, poolTimeoutMs);
        QList<qint64> pids = readyPids(*m_master);
        pids +=
            TestCluster::zoneAndCompanionPids(admin(*m_master)->get(QStringLiteral("/zones")).json().array());
        QVERIFY(pids.size() >= 3);
        for (const qint64 pid : pids)
            QVERIFY(ProcessProbe::isAlive(pid));
        QCOMPARE(m_master->stop(30000), 0);
        for (const qint64 pid : pids)
            QVERIFY2(!ProcessProbe::isAlive(pid), qPrintable(QString::number(pid)));
        m_master.reset();
    }
};

QTEST_GUILESS_MAIN(TestMasterZonePool)
#include "tst_masterzonepool.moc"
