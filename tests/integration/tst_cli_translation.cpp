// SPDX-License-Identifier: AGPL-3.0-or-later
// simplemmo-cli follows the system locale: German texts (embedded .qm) under a German locale,
// the English source texts under C. No server is needed: nothing listens on port 9.
#include "ServerProcess.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QtTest>

using namespace smmo::test;

class TestCliTranslation : public QObject
{
    Q_OBJECT

    struct Run
    {
        int exitCode = -1;
        QString out;
    };
    // Runs the prompt with `commands` under `locale`. The other locale variables are removed so
    // the outcome does not depend on the environment ctest runs in (LANGUAGE wins over LANG in Qt).
    Run run(const QString &locale, const QString &commands)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"})
            env.remove(QLatin1String(name));
        env.insert(QStringLiteral("LANG"), locale);
        env.insert(QStringLiteral("LC_ALL"), locale);
        QProcess cli;
        cli.setProcessEnvironment(env);
        const QString nowhere = QStringLiteral("http://127.0.0.1:9");
        cli.start(binaryPath(QStringLiteral("simplemmo-cli")),
                  {QStringLiteral("--auth-url"), nowhere, QStringLiteral("--char-url"), nowhere,
                   QStringLiteral("--master-url"), nowhere, QStringLiteral("-c"), commands});
        cli.closeWriteChannel();
        if (!cli.waitForFinished(30000))
            cli.kill();
        return {cli.exitStatus() == QProcess::NormalExit ? cli.exitCode() : -1,
                QString::fromUtf8(cli.readAllStandardOutput() + cli.readAllStandardError())};
    }

private slots:
    void helpInGerman()
    {
        const auto r = run(QStringLiteral("de_DE.UTF-8"), QStringLiteral("help"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("Befehle (help <command> für Details):")), qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("Ein Konto anlegen.")));
        // Command names and usage syntax stay as they are typed.
        QVERIFY(r.out.contains(QStringLiteral("login <user> [password]")));
        QVERIFY(!r.out.contains(QStringLiteral("Commands (help <command> for details):")));
    }

    void helpInEnglishUnderC()
    {
        const auto r = run(QStringLiteral("C"), QStringLiteral("help"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("Commands (help <command> for details):")), qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("Create an account.")));
        QVERIFY(!r.out.contains(QStringLiteral("Befehle")));
    }

    void unknownCommandInGerman()
    {
        const auto r = run(QStringLiteral("de_DE.UTF-8"), QStringLiteral("frobnicate"));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(
            r.out.contains(QStringLiteral("Fehler: Unbekannter Befehl: frobnicate. help zeigt die Liste.")),
            qPrintable(r.out));
    }

    void usageAndErrorsInGerman()
    {
        const auto r = run(QStringLiteral("de_DE.UTF-8"), QStringLiteral("help look; look"));
        QCOMPARE(r.exitCode, 1); // look needs a world
        QVERIFY2(r.out.contains(QStringLiteral("Aufruf: look\nAuflisten, was in Sicht ist")),
                 qPrintable(r.out));
        QVERIFY(
            r.out.contains(QStringLiteral("Fehler: Du bist nicht in der Welt: zuerst play <character>.")));
    }
};

QTEST_GUILESS_MAIN(TestCliTranslation)
#include "tst_cli_translation.moc"
