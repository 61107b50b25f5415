// SPDX-License-Identifier: AGPL-3.0-or-later
// The bots' lean WebSocket client: its framing (RFC 6455) byte by byte, and a real connection to
// Qt's own WebSocket server (handshake with headers, text and binary both ways, a message large
// enough to arrive in pieces, ping, fragments, the server's close), refusals and failures.
#include "BotSocketLoop.h"
#include "LeanWebSocket.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QWebSocket>
#include <QWebSocketServer>
#include <QtTest>

#include <memory>

using namespace smmo::bots;

namespace {

/// Records what the socket reports.
class Recorder : public LeanWebSocket::Handler
{
public:
    int openedCount = 0;
    QList<QByteArray> texts;
    QList<QByteArray> binaries;
    int closeCode = 0;
    QString closeReason;
    bool closedCalled = false;

    void opened() override { ++openedCount; }
    void messageReceived(QByteArrayView payload, bool text) override
    {
        (text ? texts : binaries).append(payload.toByteArray());
    }
    void closed(int code, const QString &reason) override
    {
        closedCalled = true;
        closeCode = code;
        closeReason = reason;
    }
};

} // namespace

class TestBotsWebSocket : public QObject
{
    Q_OBJECT

private slots:
    void framesRoundTrip_data()
    {
        QTest::addColumn<qsizetype>("size");
        QTest::addColumn<bool>("masked");
        for (const qsizetype size : {0, 1, 125, 126, 65535, 65536, 70000})
            for (const bool masked : {false, true})
                QTest::addRow("%lld %s", qlonglong(size), masked ? "masked" : "plain") << size << masked;
    }
    void framesRoundTrip()
    {
        QFETCH(qsizetype, size);
        QFETCH(bool, masked);
        QByteArray payload(size, Qt::Uninitialized);
        for (qsizetype i = 0; i < size; ++i)
            payload[i] = char(i * 7);
        QByteArray wire;
        WebSocketFrames::append(wire, WebSocketFrames::Binary, payload, masked, 0x12345678);
        const qsizetype header = size < 126 ? 2 : size <= 0xffff ? 4 : 10;
        QCOMPARE(wire.size(), header + (masked ? 4 : 0) + size);
        // Every prefix is "not yet"; the whole is one frame.
        for (const qsizetype cut : {qsizetype(0), qsizetype(1), header - 1, wire.size() - 1}) {
            WebSocketFrames::Frame frame;
            if (cut >= 0 && cut < wire.size())
                QCOMPARE(WebSocketFrames::parse(wire.constData(), cut, 1 << 20, &frame), 0);
        }
        WebSocketFrames::Frame frame;
        QCOMPARE(WebSocketFrames::parse(wire.constData(), wire.size(), 1 << 20, &frame), wire.size());
        QVERIFY(frame.fin);
        QCOMPARE(frame.opcode, quint8(WebSocketFrames::Binary));
        QCOMPARE(frame.masked, masked);
        QByteArray read(frame.payload, frame.size);
        if (masked) {
            QCOMPARE(frame.maskKey, 0x12345678u);
            QVERIFY(size == 0 || read != payload);
            WebSocketFrames::mask(read.data(), read.size(), frame.maskKey);
        }
        QCOMPARE(read, payload);
    }

    void framesRefused()
    {
        WebSocketFrames::Frame frame;
        const auto parse = [&frame](const QByteArray &hex, qsizetype max = 1 << 20) {
            const QByteArray bytes = QByteArray::fromHex(hex);
            return WebSocketFrames::parse(bytes.constData(), bytes.size(), max, &frame);
        };
        QCOMPARE(parse("c100"), -1);                            // RSV1: no extension was agreed
        QCOMPARE(parse("8300"), -1);                            // reserved data opcode
        QCOMPARE(parse("8b00"), -1);                            // reserved control opcode
        QCOMPARE(parse("097e0080"), -1);                        // a ping without FIN
        QCOMPARE(parse("897e007e" + QByteArray(252, 'a')), -1); // a ping over 125 bytes
        QCOMPARE(parse("827e0100", 255), -1);                   // longer than allowed
        QCOMPARE(parse("8a00"), 2);                             // an empty pong is fine
        QCOMPARE(frame.opcode, quint8(WebSocketFrames::Pong));
        // RFC 6455 1.3's example.
        QCOMPARE(WebSocketFrames::acceptKey("dGhlIHNhbXBsZSBub25jZQ=="),
                 QByteArray("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
    }

    void talksToQtsWebSocketServer()
    {
        QWebSocketServer server(QStringLiteral("test"), QWebSocketServer::NonSecureMode);
        QVERIFY(server.listen(QHostAddress::LocalHost));
        std::unique_ptr<QWebSocket> peer;
        QStringList texts;
        QList<QByteArray> binaries;
        int pongs = 0;
        connect(&server, &QWebSocketServer::newConnection, this, [&] {
            peer.reset(server.nextPendingConnection());
            connect(peer.get(), &QWebSocket::textMessageReceived, this,
                    [&](const QString &t) { texts.append(t); });
            connect(peer.get(), &QWebSocket::binaryMessageReceived, this,
                    [&](const QByteArray &b) { binaries.append(b); });
            connect(peer.get(), &QWebSocket::pong, this, [&](quint64, const QByteArray &) { ++pongs; });
        });

        BotSocketLoop loop;
        Recorder recorder;
        LeanWebSocket socket(&loop, &recorder);
        socket.sendText("before the handshake"); // kept until it is done
        QUrl url(QStringLiteral("ws://127.0.0.1/stream?updates=delta&x=%2F"));
        url.setPort(server.serverPort());
        socket.open(url, {{"Authorization", "Bearer abc"}});
        QTRY_VERIFY_WITH_TIMEOUT(peer, 20000);
        QCOMPARE(peer->requestUrl().path(), QStringLiteral("/stream"));
        QCOMPARE(peer->requestUrl().query(QUrl::FullyEncoded), QStringLiteral("updates=delta&x=%2F"));
        QCOMPARE(peer->request().rawHeader("Authorization"), QByteArray("Bearer abc"));
        QTRY_COMPARE_WITH_TIMEOUT(recorder.openedCount, 1, 20000);
        QVERIFY(socket.isOpen());

        // Client to server: masked frames Qt's server reads (it refuses unmasked ones).
        socket.sendText("{\"type\":\"move\",\"dx\":0.5}");
        const QByteArray big(300000, 'b');
        socket.sendBinary(big);
        QTRY_COMPARE_WITH_TIMEOUT(texts.size(), 2, 20000);
        QCOMPARE(texts.at(0), QStringLiteral("before the handshake"));
        QCOMPARE(texts.at(1), QStringLiteral("{\"type\":\"move\",\"dx\":0.5}"));
        QTRY_COMPARE_WITH_TIMEOUT(binaries.size(), 1, 20000);
        QCOMPARE(binaries.at(0), big);

        // Server to client: whole messages, whatever pieces TCP delivers them in.
        peer->sendTextMessage(QStringLiteral("h\u00e9llo"));
        const QByteArray large(1000000, 'L');
        peer->sendBinaryMessage(large);
        // Fragments (Qt's server splits at its outgoing frame size).
        peer->setOutgoingFrameSize(1000);
        peer->sendTextMessage(QString(4500, QLatin1Char('f')));
        QTRY_COMPARE_WITH_TIMEOUT(recorder.texts.size(), 2, 20000);
        QCOMPARE(recorder.texts.at(0), QStringLiteral("h\u00e9llo").toUtf8());
        QCOMPARE(recorder.texts.at(1), QByteArray(4500, 'f'));
        QCOMPARE(recorder.binaries.size(), 1);
        QCOMPARE(recorder.binaries.at(0), large);

        // A ping is answered.
        peer->ping("are you there");
        QTRY_COMPARE_WITH_TIMEOUT(pongs, 1, 20000);

        // The server's close is reported with its code and reason.
        peer->close(QWebSocketProtocol::CloseCode(4001), QStringLiteral("bye now"));
        QTRY_VERIFY_WITH_TIMEOUT(recorder.closedCalled, 20000);
        QCOMPARE(recorder.closeCode, 4001);
        QCOMPARE(recorder.closeReason, QStringLiteral("bye now"));
        QVERIFY(!socket.isOpen());
        socket.sendText("after the end"); // ignored, no crash
    }

    void ourCloseReachesTheServer()
    {
        QWebSocketServer server(QStringLiteral("test"), QWebSocketServer::NonSecureMode);
        QVERIFY(server.listen(QHostAddress::LocalHost));
        std::unique_ptr<QWebSocket> peer;
        connect(&server, &QWebSocketServer::newConnection, this,
                [&] { peer.reset(server.nextPendingConnection()); });
        BotSocketLoop loop;
        Recorder recorder;
        auto socket = std::make_unique<LeanWebSocket>(&loop, &recorder);
        socket->open(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(server.serverPort())));
        QTRY_COMPARE_WITH_TIMEOUT(recorder.openedCount, 1, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(peer, 20000);
        bool disconnected = false;
        connect(peer.get(), &QWebSocket::disconnected, this, [&] { disconnected = true; });
        socket->close(1000);
        QTRY_VERIFY_WITH_TIMEOUT(disconnected, 20000);
        QCOMPARE(int(peer->closeCode()), 1000);
        QVERIFY(!recorder.closedCalled); // no report of a close we asked for
    }

    void refusedHandshakeAndNoServer()
    {
        // Something that answers HTTP but not with 101.
        QTcpServer http;
        QVERIFY(http.listen(QHostAddress::LocalHost));
        connect(&http, &QTcpServer::newConnection, this, [&http] {
            QTcpSocket *client = http.nextPendingConnection();
            connect(client, &QTcpSocket::readyRead, client, [client] {
                if (client->readAll().contains("\r\n\r\n"))
                    client->write("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n");
            });
        });
        BotSocketLoop loop;
        Recorder refused;
        LeanWebSocket socket(&loop, &refused);
        socket.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/stream").arg(http.serverPort())));
        QTRY_VERIFY_WITH_TIMEOUT(refused.closedCalled, 20000);
        QCOMPARE(refused.closeCode, 1006);
        QCOMPARE(refused.closeReason, QStringLiteral("handshake: HTTP/1.1 401 Unauthorized"));
        QCOMPARE(refused.openedCount, 0);

        // A port nobody listens on (just closed).
        quint16 port = 0;
        {
            QTcpServer gone;
            QVERIFY(gone.listen(QHostAddress::LocalHost));
            port = gone.serverPort();
        }
        Recorder nobody;
        LeanWebSocket lonely(&loop, &nobody);
        lonely.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(port)));
        QTRY_VERIFY_WITH_TIMEOUT(nobody.closedCalled, 20000);
        QCOMPARE(nobody.closeCode, 1006);
        QVERIFY2(nobody.closeReason.startsWith(QStringLiteral("connect: ")), qPrintable(nobody.closeReason));
    }
};

QTEST_GUILESS_MAIN(TestBotsWebSocket)
#include "tst_bots_websocket.moc"
