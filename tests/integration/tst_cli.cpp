// SPDX-License-Identifier: AGPL-3.0-or-later
// simplemmo-cli driven like a script would drive it (-c and standard input), against real servers.
#include "HttpTestClient.h"
#include "ServerProcess.h"
#include "SessionToken.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace smmo;
using namespace smmo::test;

class TestCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_data;
    std::unique_ptr<ServerProcess> m_auth;
    std::unique_ptr<ServerProcess> m_char;
    std::unique_ptr<ServerProcess> m_master;
    QUrl m_masterUrl = QUrl(QStringLiteral("http://127.0.0.1:9")); // nothing listens: "server down"

    QStringList urls() const
    {
        return {QStringLiteral("--auth-url"), m_auth->url().toString(),       QStringLiteral("--char-url"),
                m_char->url().toString(),     QStringLiteral("--master-url"), m_masterUrl.toString()};
    }
    struct Run
    {
        int exitCode = -1;
        QString out;
    };
    Run run(const QStringList &extra, const QByteArray &input = {})
    {
        QProcess cli;
        cli.start(binaryPath(QStringLiteral("simplemmo-cli")), urls() + extra);
        if (!input.isEmpty())
            cli.write(input);
        cli.closeWriteChannel();
        if (!cli.waitForFinished(30000))
            cli.kill();
        return {cli.exitStatus() == QProcess::NormalExit ? cli.exitCode() : -1,
                QString::fromUtf8(cli.readAllStandardOutput() + cli.readAllStandardError())};
    }

private slots:
    void initTestCase()
    {
        const QStringList common{QStringLiteral("--port=0"), QStringLiteral("--data-dir"), m_data.path()};
        m_auth =
            std::make_unique<ServerProcess>(binaryPath(QStringLiteral("simplemmo-authserver")),
                                            common + QStringList{QStringLiteral("--hash-iterations=1000")});
        QVERIFY2(m_auth->start(), qPrintable(m_auth->output()));
        m_char = std::make_unique<ServerProcess>(binaryPath(QStringLiteral("simplemmo-charserver")), common);
        QVERIFY2(m_char->start(), qPrintable(m_char->output()));
    }

    void helpListsEveryCommand()
    {
        const auto r = run({QStringLiteral("-c"), QStringLiteral("help")});
        QCOMPARE(r.exitCode, 0);
        for (const char *command :
             {"register", "login", "logout", "characters", "create", "servers", "quit", "help"})
            QVERIFY2(r.out.contains(QLatin1String(command)), command);
        const auto one = run({QStringLiteral("-c"), QStringLiteral("help create")});
        QVERIFY(one.out.contains(QStringLiteral("Usage: create <name>")));
        QVERIFY(one.out.contains(QStringLiteral("Example: create Groxnor")));
    }

    void accountFlowFromCommandLine()
    {
        const auto r =
            run({QStringLiteral("-c"),
                 QStringLiteral("register cliuser pw1; login cliuser pw1; create Clia; characters; whoami")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("Registration successful.")));
        QVERIFY(r.out.contains(QStringLiteral("Logged in as cliuser.")));
        QVERIFY(r.out.contains(QStringLiteral("Created Clia.")));
        QVERIFY(r.out.contains(QStringLiteral("\nClia\n")));
    }

    void standardInputAndQuotes()
    {
        const auto r = run({}, "login cliuser pw1\n\n# a comment\ncharacters\nquit\ncharacters\n");
        QVERIFY2(r.exitCode == 0, qPrintable(r.out));
        QCOMPARE(r.out.count(QStringLiteral("Clia")),
                 2); // login lists them, characters once; nothing after quit
    }

    void passwordPromptReadsTheNextLine()
    {
        const auto r = run({}, "login cliuser\npw1\nwhoami\n");
        QVERIFY2(r.exitCode == 0, qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("Logged in as cliuser.")));
        QVERIFY(!r.out.contains(QStringLiteral("pw1"))); // never echoed
    }

    void errorsAreOneLineAndFailTheRun_data()
    {
        QTest::addColumn<QString>("commands");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown") << "frobnicate"
                                 << "error: Unknown command: frobnicate";
        QTest::newRow("usage") << "create"
                               << "error: Usage: create <name>";
        QTest::newRow("wrong password") << "login cliuser nope"
                                        << "error: Login failed.";
        QTest::newRow("not logged in") << "characters"
                                       << "error: Not logged in";
        QTest::newRow("taken") << "login cliuser pw1; create Clia"
                               << "error: Character already exists.";
        QTest::newRow("server down") << "servers"
                                     << "down (the MasterZoneServer";
    }
    void errorsAreOneLineAndFailTheRun()
    {
        QFETCH(QString, commands);
        QFETCH(QString, message);
        const auto r = run({QStringLiteral("-c"), commands});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains(message), qPrintable(r.out));
        QVERIFY(!r.out.contains(QStringLiteral("simplemmo.service"))); // no log noise
    }

    // Two players in the world: the second waits for a tell and a shout from the first.
    void twoPlayersInTheWorld()
    {
        m_master = std::make_unique<ServerProcess>(
            binaryPath(QStringLiteral("simplemmo-masterzoneserver")),
            QStringList{QStringLiteral("--port=0"), QStringLiteral("--data-dir"), m_data.path(),
                        QStringLiteral("--char-url"), m_char->url().toString()});
        QVERIFY2(m_master->start(), qPrintable(m_master->output()));
        m_masterUrl = m_master->url();
        QVERIFY(run({QStringLiteral("-c"),
                     QStringLiteral("register walker pw; register waiter pw; login walker pw; "
                                    "create Walker; login waiter pw; create Waiter")})
                    .exitCode == 0);

        QProcess waiter;
        waiter.setProcessChannelMode(QProcess::MergedChannels);
        waiter.start(
            binaryPath(QStringLiteral("simplemmo-cli")),
            urls() << QStringLiteral("-c")
                   << QStringLiteral("login waiter pw; play Waiter; expect \"Walker tells you: psst\" 30; "
                                     "expect \"[global] Walker: hello world\" 30; quit"));
        QString waiterOut;
        QSignalSpy output(&waiter, &QProcess::readyReadStandardOutput);
        while (!waiterOut.contains(QStringLiteral("You are Waiter in")) &&
               waiter.state() != QProcess::NotRunning) {
            if (!output.wait(30000))
                break;
            waiterOut += QString::fromUtf8(waiter.readAll());
        }
        QVERIFY2(waiterOut.contains(QStringLiteral("You are Waiter in playerinstance-GhibliHills-Waiter")),
                 qPrintable(waiterOut));

        const auto walker =
            run({QStringLiteral("-c"),
                 QStringLiteral("login walker pw; play Walker; look; map 11; n; e; move 0.5 -0.5; who; "
                                "say Nice hills; expect \"Walker: Nice hills\" 10; "
                                "expect \"] Chicken:\" 60; tell Waiter psst; shout hello world; quit")});
        QVERIFY2(walker.exitCode == 0, qPrintable(walker.out));
        QVERIFY(walker.out.contains(QStringLiteral("You are Walker in playerinstance-GhibliHills-Walker")));
        QVERIFY(walker.out.contains(QStringLiteral("Chicken #")));   // look lists the zone's chickens
        QVERIFY(walker.out.contains(QStringLiteral(".....@....."))); // the map is centred on you
        QVERIFY(walker.out.contains(QStringLiteral("You are at (1.0, 1.0).")));
        QVERIFY(walker.out.contains(QStringLiteral("[GhibliHills] Walker: Nice hills")));
        // The zone's ScriptServer runs chicken.js: a chicken's squawk or stroll line reaches the prompt.
        static const QRegularExpression squawk(
            QStringLiteral("\\[GhibliHills\\] Chicken: (BAWK|BUCAW|BUCK BUCK "
                           "BUCK|BROOOOCK|CLUCK|.*stroll.*|bump\\.|bamp!|BUMP|THUD!!)"));
        QVERIFY2(squawk.match(walker.out).hasMatch(), qPrintable(walker.out));

        QVERIFY(waiter.waitForFinished(60000));
        waiterOut += QString::fromUtf8(waiter.readAll());
        QVERIFY2(waiter.exitCode() == 0, qPrintable(waiterOut));
        QVERIFY(waiterOut.contains(QStringLiteral("[tell] Walker tells you: psst")));
        QVERIFY(waiterOut.contains(QStringLiteral("[global] Walker: hello world")));
    }

    // Linnea lives in AdventureDungeon: a zone service moves a character there, and `activate`
    // prints her script's answer.
    void linneaAnswersActivation()
    {
        QVERIFY(m_master);
        QVERIFY(
            run({QStringLiteral("-c"), QStringLiteral("register delver pw; login delver pw; create Delver")})
                .exitCode == 0);
        QFile secretFile(m_data.filePath(QStringLiteral("cluster.secret")));
        QVERIFY(secretFile.open(QIODevice::ReadOnly));
        HttpTestClient zoneService(m_char->url());
        zoneService.setBearer(
            SessionToken::issue(SessionToken::makeClaims(0, QStringLiteral("zone:test"),
                                                         {QStringLiteral("service")}, std::chrono::hours(1)),
                                secretFile.readAll().trimmed()));
        const auto moved =
            zoneService.postJson(QStringLiteral("/Delver"),
                                 {{QStringLiteral("zone"), QStringLiteral("public-AdventureDungeon-cli")}});
        QVERIFY2(moved.status == 200, moved.body.constData());

        const auto r =
            run({QStringLiteral("-c"), QStringLiteral("login delver pw; play Delver; detail Linnea; "
                                                      "activate Linnea; quit")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("You are Delver in public-AdventureDungeon-cli")));
        QVERIFY2(r.out.contains(QStringLiteral("Nice! You activated me.")), qPrintable(r.out));
    }

    void zoneCommandsNeedAWorld()
    {
        const auto r = run({QStringLiteral("-c"), QStringLiteral("login walker pw; look")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.contains(QStringLiteral("error: You are not in the world: play <character> first.")));
        const auto other = run({QStringLiteral("-c"), QStringLiteral("login walker pw; play Waiter")});
        QCOMPARE(other.exitCode, 1); // another user's character
        QVERIFY2(other.out.contains(QStringLiteral("error: ")), qPrintable(other.out));
    }

    void cleanupTestCase()
    {
        if (m_master)
            QCOMPARE(m_master->stop(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
