// SPDX-License-Identifier: AGPL-3.0-or-later
// How the master runs zone processes, with small shell scripts standing in for the zone server
// and an in-process HTTP server answering its /health: the command line of the contract (secrets
// kept off it), readiness, the start timeout, early exits, companions, and adopted zones.
#include "AdoptedZone.h"
#include "Config.h"
#include "HttpServer.h"
#include "ProcessProbe.h"
#include "ProcessZoneLauncher.h"
#include "ShellScript.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace smmo;

class TestZoneLauncher : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    HttpServer *m_health = nullptr;
    QString m_healthZone; // what the fake zone's /health says it is
    QUrl m_healthUrl;

    QString script(const QString &name, const QByteArray &body)
    {
        return smmo::test::writeShellScript(QDir(m_dir.path()), name, body);
    }
    ZoneLaunchSettings settings(const QString &executable) const
    {
        ZoneLaunchSettings s;
        s.zoneExecutable = executable;
        s.dataDir = m_dir.path();
        s.logDir = m_dir.filePath(QStringLiteral("logs"));
        s.database = QStringLiteral("sqlite:simplemmo.db");
        s.secretFile = m_dir.filePath(QStringLiteral("cluster.secret"));
        s.bind = QStringLiteral("127.0.0.1");
        s.charUrl = QStringLiteral("http://127.0.0.1:1235");
        s.zonesDir = m_dir.path();
        s.masterUrl = QStringLiteral("http://127.0.0.1:1236");
        s.startTimeoutMs = 10000;
        return s;
    }
    // A fake zone server: announces the in-process health server's URL and waits.
    QString announcingZone()
    {
        return script(QStringLiteral("fake-zoneserver"), "echo \"$@\" > \"$(dirname \"$0\")/zone-args\"\n"
                                                         "echo 'SIMPLEMMO_LISTENING " +
                                                             m_healthUrl.toString().toUtf8() +
                                                             "'\n"
                                                             "while :; do sleep 1; done");
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_health = new HttpServer(QStringLiteral("zoneserver"), this);
        m_health->addStandardRoutes();
        m_health->addHealthFields(
            [this](QJsonObject &health) { health.insert(QStringLiteral("zone"), m_healthZone); });
        QVERIFY(m_health->listen(QHostAddress::LocalHost, 0) != 0);
        m_healthUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_health->port()));
    }

    void commandFollowsTheContract()
    {
        ZoneLaunchSettings s = settings(QStringLiteral("/opt/simplemmo/bin/simplemmo-zoneserver"));
        s.idleTimeoutSeconds = 42;
        ProcessZoneLauncher launcher(s);
        const QString id = QStringLiteral("public-GhibliHills-world");
        const ZoneCommand command = launcher.zoneCommand(id);
        QCOMPARE(command.program, s.zoneExecutable);
        const QStringList expected = {"--zone",         id,
                                      "--port",         "0",
                                      "--bind",         "127.0.0.1",
                                      "--data-dir",     m_dir.path(),
                                      "--database",     "sqlite:simplemmo.db",
                                      "--secret-file",  s.secretFile,
                                      "--master-url",   "http://127.0.0.1:1236",
                                      "--char-url",     "http://127.0.0.1:1235",
                                      "--zones-dir",    m_dir.path(),
                                      "--idle-timeout", "42"};
        QCOMPARE(command.arguments, expected);
        QCOMPARE(command.logFile,
                 QDir(s.logDir).filePath(QStringLiteral("zone-public-GhibliHills-world.log")));
        QVERIFY(!command.environment.contains(QStringLiteral("SIMPLEMMO_SECRET")));
    }

    void secretsStayOffTheCommandLine()
    {
        ZoneLaunchSettings s = settings(QStringLiteral("simplemmo-zoneserver"));
        s.secret = QStringLiteral("inline-secret-0123456789");
        s.secretFile.clear();
        s.database = QStringLiteral("postgres://smmo:hunter2@127.0.0.1:5432/smmo");
        s.databaseHasPassword = true;
        s.configFile = QStringLiteral("/etc/simplemmo/simplemmo.conf");
        qputenv("SIMPLEMMO_PUBLIC_URL", "http://the-master.example");
        ProcessZoneLauncher launcher(s);
        const ZoneCommand command = launcher.zoneCommand(QStringLiteral("public-GhibliHills-world"));
        qunsetenv("SIMPLEMMO_PUBLIC_URL");
        const QString joined = command.arguments.join(QLatin1Char(' '));
        QVERIFY2(!joined.contains(QLatin1String("inline-secret")), qPrintable(joined));
        QVERIFY2(!joined.contains(QLatin1String("hunter2")), qPrintable(joined));
        QVERIFY(!command.arguments.contains(QStringLiteral("--secret-file")));
        QVERIFY(command.arguments.contains(QStringLiteral("--config")));
        QCOMPARE(command.environment.value(QStringLiteral("SIMPLEMMO_SECRET")), s.secret);
        QCOMPARE(command.environment.value(QStringLiteral("SIMPLEMMO_DATABASE")), s.database);
        // The master's own public URL must not become the zone's.
        QVERIFY(!command.environment.contains(QStringLiteral("SIMPLEMMO_PUBLIC_URL")));
    }

    void settingsFromConfig()
    {
        const QString companion = script(QStringLiteral("simplemmo-scriptserver"), "exit 0");
        Config config(QStringLiteral("masterzoneserver"), QStringLiteral("test"));
        config.addServerOptions(1236);
        for (const char *key : {"zone-executable", "zone-companions", "zone-start-timeout",
                                "zone-idle-timeout", "zone-bind", "char-url", "zone-watch-interval"})
            config.addOption({QLatin1String(key), QString(), QString()});
        const auto parsed =
            config.parse({QStringLiteral("master"), QStringLiteral("--data-dir"), m_dir.path(),
                          QStringLiteral("--zone-executable"), QStringLiteral("/x/simplemmo-zoneserver"),
                          QStringLiteral("--zone-companions"),
                          companion + QStringLiteral(",simplemmo-physicsserver-that-is-not-built"),
                          QStringLiteral("--zone-start-timeout"), QStringLiteral("1.5"),
                          QStringLiteral("--zone-idle-timeout"), QStringLiteral("7")},
                         {});
        QVERIFY2(parsed.proceed, qPrintable(parsed.output));
        const auto s = ZoneLaunchSettings::fromConfig(config, QStringLiteral("/zones"));
        QCOMPARE(s.zoneExecutable, QStringLiteral("/x/simplemmo-zoneserver"));
        QCOMPARE(s.companions, QStringList{companion}); // the missing one is skipped
        QCOMPARE(s.startTimeoutMs, 1500);
        QCOMPARE(s.idleTimeoutSeconds, 7);
        QCOMPARE(s.secretFile, m_dir.filePath(QStringLiteral("cluster.secret")));
        QCOMPARE(s.bind, QStringLiteral("127.0.0.1"));
        QCOMPARE(s.zonesDir, QStringLiteral("/zones"));
    }

    void readyOnceHealthSaysSoThenCompanionsStart()
    {
        const QString id = QStringLiteral("public-GhibliHills-world");
        m_healthZone = id;
        ZoneLaunchSettings s = settings(announcingZone());
        s.companions = {
            script(QStringLiteral("simplemmo-fakecompanion"),
                   "echo \"$@\" > \"$(dirname \"$0\")/companion-args\"\nwhile :; do sleep 1; done")};
        ProcessZoneLauncher launcher(s);
        std::unique_ptr<ZoneInstance> zone(launcher.launch(id, nullptr));
        QSignalSpy ready(zone.get(), &ZoneInstance::ready);
        QSignalSpy failed(zone.get(), &ZoneInstance::startFailed);
        QSignalSpy finished(zone.get(), &ZoneInstance::finished);
        zone->start();
        QVERIFY(ready.wait(10000));
        QCOMPARE(ready.first().first().toUrl(), m_healthUrl);
        QCOMPARE(zone->url(), m_healthUrl);
        QVERIFY(zone->pid() > 0);
        QVERIFY(zone->startedAt().isValid());
        QCOMPARE(failed.size(), 0);

        QFile args(m_dir.filePath(QStringLiteral("zone-args")));
        QVERIFY(args.open(QIODevice::ReadOnly));
        QVERIFY(args.readAll().startsWith("--zone " + id.toUtf8() + " --port 0"));

        auto *process = static_cast<ZoneProcess *>(zone.get());
        QTRY_COMPARE(process->companionPids().size(), 1);
        const qint64 companionPid = process->companionPids().first();
        QTRY_VERIFY(QFile::exists(m_dir.filePath(QStringLiteral("companion-args"))));
        QFile companionArgs(m_dir.filePath(QStringLiteral("companion-args")));
        QVERIFY(companionArgs.open(QIODevice::ReadOnly));
        const QByteArray line = companionArgs.readAll();
        QVERIFY2(line.contains("--zone " + id.toUtf8()), line.constData());
        QVERIFY2(line.contains("--zone-url " + m_healthUrl.toString().toUtf8()), line.constData());

        // A graceful stop ends the zone and its companion.
        const qint64 pid = zone->pid();
        zone->terminate(5000);
        QVERIFY(finished.wait(10000));
        QVERIFY(!ProcessProbe::isAlive(pid));
        QTRY_VERIFY(!ProcessProbe::isAlive(companionPid));
    }

    void companionThatDiesIsRestarted()
    {
        const QString id = QStringLiteral("public-GhibliHills-again");
        m_healthZone = id;
        ZoneLaunchSettings s = settings(announcingZone());
        s.companions = {script(QStringLiteral("simplemmo-fakescripts"), "while :; do sleep 1; done"),
                        script(QStringLiteral("simplemmo-misconfigured"), "exit 2")};
        ProcessZoneLauncher launcher(s);
        std::unique_ptr<ZoneInstance> zone(launcher.launch(id, nullptr));
        QSignalSpy ready(zone.get(), &ZoneInstance::ready);
        QSignalSpy finished(zone.get(), &ZoneInstance::finished);
        zone->start();
        QVERIFY(ready.wait(10000));
        auto *process = static_cast<ZoneProcess *>(zone.get());
        QTRY_COMPARE(process->companionPids().size(), 1);
        const qint64 first = process->companionPids().first();
        // A companion that refuses its options (exit code 2) is not started again and again.
        QTRY_COMPARE(zone->companions().at(1).state, QStringLiteral("failed"));
        QCOMPARE(zone->companions().at(1).lastExit, QStringLiteral("exit code 2"));

        // Killed: it comes back after its back-off, with a new pid, and the master says so.
        QCOMPARE(::kill(pid_t(first), SIGKILL), 0);
        QTRY_COMPARE_WITH_TIMEOUT(zone->companions().first().state, QStringLiteral("restarting"), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(
            process->companionPids().size() == 1 && process->companionPids().first() != first, 10000);
        const CompanionInfo info = zone->companions().first();
        QCOMPARE(info.name, QStringLiteral("fakescripts"));
        QCOMPARE(info.state, QStringLiteral("running"));
        QCOMPARE(info.restarts, 1);
        QCOMPARE(info.lastExit, QStringLiteral("killed by a signal or crashed"));
        QCOMPARE(zone->companions().at(1).restarts, 0);

        // Stopping the zone stops the companion for good.
        const qint64 second = info.pid;
        zone->terminate(5000);
        QVERIFY(finished.wait(10000));
        QTRY_VERIFY(!ProcessProbe::isAlive(second));
        // The companion's own exit is handled on the event loop after the zone's: wait for it.
        QTRY_COMPARE(zone->companions().first().state, QStringLiteral("stopped"));
        QTRY_VERIFY(process->companionPids().isEmpty());
    }

    void startTimeoutKillsTheProcess()
    {
        ZoneLaunchSettings s =
            settings(script(QStringLiteral("silent-zoneserver"), "while :; do sleep 1; done"));
        s.startTimeoutMs = 300;
        ProcessZoneLauncher launcher(s);
        std::unique_ptr<ZoneInstance> zone(
            launcher.launch(QStringLiteral("public-GhibliHills-slow"), nullptr));
        QSignalSpy failed(zone.get(), &ZoneInstance::startFailed);
        zone->start();
        const qint64 pid = zone->pid();
        QVERIFY(pid > 0);
        QVERIFY(failed.wait(10000));
        QCOMPARE(failed.first().at(0).toInt(), 504);
        QCOMPARE(failed.first().at(1).toString(),
                 QStringLiteral("The zone public-GhibliHills-slow did not become ready within 0.3 s."));
        QTRY_VERIFY(!ProcessProbe::isAlive(pid));
    }

    void healthOfAnotherZoneIsNotReadiness()
    {
        m_healthZone = QStringLiteral("public-Somewhere-else");
        ZoneLaunchSettings s = settings(announcingZone());
        s.startTimeoutMs = 800;
        ProcessZoneLauncher launcher(s);
        std::unique_ptr<ZoneInstance> zone(
            launcher.launch(QStringLiteral("public-GhibliHills-world"), nullptr));
        QSignalSpy ready(zone.get(), &ZoneInstance::ready);
        QSignalSpy failed(zone.get(), &ZoneInstance::startFailed);
        zone->start();
        QVERIFY(failed.wait(10000));
        QCOMPARE(failed.first().at(0).toInt(), 504);
        QCOMPARE(ready.size(), 0);
    }

    void exitDuringStartIsReportedWithItsLog()
    {
        ProcessZoneLauncher launcher(settings(
            script(QStringLiteral("broken-zoneserver"), "echo 'no definition for Nowhere' >&2\nexit 2")));
        std::unique_ptr<ZoneInstance> zone(launcher.launch(QStringLiteral("public-Nowhere-world"), nullptr));
        QSignalSpy failed(zone.get(), &ZoneInstance::startFailed);
        zone->start();
        QVERIFY(failed.wait(10000));
        QCOMPARE(failed.first().at(0).toInt(), 502);
        const QString message = failed.first().at(1).toString();
        QVERIFY2(message.contains(QLatin1String("exit code 2")), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("logs/zone-public-Nowhere-world.log")), qPrintable(message));
        QFile log(m_dir.filePath(QStringLiteral("logs/zone-public-Nowhere-world.log")));
        QVERIFY(log.open(QIODevice::ReadOnly));
        QVERIFY(log.readAll().contains("no definition for Nowhere"));
    }

    void missingProgram()
    {
        ProcessZoneLauncher launcher(settings(m_dir.filePath(QStringLiteral("not-there"))));
        std::unique_ptr<ZoneInstance> zone(
            launcher.launch(QStringLiteral("public-GhibliHills-world"), nullptr));
        QSignalSpy failed(zone.get(), &ZoneInstance::startFailed);
        zone->start();
        QTRY_COMPARE(failed.size(), 1);
        QCOMPARE(failed.first().at(0).toInt(), 502);
    }

    void recognisesZoneServers()
    {
        const QString id = QStringLiteral("public-GhibliHills-world");
        QVERIFY(
            AdoptedZone::isZoneServer({"/usr/bin/simplemmo-zoneserver", "--zone", id, "--port", "0"}, id));
        QVERIFY(AdoptedZone::isZoneServer({"/usr/bin/simplemmo-zoneserver", "--port=0", "--zone=" + id}, id));
        QVERIFY(AdoptedZone::isZoneServer({"/bin/sh", "/tmp/fake-zoneserver", "--zone", id}, id));
        QVERIFY(!AdoptedZone::isZoneServer({"/usr/bin/simplemmo-zoneserver", "--zone", "public-Other-world"},
                                           id));
        QVERIFY(!AdoptedZone::isZoneServer({"/usr/bin/vim", "--zone", id}, id));
        QVERIFY(!AdoptedZone::isZoneServer({}, id));
    }

    void adoptedZoneIsWatchedAndStoppedByPid()
    {
        const QString id = QStringLiteral("public-GhibliHills-world");
        m_healthZone = id;
        // The "previous master's" zone: a process we did not start through the launcher.
        QProcess previous;
        previous.start(announcingZone(), {QStringLiteral("--zone"), id});
        QVERIFY(previous.waitForStarted());
        QTRY_VERIFY(ProcessProbe::arguments(previous.processId()).contains(id));

        AdoptedZone zone(id, m_healthUrl, previous.processId(), QDateTime::currentDateTimeUtc().addSecs(-5),
                         200, nullptr);
        QSignalSpy ready(&zone, &ZoneInstance::ready);
        QSignalSpy finished(&zone, &ZoneInstance::finished);
        zone.start();
        QVERIFY(ready.wait(10000));
        QVERIFY(zone.canSignal());
        QCOMPARE(zone.pid(), previous.processId());
        QVERIFY(zone.isAdopted());

        zone.terminate(5000);
        QVERIFY(finished.wait(10000));
        QTRY_COMPARE(previous.state(), QProcess::NotRunning);
    }

    void adoptedZoneThatVanishesIsFinished()
    {
        const QString id = QStringLiteral("public-GhibliHills-world");
        m_healthZone = id;
        QProcess previous;
        previous.start(announcingZone(), {QStringLiteral("--zone"), id});
        QVERIFY(previous.waitForStarted());
        QTRY_VERIFY(ProcessProbe::arguments(previous.processId()).contains(id));
        AdoptedZone zone(id, m_healthUrl, previous.processId(), QDateTime::currentDateTimeUtc(), 200,
                         nullptr);
        QSignalSpy ready(&zone, &ZoneInstance::ready);
        QSignalSpy finished(&zone, &ZoneInstance::finished);
        zone.start();
        QVERIFY(ready.wait(10000));
        previous.kill(); // it goes away on its own, as far as the adopter can tell
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().at(0).toBool(), true);
    }

    void zoneLeftStartingByADeadMasterIsStopped()
    {
        // Recorded at launch (no URL yet) by a master that died before the zone was ready: the
        // successor stops it and reports only once it is gone.
        const QString id = QStringLiteral("public-GhibliHills-world");
        QProcess previous;
        previous.start(script(QStringLiteral("starting-zoneserver"), "while :; do sleep 1; done"),
                       {QStringLiteral("--zone"), id});
        QVERIFY(previous.waitForStarted());
        QTRY_VERIFY(ProcessProbe::arguments(previous.processId()).contains(id));
        AdoptedZone zone(id, QUrl(), previous.processId(), QDateTime::currentDateTimeUtc(), 200, nullptr);
        QSignalSpy failed(&zone, &ZoneInstance::startFailed);
        QSignalSpy finished(&zone, &ZoneInstance::finished);
        zone.start();
        QVERIFY(failed.wait(10000));
        QCOMPARE(failed.first().at(1).toString(), QStringLiteral("it never became ready"));
        QTRY_COMPARE(previous.state(), QProcess::NotRunning);
        QCOMPARE(finished.size(), 0);
    }

    void adoptionOfAnUnconfirmedPidCannotSignal()
    {
        m_healthZone = QStringLiteral("public-GhibliHills-world");
        // pid 1 is alive but is no zone server: the zone is adopted for look-ups only.
        AdoptedZone zone(m_healthZone, m_healthUrl, 1, QDateTime::currentDateTimeUtc(), 200, nullptr);
        QSignalSpy ready(&zone, &ZoneInstance::ready);
        zone.start();
        QVERIFY(ready.wait(10000));
        QVERIFY(!zone.canSignal());
        QCOMPARE(zone.pid(), qint64(0));
    }

    void adoptionFailsWhenNothingAnswers()
    {
        AdoptedZone zone(QStringLiteral("public-GhibliHills-world"),
                         QUrl(QStringLiteral("http://127.0.0.1:1")), 0, QDateTime::currentDateTimeUtc(), 200,
                         nullptr);
        QSignalSpy failed(&zone, &ZoneInstance::startFailed);
        zone.start();
        QVERIFY(failed.wait(10000));
    }

    void processProbe()
    {
        QProcess sleeper;
        sleeper.start(QStringLiteral("sleep"), {QStringLiteral("30")});
        QVERIFY(sleeper.waitForStarted());
        const qint64 pid = sleeper.processId();
        QVERIFY(ProcessProbe::isAlive(pid));
        // /proc/<pid>/cmdline can still show the forked parent's for a moment after the start.
        QTRY_COMPARE(ProcessProbe::arguments(pid).value(1), QStringLiteral("30"));
        QVERIFY(!ProcessProbe::waitForExit(pid, QDeadlineTimer(50)));
        QVERIFY(ProcessProbe::sendSignal(pid, SIGKILL));
        QVERIFY(ProcessProbe::waitForExit(pid, QDeadlineTimer(5000)));
        sleeper.waitForFinished(5000);
        QVERIFY(!ProcessProbe::isAlive(pid));
        QVERIFY(!ProcessProbe::isAlive(0));
        QVERIFY(ProcessProbe::arguments(0).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestZoneLauncher)
#include "tst_zonelauncher.moc"
