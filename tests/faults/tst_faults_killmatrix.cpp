// SPDX-License-Identifier: AGPL-3.0-or-later
// The kill matrix: a play session on real processes (AuthServer, CharServer, MasterZoneServer, a
// zone with scripted, physical chickens, its ScriptServer and PhysicsServer), with bots walking
// and chatting on the zone's stream and a quest giver updating their characters on the
// CharServer. Each server role in turn is killed with SIGKILL mid-play. The master must restart
// zones, ScriptServers and PhysicsServers by itself; the test restarts a killed auth, char or
// master on its port as systemd would. Afterwards the clients reconnect (where they lost their
// connection) and go on playing, every chat line and character update acknowledged before the
// kill is there, and a restarted zone puts characters back at most one checkpoint behind.
// The table it prints is the "What survives a crash" section of docs/operators.md.
#include "CharacterUpdater.h"
#include "HttpTestClient.h"
#include "PlayBot.h"
#include "TestCluster.h"

#include <QJsonArray>
#include <QSet>
#include <QtTest>

#include <csignal>
#include <memory>
#include <vector>

using namespace smmo;
using namespace smmo::test;

namespace {

constexpr int botCount = 4;
constexpr int checkpointMs = 1000; // the zones' checkpoint-ms (the default)
constexpr int recoveryTimeoutMs = 60000;
constexpr int playTimeoutMs = 30000;
const QString zoneId = QStringLiteral("public-GhibliHills-faults");

// One line of the printed table.
struct Row
{
    QString role;
    QString restartedBy;
    qint64 restartMs = -1; ///< kill -> a new process of the role runs
    qint64 readyMs = -1;   ///< kill -> the cluster serves again (zone ready, bus back, /health 200)
    QString clients;
    QString chat;
    QString updates;
    QString position;
};

bool signalPid(qint64 pid)
{
    return pid > 0 && ::kill(pid_t(pid), SIGKILL) == 0;
}

} // namespace

class TestFaultsKillMatrix : public QObject
{
    Q_OBJECT

    QElapsedTimer m_clock;
    std::unique_ptr<TestCluster> m_cluster;
    std::vector<std::unique_ptr<PlayBot>> m_bots;
    std::unique_ptr<CharacterUpdater> m_updater;
    QList<Row> m_rows;

    QJsonObject companion(const QString &name)
    {
        for (const auto &value : m_cluster->zoneEntry(zoneId).value(QStringLiteral("companions")).toArray())
            if (value.toObject().value(QStringLiteral("name")).toString() == name)
                return value.toObject();
        return {};
    }
    QUrl zoneUrl() { return QUrl(m_cluster->zoneEntry(zoneId).value(QStringLiteral("url")).toString()); }
    // Open WebSockets on the zone: the joined bots plus its ScriptServer and PhysicsServer.
    int zoneConnections()
    {
        const QUrl url = zoneUrl();
        if (url.isEmpty())
            return -1;
        HttpTestClient zone(url);
        return zone.get(QStringLiteral("/health"))
            .json()
            .object()
            .value(QStringLiteral("connections"))
            .toInt(-1);
    }
    // Checkpoints the zone has written so far (its histogram's count).
    int checkpoints()
    {
        HttpTestClient zone(zoneUrl());
        return int(HttpTestClient::metric(zone.get(QStringLiteral("/metrics")).body,
                                          "simplemmo_zone_checkpoint_seconds_count"));
    }
    bool serves(TestCluster::Role role)
    {
        HttpTestClient client(m_cluster->url(role));
        return client.get(QStringLiteral("/health")).status == 200;
    }
    int joinedBots() const
    {
        int joined = 0;
        for (const auto &bot : m_bots)
            joined += bot->isJoined() ? 1 : 0;
        return joined;
    }
    QStringList ackedLines() const
    {
        QStringList lines;
        for (const auto &bot : m_bots)
            lines += bot->ackedLines();
        return lines;
    }
    // Plays until every bot had `lines` more lines acknowledged and the quest giver `updates`
    // more updates, counted from the given totals.
    bool playOn(const QList<int> &linesBefore, int updatesBefore, int lines = 2, int updates = 2)
    {
        return QTest::qWaitFor(
            [&] {
                for (std::size_t i = 0; i < m_bots.size(); ++i)
                    if (m_bots[i]->ackedLines().size() < linesBefore.at(int(i)) + lines)
                        return false;
                return m_updater->ackedCount() >= updatesBefore + updates;
            },
            playTimeoutMs);
    }
    QList<int> lineCounts() const
    {
        QList<int> counts;
        for (const auto &bot : m_bots)
            counts.append(int(bot->ackedLines().size()));
        return counts;
    }
    void connectAll()
    {
        for (const auto &bot : m_bots)
            if (!bot->isJoined())
                bot->connectToZone();
    }
    QString botFailures() const
    {
        QStringList failures;
        for (const auto &bot : m_bots)
            if (!bot->isJoined())
                failures << bot->character() + QStringLiteral(": ") + bot->lastFailure();
        return failures.join(QStringLiteral("; "));
    }
    // Chat lines of the zone as stored, through its HTTP API.
    QSet<QString> storedLines()
    {
        HttpTestClient zone(zoneUrl());
        zone.setBearer(m_cluster->login(QStringLiteral("faultbot0")));
        QSet<QString> lines;
        for (const auto &value : zone.get(QStringLiteral("/messages")).json().array())
            lines.insert(value.toObject().value(QStringLiteral("body")).toString());
        return lines;
    }
    QString present(const QStringList &acked, const QSet<QString> &stored, QStringList *missing)
    {
        int found = 0;
        for (const QString &line : acked) {
            if (stored.contains(line))
                ++found;
            else
                missing->append(line);
        }
        return QStringLiteral("%1/%2").arg(found).arg(acked.size());
    }
    void printTable()
    {
        QStringList lines{
            QStringLiteral(
                "| role killed (SIGKILL) | restarted by | new process after | serving again after | "
                "clients reconnected | acked chat lines present | acked character updates present | "
                "position after the restart |"),
            QStringLiteral("|---|---|---|---|---|---|---|---|")};
        const auto ms = [](qint64 value) {
            return value < 0 ? QStringLiteral("-")
                             : QStringLiteral("%1 s").arg(double(value) / 1000.0, 0, 'f', 1);
        };
        for (const Row &row : std::as_const(m_rows))
            lines << QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 | %7 | %8 |")
                         .arg(row.role, row.restartedBy, ms(row.restartMs), ms(row.readyMs), row.clients,
                              row.chat, row.updates, row.position);
        qInfo().noquote() << QStringLiteral("\nKill matrix (%1, checkpoint every %2 ms):\n%3")
                                 .arg(m_cluster->database().section(QLatin1Char(':'), 0, 0))
                                 .arg(checkpointMs)
                                 .arg(lines.join(QLatin1Char('\n')));
    }

private slots:
    void initTestCase()
    {
        m_clock.start();
        TestCluster::Options options;
        // Chat is kept well beyond what a run says, so every line can be looked up afterwards.
        options.configText =
            QStringLiteral("[zoneserver]\ncheckpoint-ms=%1\nmax-messages=100000\n").arg(checkpointMs);
        m_cluster = std::make_unique<TestCluster>(options);
        QVERIFY2(m_cluster->start(), qPrintable(m_cluster->why()));

        QStringList characters;
        for (int i = 0; i < botCount; ++i) {
            const QString character = QStringLiteral("FaultBot%1").arg(i);
            const QByteArray token = m_cluster->player(QStringLiteral("faultbot%1").arg(i), character);
            QVERIFY2(!token.isEmpty(), qPrintable(m_cluster->why()));
            auto bot = std::make_unique<PlayBot>(character, zoneId, m_cluster->masterUrl(), i, m_clock);
            bot->setToken(token);
            m_bots.push_back(std::move(bot));
            characters << character;
        }
        connectAll();
        QVERIFY2(QTest::qWaitFor([&] { return joinedBots() == botCount; }, recoveryTimeoutMs),
                 qPrintable(botFailures()));
        // The zone's ScriptServer and PhysicsServer are on its bus.
        QVERIFY(QTest::qWaitFor([&] { return zoneConnections() == botCount + 2; }, recoveryTimeoutMs));
        m_updater = std::make_unique<CharacterUpdater>(
            m_cluster->charUrl(), m_cluster->serviceToken(QStringLiteral("zone:quests")), characters);
        for (const auto &bot : m_bots)
            bot->setPlaying(true);
        m_updater->setRunning(true);
        QVERIFY2(playOn(lineCounts(), 0, 3, 3), qPrintable(m_updater->lastError()));
    }

    void cleanupTestCase()
    {
        if (m_updater)
            m_updater->setRunning(false);
        for (const auto &bot : m_bots)
            bot->disconnectFromZone();
        if (!m_rows.isEmpty())
            printTable();
        m_bots.clear();
        if (m_cluster)
            m_cluster->stop();
    }

    void killRole_data()
    {
        QTest::addColumn<QString>("role");
        for (const char *role :
             {"zoneserver", "scriptserver", "physicsserver", "masterzoneserver", "charserver", "authserver"})
            QTest::newRow(role) << QString::fromLatin1(role);
    }

    void killRole()
    {
        QFETCH(QString, role);
        Row row;
        row.role = role;
        QVERIFY2(playOn(lineCounts(), m_updater->ackedCount()), qPrintable(botFailures()));

        // What was acknowledged up to the kill.
        const QStringList linesBefore = ackedLines();
        const QHash<QString, QStringList> updatesBefore = m_updater->acked();
        const QJsonObject entryBefore = m_cluster->zoneEntry(zoneId);
        const qint64 zonePid = qint64(entryBefore.value(QStringLiteral("pid")).toDouble());
        QVERIFY(zonePid > 0);
        QCOMPARE(m_cluster->zoneServerPids(zoneId), QList<qint64>{zonePid});
        int joinsBefore = 0;
        for (const auto &bot : m_bots)
            joinsBefore += bot->joins();

        qint64 killedAt = 0;
        bool clientsLost = false;
        if (role == QLatin1String("zoneserver")) {
            row.restartedBy = QStringLiteral("master (crashed zone restart)");
            // The worst moment for positions: late in a checkpoint period. Right after a
            // checkpoint was written, play goes on for most of a period, then the kill comes.
            const int written = checkpoints();
            QVERIFY(QTest::qWaitFor([&] { return checkpoints() > written; }, playTimeoutMs));
            QTest::qWait(checkpointMs * 8 / 10);
            killedAt = m_clock.elapsed();
            QVERIFY(signalPid(zonePid));
            clientsLost = true;
            QVERIFY2(QTest::qWaitFor(
                         [&] {
                             const QJsonObject entry = m_cluster->zoneEntry(zoneId);
                             return entry.value(QStringLiteral("state")).toString() ==
                                        QLatin1String("running") &&
                                    qint64(entry.value(QStringLiteral("pid")).toDouble()) != zonePid;
                         },
                         recoveryTimeoutMs),
                     "the master did not restart the killed zone");
            row.restartMs = m_clock.elapsed() - killedAt;
            // Its new ScriptServer and PhysicsServer are on the new zone's bus.
            QVERIFY(QTest::qWaitFor([&] { return zoneConnections() == 2; }, recoveryTimeoutMs));
            row.readyMs = m_clock.elapsed() - killedAt;
        } else if (role == QLatin1String("scriptserver") || role == QLatin1String("physicsserver")) {
            row.restartedBy = QStringLiteral("master (companion restart)");
            const QJsonObject before = companion(role);
            const qint64 pid = before.value(QStringLiteral("pid")).toInteger();
            const int restarts = before.value(QStringLiteral("restarts")).toInt();
            killedAt = m_clock.elapsed();
            QVERIFY(signalPid(pid));
            QVERIFY2(QTest::qWaitFor(
                         [&] {
                             const QJsonObject now = companion(role);
                             return now.value(QStringLiteral("state")).toString() ==
                                        QLatin1String("running") &&
                                    now.value(QStringLiteral("pid")).toInteger() != pid &&
                                    now.value(QStringLiteral("restarts")).toInt() == restarts + 1;
                         },
                         recoveryTimeoutMs),
                     qPrintable(QJsonDocument(companion(role)).toJson()));
            row.restartMs = m_clock.elapsed() - killedAt;
            QVERIFY(QTest::qWaitFor([&] { return zoneConnections() == botCount + 2; }, recoveryTimeoutMs));
            row.readyMs = m_clock.elapsed() - killedAt;
            if (role == QLatin1String("scriptserver")) {
                // The chickens' scripts run again: one of them speaks (they do every second or so).
                const qint64 since = m_clock.elapsed();
                bool spoke = false;
                QMetaObject::Connection heard = connect(
                    &m_bots.front()->client(), &ZoneClient::chatReceived, this, [&](const QJsonObject &chat) {
                        if (!chat.value(QStringLiteral("player_generated")).toBool(true))
                            spoke = true;
                    });
                QVERIFY2(QTest::qWaitFor([&] { return spoke; }, playTimeoutMs),
                         "no chicken spoke after the restart");
                disconnect(heard);
                qInfo("a scripted chicken spoke %lld ms after the ScriptServer was back",
                      m_clock.elapsed() - since);
            }
        } else {
            const TestCluster::Role killed = role == QLatin1String("masterzoneserver")
                                                 ? TestCluster::Role::Master
                                             : role == QLatin1String("charserver") ? TestCluster::Role::Char
                                                                                   : TestCluster::Role::Auth;
            row.restartedBy = QStringLiteral("systemd (here: the test, on the same port)");
            QList<qint64> companionsBefore;
            for (const auto &value : entryBefore.value(QStringLiteral("companions")).toArray())
                companionsBefore.append(value.toObject().value(QStringLiteral("pid")).toInteger());
            killedAt = m_clock.elapsed();
            m_cluster->kill(killed);
            QVERIFY2(m_cluster->restart(killed), qPrintable(m_cluster->why()));
            row.restartMs = m_clock.elapsed() - killedAt;
            QVERIFY(QTest::qWaitFor([&] { return serves(killed); }, recoveryTimeoutMs));
            if (killed == TestCluster::Role::Master) {
                // The new master adopts the zone that ran on (not a second one), and starts fresh
                // companions for it: the old ones ended with the old master.
                QVERIFY2(QTest::qWaitFor(
                             [&] {
                                 const QJsonObject entry = m_cluster->zoneEntry(zoneId);
                                 return entry.value(QStringLiteral("state")).toString() ==
                                            QLatin1String("running") &&
                                        entry.value(QStringLiteral("adopted")).toBool();
                             },
                             recoveryTimeoutMs),
                         qPrintable(QJsonDocument(m_cluster->zoneEntry(zoneId)).toJson()));
                QCOMPARE(qint64(m_cluster->zoneEntry(zoneId).value(QStringLiteral("pid")).toDouble()),
                         zonePid);
                QVERIFY(
                    QTest::qWaitFor([&] { return zoneConnections() == botCount + 2; }, recoveryTimeoutMs));
                for (const auto &value :
                     m_cluster->zoneEntry(zoneId).value(QStringLiteral("companions")).toArray())
                    QVERIFY(!companionsBefore.contains(
                        value.toObject().value(QStringLiteral("pid")).toInteger()));
                for (const qint64 pid : companionsBefore)
                    QVERIFY2(QTest::qWaitFor([pid] { return !TestCluster::isAlive(pid); }, recoveryTimeoutMs),
                             "a companion outlived its master");
            }
            row.readyMs = m_clock.elapsed() - killedAt;
            if (killed == TestCluster::Role::Auth) {
                // Players log in again (the new AuthServer issues tokens every server accepts) and
                // come back to the zone with them.
                for (std::size_t i = 0; i < m_bots.size(); ++i) {
                    const QByteArray token = m_cluster->login(QStringLiteral("faultbot%1").arg(i));
                    QVERIFY2(!token.isEmpty(), qPrintable(m_cluster->why()));
                    m_bots[i]->setToken(token);
                    m_bots[i]->disconnectFromZone();
                }
                clientsLost = true;
            }
        }

        // The clients that lost their connection come back; all go on playing.
        if (clientsLost)
            connectAll();
        QVERIFY2(QTest::qWaitFor([&] { return joinedBots() == botCount; }, recoveryTimeoutMs),
                 qPrintable(botFailures()));
        int joinsAfter = 0;
        for (const auto &bot : m_bots)
            joinsAfter += bot->joins();
        row.clients = clientsLost ? QStringLiteral("%1/%2").arg(joinsAfter - joinsBefore).arg(botCount)
                                  : QStringLiteral("stayed connected");
        QVERIFY2(
            playOn(lineCounts(), m_updater->ackedCount()),
            qPrintable(
                QStringLiteral("play did not go on: %1 / %2").arg(botFailures(), m_updater->lastError())));
        QCOMPARE(m_cluster->zoneServerPids(zoneId).size(), 1);

        // Nothing acknowledged before the kill is lost.
        QStringList missingLines;
        QStringList missingUpdates;
        row.chat = present(linesBefore, storedLines(), &missingLines);
        missingUpdates =
            CharacterUpdater::missing(m_cluster->charUrl(), m_cluster->adminToken(), updatesBefore);
        const int ackedUpdates = CharacterUpdater::count(updatesBefore);
        row.updates = QStringLiteral("%1/%2").arg(ackedUpdates - missingUpdates.size()).arg(ackedUpdates);
        QVERIFY2(missingLines.isEmpty(), qPrintable(missingLines.join(QLatin1Char('\n'))));
        QVERIFY2(missingUpdates.isEmpty(), qPrintable(missingUpdates.join(QLatin1Char('\n'))));

        // Where the characters are now: a restarted zone loaded its last checkpoint, so at most a
        // checkpoint period old (plus the one being written when the kill came); otherwise they
        // are where they were.
        if (clientsLost) {
            qint64 oldest = 0;
            for (const auto &bot : m_bots) {
                const qint64 age = bot->ageOf(bot->joinedAt().x, bot->joinedAt().y, killedAt);
                QVERIFY2(age >= 0, qPrintable(bot->character() + QStringLiteral(" came back off its way")));
                oldest = qMax(oldest, age);
            }
            row.position = QStringLiteral("at most %1 ms old").arg(oldest);
            if (role == QLatin1String("zoneserver"))
                QVERIFY2(oldest <= 2 * checkpointMs, qPrintable(row.position));
            else
                QCOMPARE(oldest, qint64(0));
        } else {
            row.position = QStringLiteral("live (zone kept running)");
        }
        m_rows.append(row);
        qInfo().noquote() << row.role << "restarted after" << row.restartMs << "ms, serving after"
                          << row.readyMs << "ms; chat" << row.chat << "updates" << row.updates << "position"
                          << row.position;
    }
};

QTEST_GUILESS_MAIN(TestFaultsKillMatrix)
#include "tst_faults_killmatrix.moc"
