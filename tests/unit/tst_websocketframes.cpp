// SPDX-License-Identifier: AGPL-3.0-or-later
// common/WebSocketFrames: the frames a server writes and the client frames it reads (RFC 6455 §5),
// including everything the RFC says to refuse, fed whole, in pieces and one byte at a time; and
// the other way round, as a client (the bots) writes masked frames and reads a server's.
#include "WebSocketFrames.h"

#include <QtEndian>
#include <QtTest>

using namespace smmo::websocket;

namespace {

// A client frame as a browser would send it: masked with a fixed key.
QByteArray clientFrame(quint8 opcode, QByteArrayView payload, bool final = true, quint8 extraBits = 0,
                       bool masked = true)
{
    QByteArray out;
    out.append(char((final ? 0x80 : 0) | extraBits | opcode));
    const char mask[4] = {0x37, char(0xfa), 0x21, 0x3d};
    const char maskBit = masked ? char(0x80) : 0;
    if (payload.size() < 126) {
        out.append(char(maskBit | payload.size()));
    } else if (payload.size() <= 0xffff) {
        out.append(char(maskBit | 126));
        char length[2];
        qToBigEndian(quint16(payload.size()), length);
        out.append(length, 2);
    } else {
        out.append(char(maskBit | 127));
        char length[8];
        qToBigEndian(quint64(payload.size()), length);
        out.append(length, 8);
    }
    if (masked)
        out.append(mask, 4);
    for (qsizetype i = 0; i < payload.size(); ++i)
        out.append(masked ? char(payload[i] ^ mask[i & 3]) : payload[i]);
    return out;
}

// Everything a reader makes of `bytes` fed in pieces of `step` bytes (as a socket might deliver).
QList<Received> readAll(FrameReader &reader, const QByteArray &bytes, qsizetype step)
{
    QList<Received> out;
    QByteArray pending;
    for (qsizetype at = 0; at < bytes.size(); at += step) {
        pending += bytes.mid(at, step);
        for (;;) {
            qsizetype consumed = 0;
            const auto received = reader.next(pending, consumed);
            pending.remove(0, consumed);
            if (received)
                out.append(*received);
            if (consumed == 0 || (received && received->kind == Received::Kind::Error))
                break;
        }
        if (!out.isEmpty() && out.last().kind == Received::Kind::Error)
            break;
    }
    return out;
}

} // namespace

class TestWebSocketFrames : public QObject
{
    Q_OBJECT

private slots:
    void headersUseTheShortestLength_data()
    {
        QTest::addColumn<qint64>("size");
        QTest::addColumn<QByteArray>("header");
        QTest::newRow("0") << qint64(0) << QByteArray::fromHex("8100");
        QTest::newRow("125") << qint64(125) << QByteArray::fromHex("817d");
        QTest::newRow("126") << qint64(126) << QByteArray::fromHex("817e007e");
        QTest::newRow("65535") << qint64(65535) << QByteArray::fromHex("817effff");
        QTest::newRow("65536") << qint64(65536) << QByteArray::fromHex("817f0000000000010000");
    }
    void headersUseTheShortestLength()
    {
        QFETCH(qint64, size);
        QFETCH(QByteArray, header);
        QByteArray out;
        appendFrameHeader(out, Opcode::Text, size);
        QCOMPARE(out.toHex(), header.toHex());
    }

    void closePayloadKeepsWholeCharacters()
    {
        const QByteArray payload = closePayload(1008, QString(100, QChar(0x00e9))); // é: 2 bytes each
        QVERIFY(payload.size() <= 125);
        QCOMPARE(qFromBigEndian<quint16>(payload.constData()), quint16(1008));
        QCOMPARE(QString::fromUtf8(payload.mid(2)), QString(61, QChar(0x00e9)));
    }

    void readsMessagesWholeOrInPieces_data()
    {
        QTest::addColumn<qsizetype>("step");
        QTest::newRow("all at once") << qsizetype(1 << 20);
        QTest::newRow("7 bytes at a time") << qsizetype(7);
        QTest::newRow("byte by byte") << qsizetype(1);
    }
    void readsMessagesWholeOrInPieces()
    {
        QFETCH(qsizetype, step);
        const QByteArray big(70000, 'x');
        QByteArray stream = clientFrame(0x1, "{\"type\":\"move\",\"dx\":1}");
        stream += clientFrame(0x2, QByteArray("\x00\x01\x02", 3));
        stream += clientFrame(0x1, QStringLiteral("grüße 😀").toUtf8());
        stream += clientFrame(0x1, "frag", false); // a fragmented message with a ping inside
        stream += clientFrame(0x9, "are you there");
        stream += clientFrame(0x0, "ment", false);
        stream += clientFrame(0x0, "ed", true);
        stream += clientFrame(0x2, big.left(300)); // 16-bit length
        stream += clientFrame(0xA, "pong");
        FrameReader reader(100000);
        const QList<Received> got = readAll(reader, stream, step);
        QCOMPARE(got.size(), 7);
        QCOMPARE(got[0].kind, Received::Kind::Text);
        QCOMPARE(got[0].text, QStringLiteral("{\"type\":\"move\",\"dx\":1}"));
        QCOMPARE(got[1].kind, Received::Kind::Binary);
        QCOMPARE(got[1].payload, QByteArray("\x00\x01\x02", 3));
        QCOMPARE(got[2].text, QStringLiteral("grüße 😀"));
        QCOMPARE(got[3].kind, Received::Kind::Ping);
        QCOMPARE(got[3].payload, QByteArray("are you there"));
        QCOMPARE(got[4].kind, Received::Kind::Text);
        QCOMPARE(got[4].text, QStringLiteral("fragmented"));
        QCOMPARE(got[5].payload, big.left(300));
        QCOMPARE(got[6].kind, Received::Kind::Pong);
        QVERIFY(!reader.midMessage());
    }

    void readsA64BitLength()
    {
        const QByteArray big(70000, 'y');
        FrameReader reader(100000);
        const QList<Received> got = readAll(reader, clientFrame(0x2, big), 4096);
        QCOMPARE(got.size(), 1);
        QCOMPARE(got[0].payload, big);
    }

    void readsTheCloseFrame()
    {
        FrameReader reader(1000);
        QByteArray payload(2, Qt::Uninitialized);
        qToBigEndian(quint16(1001), payload.data());
        payload += "bye";
        QList<Received> got = readAll(reader, clientFrame(0x8, payload), 100);
        QCOMPARE(got.size(), 1);
        QCOMPARE(got[0].kind, Received::Kind::Close);
        QCOMPARE(got[0].code, quint16(1001));
        QCOMPARE(got[0].reason, QStringLiteral("bye"));

        FrameReader empty(1000);
        got = readAll(empty, clientFrame(0x8, {}), 100);
        QCOMPARE(got[0].kind, Received::Kind::Close);
        QCOMPARE(got[0].code, quint16(CloseNoStatus));
    }

    void refusesWhatTheRfcForbids_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("why");
        QTest::newRow("unmasked") << clientFrame(0x1, "hi", true, 0, false) << int(CloseProtocolError)
                                  << QStringLiteral("masked");
        QTest::newRow("reserved bit")
            << clientFrame(0x1, "hi", true, 0x40) << int(CloseProtocolError) << QStringLiteral("reserved");
        QTest::newRow("unknown opcode")
            << clientFrame(0x3, "hi") << int(CloseProtocolError) << QStringLiteral("opcode");
        QTest::newRow("fragmented ping")
            << clientFrame(0x9, "hi", false) << int(CloseProtocolError) << QStringLiteral("control");
        QTest::newRow("long ping") << clientFrame(0x9, QByteArray(126, 'p')) << int(CloseProtocolError)
                                   << QStringLiteral("control");
        QTest::newRow("stray continuation")
            << clientFrame(0x0, "hi") << int(CloseProtocolError) << QStringLiteral("continuation");
        QTest::newRow("message inside a message")
            << clientFrame(0x1, "a", false) + clientFrame(0x1, "b") << int(CloseProtocolError)
            << QStringLiteral("before the last one ended");
        QTest::newRow("not UTF-8") << clientFrame(0x1, QByteArray("\xc3\x28", 2)) << int(CloseBadPayload)
                                   << QStringLiteral("UTF-8");
        QTest::newRow("surrogate in UTF-8") << clientFrame(0x1, QByteArray("\xed\xa0\x80", 3))
                                            << int(CloseBadPayload) << QStringLiteral("UTF-8");
        QTest::newRow("UTF-8 cut between fragments, never finished")
            << clientFrame(0x1, QByteArray("\xc3", 1), false) + clientFrame(0x0, QByteArray("x", 1))
            << int(CloseBadPayload) << QStringLiteral("UTF-8");
        QTest::newRow("too big in one frame") << clientFrame(0x1, QByteArray(1001, 'a')) << int(CloseTooBig)
                                              << QStringLiteral("larger than 1000");
        QTest::newRow("too big across fragments")
            << clientFrame(0x1, QByteArray(600, 'a'), false) + clientFrame(0x0, QByteArray(600, 'a'))
            << int(CloseTooBig) << QStringLiteral("larger than 1000");
        QTest::newRow("one-byte close")
            << clientFrame(0x8, "x") << int(CloseProtocolError) << QStringLiteral("one-byte");
        QByteArray badReason(2, Qt::Uninitialized);
        qToBigEndian(quint16(1000), badReason.data());
        badReason += "\xff";
        QTest::newRow("close reason not UTF-8")
            << clientFrame(0x8, badReason) << int(CloseBadPayload) << QStringLiteral("UTF-8");
    }
    void refusesWhatTheRfcForbids() { verifyRefused(Sender::Client, TextAs::String); }

    void refusesATooBigMessageBeforeItArrives()
    {
        // Only the header of a 10 MB frame: refused at once, nothing waits for the payload.
        const QByteArray header = clientFrame(0x2, QByteArray(10 * 1024 * 1024, 'z')).left(14);
        FrameReader reader(64 * 1024);
        qsizetype consumed = 0;
        const auto received = reader.next(header, consumed);
        QVERIFY(received);
        QCOMPARE(received->kind, Received::Kind::Error);
        QCOMPARE(received->code, quint16(CloseTooBig));
    }

    void waitsForTheRestOfAFrame()
    {
        const QByteArray frame = clientFrame(0x1, "hello");
        FrameReader reader(1000);
        for (qsizetype cut = 0; cut < frame.size(); ++cut) {
            qsizetype consumed = -1;
            QVERIFY(!reader.next(QByteArrayView(frame).first(cut), consumed));
            QCOMPARE(consumed, qsizetype(0));
        }
    }

    // The client's side: masked frames out, a server's unmasked frames in.

    void maskingUsesTheKeyAsOnTheWire()
    {
        char out[4];
        applyMask(out, "abcd", 4, 0x01020304);
        QCOMPARE(QByteArray(out, 4), QByteArray("````")); // a^1 b^2 c^3 d^4: the first key byte first
        applyMask(out, out, 4, 0x01020304);               // in place, and its own inverse
        QCOMPARE(QByteArray(out, 4), QByteArray("abcd"));
    }

    void maskedFramesAreWhatABrowserSends_data()
    {
        QTest::addColumn<qsizetype>("size");
        for (const qsizetype size : {0, 1, 125, 126, 65535, 65536, 70000})
            QTest::addRow("%lld", qlonglong(size)) << size;
    }
    void maskedFramesAreWhatABrowserSends()
    {
        QFETCH(qsizetype, size);
        QByteArray payload(size, Qt::Uninitialized);
        for (qsizetype i = 0; i < size; ++i)
            payload[i] = char(i * 7);
        // The key clientFrame() masks with, read big-endian: the same bytes, header and all.
        QByteArray out = "before";
        appendMaskedFrame(out, Opcode::Binary, payload, 0x37fa213d);
        QCOMPARE(out.size(), 6 + clientFrame(0x2, payload).size());
        QVERIFY(out.sliced(6) == clientFrame(0x2, payload));
        QVERIFY(size == 0 || !out.contains(payload));

        char small[maxFrameHeader + 200];
        if (size <= 200) {
            const qsizetype n = writeMaskedFrame(small, Opcode::Text, payload, 0x37fa213d);
            QVERIFY(QByteArray(small, n) == clientFrame(0x1, payload));
        }
        // And a server's reader reads them back.
        FrameReader reader(100000);
        const QList<Received> got = readAll(reader, out.sliced(6), 4096);
        QCOMPARE(got.size(), 1);
        QCOMPARE(got[0].kind, Received::Kind::Binary);
        QCOMPARE(got[0].payload, payload);
    }

    void readsServerFrames_data()
    {
        QTest::addColumn<qsizetype>("step");
        QTest::newRow("all at once") << qsizetype(1 << 20);
        QTest::newRow("7 bytes at a time") << qsizetype(7);
        QTest::newRow("byte by byte") << qsizetype(1);
    }
    void readsServerFrames()
    {
        QFETCH(qsizetype, step);
        const QByteArray big(70000, 'x');
        QByteArray stream = frame(Opcode::Text, "{\"type\":\"update\"}");
        stream += frame(Opcode::Binary, big);
        stream += frame(Opcode::Text, QStringLiteral("grüße 😀").toUtf8());
        stream += clientFrame(0x1, "frag", false, 0, false); // a server's fragments, a ping between
        stream += frame(Opcode::Ping, "are you there");
        stream += clientFrame(0x0, "mented", true, 0, false);
        stream += frame(Opcode::Close, closePayload(4001, QStringLiteral("bye")));
        for (const TextAs textAs : {TextAs::String, TextAs::Bytes}) {
            FrameReader reader(100000, Sender::Server, textAs);
            const QList<Received> got = readAll(reader, stream, step);
            QCOMPARE(got.size(), 6);
            const auto textOf = [textAs](const Received &r) {
                return textAs == TextAs::String ? r.text : QString::fromUtf8(r.payload);
            };
            QCOMPARE(got[0].kind, Received::Kind::Text);
            QCOMPARE(textOf(got[0]), QStringLiteral("{\"type\":\"update\"}"));
            QCOMPARE(got[1].kind, Received::Kind::Binary);
            QCOMPARE(got[1].payload, big);
            QCOMPARE(textOf(got[2]), QStringLiteral("grüße 😀"));
            QCOMPARE(got[3].kind, Received::Kind::Ping);
            QCOMPARE(got[3].payload, QByteArray("are you there"));
            QCOMPARE(got[4].kind, Received::Kind::Text);
            QCOMPARE(textOf(got[4]), QStringLiteral("fragmented"));
            QCOMPARE(got[5].kind, Received::Kind::Close);
            QCOMPARE(got[5].code, quint16(4001));
            QCOMPARE(got[5].reason, QStringLiteral("bye"));
            // As bytes, the text is not also decoded; as a string, not also kept as bytes.
            QVERIFY(textAs == TextAs::Bytes ? got[0].text.isNull() : got[0].payload.isNull());
        }
    }

    void textAsBytesIsNotChecked()
    {
        // The bytes are handed over as they came: a reader that only scans them pays no check.
        const QByteArray bad("\xc3\x28", 2);
        FrameReader bytes(1000, Sender::Server, TextAs::Bytes);
        QList<Received> got = readAll(bytes, frame(Opcode::Text, bad), 100);
        QCOMPARE(got.size(), 1);
        QCOMPARE(got[0].kind, Received::Kind::Text);
        QCOMPARE(got[0].payload, bad);
        FrameReader strict(1000, Sender::Server);
        got = readAll(strict, frame(Opcode::Text, bad), 100);
        QCOMPARE(got.last().kind, Received::Kind::Error);
        QCOMPARE(got.last().code, quint16(CloseBadPayload));
    }

    void refusesWhatTheRfcForbidsFromAServer_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("why");
        const auto server = [](quint8 opcode, QByteArrayView payload, bool final = true,
                               quint8 extraBits = 0) {
            return clientFrame(opcode, payload, final, extraBits, false);
        };
        QTest::newRow("masked") << clientFrame(0x1, "hi") << int(CloseProtocolError)
                                << QStringLiteral("must not be masked");
        QTest::newRow("reserved bit")
            << server(0x1, "hi", true, 0x40) << int(CloseProtocolError) << QStringLiteral("reserved");
        QTest::newRow("unknown opcode")
            << server(0xb, "hi") << int(CloseProtocolError) << QStringLiteral("opcode");
        QTest::newRow("fragmented ping")
            << server(0x9, "hi", false) << int(CloseProtocolError) << QStringLiteral("control");
        QTest::newRow("long ping") << server(0x9, QByteArray(126, 'p')) << int(CloseProtocolError)
                                   << QStringLiteral("control");
        QTest::newRow("stray continuation")
            << server(0x0, "hi") << int(CloseProtocolError) << QStringLiteral("continuation");
        QTest::newRow("too big in one frame")
            << server(0x2, QByteArray(1001, 'a')) << int(CloseTooBig) << QStringLiteral("larger than 1000");
        QTest::newRow("too big across fragments")
            << server(0x1, QByteArray(600, 'a'), false) + server(0x0, QByteArray(600, 'a'))
            << int(CloseTooBig) << QStringLiteral("larger than 1000");
    }
    void refusesWhatTheRfcForbidsFromAServer() { verifyRefused(Sender::Server, TextAs::Bytes); }

private:
    // The current row's bytes, fed whole and byte by byte, end in an error with its code and reason.
    void verifyRefused(Sender sender, TextAs textAs)
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, code);
        QFETCH(QString, why);
        for (const qsizetype step : {qsizetype(1), qsizetype(1 << 20)}) {
            FrameReader reader(1000, sender, textAs);
            const QList<Received> got = readAll(reader, bytes, step);
            QVERIFY(!got.isEmpty());
            QCOMPARE(got.last().kind, Received::Kind::Error);
            QCOMPARE(int(got.last().code), code);
            QVERIFY2(got.last().reason.contains(why), qPrintable(got.last().reason));
        }
    }
};

QTEST_APPLESS_MAIN(TestWebSocketFrames)
#include "tst_websocketframes.moc"
