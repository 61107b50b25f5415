// SPDX-License-Identifier: AGPL-3.0-or-later
// Name rules and zone ids: what a character or account may be called, and how zone ids parse.
#include "Names.h"
#include "ZoneId.h"

#include <QtTest>

class TestNames : public QObject
{
    Q_OBJECT

private slots:
    void names_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("plain") << "Groxnor" << true;
        QTest::newRow("digits underscore") << "a_1" << true;
        QTest::newRow("32") << QString(32, QLatin1Char('x')) << true;
        QTest::newRow("33") << QString(33, QLatin1Char('x')) << false;
        QTest::newRow("2") << "ab" << false;
        QTest::newRow("dash") << "a-b" << false;
        QTest::newRow("space") << "a b" << false;
        QTest::newRow("umlaut") << QStringLiteral("Jürgen") << false;
        QTest::newRow("quote") << "x'y" << false;
        QTest::newRow("empty") << "" << false;
    }
    void names()
    {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        QCOMPARE(smmo::isValidName(name), valid);
    }

    void zoneIds_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::newRow("classic") << "playerinstance-GhibliHills-Groxnor" << true;
        QTest::newRow("public") << "public-defaultzone-world" << true;
        QTest::newRow("two parts") << "playerinstance-GhibliHills" << false;
        QTest::newRow("four parts") << "a-b-c-d" << false;
        QTest::newRow("empty owner") << "playerinstance-GhibliHills-" << false;
        QTest::newRow("slash") << "a-b/c-d" << false;
        QTest::newRow("dots") << "a-..-c" << false;
        QTest::newRow("long") << "a-" + QString(65, QLatin1Char('b')) + "-c" << false;
    }
    void zoneIds()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        const auto id = smmo::ZoneId::parse(text);
        QCOMPARE(id.has_value(), valid);
        if (id)
            QCOMPARE(id->toString(), text);
    }

    void playerInstance()
    {
        const auto id = smmo::ZoneId::parse(QStringLiteral("playerinstance-GhibliHills-Groxnor"));
        QVERIFY(id->isPlayerInstance());
        QCOMPARE(id->zoneName, QStringLiteral("GhibliHills"));
        QCOMPARE(id->owner, QStringLiteral("Groxnor"));
        QVERIFY(!smmo::ZoneId::parse(QStringLiteral("public-a-b"))->isPlayerInstance());
    }
};

QTEST_APPLESS_MAIN(TestNames)
#include "tst_names.moc"
