// SPDX-License-Identifier: AGPL-3.0-or-later
// MoveMessage, the zone's shortcut for the players' most frequent message: whatever it accepts,
// QJsonDocument reads the same way (a move with the same numbers), and it accepts what clients
// send; everything else it leaves to the full parser.
#include "MoveMessage.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QtTest>

#include <cmath>

using namespace smmo;

namespace {

// The zone's general reading of a move: the object's dx, dy, dz, null or missing being 0;
// nullopt when it is not a move the zone would carry out that way.
std::optional<MoveMessage> generalReading(const QString &text)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    const QJsonObject object = document.object();
    if (object.value(QStringLiteral("type")).toString() != QLatin1String("move"))
        return std::nullopt;
    MoveMessage move;
    for (auto it = object.begin(); it != object.end(); ++it) {
        double *target = it.key() == QLatin1String("dx")   ? &move.dx
                         : it.key() == QLatin1String("dy") ? &move.dy
                         : it.key() == QLatin1String("dz") ? &move.dz
                                                           : nullptr;
        if (it.key() == QLatin1String("type"))
            continue;
        if (!target || !(it->isDouble() || it->isNull()))
            return std::nullopt;
        *target = it->toDouble();
    }
    return move;
}

void checkAgrees(const QString &text)
{
    const auto quick = MoveMessage::parse(text);
    if (!quick)
        return; // left to the full parser: always allowed
    const auto general = generalReading(text);
    QVERIFY2(general, qPrintable(QStringLiteral("accepted what the zone would not move: ") + text));
    QVERIFY2(quick->dx == general->dx && quick->dy == general->dy && quick->dz == general->dz,
             qPrintable(QStringLiteral("other numbers than QJsonDocument's: ") + text));
}

} // namespace

class TestMoveMessage : public QObject
{
    Q_OBJECT

private slots:
    void readsWhatClientsSend()
    {
        // ZoneClient::move's own text.
        const QString sent = QString::fromUtf8(
            QJsonDocument(QJsonObject{{"type", "move"}, {"dx", 0.25}, {"dy", -1}, {"dz", 0}})
                .toJson(QJsonDocument::Compact));
        const auto move = MoveMessage::parse(sent);
        QVERIFY(move);
        QCOMPARE(move->dx, 0.25);
        QCOMPARE(move->dy, -1.0);
        QCOMPARE(move->dz, 0.0);
        // Any order, spaces, missing or null components.
        const auto spaced =
            MoveMessage::parse(QStringLiteral(" {\n\"dy\" : 1e-1 ,\t\"type\":\"move\" } \r\n"));
        QVERIFY(spaced);
        QCOMPARE(spaced->dx, 0.0);
        QCOMPARE(spaced->dy, 0.1);
        const auto nulls =
            MoveMessage::parse(QStringLiteral("{\"type\":\"move\",\"dx\":null,\"dz\":-0.5E+0}"));
        QVERIFY(nulls);
        QCOMPARE(nulls->dx, 0.0);
        QCOMPARE(nulls->dz, -0.5);
    }

    void leavesEverythingElse_data()
    {
        QTest::addColumn<QString>("text");
        for (const char *text : {"",
                                 "{}",
                                 "[]",
                                 "{\"type\":\"say\",\"text\":\"hi\"}",
                                 "{\"type\":\"move\",\"dx\":1,\"ref\":\"a\"}",
                                 "{\"dx\":1}",
                                 "{\"type\":\"move\",\"dx\":1,\"dx\":2}",
                                 "{\"type\":\"move\",\"dx\":\"1\"}",
                                 "{\"type\":\"move\",\"dx\":true}",
                                 "{\"type\":\"move\",\"dx\":01}",
                                 "{\"type\":\"move\",\"dx\":1.}",
                                 "{\"type\":\"move\",\"dx\":.5}",
                                 "{\"type\":\"move\",\"dx\":+1}",
                                 "{\"type\":\"move\",\"dx\":1e}",
                                 "{\"type\":\"move\",\"dx\":-}",
                                 "{\"type\":\"move\",\"dx\":NaN}",
                                 "{\"type\":\"move\",\"dx\":1e999}",
                                 "{\"type\":\"move\",\"dx\":1,}",
                                 "{\"type\":\"move\"} x",
                                 "{\"type\":\"move\"}}",
                                 "{\"type\":\"move\",\"dx\":[1]}",
                                 "{\"type\":\"mov\\u0065\"}",
                                 "{\"\\u0074ype\":\"move\"}",
                                 "{\"type\":\"move\" \"dx\":1}",
                                 "{\"type\":\"move\",\"dx\":1",
                                 "{'type':'move'}",
                                 "{\"type\":\"move\",\"dx\":nul}",
                                 "{\"type\":\"MOVE\"}"})
            QTest::addRow("%s", text) << QString::fromUtf8(text);
    }
    void leavesEverythingElse()
    {
        QFETCH(QString, text);
        QVERIFY(!MoveMessage::parse(text));
    }

    void agreesWithQJsonDocumentOnRandomTexts()
    {
        // Pieces of moves put together at random, well-formed or not.
        const QStringList keys = {"\"type\"", "\"dx\"", "\"dy\"", "\"dz\"", "\"ref\"", "\"d\\u0078\"", "dx"};
        const QStringList values = {"\"move\"",
                                    "\"say\"",
                                    "0",
                                    "-0",
                                    "1",
                                    "-1",
                                    "0.5",
                                    "-0.25e1",
                                    "1E-2",
                                    "12345678901234567890",
                                    "1e308",
                                    "2.5e-320",
                                    "null",
                                    "true",
                                    "\"1\"",
                                    "01",
                                    "1.",
                                    "-",
                                    "[0]",
                                    "{}",
                                    "0.1000000000000000055511151231257827"};
        const QStringList spaces = {"", " ", "\n", "\t ", "\r"};
        QRandomGenerator random(9);
        int accepted = 0;
        for (int i = 0; i < 100000; ++i) {
            QString text = spaces.at(random.bounded(spaces.size())) + QLatin1Char('{');
            const int fields = random.bounded(5);
            // Mostly a type "move" and plain numbers, so that many of them are moves.
            const int typeAt = random.bounded(4) ? random.bounded(fields + 1) : -1;
            for (int f = 0; f <= fields; ++f) {
                if (f > 0 || random.bounded(20) == 0)
                    text += QLatin1Char(',');
                const bool type = f == typeAt;
                const QString key = type                ? QStringLiteral("\"type\"")
                                    : random.bounded(3) ? keys.at(1 + random.bounded(3))
                                                        : keys.at(random.bounded(keys.size()));
                const QString value = type                ? QStringLiteral("\"move\"")
                                      : random.bounded(2) ? values.at(2 + random.bounded(9))
                                                          : values.at(random.bounded(values.size()));
                text += spaces.at(random.bounded(spaces.size())) + key +
                        spaces.at(random.bounded(spaces.size())) + QLatin1Char(':') +
                        spaces.at(random.bounded(spaces.size())) + value +
                        spaces.at(random.bounded(spaces.size()));
            }
            text += QLatin1Char('}') + spaces.at(random.bounded(spaces.size()));
            if (random.bounded(10) == 0)
                text.insert(random.bounded(text.size() + 1), QLatin1Char("{}\",:x"[random.bounded(6)]));
            checkAgrees(text);
            if (QTest::currentTestFailed())
                return;
            accepted += MoveMessage::parse(text) ? 1 : 0;
        }
        qInfo("%d of 100000 were moves", accepted);
        QVERIFY2(accepted > 1000, "the random texts hardly ever made a move; the test tests nothing");
    }

    void agreesOnNumbers()
    {
        QRandomGenerator random(4);
        for (int i = 0; i < 100000; ++i) {
            const double value = (random.bounded(2.0) - 1) * std::pow(10.0, random.bounded(-20, 3));
            const QString number =
                QString::number(value, random.bounded(2) ? 'g' : 'e', random.bounded(1, 18));
            const QString text = QStringLiteral("{\"type\":\"move\",\"dx\":%1}").arg(number);
            QVERIFY2(MoveMessage::parse(text), qPrintable(text));
            checkAgrees(text);
            if (QTest::currentTestFailed())
                return;
        }
    }
};

QTEST_GUILESS_MAIN(TestMoveMessage)
#include "tst_movemessage.moc"
