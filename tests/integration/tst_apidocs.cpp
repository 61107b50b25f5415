// SPDX-License-Identifier: AGPL-3.0-or-later
// docs/api.md is kept true: every route a server registers (as printed by --list-routes) must be
// described, with each of its methods, in that server's section or in "Every server".
#include "ServerProcess.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace smmo::test;

class TestApiDocs : public QObject
{
    Q_OBJECT

    QTemporaryDir m_data;
    QHash<QString, QStringList> m_sections; ///< "## " heading (first word) -> its lines

    // True when some line of `lines` names `method` and holds `pattern` as a whole path.
    static bool described(const QStringList &lines, const QString &method, const QString &pattern)
    {
        const QRegularExpression path(QStringLiteral("(^|[\\s`(])") + QRegularExpression::escape(pattern) +
                                      QStringLiteral("($|[\\s`?)\\[])"));
        const QRegularExpression verb(QStringLiteral("\\b") + method + QStringLiteral("\\b"));
        for (const auto &line : lines)
            if (line.contains(path) && line.contains(verb))
                return true;
        return false;
    }

private slots:
    void initTestCase()
    {
        QFile api(qEnvironmentVariable("SIMPLEMMO_SOURCE_DIR") + QStringLiteral("/docs/api.md"));
        QVERIFY(api.open(QIODevice::ReadOnly));
        QString section;
        for (const QString &line : QString::fromUtf8(api.readAll()).split(QLatin1Char('\n'))) {
            if (line.startsWith(QLatin1String("## ")))
                section = line.mid(3).section(QLatin1Char(' '), 0, 0);
            else
                m_sections[section] << line;
        }
        QVERIFY(m_sections.contains(QStringLiteral("Every")));
    }

    void everyRouteIsDocumented_data()
    {
        QTest::addColumn<QString>("executable");
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("section");
        QTest::addColumn<QStringList>("extra"); ///< routes served outside the router (WebSocket)
        QTest::newRow("auth") << "simplemmo-authserver" << QStringList() << "AuthServer" << QStringList();
        QTest::newRow("char") << "simplemmo-charserver" << QStringList() << "CharServer" << QStringList();
        QTest::newRow("master") << "simplemmo-masterzoneserver" << QStringList() << "MasterZoneServer"
                                << QStringList();
        QTest::newRow("zone") << "simplemmo-zoneserver"
                              << QStringList{QStringLiteral("--zone=public-GhibliHills-docs")} << "ZoneServer"
                              << QStringList{QStringLiteral("GET /stream")};
        const QStringList companionArgs{QStringLiteral("--zone=public-GhibliHills-docs"),
                                        QStringLiteral("--zone-url=http://127.0.0.1:9")};
        QTest::newRow("script") << "simplemmo-scriptserver" << companionArgs << "ScriptServer"
                                << QStringList();
        QTest::newRow("physics") << "simplemmo-physicsserver" << companionArgs << "PhysicsServer"
                                 << QStringList();
    }
    void everyRouteIsDocumented()
    {
        QFETCH(QString, executable);
        QFETCH(QStringList, arguments);
        QFETCH(QString, section);
        QFETCH(QStringList, extra);
        QProcess server;
        server.start(binaryPath(executable), arguments << QStringLiteral("--data-dir") << m_data.path()
                                                       << QStringLiteral("--list-routes"));
        QVERIFY(server.waitForFinished(30000));
        QCOMPARE(server.exitCode(), 0);
        QStringList routes =
            QString::fromUtf8(server.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY(routes.size() >= 6); // at least the shared routes
        routes << extra;
        QVERIFY2(m_sections.contains(section), qPrintable(section));
        const QStringList lines = m_sections.value(section) + m_sections.value(QStringLiteral("Every"));
        QStringList missing;
        for (const auto &route : routes) {
            const QString pattern = route.section(QLatin1Char(' '), 1);
            for (const auto &method : route.section(QLatin1Char(' '), 0, 0).split(QLatin1Char('|')))
                if (!described(lines, method, pattern))
                    missing << method + QLatin1Char(' ') + pattern;
        }
        QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("not in docs/api.md (%1): %2")
                                                   .arg(section, missing.join(QStringLiteral(", ")))));
    }
};

QTEST_GUILESS_MAIN(TestApiDocs)
#include "tst_apidocs.moc"
