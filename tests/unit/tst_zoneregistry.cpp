// SPDX-License-Identifier: AGPL-3.0-or-later
// The master's zone registry against fake zone processes: start once for concurrent requests,
// failures and timeouts answered to every waiter, crashes marked and restarted on the next
// request or by the registry itself after a back-off, clean exits forgotten, stop/kill/restart, adoption and
// shutdown.
#include "ZoneRegistry.h"

#include <QSignalSpy>
#include <QtTest>

using namespace smmo;

namespace {

// A zone whose fate the test decides.
class FakeZone : public ZoneInstance
{
    Q_OBJECT
public:
    FakeZone(const QString &id, qint64 pid, bool adopted, QObject *parent)
        : ZoneInstance(id, parent), m_pid(pid), m_adopted(adopted)
    {
        setStartedAt(QDateTime::currentDateTimeUtc());
    }
    qint64 pid() const override { return m_pid; }
    bool isAdopted() const override { return m_adopted; }
    void start() override
    {
        ++started;
        if (failOnStart)
            failStart(502, QStringLiteral("cannot run"));
    }
    void terminate(int graceMs) override
    {
        ++terminated;
        lastGraceMs = graceMs;
    }
    void kill() override { ++killed; }
    void beginShutdown() override { ++shutdownBegun; }
    void finishShutdown(const QDeadlineTimer &) override { ++shutdownFinished; }

    void becomeReady(const QUrl &url)
    {
        setUrl(url);
        emit ready(url);
    }
    void failStart(int status, const QString &message) { emit startFailed(status, message); }
    void exit(bool clean)
    {
        emit finished(clean, clean ? QStringLiteral("exit code 0") : QStringLiteral("crashed"));
    }

    bool failOnStart = false;
    int started = 0, terminated = 0, killed = 0, shutdownBegun = 0, shutdownFinished = 0, lastGraceMs = 0;

private:
    qint64 m_pid;
    bool m_adopted;
};

class FakeLauncher : public ZoneLauncher
{
public:
    ZoneInstance *launch(const QString &zoneId, QObject *parent) override
    {
        auto *zone = new FakeZone(zoneId, 1000 + launched.size(), false, parent);
        zone->failOnStart = failOnStart;
        launched.append(zone);
        return zone;
    }
    ZoneInstance *adopt(const QString &zoneId, const QUrl &, qint64 pid, const QDateTime &,
                        QObject *parent) override
    {
        auto *zone = new FakeZone(zoneId, pid, true, parent);
        adopted.append(zone);
        return zone;
    }
    bool failOnStart = false;
    QList<QPointer<FakeZone>> launched;
    QList<QPointer<FakeZone>> adopted;
};

// Collects the outcomes handed to registry callbacks.
struct Answers
{
    QList<ZoneOutcome> list;
    ZoneRegistry::Callback callback()
    {
        return [this](const ZoneOutcome &outcome) { list.append(outcome); };
    }
};

const QString zoneA = QStringLiteral("playerinstance-GhibliHills-Groxnor");
const QString zoneB = QStringLiteral("public-AdventureDungeon-world");
const QUrl urlA(QStringLiteral("http://127.0.0.1:1301"));
const QUrl urlB(QStringLiteral("http://127.0.0.1:1302"));

} // namespace

class TestZoneRegistry : public QObject
{
    Q_OBJECT

private slots:
    void concurrentRequestsStartOnce()
    {
        FakeLauncher launcher;
        ZoneRegistry registry(launcher);
        QSignalSpy launched(&registry, &ZoneRegistry::zoneLaunched);
        QSignalSpy running(&registry, &ZoneRegistry::zoneRunning);
        QSignalSpy started(&registry, &ZoneRegistry::zoneStarted);
        Answers answers;
        for (int i = 0; i < 5; ++i)
            registry.request(zoneA, answers.callback());
        QCOMPARE(launcher.launched.size(), 1);
        QCOMPARE(launched.size(), 1); // recorded with its pid before it is ready
        QCOMPARE(launched.first().first().value<ZoneInfo>().pid, qint64(1000));
        QCOMPARE(launcher.launched.first()->started, 1);
        QVERIFY(answers.list.isEmpty());
        QCOMPARE(registry.zone(zoneA)->state, ZoneState::Starting);
        QCOMPARE(registry.count(ZoneState::Starting), 1);

        launcher.launched.first()->becomeReady(urlA);
        QCOMPARE(answers.list.size(), 5);
        for (const auto &outcome : answers.list) {
            QVERIFY(outcome.isOk());
            QCOMPARE(outcome.url, urlA);
        }
        QCOMPARE(running.size(), 1);
        QCOMPARE(started.size(), 1);
        QCOMPARE(registry.zone(zoneA)->state, ZoneState::Running);
        QCOMPARE(registry.zone(zoneA)->pid, qint64(1000));

        // Found again: answered at once, no second process.
        registry.request(zoneA, answers.callback());
        QCOMPARE(answers.list.size(), 6);
        QCOMPARE(answers.list.last().url, urlA);
        QCOMPARE(launcher.launched.size(), 1);
    }

    void twoZonesAreIndependent()
    {
        FakeLauncher launcher;
        ZoneRegistry registry(launcher);
        Answers a, b;
        registry.request(zoneA, a.callback());
        registry.request(zoneB, b.callback());
        QCOMPARE(launcher.launched.size(), 2);
        launcher.launched.at(1)->becomeReady(urlB);
        QCOMPARE(b.list.size(), 1);
        QCOMPARE(a.list.size(), 0);
        launcher.launched.at(0)->becomeReady(urlA);
        QCOMPARE(a.list.first().url, urlA);
        QCOMPARE(registry.zones().size(), 2);
        QCOMPARE(registry.count(ZoneState::Running), 2);
    }

    void startFailureAnswersEveryWaiter()
    {
        FakeLauncher launcher;
        ZoneRegistry registry(launcher);
        QSignalSpy ended(&registry, &ZoneRegistry::zoneEnded);
        QSignalSpy failed(&registry, &ZoneRegistry::zoneStartFailed);
        Answers answers;
        registry.request(zoneA, answers.callback());
        registry.request(zoneA, answers.callback());
        launcher.launched.first()->failStart(504,
                                             QStringLiteral("The zone did not become ready within 1 s."));
        QCOMPARE(answers.list.size(), 2);
        for (const auto &outcome : answers.list) {
            QCOMPARE(outcome.status, 504);
            QVERIFY(outcome.message.contains(QLatin1String("did not become ready")));
        }
        QVERIFY(!registry.zone(zoneA));
        QCOMPARE(ended.size(), 1);
        QCOMPARE(failed.size(), 1);

        // The next request tries again with a new process.
        registry.request(zoneA, answers.callback());
        QCOMPARE(launcher.launched.size(), 2);
    }

    void failureReportedInsideStartIsHandled()
    {
        // The process fails inside start() (e.g. the program is missing), before start() returns.
        FakeLauncher launcher;
        launcher.failOnStart = true;
        ZoneRegistry registry(launcher);
        Answers answers;
        registry.request(zoneA, answers.callback());
        QCOMPARE(answers.list.size(), 1);
        QCOMPARE(answers.list.first().status, 502);
        QVERIFY(!registry.zone(zoneA));
    }

    void crashIsMarkedAndRestartedOnNextRequest()
    {
        FakeLauncher launcher;
        ZoneRegistry registry(launcher);
        QSignalSpy crashed(&registry, &ZoneRegistry::zoneCrashed);
        QSignalSpy ended(&registry, &ZoneRegistry::zoneEnded);
        Answers answers;
        registry.request(zoneA, answers.callback());
        launcher.launched.first()->becomeReady(urlA);
        launcher.launched.first()->exit(false);
        QCOMPARE(crashed.size(), 1);
        QCOMPARE(ended.size(), 1);
        QCOMPARE(registry.zone(zoneA)->state, ZoneState::Crashed);
        QCOMPARE(registry.zone(zoneA)->lastError, QStringLiteral("crashed"));
        QCOMPARE(registry.count(ZoneState::Crashed), 1);

        registry.request(zoneA, answers.callback());
        QCOMPARE(launcher.launched.size(), 2);
        QCOMPARE(registry.zone(zoneA)->state, ZoneState::Starting);
        launcher.launched.at(1)->becomeReady(urlB);
        QCOMPARE(answers.list.last().url, urlB);
        QCOMPARE(registry.zone(zoneA)->state, ZoneState::Running);
        QVERIFY(registry.zone(zoneA)->lastError.isEmpty());
    }

    void crashIsRestartedByItselfWithBackOff()
    {
        FakeLauncher launcher;
        ZoneRegistry registry(launcher);
        registry.setCrashRestartDelayMs(50);
        QSignalSpy restarting(&registry, &ZoneRegistry::zoneRestarting);
        Answers answers;
        registry.request(zoneA, answers.callback());
        launcher.launched.first()->becomeReady(urlA);
        launcher.launched.first()->exit(false);
        QCOMPARE(registry.zone(zoneA)->state, ZoneState::Crashed);
        // Nobody asks for it: the registry starts it again after the delay.
        QTRY_COMPARE(launcher.launched.size(), 2);
        QCOMPARE(restarting.size(), 1);
        QCOMPARE(restarting.first().at(1).toInt(), 50);
        QCOMPARE(registry.zone(zoneA)->state, ZoneState::Starting);
        launcher.launched.at(1)->becomeReady(urlB);
        QCOMPARE(registry.zone(zoneA)->state, ZoneState::Running);
        QCOMPARE(answers.list.size(), 1); // the first request only; the restart had no waiter

        // It crashes again at once: the next delay has doubled.
        launcher.launched.at(1)->exit(false);
        QTRY_COMPARE(launcher.launched.size(), 3);
        QCOMPARE(restarting.last().at(1).toInt(), 100);

        // A request that comes first starts it at once, and the timer then does nothing more.
        launcher.launched.at(2)->becomeReady(urlA);
        launcher.launched.at(2)->exit(false);
        registry.request(zoneA, answers.callback());
        QCOMPARE(launcher.launched.size(), 4);
        QTest::qWait(400);
        QCOMPARE(launcher.launched.size(), 4);

        // A crashed zone that is stopped (forgotten) is not started again either.
        launcher.launched.at(3)->becomeReady(urlB);
        launcher.launched.at(3)->exit(false);
        registry.stop(zoneA, answers.callback());
        QVERIFY(!registry.zone(zoneA));
        QTest::qWait(1000);
        QCOMPARE(launcher.launched.size(), 4);
    }

    void cleanExitIsForgotten()
    {
        FakeLauncher launcher;
        ZoneRegistry registry(launcher);
        QSignalSpy ended(&registry, &ZoneRegistry::zoneEnded);
        Answers answers;
        registry.request(zoneA, answers.callback());
        launcher.launched.first()->becomeReady(urlA);
        launcher.launched.first()->exit(true); // idle shutdown
        QVERIFY(!registry.zone(zoneA));
        QCOMPARE(ended.size(), 1);
        QVERIFY(registry.zones().isEmpty());
    }

    void stopIsGracefulAndAnsweredWhenGone()
    {
        FakeLauncher launcher;
        ZoneRegistry registry(launcher);
        registry.setStopGraceMs(1234);
        Answers answers, stopped;
        registry.request(zoneA, answers.callback());
        auto zone = launcher.launched.first();
        zone->becomeReady(urlA);
        registry.stop(zoneA, stopped.callback());
        QCOMPARE(zone->terminated, 1);
        QCOMPARE(zone->lastGraceMs, 1234);
        QCOMPARE(registry.zone(zoneA)->state, ZoneState::Stopping);
        QVERIFY(stopped.list.isEmpty());
        zone->exit(true);
        QCOMPARE(stopped.list.size(), 1);
        QVERIFY(stopped.list.first().isOk());
        QVERIFY(!registry.zone(zoneA));

        registry.stop(zoneA, stopped.callback());
        QCOMPARE(stopped.list.last().status, 404);
    }

    void killedByRequestIsForgottenNotCrashed()
    {
        FakeLauncher launcher;
        ZoneRegistry registry(launcher);
        QSignalSpy crashed(&registry, &ZoneRegistry::zoneCrashed);
        Answers answers, killed;
        registry.request(zoneA, answers.callback());
        launcher.launched.first()->becomeReady(urlA);
        registry.kill(zoneA, killed.callback());
        QCOMPARE(launcher.launched.first()->killed, 1);
        launcher.launched.first()->exit(false);
        QCOMPARE(killed.list.size(), 1);
        QVERIFY(killed.list.first().isOk());
        QCOMPARE(crashed.size(), 0);
        QVERIFY(!registry.zone(zoneA));
    }

    void stopWhileStartingAnswersTheWaiters()
    {
        FakeLauncher launcher;
        ZoneRegistry registry(launcher);
        Answers answers, stopped;
        registry.request(zoneA, answers.callback());
        registry.stop(zoneA, stopped.callback());
        QCOMPARE(answers.list.size(), 1);
        QCOMPARE(answers.list.first().status, 503);
        launcher.launched.first()->becomeReady(urlA); // too late: ignored
        QCOMPARE(registry.zone(zoneA)->state, ZoneState::Stopping);
        launcher.launched.first()->exit(true);
        QCOMPARE(stopped.list.size(), 1);
        QVERIFY(!registry.zone(zoneA));
    }

    void requestDuringStopStartsItAgain()
    {
        FakeLauncher launcher;
        ZoneRegistry registry(launcher);
        Answers answers, stopped;
        registry.request(zoneA, answers.callback());
        launcher.launched.first()->becomeReady(urlA);
        registry.stop(zoneA, stopped.callback());
        registry.request(zoneA, answers.callback());
        QCOMPARE(answers.list.size(), 1);
        launcher.launched.first()->exit(true);
        QCOMPARE(stopped.list.size(), 1);
        QCOMPARE(launcher.launched.size(), 2);
        launcher.launched.at(1)->becomeReady(urlB);
        QCOMPARE(answers.list.size(), 2);
        QCOMPARE(answers.list.last().url, urlB);
    }

    void restartStopsThenStarts()
    {
        FakeLauncher launcher;
        ZoneRegistry registry(launcher);
        QSignalSpy started(&registry, &ZoneRegistry::zoneStarted);
        Answers answers, restarted;
        registry.request(zoneA, answers.callback());
        launcher.launched.first()->becomeReady(urlA);
        registry.restart(zoneA, restarted.callback());
        QCOMPARE(launcher.launched.first()->terminated, 1);
        launcher.launched.first()->exit(true);
        QCOMPARE(launcher.launched.size(), 2);
        QVERIFY(restarted.list.isEmpty());
        launcher.launched.at(1)->becomeReady(urlB);
        QCOMPARE(restarted.list.size(), 1);
        QCOMPARE(restarted.list.first().url, urlB);
        QCOMPARE(started.size(), 2);

        // Restarting a zone that is not running just starts it.
        registry.restart(zoneB, restarted.callback());
        QCOMPARE(launcher.launched.size(), 3);
    }

    void stopOfCrashedZoneForgetsIt()
    {
        FakeLauncher launcher;
        ZoneRegistry registry(launcher);
        Answers answers, stopped;
        registry.request(zoneA, answers.callback());
        launcher.launched.first()->becomeReady(urlA);
        launcher.launched.first()->exit(false);
        registry.stop(zoneA, stopped.callback());
        QVERIFY(stopped.list.first().isOk());
        QVERIFY(!registry.zone(zoneA));
    }

    void adoptionConfirmedOrForgotten()
    {
        FakeLauncher launcher;
        ZoneRegistry registry(launcher);
        QSignalSpy launched(&registry, &ZoneRegistry::zoneLaunched);
        QSignalSpy running(&registry, &ZoneRegistry::zoneRunning);
        QSignalSpy started(&registry, &ZoneRegistry::zoneStarted);
        QSignalSpy ended(&registry, &ZoneRegistry::zoneEnded);
        const QDateTime then = QDateTime::currentDateTimeUtc().addSecs(-60);
        registry.adopt(zoneA, urlA, 4242, then);
        registry.adopt(zoneB, urlB, 4343, then);
        QCOMPARE(launcher.adopted.size(), 2);

        // A request that arrives while the adoption is checked waits for it.
        Answers answers;
        registry.request(zoneA, answers.callback());
        QCOMPARE(launcher.launched.size(), 0);
        launcher.adopted.at(0)->becomeReady(urlA);
        QCOMPARE(answers.list.size(), 1);
        QCOMPARE(answers.list.first().url, urlA);
        QCOMPARE(running.size(), 1);
        QCOMPARE(started.size(), 0); // not a start by this master
        QCOMPARE(launched.size(), 0);
        QVERIFY(registry.zone(zoneA)->adopted);
        QCOMPARE(registry.zone(zoneA)->pid, qint64(4242));

        // The other one is gone: forgotten without a fuss.
        launcher.adopted.at(1)->failStart(502, QStringLiteral("unreachable"));
        QVERIFY(!registry.zone(zoneB));
        QCOMPARE(ended.size(), 1);
        QCOMPARE(launcher.launched.size(), 0);
    }

    void failedAdoptionWithWaiterStartsAFreshZone()
    {
        FakeLauncher launcher;
        ZoneRegistry registry(launcher);
        registry.adopt(zoneA, urlA, 4242, QDateTime::currentDateTimeUtc());
        Answers answers;
        registry.request(zoneA, answers.callback());
        launcher.adopted.first()->failStart(502, QStringLiteral("unreachable"));
        QVERIFY(answers.list.isEmpty());
        QCOMPARE(launcher.launched.size(), 1);
        launcher.launched.first()->becomeReady(urlB);
        QCOMPARE(answers.list.size(), 1);
        QCOMPARE(answers.list.first().url, urlB);
    }

    void shutdownStopsEveryZone()
    {
        FakeLauncher launcher;
        auto registry = std::make_unique<ZoneRegistry>(launcher);
        QSignalSpy ended(registry.get(), &ZoneRegistry::zoneEnded);
        Answers answers;
        registry->request(zoneA, answers.callback());
        registry->request(zoneB, answers.callback());
        launcher.launched.first()->becomeReady(urlA);
        registry->shutdown(1000);
        QCOMPARE(answers.list.size(), 2);
        QCOMPARE(answers.list.last().status, 503); // zone B was still starting
        for (const auto &zone : launcher.launched) {
            QCOMPARE(zone->shutdownBegun, 1);
            QCOMPARE(zone->shutdownFinished, 1);
        }
        QCOMPARE(ended.size(), 2);
        QVERIFY(registry->zones().isEmpty());
        registry->request(zoneA, answers.callback());
        QCOMPARE(answers.list.last().status, 503);
        registry.reset();
    }
};

QTEST_GUILESS_MAIN(TestZoneRegistry)
#include "tst_zoneregistry.moc"
