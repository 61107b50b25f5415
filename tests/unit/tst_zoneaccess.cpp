// SPDX-License-Identifier: AGPL-3.0-or-later
// The rules for entering a zone: well-formed id (400), an existing definition (404), and player
// instances only for their owner's user (403), with administrators and services let through.
#include "ApiError.h"
#include "SessionToken.h"
#include "ZoneAccess.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace smmo;

class TestZoneAccess : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<ZoneAccess> m_access;

    static SessionClaims user(qint64 id, const QStringList &roles = {})
    {
        return SessionToken::makeClaims(id, QStringLiteral("user%1").arg(id), roles, std::chrono::hours(1));
    }
    // The status an ApiError carries, 0 when nothing was thrown.
    template <typename F> static int statusOf(F &&call, QString *message = nullptr)
    {
        try {
            call();
        } catch (const ApiError &error) {
            if (message)
                *message = error.message();
            return error.status();
        }
        return 0;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        for (const char *name : {"GhibliHills", "AdventureDungeon"}) {
            QFile file(m_dir.filePath(QLatin1String(name) + QStringLiteral(".json")));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("{}");
        }
        QVERIFY(QDir(m_dir.path()).mkdir(QStringLiteral("Folder.json"))); // a folder is no definition
        const QHash<QString, qint64> owners{{QStringLiteral("groxnor"), 7}, {QStringLiteral("lirael"), 8}};
        m_access = std::make_unique<ZoneAccess>(ZoneDefinitions(m_dir.path()),
                                                [owners](const QString &name) -> std::optional<qint64> {
                                                    const auto key = name.toLower();
                                                    if (!owners.contains(key))
                                                        return std::nullopt;
                                                    return owners.value(key);
                                                });
    }

    void definitions()
    {
        const ZoneDefinitions definitions(m_dir.path());
        QVERIFY(definitions.exists(QStringLiteral("GhibliHills")));
        QVERIFY(!definitions.exists(QStringLiteral("Nowhere")));
        QVERIFY(!definitions.exists(QStringLiteral("Folder")));
        QVERIFY(!definitions.exists(QString()));
        QCOMPARE(ZoneDefinitions::find(m_dir.path()), m_dir.path());
        QVERIFY(!ZoneDefinitions::find(QString()).isEmpty());
    }

    void rules_data()
    {
        QTest::addColumn<QString>("zone");
        QTest::addColumn<qint64>("userId");
        QTest::addColumn<QStringList>("roles");
        QTest::addColumn<int>("status");
        QTest::newRow("own instance")
            << "playerinstance-GhibliHills-Groxnor" << qint64(7) << QStringList() << 0;
        QTest::newRow("own instance, other case")
            << "playerinstance-GhibliHills-groxnor" << qint64(7) << QStringList() << 0;
        QTest::newRow("someone else's")
            << "playerinstance-GhibliHills-Lirael" << qint64(7) << QStringList() << 403;
        QTest::newRow("admin enters any")
            << "playerinstance-GhibliHills-Lirael" << qint64(99) << QStringList{"admin"} << 0;
        QTest::newRow("service enters any")
            << "playerinstance-GhibliHills-Lirael" << qint64(0) << QStringList{"service"} << 0;
        QTest::newRow("unknown owner")
            << "playerinstance-GhibliHills-Nobody" << qint64(7) << QStringList() << 404;
        QTest::newRow("public zone") << "public-AdventureDungeon-world" << qint64(7) << QStringList() << 0;
        QTest::newRow("no definition") << "public-Nowhere-world" << qint64(7) << QStringList() << 404;
        QTest::newRow("no definition before owner")
            << "playerinstance-Nowhere-Lirael" << qint64(7) << QStringList() << 404;
        QTest::newRow("two parts") << "GhibliHills-Groxnor" << qint64(7) << QStringList() << 400;
        QTest::newRow("four parts") << "a-GhibliHills-b-c" << qint64(7) << QStringList() << 400;
        QTest::newRow("empty part") << "playerinstance--Groxnor" << qint64(7) << QStringList() << 400;
        QTest::newRow("path climbing") << "public-..%2Fetc-world" << qint64(7) << QStringList() << 400;
        QTest::newRow("dot") << "public-Ghibli.Hills-world" << qint64(7) << QStringList() << 400;
        QTest::newRow("space") << "public-Ghibli Hills-world" << qint64(7) << QStringList() << 400;
        QTest::newRow("empty") << "" << qint64(7) << QStringList() << 400;
        QTest::newRow("huge") << QString(5000, QLatin1Char('x')) << qint64(7) << QStringList() << 400;
    }
    void rules()
    {
        QFETCH(QString, zone);
        QFETCH(qint64, userId);
        QFETCH(QStringList, roles);
        QFETCH(int, status);
        QString message;
        QCOMPARE(statusOf([&] { m_access->enter(zone, user(userId, roles)); }, &message), status);
        if (status == 403)
            QVERIFY2(message.contains(QLatin1String("only its owner")), qPrintable(message));
        if (status == 400)
            QVERIFY2(message.startsWith(QLatin1String("Malformed zone id")), qPrintable(message));
        QVERIFY(message.size() < 500); // a huge id is not echoed back whole
    }

    void adminStartNeedsIdAndDefinitionOnly()
    {
        QCOMPARE(m_access->existing(QStringLiteral("playerinstance-GhibliHills-Nobody")).owner,
                 QStringLiteral("Nobody"));
        QCOMPARE(statusOf([&] { m_access->existing(QStringLiteral("public-Nowhere-world")); }), 404);
        QCOMPARE(statusOf([&] { m_access->existing(QStringLiteral("nonsense")); }), 400);
    }
};

QTEST_GUILESS_MAIN(TestZoneAccess)
#include "tst_zoneaccess.moc"
