// SPDX-License-Identifier: AGPL-3.0-or-later
// The master's warm pool (ZonePool) and warm starts (ZoneProcess given a pooled process), with
// small shell scripts standing in for the zone server and an in-process HTTP server answering
// its /internal/assign: filling, taking, refilling, replacing a dead process, the back-off for a
// zone server that cannot start, shutting down, the launcher's pooled command, and a warm start
// that succeeds or falls back to a cold one.
#include "HttpServer.h"
#include "ProcessProbe.h"
#include "ProcessZoneLauncher.h"
#include "SessionToken.h"
#include "ShellScript.h"
#include "ZonePool.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace smmo;

class TestZonePool : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    HttpServer *m_zone = nullptr; ///< plays the pooled zone server's HTTP side
    QUrl m_zoneUrl;
    int m_assignStatus = 200; ///< what /internal/assign answers
    QStringList m_assigned;   ///< the zones it was asked to take

    /// What the master signs its calls to a pooled zone server with.
    QByteArray serviceToken() const
    {
        return SessionToken::issue(SessionToken::makeClaims(0, QStringLiteral("master"),
                                                            {QStringLiteral("service")},
                                                            std::chrono::hours(1)),
                                   m_zone->secret());
    }
    QString script(const QString &name, const QByteArray &body)
    {
        return smmo::test::writeShellScript(QDir(m_dir.path()), name, body);
    }
    // A fake zone server that announces the in-process server's URL and waits.
    ZoneCommand announcing()
    {
        ZoneCommand command;
        command.program = script(QStringLiteral("fake-zoneserver"), "echo 'SIMPLEMMO_LISTENING " +
                                                                        m_zoneUrl.toString().toUtf8() +
                                                                        "'\nwhile :; do sleep 1; done");
        command.environment = QProcessEnvironment::systemEnvironment();
        command.logFile = m_dir.filePath(QStringLiteral("logs/zone-pool.log"));
        return command;
    }
    static QList<qint64> pids(const ZonePool &pool)
    {
        QList<qint64> list;
        for (const auto &process : pool.processes())
            list.append(process.pid);
        return list;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_zone = new HttpServer(QStringLiteral("zoneserver"), this);
        m_zone->addStandardRoutes();
        m_zone->post(QStringLiteral("/internal/assign"), [this](const HttpRequest &request) {
            request.requireRole(QStringLiteral("service"));
            const QString zone = request.field(QStringLiteral("zone"));
            m_assigned.append(zone);
            m_zone->addHealthFields(
                [zone](QJsonObject &health) { health.insert(QStringLiteral("zone"), zone); });
            if (m_assignStatus != 200)
                return HttpReply::error(m_assignStatus, QStringLiteral("cannot"));
            return HttpReply::json(
                QJsonObject{{QStringLiteral("zone"), zone}, {QStringLiteral("ready"), true}});
        });
        QVERIFY(m_zone->listen(QHostAddress::LocalHost, 0) != 0);
        m_zoneUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_zone->port()));
        m_zone->setSecret("zone-pool-unit-secret-0123456789");
    }

    void fillsTakesAndRefills()
    {
        ZonePool pool(2);
        QSignalSpy ready(&pool, &ZonePool::processReady);
        QCOMPARE(pool.startingCount(), 0); // nothing before start()
        pool.start(announcing());
        QCOMPARE(pool.startingCount(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(pool.readyCount(), 2, 20000);
        QCOMPARE(ready.size(), 2);
        const QList<qint64> before = pids(pool);
        for (const qint64 pid : before)
            QVERIFY(ProcessProbe::isAlive(pid));

        QObject owner;
        QUrl url;
        std::unique_ptr<QProcess> taken(pool.take(&owner, &url));
        QVERIFY(taken);
        taken->setParent(nullptr);
        QCOMPARE(url, m_zoneUrl);
        QVERIFY(before.contains(taken->processId()));
        QCOMPARE(taken->state(), QProcess::Running);
        // Taken, not replaced yet: the master refills once the zone's start has ended.
        QCOMPARE(pool.readyCount(), 1);
        QCOMPARE(pool.startingCount(), 0);
        QVERIFY(!pids(pool).contains(taken->processId()));
        pool.refill();
        QCOMPARE(pool.startingCount(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(pool.readyCount(), 2, 20000);

        // The taken process is the taker's: the pool does not notice when it ends.
        taken->kill();
        QVERIFY(taken->waitForFinished(5000));
        QCOMPARE(pool.diedCount(), 0u);
    }

    void deadProcessIsReplaced()
    {
        ZonePool pool(1);
        pool.start(announcing());
        QTRY_COMPARE_WITH_TIMEOUT(pool.readyCount(), 1, 20000);
        const qint64 first = pids(pool).first();
        QSignalSpy died(&pool, &ZonePool::processDied);
        QVERIFY(ProcessProbe::sendSignal(first, SIGKILL));
        QTRY_COMPARE_WITH_TIMEOUT(died.size(), 1, 10000);
        QCOMPARE(died.first().first().toLongLong(), first);
        QCOMPARE(pool.diedCount(), 1u);
        QTRY_COMPARE_WITH_TIMEOUT(pool.readyCount(), 1, 20000);
        QVERIFY(pids(pool).first() != first);
    }

    void zoneServerThatCannotStartIsRetriedAfterABackOff()
    {
        ZoneCommand failing;
        failing.program = script(QStringLiteral("failing-zoneserver"), "echo 'bad option' >&2; exit 2");
        failing.environment = QProcessEnvironment::systemEnvironment();
        failing.logFile = m_dir.filePath(QStringLiteral("logs/zone-pool.log"));
        ZonePool pool(2);
        QSignalSpy died(&pool, &ZonePool::processDied);
        pool.start(failing);
        QTRY_COMPARE_WITH_TIMEOUT(died.size(), 2, 10000);
        // Not started again at once (the back-off), and refill() does not cut it short.
        QCOMPARE(pool.startingCount(), 0);
        pool.refill();
        QCOMPARE(pool.startingCount(), 0);
        // ... but later.
        QTRY_VERIFY_WITH_TIMEOUT(died.size() >= 3, 20000);
        QVERIFY(QFile(failing.logFile).size() > 0);
    }

    void sizeZeroStartsNothing()
    {
        ZonePool pool(0);
        pool.start(announcing());
        QCOMPARE(pool.startingCount(), 0);
        QCOMPARE(pool.readyCount(), 0);
        QObject owner;
        QUrl url;
        QVERIFY(!pool.take(&owner, &url));
    }

    void shutdownLeavesNothing()
    {
        ZonePool pool(2);
        pool.start(announcing());
        QTRY_COMPARE_WITH_TIMEOUT(pool.readyCount(), 2, 20000);
        const QList<qint64> before = pids(pool);
        pool.beginShutdown();
        pool.finishShutdown(QDeadlineTimer(5000));
        for (const qint64 pid : before)
            QVERIFY(!ProcessProbe::isAlive(pid));
        QCOMPARE(pool.readyCount(), 0);
        pool.refill(); // stopped: no new processes
        QCOMPARE(pool.startingCount(), 0);
    }

    void launcherPoolsWithRoomForTheZoneId()
    {
        ZoneLaunchSettings s;
        s.zoneExecutable = QStringLiteral("/opt/simplemmo/bin/simplemmo-zoneserver");
        s.dataDir = m_dir.path();
        s.logDir = m_dir.filePath(QStringLiteral("logs"));
        s.secretFile = m_dir.filePath(QStringLiteral("cluster.secret"));
        s.zonesDir = m_dir.path();
        ProcessZoneLauncher launcher(s);
        const ZoneCommand pooled = launcher.pooledCommand();
        const ZoneCommand cold = launcher.zoneCommand(QStringLiteral("public-GhibliHills-world"));
        QCOMPARE(pooled.program, cold.program);
        QVERIFY(!pooled.arguments.contains(QStringLiteral("--zone")));
        QVERIFY(pooled.arguments.first().startsWith(QLatin1String("--pooled=")));
        // "--zone" NUL and the longest zone id (3 parts of 64 and two dashes) fit in its room.
        QVERIFY(pooled.arguments.first().size() >= 7 + 3 * 64 + 2);
        // Everything else is the cold command's.
        QCOMPARE(pooled.arguments.mid(1), cold.arguments.mid(2));
        QCOMPARE(pooled.logFile, QDir(s.logDir).filePath(QStringLiteral("zone-pool.log")));
    }

    void warmStartAssignsThePooledProcess()
    {
        m_assignStatus = 200;
        m_assigned.clear();
        ZonePool pool(1);
        pool.start(announcing());
        QTRY_COMPARE_WITH_TIMEOUT(pool.readyCount(), 1, 20000);
        const qint64 pooledPid = pids(pool).first();

        ProcessZoneLauncher launcher(ZoneLaunchSettings{});
        launcher.setPool(&pool, [this] { return serviceToken(); });
        QObject owner;
        std::unique_ptr<ZoneInstance> zone(
            launcher.launch(QStringLiteral("public-GhibliHills-warm"), &owner));
        QSignalSpy ready(zone.get(), &ZoneInstance::ready);
        QSignalSpy failed(zone.get(), &ZoneInstance::startFailed);
        QVERIFY(zone->fromPool());
        QCOMPARE(zone->pid(), pooledPid);
        zone->start();
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 20000);
        QCOMPARE(failed.size(), 0);
        QCOMPARE(m_assigned, QStringList{QStringLiteral("public-GhibliHills-warm")});
        QCOMPARE(zone->url(), m_zoneUrl);
        QVERIFY(zone->fromPool());
        QCOMPARE(zone->pid(), pooledPid);
        QCOMPARE(pool.readyCount(), 0); // taken
        QSignalSpy finished(zone.get(), &ZoneInstance::finished);
        zone->kill();
        QTRY_COMPARE(finished.size(), 1);
        QVERIFY(!ProcessProbe::isAlive(pooledPid));
    }

    void refusedAssignmentFallsBackToACold()
    {
        m_assignStatus = 500;
        m_assigned.clear();
        ZonePool pool(1);
        pool.start(announcing());
        QTRY_COMPARE_WITH_TIMEOUT(pool.readyCount(), 1, 20000);
        const qint64 pooledPid = pids(pool).first();

        // The cold zone server: announces the same fake server, which by now says it is the zone.
        ZoneLaunchSettings s;
        s.zoneExecutable = script(QStringLiteral("cold-zoneserver"),
                                  "echo \"$@\" > \"$(dirname \"$0\")/cold-args\"\n"
                                  "echo 'SIMPLEMMO_LISTENING " +
                                      m_zoneUrl.toString().toUtf8() + "'\nwhile :; do sleep 1; done");
        s.dataDir = m_dir.path();
        s.logDir = m_dir.filePath(QStringLiteral("logs"));
        s.zonesDir = m_dir.path();
        s.startTimeoutMs = 20000;
        ProcessZoneLauncher launcher(s);
        launcher.setPool(&pool, [this] { return serviceToken(); });
        QObject owner;
        std::unique_ptr<ZoneInstance> zone(
            launcher.launch(QStringLiteral("public-GhibliHills-fallback"), &owner));
        QSignalSpy ready(zone.get(), &ZoneInstance::ready);
        QSignalSpy failed(zone.get(), &ZoneInstance::startFailed);
        zone->start();
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 20000);
        QCOMPARE(failed.size(), 0);
        QCOMPARE(m_assigned, QStringList{QStringLiteral("public-GhibliHills-fallback")});
        QVERIFY(!zone->fromPool());
        QVERIFY(zone->pid() != pooledPid);
        QVERIFY(!ProcessProbe::isAlive(pooledPid)); // the pooled process that refused is gone
        QFile args(m_dir.filePath(QStringLiteral("cold-args")));
        QVERIFY(args.open(QIODevice::ReadOnly));
        QVERIFY(args.readAll().startsWith("--zone public-GhibliHills-fallback "));
        const qint64 coldPid = zone->pid();
        QSignalSpy finished(zone.get(), &ZoneInstance::finished);
        zone->kill();
        QTRY_COMPARE(finished.size(), 1);
        QVERIFY(!ProcessProbe::isAlive(coldPid));
        m_assignStatus = 200;
    }
};

QTEST_GUILESS_MAIN(TestZonePool)
#include "tst_zonepool.moc"
