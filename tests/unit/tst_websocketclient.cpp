// SPDX-License-Identifier: AGPL-3.0-or-later
// common/WebSocketClient (the bots' WebSocket): a real connection to Qt's own WebSocket server
// (handshake with headers, text and binary both ways, a message large enough to arrive in pieces,
// ping, fragments, the server's close), refusals, failures, and a server that breaks the protocol.
// Its framing is tested byte by byte in tst_websocketframes.
#include "WebSocketClient.h"
#include "WebSocketFrames.h"
#include "WebSocketHandshake.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QWebSocket>
#include <QWebSocketServer>
#include <QtTest>

#include <memory>

using namespace smmo;

namespace {

/// Records what the socket reports.
class Recorder : public WebSocketClient::Handler
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

class TestWebSocketClient : public QObject
{
    Q_OBJECT

private slots:
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

        Recorder recorder;
        WebSocketClient socket(&recorder);
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
        Recorder recorder;
        auto socket = std::make_unique<WebSocketClient>(&recorder);
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
        Recorder refused;
        WebSocketClient socket(&refused);
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
        WebSocketClient lonely(&nobody);
        lonely.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(port)));
        QTRY_VERIFY_WITH_TIMEOUT(nobody.closedCalled, 20000);
        QCOMPARE(nobody.closeCode, 1006);
        QVERIFY2(nobody.closeReason.startsWith(QStringLiteral("connect: ")), qPrintable(nobody.closeReason));
    }

    void aServerBreakingTheProtocolIsToldWhy()
    {
        // A server that accepts the handshake, then masks its frame (servers must not).
        QTcpServer raw;
        QVERIFY(raw.listen(QHostAddress::LocalHost));
        QByteArray fromClient;
        QTcpSocket *peer = nullptr;
        connect(&raw, &QTcpServer::newConnection, this, [&] {
            peer = raw.nextPendingConnection();
            connect(peer, &QTcpSocket::readyRead, peer, [&] {
                const bool handshaking = !fromClient.contains("\r\n\r\n");
                fromClient += peer->readAll();
                const qsizetype end = WebSocketHandshake::headEnd(fromClient);
                if (!handshaking || end < 0)
                    return;
                const WebSocketHandshake handshake =
                    WebSocketHandshake::read(QByteArrayView(fromClient).first(end));
                QVERIFY(handshake.accepted());
                fromClient.remove(0, end);
                peer->write(handshake.response);
                QByteArray masked;
                websocket::appendMaskedFrame(masked, websocket::Opcode::Text, "hello", 0x01020304);
                peer->write(masked);
            });
        });
        Recorder recorder;
        WebSocketClient socket(&recorder);
        socket.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(raw.serverPort())));
        QTRY_VERIFY_WITH_TIMEOUT(recorder.closedCalled, 20000);
        QCOMPARE(recorder.openedCount, 1);
        QVERIFY(recorder.texts.isEmpty());
        QCOMPARE(recorder.closeCode, int(websocket::CloseProtocolError));
        QCOMPARE(recorder.closeReason, QStringLiteral("server frames must not be masked"));
        // The server is told, in a (masked) close frame, before the connection ends.
        QTRY_VERIFY_WITH_TIMEOUT(peer && peer->state() != QAbstractSocket::ConnectedState, 20000);
        websocket::FrameReader reader(1000);
        qsizetype consumed = 0;
        const auto close = reader.next(fromClient, consumed);
        QVERIFY(close);
        QCOMPARE(close->kind, websocket::Received::Kind::Close);
        QCOMPARE(close->code, quint16(websocket::CloseProtocolError));
        QCOMPARE(close->reason, QStringLiteral("server frames must not be masked"));
    }
};

QTEST_GUILESS_MAIN(TestWebSocketClient)
#include "tst_websocketclient.moc"
