// SPDX-License-Identifier: AGPL-3.0-or-later
// PostgreSQL restarted mid-play: a cluster on its own PostgreSQL server (started by this test
// with tests/support/postgres-fixture.sh, so it can be stopped and started again on the same
// port), bots walking and chatting, a quest giver updating characters. While the database is
// down every server answers what needs it with 503 and the error envelope (the zone stream with
// an `unavailable` error) and none of them crashes; once it is back they reconnect by themselves
// and play goes on, with nothing acknowledged lost.
#include "CharacterUpdater.h"
#include "HttpTestClient.h"
#include "PlayBot.h"
#include "TestCluster.h"

#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>
#include <vector>

using namespace smmo;
using namespace smmo::test;

namespace {

constexpr int botCount = 2;
constexpr int timeoutMs = 60000;
const QString zoneId = QStringLiteral("public-GhibliHills-outage");

// 503 with the envelope saying the database is the trouble.
bool databaseUnavailable(const HttpResult &result)
{
    return result.status == 503 && result.errorCode() == QLatin1String("unavailable") &&
           result.errorMessage().contains(QLatin1String("database"));
}

} // namespace

class TestFaultsPostgresRestart : public QObject
{
    Q_OBJECT

    QTemporaryDir m_pgDir{QDir::tempPath() + QStringLiteral("/simplemmo-pg-outage-XXXXXX")};
    QString m_script;
    QString m_url;
    QElapsedTimer m_clock;

    bool fixture(const QString &action, QString *output)
    {
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(QStringLiteral("bash"), {m_script, action, m_pgDir.filePath(QStringLiteral("pg"))});
        const bool done = process.waitForFinished(90000);
        *output = QString::fromUtf8(process.readAll());
        return done && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_pgDir.isValid());
        m_script = qEnvironmentVariable("SIMPLEMMO_SOURCE_DIR") +
                   QStringLiteral("/tests/support/postgres-fixture.sh");
        QString output;
        // Never skipped: without a PostgreSQL server this test fails and says why.
        QVERIFY2(fixture(QStringLiteral("start"), &output), qPrintable(output));
        QFile url(m_pgDir.filePath(QStringLiteral("pg/url")));
        QVERIFY(url.open(QIODevice::ReadOnly));
        m_url = QString::fromUtf8(url.readAll()).trimmed();
        m_clock.start();
    }

    void cleanupTestCase()
    {
        QString output;
        if (!m_script.isEmpty() && !fixture(QStringLiteral("stop"), &output))
            qWarning("%s", qPrintable(output));
    }

    void restartMidPlay()
    {
        TestCluster::Options options;
        options.database = m_url;
        options.configText = QStringLiteral("[zoneserver]\ncheckpoint-ms=500\nmax-messages=100000\n");
        TestCluster cluster(options);
        QVERIFY2(cluster.start(), qPrintable(cluster.why()));

        std::vector<std::unique_ptr<PlayBot>> bots;
        QStringList characters;
        for (int i = 0; i < botCount; ++i) {
            const QString character = QStringLiteral("OutageBot%1").arg(i);
            const QByteArray token = cluster.player(QStringLiteral("outagebot%1").arg(i), character);
            QVERIFY2(!token.isEmpty(), qPrintable(cluster.why()));
            bots.push_back(std::make_unique<PlayBot>(character, zoneId, cluster.masterUrl(), i, m_clock));
            bots.back()->setToken(token);
            bots.back()->connectToZone();
            characters << character;
        }
        const auto allJoined = [&] {
            return std::all_of(bots.begin(), bots.end(), [](const auto &bot) { return bot->isJoined(); });
        };
        QVERIFY(QTest::qWaitFor(allJoined, timeoutMs));
        CharacterUpdater updater(cluster.charUrl(), cluster.serviceToken(QStringLiteral("zone:quests")),
                                 characters);
        for (const auto &bot : bots)
            bot->setPlaying(true);
        updater.setRunning(true);
        const auto playedOn = [&](int linesEach, int updates) {
            QList<int> lines;
            for (const auto &bot : bots)
                lines.append(int(bot->ackedLines().size()));
            const int updatesBefore = updater.ackedCount();
            return QTest::qWaitFor(
                [&] {
                    for (std::size_t i = 0; i < bots.size(); ++i)
                        if (bots[i]->ackedLines().size() < lines.at(int(i)) + linesEach)
                            return false;
                    return updater.ackedCount() >= updatesBefore + updates;
                },
                timeoutMs);
        };
        QVERIFY(playedOn(3, 3));

        const QJsonObject zone = cluster.zoneEntry(zoneId);
        const QUrl zoneUrl(zone.value(QStringLiteral("url")).toString());
        const qint64 zonePid = qint64(zone.value(QStringLiteral("pid")).toDouble());
        QList<qint64> pids{cluster.pid(TestCluster::Role::Auth), cluster.pid(TestCluster::Role::Char),
                           cluster.pid(TestCluster::Role::Master), zonePid};
        for (const auto &value : zone.value(QStringLiteral("companions")).toArray())
            pids.append(value.toObject().value(QStringLiteral("pid")).toInteger());
        QCOMPARE(pids.size(), 6);
        const QByteArray token = cluster.login(QStringLiteral("outagebot0"));
        QVERIFY(!token.isEmpty());

        // The database goes away.
        QString output;
        const qint64 downAt = m_clock.elapsed();
        QVERIFY2(fixture(QStringLiteral("halt"), &output), qPrintable(output));
        const QStringList linesBefore = [&] {
            QStringList lines;
            for (const auto &bot : bots)
                lines += bot->ackedLines();
            return lines;
        }();

        // Everything that needs it says so, clearly.
        QVERIFY2(QTest::qWaitFor([&] { return updater.failureStatuses().value(503) > 0; }, timeoutMs),
                 qPrintable(updater.lastError()));
        QVERIFY(QTest::qWaitFor(
            [&] {
                return bots.front()->errors().filter(QStringLiteral("unavailable: The database")).size() > 0;
            },
            timeoutMs));
        HttpTestClient auth(cluster.authUrl());
        HttpResult r =
            auth.postForm(QStringLiteral("/login"),
                          HttpTestClient::form({{QStringLiteral("username"), QStringLiteral("outagebot0")},
                                                {QStringLiteral("password"), QStringLiteral("whatever")}}));
        QVERIFY2(databaseUnavailable(r), qPrintable(r.summary()));
        r = auth.postForm(QStringLiteral("/register"),
                          HttpTestClient::form({{QStringLiteral("username"), QStringLiteral("newcomer")},
                                                {QStringLiteral("password"), QStringLiteral("secret")}}));
        QVERIFY2(databaseUnavailable(r), qPrintable(r.summary()));
        HttpTestClient chars(cluster.charUrl());
        chars.setBearer(token);
        r = chars.get(QStringLiteral("/OutageBot0"));
        QVERIFY2(databaseUnavailable(r), qPrintable(r.summary()));
        HttpTestClient zoneHttp(zoneUrl);
        zoneHttp.setBearer(token);
        r = zoneHttp.postForm(
            QStringLiteral("/say"),
            HttpTestClient::form({{QStringLiteral("character"), QStringLiteral("OutageBot0")},
                                  {QStringLiteral("text"), QStringLiteral("anyone?")}}));
        QVERIFY2(databaseUnavailable(r), qPrintable(r.summary()));
        HttpTestClient master(cluster.masterUrl());
        master.setBearer(token);
        r = master.get(QStringLiteral("/chat/global"));
        QVERIFY2(databaseUnavailable(r), qPrintable(r.summary()));
        // What does not need the database goes on: the zone's objects, the running zone's address.
        QCOMPARE(zoneHttp.get(QStringLiteral("/objects")).status, 200);
        r = master.get(QLatin1Char('/') + zoneId);
        QCOMPARE(r.status, 200);
        QCOMPARE(QUrl(QString::fromUtf8(r.body)), zoneUrl);
        // Play goes on trying for a while: everyone keeps being refused, and nobody falls over.
        QVERIFY(QTest::qWaitFor(
            [&] {
                return updater.failureStatuses().value(503) >= 5 &&
                       std::all_of(bots.begin(), bots.end(),
                                   [](const auto &bot) { return bot->errors().size() >= 3; });
            },
            timeoutMs));
        for (const qint64 pid : std::as_const(pids))
            QVERIFY2(TestCluster::isAlive(pid), qPrintable(QString::number(pid)));
        QCOMPARE(updater.failureStatuses().value(0), 0); // always an answer, never a dropped connection
        const qint64 downFor = m_clock.elapsed() - downAt;

        // It comes back on the same port; the servers reconnect by themselves.
        QVERIFY2(fixture(QStringLiteral("resume"), &output), qPrintable(output));
        const qint64 upAt = m_clock.elapsed();
        QVERIFY(playedOn(2, 2));
        const qint64 recoveredIn = m_clock.elapsed() - upAt;
        QCOMPARE(auth.postForm(QStringLiteral("/login"),
                               HttpTestClient::form(
                                   {{QStringLiteral("username"), QStringLiteral("outagebot0")},
                                    {QStringLiteral("password"), QStringLiteral("pw-outagebot0-faults")}}))
                     .status,
                 200);
        QCOMPARE(chars.get(QStringLiteral("/OutageBot0")).status, 200);
        // The zone checkpoints again (those during the outage failed and were kept for later).
        const auto checkpoints = [&] {
            return int(HttpTestClient::metric(zoneHttp.get(QStringLiteral("/metrics")).body,
                                              "simplemmo_zone_checkpoint_seconds_count"));
        };
        const int checkpointsAfter = checkpoints();
        QVERIFY(QTest::qWaitFor([&] { return checkpoints() > checkpointsAfter; }, timeoutMs));

        // Nobody crashed or was restarted.
        for (const qint64 pid : std::as_const(pids))
            QVERIFY2(TestCluster::isAlive(pid), qPrintable(QString::number(pid)));
        QCOMPARE(cluster.zoneServerPids(zoneId), QList<qint64>{zonePid});

        // Nothing acknowledged is lost: chat lines before and after, character updates.
        QSet<QString> stored;
        for (const auto &value : zoneHttp.get(QStringLiteral("/messages")).json().array())
            stored.insert(value.toObject().value(QStringLiteral("body")).toString());
        int linesAcked = 0;
        for (const auto &bot : bots)
            for (const QString &line : bot->ackedLines()) {
                ++linesAcked;
                QVERIFY2(stored.contains(line), qPrintable(line));
            }
        QVERIFY(linesAcked > linesBefore.size());
        const int updatesAcked = updater.ackedCount();
        const QStringList missing =
            CharacterUpdater::missing(cluster.charUrl(), cluster.adminToken(), updater.acked());
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QLatin1Char(' '))));
        qInfo("PostgreSQL down %.1f s: %d updates and %d stream lines refused meanwhile (503/unavailable); "
              "play went on %.1f s after it was back; %d chat lines and %d character updates acknowledged, "
              "all present",
              double(downFor) / 1000.0, updater.failureStatuses().value(503),
              int(bots.front()->errors().size()), double(recoveredIn) / 1000.0, linesAcked, updatesAcked);
        updater.setRunning(false);
        for (const auto &bot : bots)
            bot->disconnectFromZone();
    }
};

QTEST_GUILESS_MAIN(TestFaultsPostgresRestart)
#include "tst_faults_postgres_restart.moc"
