// SPDX-License-Identifier: AGPL-3.0-or-later
// JsonWriter against QJsonDocument::Compact: the same text for the same values, for awkward
// strings and numbers and for many random ones.
#include "JsonWriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QtTest>

#include <cmath>
#include <cstring>
#include <limits>

using namespace smmo;

namespace {

// What QJsonDocument writes for one value (the inside of a one-element array).
QByteArray reference(const QJsonValue &value)
{
    const QByteArray json = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return json.mid(1, json.size() - 2);
}

QByteArray number(double value)
{
    QByteArray out;
    JsonWriter::appendNumber(out, value);
    return out;
}

QByteArray string(const QString &value)
{
    QByteArray out;
    JsonWriter::appendString(out, value);
    return out;
}

double randomDouble(QRandomGenerator &random)
{
    switch (random.bounded(6)) {
    case 0: // any bit pattern, NaNs and infinities included
    {
        const quint64 bits = random.generate64();
        double value;
        std::memcpy(&value, &bits, sizeof value);
        return value;
    }
    case 1: // positions and the like
        return random.bounded(2e6) - 1e6;
    case 2: // small steps
        return (random.bounded(2.0) - 1) * std::pow(10.0, -random.bounded(10));
    case 3: // integers around 2^53
        return double(qint64(random.generate64() % (1ULL << 55)) - (1LL << 54));
    case 4: // decimal fractions with few digits
        return double(qint64(random.bounded(2000000)) - 1000000) / std::pow(10.0, random.bounded(8));
    default: // where the decimal and the exponent form are about as long
        return double(random.bounded(1, 1000)) * std::pow(10.0, random.bounded(-30, 30));
    }
}

QString randomString(QRandomGenerator &random)
{
    QString text;
    const int length = random.bounded(12);
    for (int i = 0; i < length; ++i) {
        switch (random.bounded(4)) {
        case 0:
            text += QChar(char16_t(random.bounded(0x80)));
            break;
        case 1:
            text += QChar(char16_t(random.bounded(0x80, 0x800)));
            break;
        case 2:
            text += QChar(char16_t(random.bounded(0x800, 0x10000))); // lone surrogates too
            break;
        default:
            text += QString::fromUcs4(U"\U0001F414");
        }
    }
    return text;
}

} // namespace

class TestJsonWriter : public QObject
{
    Q_OBJECT

private slots:
    void numbers_data()
    {
        QTest::addColumn<double>("value");
        const double values[] = {0,
                                 -0.0,
                                 1,
                                 -1,
                                 100,
                                 1e6,
                                 -1e6,
                                 1e15,
                                 1e16,
                                 9007199254740992.0,
                                 -9007199254740992.0,
                                 9007199254740994.0,
                                 1e17,
                                 1e21,
                                 0.1,
                                 0.5,
                                 123.456,
                                 104.38291029384756,
                                 1e-7,
                                 1.5e-5,
                                 0.0001,
                                 0.001,
                                 12345678.9,
                                 3.0000000000000004,
                                 1e300,
                                 2.5e-300,
                                 std::numeric_limits<double>::denorm_min(),
                                 std::numeric_limits<double>::max(),
                                 std::numeric_limits<double>::infinity(),
                                 -std::numeric_limits<double>::infinity(),
                                 std::numeric_limits<double>::quiet_NaN()};
        for (const double value : values)
            QTest::addRow("%.17g", value) << value;
    }
    void numbers()
    {
        QFETCH(double, value);
        QCOMPARE(number(value), reference(value));
    }

    void randomNumbers()
    {
        QRandomGenerator random(20240501);
        for (int i = 0; i < 200000; ++i) {
            const double value = randomDouble(random);
            const QByteArray written = number(value);
            if (written != reference(value))
                QFAIL(qPrintable(
                    QStringLiteral("%1: wrote %2, QJsonDocument %3")
                        .arg(value, 0, 'g', 17)
                        .arg(QString::fromLatin1(written), QString::fromLatin1(reference(value)))));
        }
    }

    void integersAndBools()
    {
        for (const qint64 value : {qint64(0), qint64(-1), qint64(42), std::numeric_limits<qint64>::max(),
                                   std::numeric_limits<qint64>::min() + 1}) {
            QByteArray out;
            JsonWriter::appendInteger(out, value);
            QCOMPARE(out, reference(QJsonValue(value)));
        }
        QByteArray out;
        JsonWriter::appendBool(out, true);
        out += ',';
        JsonWriter::appendBool(out, false);
        QCOMPARE(out, QByteArray("true,false"));
    }

    void strings()
    {
        QString everyAscii;
        for (char16_t c = 0; c < 0x80; ++c)
            everyAscii += QChar(c);
        for (const QString &text :
             {QString(), QStringLiteral("Groxnor"), everyAscii, QStringLiteral("Grüße, €, \u2028 \u00a0"),
              QString::fromUcs4(U"chicken \U0001F414"), QString(QChar(0xD800)),
              QString(QChar(0xDC00)) + QStringLiteral("x"), QString(QChar(0xD83D)) + QChar(0xD83D)})
            QCOMPARE(string(text), reference(text));
    }

    void randomStrings()
    {
        QRandomGenerator random(7);
        for (int i = 0; i < 50000; ++i) {
            const QString text = randomString(random);
            QCOMPARE(string(text), reference(text));
        }
    }

    void oneWriterForManyPieces()
    {
        // Far more than the room a writer starts with, after what out held already.
        QRandomGenerator random(5);
        QJsonArray expected;
        QByteArray out = "prefix:";
        {
            JsonWriter json(out);
            json.raw('[');
            for (int i = 0; i < 3000; ++i) {
                if (i > 0)
                    json.raw(',');
                const QString text = randomString(random);
                const double value = randomDouble(random);
                json.raw("[");
                json.string(text);
                json.raw(',');
                json.number(value);
                json.raw(',');
                json.boolean(i % 2);
                json.raw(']');
                expected.append(QJsonArray{text, value, bool(i % 2)});
            }
            json.raw(']');
        }
        QCOMPARE(out, "prefix:" + QJsonDocument(expected).toJson(QJsonDocument::Compact));
    }

    void stringLists()
    {
        const QStringList list = {QStringLiteral("player"), QStringLiteral("on\"line")};
        QByteArray out;
        JsonWriter::appendStringList(out, list);
        QCOMPARE(out, QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
        out.clear();
        JsonWriter::appendStringList(out, {});
        QCOMPARE(out, QByteArray("[]"));
    }
};

QTEST_GUILESS_MAIN(TestJsonWriter)
#include "tst_jsonwriter.moc"
