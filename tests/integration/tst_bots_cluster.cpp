// SPDX-License-Identifier: AGPL-3.0-or-later
// simplemmo-bots against a real cluster (AuthServer, CharServer, MasterZoneServer, which starts
// the zone): five bots get in, walk and chat for a few seconds, and the JSON summary shows what
// they did. With the bench's Colyseus room installed (bench/colyseus/node_modules), the same bots
// against it too.
#include "ServerProcess.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace smmo::test;

class TestBotsCluster : public QObject
{
    Q_OBJECT

    QTemporaryDir m_data;
    std::unique_ptr<ServerProcess> m_auth, m_char, m_master;

    struct Run
    {
        int exitCode = -1;
        QString output;
        QJsonObject json;
    };
    Run runBots(const QStringList &arguments, int timeoutMs = 90000)
    {
        const QString jsonFile = m_data.filePath(QStringLiteral("bots.json"));
        QFile::remove(jsonFile);
        QProcess bots;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("SIMPLEMMO_ADMIN_PASSWORD"), QStringLiteral("admin-pw"));
        bots.setProcessEnvironment(environment);
        bots.setProcessChannelMode(QProcess::MergedChannels);
        bots.start(binaryPath(QStringLiteral("simplemmo-bots")),
                   arguments +
                       QStringList{QStringLiteral("--json"), jsonFile, QStringLiteral("--progress=0")});
        if (!bots.waitForFinished(timeoutMs))
            bots.kill();
        Run run{bots.exitStatus() == QProcess::NormalExit ? bots.exitCode() : -1,
                QString::fromUtf8(bots.readAll()),
                {}};
        QFile file(jsonFile);
        if (file.open(QIODevice::ReadOnly))
            run.json = QJsonDocument::fromJson(file.readAll()).object();
        return run;
    }
    QStringList clusterUrls() const
    {
        return {QStringLiteral("--auth-url"), m_auth->url().toString(),       QStringLiteral("--char-url"),
                m_char->url().toString(),     QStringLiteral("--master-url"), m_master->url().toString()};
    }

private slots:
    void initTestCase()
    {
        const QStringList common{QStringLiteral("--port=0"), QStringLiteral("--data-dir"), m_data.path()};
        QProcess admin;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("SIMPLEMMO_ADMIN_PASSWORD"), QStringLiteral("admin-pw"));
        admin.setProcessEnvironment(environment);
        admin.start(binaryPath(QStringLiteral("simplemmo-authserver")),
                    {QStringLiteral("--data-dir"), m_data.path(), QStringLiteral("--hash-iterations=1000"),
                     QStringLiteral("--create-admin"), QStringLiteral("botadmin")});
        QVERIFY(admin.waitForFinished(30000));
        QCOMPARE(admin.exitCode(), 0);
        m_auth =
            std::make_unique<ServerProcess>(binaryPath(QStringLiteral("simplemmo-authserver")),
                                            common + QStringList{QStringLiteral("--hash-iterations=1000")});
        QVERIFY2(m_auth->start(), qPrintable(m_auth->output()));
        m_char = std::make_unique<ServerProcess>(binaryPath(QStringLiteral("simplemmo-charserver")), common);
        QVERIFY2(m_char->start(), qPrintable(m_char->output()));
        m_master = std::make_unique<ServerProcess>(
            binaryPath(QStringLiteral("simplemmo-masterzoneserver")),
            common +
                QStringList{QStringLiteral("--char-url"), m_char->url().toString(),
                            QStringLiteral("--zones-dir"),
                            qEnvironmentVariable("SIMPLEMMO_SOURCE_DIR") + QStringLiteral("/scripts/zones"),
                            QStringLiteral("--zone-start-timeout=60")});
        QVERIFY2(m_master->start(), qPrintable(m_master->output()));
    }

    void fiveBotsPlayAndReport()
    {
        const Run run =
            runBots(clusterUrls() + QStringList{QStringLiteral("--bots=5"), QStringLiteral("--seconds=3"),
                                                QStringLiteral("--warmup=1"), QStringLiteral("--chat-rate=2"),
                                                QStringLiteral("--spacing=10"), QStringLiteral("--admin"),
                                                QStringLiteral("botadmin"), QStringLiteral("--zone"),
                                                QStringLiteral("public-defaultzone-botstest")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.output));
        const QJsonObject &json = run.json;
        QVERIFY2(!json.isEmpty(), qPrintable(run.output));
        QCOMPARE(json.value(QStringLiteral("target")).toString(), QStringLiteral("simplemmo"));
        QCOMPARE(json.value(QStringLiteral("joined")).toInteger(), 5);
        QCOMPARE(json.value(QStringLiteral("join_failures")).toInteger(), 0);
        QVERIFY(json.value(QStringLiteral("moves_sent")).toInteger() > 0);
        QVERIFY(json.value(QStringLiteral("updates_received")).toInteger() > 0);
        QVERIFY(json.value(QStringLiteral("move_latency_ms"))
                    .toObject()
                    .value(QStringLiteral("samples"))
                    .toInteger() > 0);
        QVERIFY(json.value(QStringLiteral("chat_received")).toInteger() > 0);
        QCOMPARE(json.value(QStringLiteral("errors")).toInteger(), 0);
        QCOMPARE(json.value(QStringLiteral("disconnects")).toInteger(), 0);
        // The administrator found the zone's process: its CPU and memory are in the summary.
        const QJsonObject server = json.value(QStringLiteral("server")).toObject();
        QVERIFY2(server.value(QStringLiteral("pid")).toInteger() > 0, qPrintable(run.output));
        QVERIFY(server.value(QStringLiteral("rss_mb")).toDouble() > 0);
        QVERIFY(run.output.contains(QStringLiteral("move -> seen by another bot")));

        // A second run finds the accounts and characters made by the first.
        const Run again =
            runBots(clusterUrls() + QStringList{QStringLiteral("--bots=2"), QStringLiteral("--seconds=1"),
                                                QStringLiteral("--warmup=0"), QStringLiteral("--zone"),
                                                QStringLiteral("public-defaultzone-botstest")});
        QVERIFY2(again.exitCode == 0, qPrintable(again.output));
        QCOMPARE(again.json.value(QStringLiteral("joined")).toInteger(), 2);
    }

    void badOptionsAndAMissingClusterAreClearErrors()
    {
        const Run bad = runBots({QStringLiteral("--bots=0")});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY(bad.output.contains(QStringLiteral("--bots must be a whole number")));
        const Run target = runBots({QStringLiteral("--target=quake")});
        QCOMPARE(target.exitCode, 2);
        const Run down = runBots({QStringLiteral("--auth-url=http://127.0.0.1:9"), QStringLiteral("--bots=2"),
                                  QStringLiteral("--join-timeout=20")});
        QCOMPARE(down.exitCode, 1);
        QVERIFY2(down.output.contains(QStringLiteral("no bot got in")), qPrintable(down.output));
        QVERIFY(down.json.isEmpty());
    }

    void theSameBotsAgainstTheColyseusRoom()
    {
        const QString bench =
            qEnvironmentVariable("SIMPLEMMO_SOURCE_DIR") + QStringLiteral("/bench/colyseus");
        const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
        if (node.isEmpty() ||
            !QFile::exists(bench + QStringLiteral("/node_modules/@colyseus/core/package.json")))
            QSKIP("the bench's Colyseus room is not installed (make bench installs it)");
        ServerProcess room(node, {bench + QStringLiteral("/room.js"), QStringLiteral("0")});
        QVERIFY2(room.start(), qPrintable(room.output()));
        const Run run = runBots(
            {QStringLiteral("--target=colyseus"), QStringLiteral("--colyseus-url"), room.url().toString(),
             QStringLiteral("--bots=5"), QStringLiteral("--seconds=2"), QStringLiteral("--warmup=1"),
             QStringLiteral("--chat-rate=2"), QStringLiteral("--spacing=10"), QStringLiteral("--server-pid"),
             QString::number(room.process().processId())});
        QVERIFY2(run.exitCode == 0, qPrintable(run.output));
        QCOMPARE(run.json.value(QStringLiteral("target")).toString(), QStringLiteral("colyseus"));
        QCOMPARE(run.json.value(QStringLiteral("joined")).toInteger(), 5);
        QVERIFY(run.json.value(QStringLiteral("updates_received")).toInteger() > 0);
        QVERIFY(run.json.value(QStringLiteral("move_latency_ms"))
                    .toObject()
                    .value(QStringLiteral("samples"))
                    .toInteger() > 0);
        QVERIFY(run.json.value(QStringLiteral("chat_received")).toInteger() > 0);
        QCOMPARE(run.json.value(QStringLiteral("errors")).toInteger(), 0);
        QVERIFY(
            run.json.value(QStringLiteral("server")).toObject().value(QStringLiteral("rss_mb")).toDouble() >
            0);
    }

    void cleanupTestCase()
    {
        if (m_master)
            m_master->stop(30000);
        if (m_char)
            m_char->stop();
        if (m_auth)
            m_auth->stop();
    }
};

QTEST_GUILESS_MAIN(TestBotsCluster)
#include "tst_bots_cluster.moc"
