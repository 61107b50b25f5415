// SPDX-License-Identifier: AGPL-3.0-or-later
// common/SinceTime: the `since=` forms the zones and the master accept, and what they refuse.
#include "SinceTime.h"

#include <QtTest>

using namespace smmo;

class TestSinceTime : public QObject
{
    Q_OBJECT

private slots:
    void accepted_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("micros");
        const qint64 base = 1714566600LL * 1000000; // 2024-05-01T12:30:00Z
        QTest::newRow("iso") << "2024-05-01T12:30:00" << base;
        QTest::newRow("iso Z") << "2024-05-01T12:30:00Z" << base;
        QTest::newRow("no seconds") << "2024-05-01T12:30" << base;
        QTest::newRow("micros") << "2024-05-01T12:30:00.123456Z" << base + 123456;
        QTest::newRow("millis") << "2024-05-01T12:30:00.123Z" << base + 123000;
        QTest::newRow("nanos cut") << "2024-05-01T12:30:00.123456789Z" << base + 123456;
        QTest::newRow("classic") << "2024-05-01 12:30:00:000042" << base + 42;
        QTest::newRow("offset") << "2024-05-01T14:30:00+02:00" << base;
        QTest::newRow("negative offset") << "2024-05-01T10:30:00-0200" << base;
        QTest::newRow("plus as a space") << "2024-05-01T14:30:00 02:00" << base;
        QTest::newRow("spaces around") << "  2024-05-01T12:30:00Z " << base;
    }
    void accepted()
    {
        QFETCH(QString, text);
        QFETCH(qint64, micros);
        QCOMPARE(parseSinceMicros(text), std::optional<qint64>(micros));
        QCOMPARE(parseSinceMicros(text, SinceForms::TimesOrEpochMs), std::optional<qint64>(micros));
    }

    void refused_data()
    {
        QTest::addColumn<QString>("text");
        for (const char *text : {"", "yesterday", "2024-02-30T00:00:00", "2024-05-01", "2024-05-01T25:00:00",
                                 "2024-05-01T12:30:00+24:00", "2024-05-01T12:30:00.Z", "-1", "1e3",
                                 "2024-05-01T12:30:00Z trailing", "１２３"})
            QTest::newRow(text) << QString::fromUtf8(text);
    }
    void refused()
    {
        QFETCH(QString, text);
        QCOMPARE(parseSinceMicros(text), std::nullopt);
        QCOMPARE(parseSinceMicros(text, SinceForms::TimesOrEpochMs), std::nullopt);
    }

    void epochMillisecondsOnlyWhereAllowed()
    {
        QCOMPARE(parseSinceMicros(QStringLiteral("1714566600000")), std::nullopt);
        QCOMPARE(parseSinceMicros(QStringLiteral("1714566600000"), SinceForms::TimesOrEpochMs),
                 std::optional<qint64>(1714566600000LL * 1000));
        QCOMPARE(parseSinceMicros(QStringLiteral("0"), SinceForms::TimesOrEpochMs), std::optional<qint64>(0));
        // More digits than any time needs would overflow as microseconds.
        QCOMPARE(parseSinceMicros(QStringLiteral("9999999999999999"), SinceForms::TimesOrEpochMs),
                 std::nullopt);
    }
};

QTEST_GUILESS_MAIN(TestSinceTime)
#include "tst_sincetime.moc"
