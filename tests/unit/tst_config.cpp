// SPDX-License-Identifier: AGPL-3.0-or-later
#include "Config.h"
#include "ZoneId.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using smmo::Config;

class TestConfig : public QObject
{
    Q_OBJECT

private:
    static Config serverConfig()
    {
        Config config(QStringLiteral("authserver"), QStringLiteral("test"));
        config.addServerOptions(1234);
        config.addOption(
            {QStringLiteral("start-zone"), QStringLiteral("zone"), QStringLiteral("GhibliHills")});
        return config;
    }
    QString writeIni(const QString &text)
    {
        const QString path = m_dir.filePath(QStringLiteral("simplemmo.conf"));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write %s", qPrintable(path));
        file.write(text.toUtf8());
        return path;
    }
    QTemporaryDir m_dir;

private slots:
    // A zone companion's --zone and --zone-url: required, well-formed, one message each.
    void zoneIdAndZoneUrl_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("error");
        const QString url = QStringLiteral("--zone-url=http://127.0.0.1:4000");
        QTest::newRow("ok") << QStringList{QStringLiteral("--zone=public-GhibliHills-x"), url} << QString();
        QTest::newRow("no zone") << QStringList{url}
                                 << "--zone <instancetype>-<zonename>-<owner> is required.";
        QTest::newRow("bad zone") << QStringList{QStringLiteral("--zone=a-b"), url}
                                  << "Malformed zone id \"a-b\"";
        QTest::newRow("no url") << QStringList{QStringLiteral("--zone=public-GhibliHills-x")}
                                << "--zone-url <the zone's http URL> is required.";
        QTest::newRow("not http") << QStringList{QStringLiteral("--zone=public-GhibliHills-x"),
                                                 QStringLiteral("--zone-url=ftp://h")}
                                  << "--zone-url must be the zone's http(s) URL (got \"ftp://h\").";
        QTest::newRow("no host") << QStringList{QStringLiteral("--zone=public-GhibliHills-x"),
                                                QStringLiteral("--zone-url=http://")}
                                 << "--zone-url must be the zone's http(s) URL";
    }
    void zoneIdAndZoneUrl()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, error);
        Config config(QStringLiteral("physicsserver"), QStringLiteral("test"));
        config.addServerOptions(0);
        config.addOption({QStringLiteral("zone"), QStringLiteral("zone id"), QString()});
        config.addOption({QStringLiteral("zone-url"), QStringLiteral("zone URL"), QString()});
        QVERIFY(config.parse(QStringList{QStringLiteral("prog")} + arguments, {}).proceed);
        smmo::ZoneId zone;
        QUrl url;
        QString message;
        const bool ok = config.readZoneId(&zone, &message) && config.readZoneUrl(&url, &message);
        QCOMPARE(ok, error.isEmpty());
        QVERIFY2(message.startsWith(error), qPrintable(message));
        if (ok) {
            QCOMPARE(zone.toString(), QStringLiteral("public-GhibliHills-x"));
            QCOMPARE(url, QUrl(QStringLiteral("http://127.0.0.1:4000")));
        }
    }

    void defaults()
    {
        Config config = serverConfig();
        QVERIFY(config.parse({QStringLiteral("prog")}, {}).proceed);
        QCOMPARE(config.value(QStringLiteral("port")), QStringLiteral("1234"));
        QCOMPARE(config.intValue(QStringLiteral("port")), 1234);
        QCOMPARE(config.value(QStringLiteral("bind")), QStringLiteral("127.0.0.1"));
        QCOMPARE(config.sourceOf(QStringLiteral("port")), Config::Source::Default);
        QCOMPARE(config.value(QStringLiteral("start-zone")), QStringLiteral("GhibliHills"));
    }

    void precedence()
    {
        // file < environment < command line; the role's section overrides [general].
        const QString ini =
            writeIni(QStringLiteral("[general]\nport=2000\nbind=0.0.0.0\nstart-zone=FromGeneral\n"
                                    "[authserver]\nport=3000\n[charserver]\nport=4000\n"));
        Config config = serverConfig();
        QVERIFY(config.parse({QStringLiteral("prog"), QStringLiteral("--config"), ini}, {}).proceed);
        QCOMPARE(config.value(QStringLiteral("port")), QStringLiteral("3000"));
        QCOMPARE(config.value(QStringLiteral("bind")), QStringLiteral("0.0.0.0"));
        QCOMPARE(config.value(QStringLiteral("start-zone")), QStringLiteral("FromGeneral"));
        QCOMPARE(config.sourceOf(QStringLiteral("port")), Config::Source::File);

        Config withEnv = serverConfig();
        QVERIFY(withEnv
                    .parse({QStringLiteral("prog")}, {{QStringLiteral("SIMPLEMMO_CONFIG"), ini},
                                                      {QStringLiteral("SIMPLEMMO_PORT"), "5000"}})
                    .proceed);
        QCOMPARE(withEnv.value(QStringLiteral("port")), QStringLiteral("5000"));
        QCOMPARE(withEnv.sourceOf(QStringLiteral("port")), Config::Source::Environment);
        QCOMPARE(withEnv.value(QStringLiteral("bind")), QStringLiteral("0.0.0.0"));

        Config withCli = serverConfig();
        QVERIFY(withCli
                    .parse({QStringLiteral("prog"), QStringLiteral("--port=6000"), QStringLiteral("--config"),
                            ini},
                           {{QStringLiteral("SIMPLEMMO_PORT"), "5000"}})
                    .proceed);
        QCOMPARE(withCli.value(QStringLiteral("port")), QStringLiteral("6000"));
        QCOMPARE(withCli.sourceOf(QStringLiteral("port")), Config::Source::CommandLine);
    }

    void environmentNames()
    {
        QCOMPARE(Config::environmentName(QStringLiteral("data-dir")), QStringLiteral("SIMPLEMMO_DATA_DIR"));
        Config config = serverConfig();
        QVERIFY(config.parse({QStringLiteral("prog")}, {{QStringLiteral("SIMPLEMMO_DATA_DIR"), m_dir.path()}})
                    .proceed);
        QCOMPARE(config.dataDir(), QDir(m_dir.path()).absolutePath());
    }

    void helpAndVersion()
    {
        Config config = serverConfig();
        auto help = config.parse({QStringLiteral("prog"), QStringLiteral("--help")}, {});
        QVERIFY(!help.proceed);
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.output.contains(QStringLiteral("--data-dir")));
        QVERIFY(help.output.contains(QStringLiteral("SIMPLEMMO_DATABASE")));
        auto version = config.parse({QStringLiteral("prog"), QStringLiteral("--version")}, {});
        QVERIFY(!version.proceed);
        QCOMPARE(version.exitCode, 0);
        QVERIFY(version.output.contains(QStringLiteral("authserver")));
    }

    void errors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("prog"), QStringLiteral("--bogus")};
        QTest::newRow("missing value") << QStringList{QStringLiteral("prog"), QStringLiteral("--port")};
        QTest::newRow("bad port") << QStringList{QStringLiteral("prog"), QStringLiteral("--port=99999")};
        QTest::newRow("text port") << QStringList{QStringLiteral("prog"), QStringLiteral("--port=http")};
        QTest::newRow("missing file")
            << QStringList{QStringLiteral("prog"), QStringLiteral("--config=/nonexistent.conf")};
        QTest::newRow("positional") << QStringList{QStringLiteral("prog"), QStringLiteral("extra")};
    }
    void errors()
    {
        QFETCH(QStringList, arguments);
        Config config = serverConfig();
        const auto result = config.parse(arguments, {});
        QVERIFY(!result.proceed);
        QCOMPARE(result.exitCode, 2);
        QVERIFY(!result.output.isEmpty());
    }

    void secretGeneratedOnceAndShared()
    {
        QTemporaryDir data;
        Config a = serverConfig();
        QVERIFY(a.parse({QStringLiteral("prog"), QStringLiteral("--data-dir"), data.path()}, {}).proceed);
        QString error;
        const QByteArray first = a.clusterSecret(&error);
        QVERIFY2(first.size() >= 32, qPrintable(error));
        QFile file(QDir(data.path()).filePath(QStringLiteral("cluster.secret")));
        QVERIFY(file.exists());
        QCOMPARE(file.permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
                 QFileDevice::Permissions{});

        Config b = serverConfig();
        QVERIFY(b.parse({QStringLiteral("prog"), QStringLiteral("--data-dir"), data.path()}, {}).proceed);
        QCOMPARE(b.clusterSecret(), first);

        QTemporaryDir other;
        Config c = serverConfig();
        QVERIFY(c.parse({QStringLiteral("prog"), QStringLiteral("--data-dir"), other.path()}, {}).proceed);
        QVERIFY(c.clusterSecret() != first); // generated, never a built-in default
    }

    void secretFromConfigAndFile()
    {
        Config inline_ = serverConfig();
        QVERIFY(inline_.parse({QStringLiteral("prog"), QStringLiteral("--secret=0123456789abcdef0123")}, {})
                    .proceed);
        QCOMPARE(inline_.clusterSecret(), QByteArray("0123456789abcdef0123"));

        const QString path = m_dir.filePath(QStringLiteral("short.secret"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("short\n");
        file.close();
        Config shortSecret = serverConfig();
        QVERIFY(
            shortSecret.parse({QStringLiteral("prog"), QStringLiteral("--secret-file"), path}, {}).proceed);
        QString error;
        QVERIFY(shortSecret.clusterSecret(&error).isEmpty());
        QVERIFY(error.contains(QStringLiteral("shorter")));

        // Inline, the same rule: a short (guessable, placeholder) secret is refused, not used.
        for (const char *weak : {"secret", "changeme", "0123456789abcde"}) {
            Config shortInline = serverConfig();
            QVERIFY(
                shortInline
                    .parse({QStringLiteral("prog"), QStringLiteral("--secret=%1").arg(QLatin1String(weak))},
                           {})
                    .proceed);
            QVERIFY2(shortInline.clusterSecret(&error).isEmpty(), weak);
            QVERIFY(error.contains(QStringLiteral("shorter than 16")));
        }

        Config missing = serverConfig();
        QVERIFY(
            missing.parse({QStringLiteral("prog"), QStringLiteral("--secret-file=/nonexistent/secret")}, {})
                .proceed);
        QVERIFY(missing.clusterSecret(&error).isEmpty());
        QVERIFY(error.contains(QStringLiteral("/nonexistent/secret")));
    }
};

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
