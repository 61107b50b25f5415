// SPDX-License-Identifier: AGPL-3.0-or-later
// simplemmo-cli driven like a script would drive it (-c and standard input), against real servers.
#include "ServerProcess.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace smmo::test;

class TestCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_data;
    std::unique_ptr<ServerProcess> m_auth;
    std::unique_ptr<ServerProcess> m_char;

    QStringList urls() const
    {
        return {QStringLiteral("--auth-url"), m_auth->url().toString(), QStringLiteral("--char-url"),
                m_char->url().toString(), QStringLiteral("--master-url"), QStringLiteral("http://127.0.0.1:9")};
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
        m_auth = std::make_unique<ServerProcess>(binaryPath(QStringLiteral("simplemmo-authserver")),
                                                 common + QStringList{QStringLiteral("--hash-iterations=1000")});
        QVERIFY2(m_auth->start(), qPrintable(m_auth->output()));
        m_char = std::make_unique<ServerProcess>(binaryPath(QStringLiteral("simplemmo-charserver")), common);
        QVERIFY2(m_char->start(), qPrintable(m_char->output()));
    }

    void helpListsEveryCommand()
    {
        const auto r = run({QStringLiteral("-c"), QStringLiteral("help")});
        QCOMPARE(r.exitCode, 0);
        for (const char *command : {"register", "login", "logout", "characters", "create", "servers", "quit", "help"})
            QVERIFY2(r.out.contains(QLatin1String(command)), command);
        const auto one = run({QStringLiteral("-c"), QStringLiteral("help create")});
        QVERIFY(one.out.contains(QStringLiteral("Usage: create <name>")));
        QVERIFY(one.out.contains(QStringLiteral("Example: create Groxnor")));
    }

    void accountFlowFromCommandLine()
    {
        const auto r = run({QStringLiteral("-c"),
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
        QCOMPARE(r.out.count(QStringLiteral("Clia")), 2); // login lists them, characters once; nothing after quit
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
        QTest::newRow("unknown") << "frobnicate" << "error: Unknown command: frobnicate";
        QTest::newRow("usage") << "create" << "error: Usage: create <name>";
        QTest::newRow("wrong password") << "login cliuser nope" << "error: Login failed.";
        QTest::newRow("not logged in") << "characters" << "error: Not logged in";
        QTest::newRow("taken") << "login cliuser pw1; create Clia" << "error: Character already exists.";
        QTest::newRow("server down") << "servers" << "down (the MasterZoneServer";
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
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
