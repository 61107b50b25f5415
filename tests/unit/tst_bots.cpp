// SPDX-License-Identifier: AGPL-3.0-or-later
// The load bots' own logic: latency statistics, the bounded random walk, the MessagePack coder
// and Colyseus framing (against bytes the real msgpackr and @colyseus/schema produce), the chat
// line's time stamp and the JSON summary; the lean reading of zone and room messages (ids read
// from the bytes, checked against QJsonDocument's and MsgPack::decode's reading of the same).
#include "BotWorker.h"
#include "ColyseusTransport.h"
#include "LatencyHistogram.h"
#include "MsgPack.h"
#include "RandomWalk.h"
#include "RunReport.h"
#include "ZoneMessageScan.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

#include <algorithm>
#include <random>

using namespace smmo::bots;

class TestBots : public QObject
{
    Q_OBJECT

private slots:
    void histogramIsExactForSmallValues()
    {
        LatencyHistogram h;
        for (int us = 1; us <= 100; ++us)
            h.record(us);
        QCOMPARE(h.count(), 100);
        QCOMPARE(h.percentileMs(0.50), 0.050);
        QCOMPARE(h.percentileMs(0.99), 0.099);
        QCOMPARE(h.percentileMs(1.0), 0.100);
        QCOMPARE(h.maxMs(), 0.100);
        QCOMPARE(h.meanMs(), 0.0505);
    }

    void histogramPercentilesMatchSortedSamples()
    {
        // Log-normal latencies from 0.1 ms to seconds: every percentile within 1.6 % of the truth.
        std::mt19937 random(42);
        std::lognormal_distribution<double> latency(std::log(5000.0), 1.2);
        std::vector<std::int64_t> samples;
        LatencyHistogram h;
        for (int i = 0; i < 100000; ++i) {
            const auto us = std::int64_t(latency(random));
            samples.push_back(us);
            h.record(us);
        }
        std::sort(samples.begin(), samples.end());
        for (const double q : {0.5, 0.9, 0.95, 0.99, 0.999}) {
            const double truth = double(samples[size_t(std::ceil(q * double(samples.size()))) - 1]) / 1000.0;
            const double got = h.percentileMs(q);
            QVERIFY2(std::abs(got - truth) <= truth * 0.016 + 0.001,
                     qPrintable(QStringLiteral("q %1: %2 ms, sorted says %3 ms").arg(q).arg(got).arg(truth)));
        }
        QCOMPARE(h.maxMs(), double(samples.back()) / 1000.0);
    }

    void histogramBucketsAreContiguous()
    {
        int previous = LatencyHistogram::bucketOf(0);
        for (std::int64_t us = 1; us < 5000000; us += (us < 4096 ? 1 : 97)) {
            const int bucket = LatencyHistogram::bucketOf(us);
            QVERIFY(bucket >= previous && bucket <= previous + 1 + (us >= 4096 ? 97 : 0));
            QVERIFY(std::abs(LatencyHistogram::bucketMiddle(bucket) - double(us)) <=
                    std::max(0.5, double(us) * 0.016));
            previous = bucket;
        }
    }

    void histogramsMerge()
    {
        LatencyHistogram a, b, both;
        for (int i = 0; i < 1000; ++i) {
            a.recordMs(i * 0.1);
            both.recordMs(i * 0.1);
            b.recordMs(50 + i);
            both.recordMs(50 + i);
        }
        a.merge(b);
        QCOMPARE(a.count(), both.count());
        for (const double q : {0.1, 0.5, 0.99})
            QCOMPARE(a.percentileMs(q), both.percentileMs(q));
        QCOMPARE(a.maxMs(), 1049.0);
        a.clear();
        QCOMPARE(a.count(), 0);
        QCOMPARE(a.percentileMs(0.99), 0.0);
        const QJsonObject json = both.toJson();
        QCOMPARE(json.value(QStringLiteral("samples")).toInteger(), 2000);
        QVERIFY(json.value(QStringLiteral("p99")).toDouble() > 1000);
    }

    void walkStaysWithinItsSquare_data()
    {
        QTest::addColumn<double>("radius");
        QTest::newRow("5 m") << 5.0;
        QTest::newRow("1 m") << 1.0;
        QTest::newRow("half a metre") << 0.5;
        QTest::newRow("none") << 0.0;
    }
    void walkStaysWithinItsSquare()
    {
        QFETCH(double, radius);
        RandomWalk walk(100, -40, radius, 7);
        double farthest = 0;
        bool moved = false;
        for (int i = 0; i < 100000; ++i) {
            const RandomWalk::Step step = walk.next();
            QVERIFY(std::abs(step.dx) <= 1 && std::abs(step.dy) <= 1);
            moved = moved || step.dx != 0 || step.dy != 0;
            QVERIFY2(std::abs(walk.x() - 100) <= radius + 1e-9 && std::abs(walk.y() + 40) <= radius + 1e-9,
                     qPrintable(QStringLiteral("step %1 at %2, %3").arg(i).arg(walk.x()).arg(walk.y())));
            farthest = std::max(farthest, std::abs(walk.x() - 100));
        }
        QCOMPARE(moved, radius > 0);
        if (radius >= 1)
            QVERIFY(farthest > radius * 0.9); // it really wanders the whole square
    }

    void walkIsReproducible()
    {
        RandomWalk a(0, 0, 5, 3), b(0, 0, 5, 3), c(0, 0, 5, 4);
        bool differs = false;
        for (int i = 0; i < 100; ++i) {
            const auto sa = a.next(), sb = b.next(), sc = c.next();
            QCOMPARE(sa.dx, sb.dx);
            QCOMPARE(sa.dy, sb.dy);
            differs = differs || sa.dx != sc.dx;
        }
        QVERIFY(differs);
    }

    void gridHomes()
    {
        double x = 0, y = 0;
        RandomWalk::gridHome(0, 10, 28, 200, 300, &x, &y);
        QCOMPARE(x, 200.0);
        QCOMPARE(y, 300.0);
        RandomWalk::gridHome(5, 10, 28, 200, 300, &x, &y); // 4 columns for 10 bots
        QCOMPARE(x, 228.0);
        QCOMPARE(y, 328.0);
        RandomWalk::gridHome(1999, 2000, 28, 0, 0, &x, &y); // 45 columns
        QCOMPARE(x, 19 * 28.0);
        QCOMPARE(y, 44 * 28.0);
    }

    void msgpackEncodesTheSmallestForms()
    {
        QCOMPARE(MsgPack::encode(0).toHex(), QByteArray("00"));
        QCOMPARE(MsgPack::encode(127).toHex(), QByteArray("7f"));
        QCOMPARE(MsgPack::encode(128).toHex(), QByteArray("cc80"));
        QCOMPARE(MsgPack::encode(300).toHex(), QByteArray("cd012c"));
        QCOMPARE(MsgPack::encode(70000).toHex(), QByteArray("ce00011170"));
        QCOMPARE(MsgPack::encode(qint64(1) << 40).toHex(), QByteArray("cf0000010000000000"));
        QCOMPARE(MsgPack::encode(-1).toHex(), QByteArray("ff"));
        QCOMPARE(MsgPack::encode(-32).toHex(), QByteArray("e0"));
        QCOMPARE(MsgPack::encode(-33).toHex(), QByteArray("d0df"));
        QCOMPARE(MsgPack::encode(-1000).toHex(), QByteArray("d1fc18"));
        QCOMPARE(MsgPack::encode(-100000).toHex(), QByteArray("d2fffe7960"));
        QCOMPARE(MsgPack::encode(0.5).toHex(), QByteArray("cb3fe0000000000000"));
        QCOMPARE(MsgPack::encode(2.0).toHex(), QByteArray("02")); // whole numbers as integers, as JS does
        QCOMPARE(MsgPack::encode(true).toHex(), QByteArray("c3"));
        QCOMPARE(MsgPack::encode(QJsonValue::Null).toHex(), QByteArray("c0"));
        QCOMPARE(MsgPack::encode(QStringLiteral("move")).toHex(), QByteArray("a46d6f7665"));
        QCOMPARE(MsgPack::encode(QString(40, QLatin1Char('x'))).left(2).toHex(), QByteArray("d928"));
        QCOMPARE(MsgPack::encode(QString(300, QLatin1Char('x'))).left(3).toHex(), QByteArray("da012c"));
        QCOMPARE(MsgPack::encode(QStringLiteral("é")).toHex(), QByteArray("a2c3a9"));
        QCOMPARE(MsgPack::encode(QJsonArray{1, 2}).toHex(), QByteArray("920102"));
        QCOMPARE(
            MsgPack::encode(QJsonObject{{QStringLiteral("dx"), 0.5}, {QStringLiteral("dy"), -1}}).toHex(),
            QByteArray("82a26478cb3fe0000000000000a26479ff"));
        QJsonArray many;
        for (int i = 0; i < 20; ++i)
            many.append(i);
        QCOMPARE(MsgPack::encode(many).left(3).toHex(), QByteArray("dc0014"));
    }

    void msgpackReadsWhatMsgpackrWrites()
    {
        // node: new Packr({useRecords: false}).pack({tick: 5, changed: [[1, 200.5, -3]],
        //   entered: [[2, 1e6, 0.25, "bot1"]], left: [70000]}) (the room's update, as Colyseus sends it)
        const QByteArray wire = QByteArray::fromHex("de0004a47469636b05a76368616e676564919301cb40691000000000"
                                                    "00fda7656e7465726564919402ce000f4240cb3fd0000000"
                                                    "000000a4626f7431a46c65667491ce00011170");
        const QJsonObject update = MsgPack::decode(wire).toObject();
        QCOMPARE(update.value(QStringLiteral("tick")).toInteger(), 5);
        QCOMPARE(update.value(QStringLiteral("changed")).toArray(), (QJsonArray{QJsonArray{1, 200.5, -3}}));
        QCOMPARE(update.value(QStringLiteral("entered")).toArray(),
                 (QJsonArray{QJsonArray{2, 1000000, 0.25, QStringLiteral("bot1")}}));
        QCOMPARE(update.value(QStringLiteral("left")).toArray(), QJsonArray{70000});
    }

    void msgpackRoundTripsAndRefusesBrokenInput()
    {
        const QJsonObject value{
            {QStringLiteral("text"), QStringLiteral("bots@123 4")},
            {QStringLiteral("list"), QJsonArray{-40000, 1.25, false, QJsonValue::Null, QJsonObject{}}},
            {QStringLiteral("big"), 5e12}};
        const QByteArray bytes = MsgPack::encode(value);
        QCOMPARE(MsgPack::decode(bytes).toObject(), value);
        for (qsizetype cut = 0; cut < bytes.size(); ++cut)
            QVERIFY(MsgPack::decode(bytes.left(cut)).isUndefined());
        QVERIFY(MsgPack::decode(bytes + 'x').isUndefined());                          // trailing bytes
        QVERIFY(MsgPack::decode(QByteArray("\xc1", 1)).isUndefined());                // never used
        QVERIFY(MsgPack::decode(QByteArray::fromHex("dd7fffffff")).isUndefined());    // claims 2^31 items
        QCOMPARE(MsgPack::decode(QByteArray::fromHex("ca3fc00000")).toDouble(), 1.5); // float 32
        QCOMPARE(MsgPack::decode(QByteArray::fromHex("d3ffffffffffffffff")).toInteger(), -1); // int 64
        QCOMPARE(MsgPack::decode(QByteArray::fromHex("d4010a")),
                 QJsonValue(QJsonValue::Null)); // fixext skipped
        qsizetype offset = 0;
        QJsonValue out;
        QVERIFY(!MsgPack::decode(QByteArray::fromHex("92"), &offset, &out));
        QCOMPARE(offset, 0);
    }

    void colyseusFrames()
    {
        // @colyseus/schema's encode.string(13 + "update"), as the server writes a message type.
        QCOMPARE(ColyseusProtocol::roomData(QStringLiteral("update"), QJsonValue(QJsonValue::Null)).toHex(),
                 QByteArray("0da6757064617465c0"));
        const QByteArray move = ColyseusProtocol::roomData(
            QStringLiteral("move"), QJsonObject{{QStringLiteral("dx"), 1}, {QStringLiteral("dy"), 0}});
        QCOMPARE(move.toHex(), QByteArray("0da46d6f766582a2647801a2647900"));
        QString type;
        QJsonValue payload;
        QVERIFY(ColyseusProtocol::parseRoomData(QByteArray::fromHex("0da6757064617465de0001a26964cd012c"),
                                                &type, &payload));
        QCOMPARE(type, QStringLiteral("update"));
        QCOMPARE(payload.toObject().value(QStringLiteral("id")).toInteger(), 300);
        QVERIFY(ColyseusProtocol::parseRoomData(QByteArray::fromHex("0da6757064617465"), &type, &payload));
        QVERIFY(payload.isNull());
        QVERIFY(!ColyseusProtocol::parseRoomData(QByteArray::fromHex("0e00"), &type,
                                                 &payload)); // state, not data
        QVERIFY(
            !ColyseusProtocol::parseRoomData(QByteArray::fromHex("0da67570"), &type, &payload)); // truncated

        const QUrl url =
            ColyseusProtocol::roomUrl(QUrl(QStringLiteral("http://127.0.0.1:2567")),
                                      {{QStringLiteral("name"), QStringLiteral("zone")},
                                       {QStringLiteral("sessionId"), QStringLiteral("FFG5fY-bp")},
                                       {QStringLiteral("roomId"), QStringLiteral("GkyYv58wt")},
                                       {QStringLiteral("processId"), QStringLiteral("9YLLZp7Ov")}});
        QCOMPARE(url.toString(),
                 QStringLiteral("ws://127.0.0.1:2567/9YLLZp7Ov/GkyYv58wt?sessionId=FFG5fY-bp"));
    }

    // The ids QJsonDocument finds in an update's changed and entered lists.
    static std::vector<qint64> idsByQJson(const QByteArray &json)
    {
        std::vector<qint64> ids;
        const QJsonObject message = QJsonDocument::fromJson(json).object();
        for (const QLatin1String key : {QLatin1String("changed"), QLatin1String("entered")})
            for (const auto &entry : message.value(key).toArray())
                ids.push_back(qint64(entry.toObject().value(QLatin1String("id")).toDouble()));
        return ids;
    }

    void zoneScanReadsAnUpdatesIds()
    {
        // As the zone writes it (delta changes, whole entered objects), with strings and nesting
        // that a careless scan would take for ids or for the list's end.
        const QByteArray update =
            "{\"type\":\"update\",\"tick\":1042,\"changed\":[{\"id\":3,\"last_modified\":\"2024-05-01T12:30:"
            "00Z\","
            "\"loc_x\":14.5,\"loc_y\":-7e-1},{\"last_modified\":\"x\",\"id\":12}],\"entered\":[{\"id\":40,"
            "\"name\":\"say \\\"id\\\":99 "
            "]}\",\"states\":[\"player\",\"online\"],\"data\":{\"id\":77,\"list\":[{\"id\":78}]},"
            "\"scripts\":[],\"physical\":false,\"owner\":null}],\"left\":[17,18]}";
        QByteArrayView type;
        std::vector<qint64> ids;
        QVERIFY(ZoneMessageScan::scan(update, &type, &ids));
        QCOMPARE(type, QByteArrayView("update"));
        QCOMPARE(ids, (std::vector<qint64>{3, 12, 40}));
        QCOMPARE(ids, idsByQJson(update));

        // Keys in any order, spaces anywhere, ids written as doubles.
        const QByteArray spaced =
            " { \"entered\" : [ ] ,\n \"changed\" : [ { \"id\" : 5.0 } , { \"id\":6e1} ] ,"
            " \"type\" : \"update\" } ";
        ids.clear();
        QVERIFY(ZoneMessageScan::scan(spaced, &type, &ids));
        QCOMPARE(type, QByteArrayView("update"));
        QCOMPARE(ids, (std::vector<qint64>{5, 60}));
        QCOMPARE(ids, idsByQJson(spaced));

        // Other messages: the type, no ids.
        ids.clear();
        QVERIFY(ZoneMessageScan::scan(
            "{\"type\":\"chat\",\"id\":88,\"body\":\"hi\",\"objects\":[{\"id\":1}]}", &type, &ids));
        QCOMPARE(type, QByteArrayView("chat"));
        QVERIFY(ids.empty());
    }

    void zoneScanRefusesWhatIsNotOneObject()
    {
        const QByteArray update =
            "{\"type\":\"update\",\"changed\":[{\"id\":3,\"s\":\"a\\\"b\"}],\"entered\":[],\"left\":[]}";
        QByteArrayView type;
        std::vector<qint64> ids;
        for (qsizetype cut = 0; cut < update.size(); ++cut) {
            ids.clear();
            QVERIFY2(!ZoneMessageScan::scan(update.left(cut), &type, &ids), update.left(cut).constData());
            QVERIFY(type.isEmpty());
        }
        for (const QByteArray &bad :
             {QByteArray("{\"type\":\"update\"} x"), QByteArray("[1,2]"), QByteArray("{\"type\" \"update\"}"),
              QByteArray("{\"changed\":[{\"id\":}]}"), QByteArray("")}) {
            ids.clear();
            QVERIFY2(!ZoneMessageScan::scan(bad, &type, &ids), bad.constData());
        }
        // An id that is no number is no object id (QJsonValue::toDouble() would make it 0).
        ids.clear();
        QVERIFY(ZoneMessageScan::scan("{\"changed\":[{\"id\":\"3\"}]}", &type, &ids));
        QVERIFY(ids.empty());
        QVERIFY(ZoneMessageScan::scan("{}", &type, &ids));
        QVERIFY(type.isEmpty());
    }

    void zoneScanAgreesWithQJsonDocument()
    {
        // Random updates written by QJsonDocument: the scan finds exactly the ids it reads back.
        std::mt19937 random(7);
        const auto anyValue = [&random](auto &&self, int depth) -> QJsonValue {
            switch (std::uniform_int_distribution<int>(0, depth > 2 ? 3 : 5)(random)) {
            case 0:
                return std::uniform_real_distribution<double>(-1e6, 1e6)(random);
            case 1:
                return QStringLiteral("t\"x}]\\ \u00e9 %1").arg(random() % 100);
            case 2:
                return QJsonValue(bool(random() % 2));
            case 3:
                return QJsonValue(QJsonValue::Null);
            case 4: {
                QJsonArray list;
                for (int i = int(random() % 4); i > 0; --i)
                    list.append(self(self, depth + 1));
                return list;
            }
            default: {
                QJsonObject object;
                for (int i = int(random() % 4); i > 0; --i)
                    object.insert(QStringLiteral("k%1").arg(random() % 10), self(self, depth + 1));
                return object;
            }
            }
        };
        for (int round = 0; round < 200; ++round) {
            QJsonObject message{{QStringLiteral("type"), QStringLiteral("update")},
                                {QStringLiteral("tick"), round}};
            for (const QString &key : {QStringLiteral("changed"), QStringLiteral("entered")}) {
                QJsonArray list;
                for (int i = int(random() % 6); i > 0; --i) {
                    QJsonObject object{{QStringLiteral("id"), qint64(random() % 100000)}};
                    for (int f = int(random() % 5); f > 0; --f)
                        object.insert(QStringLiteral("f%1").arg(random() % 8), anyValue(anyValue, 0));
                    list.append(object);
                }
                message.insert(key, list);
            }
            message.insert(QStringLiteral("left"), QJsonArray{1, 2});
            const QByteArray json =
                QJsonDocument(message).toJson(round % 2 ? QJsonDocument::Compact : QJsonDocument::Indented);
            QByteArrayView type;
            std::vector<qint64> ids;
            QVERIFY2(ZoneMessageScan::scan(json, &type, &ids), json.constData());
            QCOMPARE(type, QByteArrayView("update"));
            QCOMPARE(ids, idsByQJson(json));
        }
    }

    void colyseusScanReadsAnUpdatesIds()
    {
        // The msgpackr bytes of msgpackrReadsWhatMsgpackrWrites, as a ROOM_DATA frame.
        const QByteArray frame =
            QByteArray::fromHex("0da6757064617465de0004a47469636b05a76368616e676564919301cb40691000000000"
                                "00fda7656e7465726564919402ce000f4240cb3fd0000000"
                                "000000a4626f7431a46c65667491ce00011170");
        QByteArrayView type;
        std::vector<qint64> ids;
        QVERIFY(ColyseusProtocol::scanRoomData(frame, &type, &ids));
        QCOMPARE(type, QByteArrayView("update"));
        QCOMPARE(ids, (std::vector<qint64>{1, 2}));
        for (qsizetype cut = 1; cut < frame.size(); ++cut) {
            ids.clear();
            QVERIFY(!ColyseusProtocol::scanRoomData(frame.left(cut), &type, &ids));
        }
        // Other messages: their type only; a numeric type is no name.
        ids.clear();
        QVERIFY(ColyseusProtocol::scanRoomData(
            ColyseusProtocol::roomData(QStringLiteral("chat"), QJsonObject{{QStringLiteral("changed"), 1}}),
            &type, &ids));
        QCOMPARE(type, QByteArrayView("chat"));
        QVERIFY(ids.empty());
        QVERIFY(ColyseusProtocol::scanRoomData(QByteArray::fromHex("0d07c0"), &type, &ids));
        QVERIFY(type.isEmpty());
        QVERIFY(!ColyseusProtocol::scanRoomData(QByteArray::fromHex("0e00"), &type, &ids)); // state, not data

        // Every kind of value the scanner skips, in an entry's other fields and in other keys.
        const QJsonObject update{
            {QStringLiteral("tick"), 70000},
            {QStringLiteral("changed"),
             QJsonArray{
                 QJsonArray{-5, QJsonObject{{QStringLiteral("a"), QJsonArray{1.5, true}}}, QJsonValue::Null},
                 QJsonArray{4000000000LL, QString(300, QLatin1Char('x')), -200000, 0.25}}},
            {QStringLiteral("entered"), QJsonArray{QJsonArray{7}}},
            {QStringLiteral("left"), QJsonArray{QString(40, QLatin1Char('y')), false}}};
        ids.clear();
        QVERIFY(ColyseusProtocol::scanRoomData(ColyseusProtocol::roomData(QStringLiteral("update"), update),
                                               &type, &ids));
        QCOMPARE(ids, (std::vector<qint64>{-5, 4000000000LL, 7}));
    }

    void msgpackScannerSkipsWhatDecodeReads()
    {
        const QList<QByteArray> values{
            QByteArray::fromHex("05"),
            QByteArray::fromHex("e0"),
            QByteArray::fromHex("cc80"),
            QByteArray::fromHex("d1ff00"),
            QByteArray::fromHex("ca3fc00000"),
            QByteArray::fromHex("cb3ff8000000000000"),
            QByteArray::fromHex("c0c2c3"),
            QByteArray::fromHex("c40261 62"),
            QByteArray::fromHex("d4010a"),
            QByteArray::fromHex("c7020161 62"),
            QByteArray::fromHex("d903616263"),
            QByteArray::fromHex("dc0002 01 02"),
            QByteArray::fromHex("de0001 a161 92 01 a162"),
            QByteArray::fromHex("80"),
        };
        for (const QByteArray &bytes : values) {
            qsizetype offset = 0;
            QJsonValue decoded;
            QVERIFY(MsgPack::decode(bytes, &offset, &decoded));
            MsgPack::Scanner scan(bytes);
            QVERIFY2(scan.skip(), bytes.toHex().constData());
            QCOMPARE(scan.at(), offset);
            for (qsizetype cut = 0; cut < offset; ++cut) {
                MsgPack::Scanner truncated(QByteArrayView(bytes).first(cut));
                QVERIFY2(!truncated.skip(), bytes.toHex().constData());
            }
        }
        MsgPack::Scanner never(QByteArray("\xc1", 1));
        QVERIFY(!never.skip());
        qint64 whole = 0;
        MsgPack::Scanner half(QByteArray::fromHex("ca3fc00000")); // 1.5 is no integer
        QVERIFY(!half.integer(&whole));
        MsgPack::Scanner two(QByteArray::fromHex("cb4000000000000000"));
        QVERIFY(two.integer(&whole));
        QCOMPARE(whole, 2);
    }

    void colyseusMoveFrameIsRoomData()
    {
        for (const auto &[dx, dy] :
             {std::pair{1.0, 0.0}, std::pair{-0.25, 0.7071067811865476}, std::pair{0.0, -1.0}}) {
            QByteArray frame;
            ColyseusProtocol::appendMove(frame, dx, dy);
            QCOMPARE(frame.toHex(), ColyseusProtocol::roomData(
                                        QStringLiteral("move"),
                                        QJsonObject{{QStringLiteral("dx"), dx}, {QStringLiteral("dy"), dy}})
                                        .toHex());
        }
    }

    void chatLinesCarryTheirSendTime()
    {
        const QString line = BotWorker::chatLine(17, 123456789012345);
        QCOMPARE(BotWorker::chatSentNs(line), 123456789012345);
        QCOMPARE(BotWorker::chatSentNs(QStringLiteral("Bawk.")), 0); // a chicken's line
        QCOMPARE(BotWorker::chatSentNs(QStringLiteral("bots@x 1")), 0);
    }

    void summaryJson()
    {
        RunReport report;
        report.options.bots = 4;
        report.options.zoneId = QStringLiteral("public-defaultzone-bots");
        report.windowSeconds = 2;
        report.joinedAtEnd = 4;
        report.window.movesSent = 80;
        report.window.updatesReceived = 60;
        report.window.errors = 1;
        report.total.joinFailures = 0;
        report.histograms.move.recordMs(10);
        report.histograms.move.recordMs(30);
        report.histograms.errorKinds.insert(QStringLiteral("rate_limited"), 1);
        report.botsCpuPercent = 12;
        report.serverBefore = {true, 1.0, 10240, 0, 0};
        report.serverStart = {true, 1.0, 11000, 0.5, 1000000000};
        report.serverEnd = {true, 1.5, 10240 + 4 * 8, 0.75, 2000000000};
        const QJsonObject json = report.toJson();
        QCOMPARE(json.value(QStringLiteral("target")).toString(), QStringLiteral("simplemmo"));
        QCOMPARE(json.value(QStringLiteral("where")).toString(), QStringLiteral("public-defaultzone-bots"));
        QCOMPARE(json.value(QStringLiteral("moves_sent")).toInteger(), 80);
        QCOMPARE(json.value(QStringLiteral("moves_per_second")).toDouble(), 40.0);
        QCOMPARE(json.value(QStringLiteral("updates_per_second")).toDouble(), 30.0);
        QCOMPARE(json.value(QStringLiteral("errors")).toInteger(), 1);
        QCOMPARE(json.value(QStringLiteral("error_kinds"))
                     .toObject()
                     .value(QStringLiteral("rate_limited"))
                     .toInteger(),
                 1);
        QCOMPARE(json.value(QStringLiteral("move_latency_ms"))
                     .toObject()
                     .value(QStringLiteral("samples"))
                     .toInteger(),
                 2);
        QVERIFY(std::abs(json.value(QStringLiteral("move_latency_ms"))
                             .toObject()
                             .value(QStringLiteral("p99"))
                             .toDouble() -
                         30) < 0.5);
        QCOMPARE(json.value(QStringLiteral("bots_saturated")).toBool(), false);
        report.histograms.loopLag.recordMs(400); // a late loop alone is not a saturated CPU
        QCOMPARE(report.toJson().value(QStringLiteral("bots_saturated")).toBool(), false);
        QVERIFY(std::abs(report.toJson().value(QStringLiteral("bots_loop_lag_ms_p99")).toDouble() - 400) < 7);
        const QJsonObject server = json.value(QStringLiteral("server")).toObject();
        QCOMPARE(server.value(QStringLiteral("cpu_percent")).toDouble(), 50.0);
        QCOMPARE(server.value(QStringLiteral("rss_kb_per_bot")).toDouble(), 8.0);
        QCOMPARE(server.value(QStringLiteral("cpu_wait_percent")).toDouble(), 25.0); // 0.25 s of 1 s
        QVERIFY(report.table().contains(QStringLiteral("moves sent")));

        report.botsCpuPercent = 95; // one thread, nearly a whole core: the bots are the limit
        QCOMPARE(report.toJson().value(QStringLiteral("bots_saturated")).toBool(), true);
        QVERIFY(report.table().contains(QStringLiteral("SATURATED")));
    }
};

QTEST_GUILESS_MAIN(TestBots)
#include "tst_bots.moc"
