// SPDX-License-Identifier: AGPL-3.0-or-later
// common/WebSocketConnection behind HttpServer::routeWebSocket, over real loopback sockets: Qt's
// own QWebSocket as the client (an independent implementation of the RFC), and a raw socket for
// what a well-behaved client never sends. The HTTP routes on the same port keep working.
#include "HttpServer.h"
#include "HttpTestClient.h"
#include "RawClient.h"
#include "WebSocketConnection.h"
#include "WebSocketFrames.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QWebSocket>
#include <QtEndian>
#include <QtTest>

#include <memory>

using namespace smmo;
using smmo::test::HttpTestClient;
using smmo::test::RawClient;

namespace {

constexpr int waitMs = 15000; // generous: the machine may be busy
constexpr qint64 maxMessage = 4096;

QByteArray maskedFrame(quint8 firstByte, QByteArrayView payload)
{
    QByteArray out;
    out.append(char(firstByte));
    out.append(char(0x80 | payload.size())); // small payloads only
    const char mask[4] = {1, 2, 3, 4};
    out.append(mask, 4);
    for (qsizetype i = 0; i < payload.size(); ++i)
        out.append(char(payload[i] ^ mask[i & 3]));
    return out;
}

// The upgrade request a well-behaved client sends (RFC 6455's sample key).
QByteArray upgrade(const QByteArray &path)
{
    return "GET " + path +
           " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
}

// The code of the close frame the server sent after its handshake (0 if none).
int closeCode(const RawClient &client)
{
    const QByteArray frames = client.afterHead();
    for (qsizetype at = 0; at + 2 <= frames.size();) {
        const int opcode = frames[at] & 0x0f;
        const int length = frames[at + 1] & 0x7f; // the server's frames here are small
        if (opcode == 0x8 && length >= 2)
            return qFromBigEndian<quint16>(frames.constData() + at + 2);
        at += 2 + length;
    }
    return 0;
}

} // namespace

class TestWebSocketConnection : public QObject
{
    Q_OBJECT

    std::unique_ptr<HttpServer> m_server;
    std::vector<std::unique_ptr<WebSocketConnection>> m_connections;
    QList<QUrl> m_urls; ///< the request URL of each accepted connection
    int m_disconnected = 0;

    quint16 port() const { return m_server->port(); }
    QUrl wsUrl(const QString &path = QStringLiteral("/ws")) const
    {
        return QUrl(QStringLiteral("ws://127.0.0.1:%1%2").arg(port()).arg(path));
    }
    WebSocketConnection *last() { return m_connections.empty() ? nullptr : m_connections.back().get(); }

    // Opens a QWebSocket and waits until the server accepted it.
    bool open(QWebSocket &client, const QUrl &url)
    {
        const size_t before = m_connections.size();
        client.open(url);
        return QTest::qWaitFor(
            [&] {
                return client.state() == QAbstractSocket::ConnectedState && m_connections.size() > before;
            },
            waitMs);
    }

private slots:
    void init()
    {
        m_server = std::make_unique<HttpServer>(QStringLiteral("wsserver"));
        m_server->addStandardRoutes();
        WebSocketConnection::Limits limits;
        limits.maxMessageBytes = maxMessage;
        limits.handshakeTimeoutMs = 500;
        limits.closeTimeoutMs = 500;
        // An echo endpoint: text and binary back as they came, "close:<code>" closes.
        m_server->routeWebSocket(
            QStringLiteral("/ws"),
            [this](std::unique_ptr<WebSocketConnection> connection) {
                WebSocketConnection *raw = connection.get();
                m_urls.append(raw->request().url());
                connect(raw, &WebSocketConnection::textMessageReceived, raw, [raw](const QString &text) {
                    if (text.startsWith(QLatin1String("close:")))
                        raw->close(quint16(text.mid(6).toUInt()), QStringLiteral("asked to"));
                    else
                        raw->sendText(text.toUtf8());
                });
                connect(raw, &WebSocketConnection::binaryMessageReceived, raw,
                        [raw](const QByteArray &bytes) { raw->sendBinary(bytes); });
                connect(raw, &WebSocketConnection::disconnected, this, [this] { ++m_disconnected; });
                m_connections.push_back(std::move(connection));
            },
            limits);
        QVERIFY(m_server->listen(QHostAddress::LocalHost, 0) != 0);
    }
    void cleanup()
    {
        m_connections.clear();
        m_urls.clear();
        m_disconnected = 0;
        m_server.reset();
    }

    void echoesTextAndBinary()
    {
        QWebSocket client;
        QVERIFY(open(client, wsUrl(QStringLiteral("/ws?updates=delta&token=abc"))));
        QCOMPARE(m_urls.last().path(), QStringLiteral("/ws"));
        QCOMPARE(QUrlQuery(m_urls.last()).queryItemValue(QStringLiteral("updates")), QStringLiteral("delta"));
        QSignalSpy texts(&client, &QWebSocket::textMessageReceived);
        QSignalSpy binaries(&client, &QWebSocket::binaryMessageReceived);
        client.sendTextMessage(QStringLiteral("grüße 😀"));
        client.sendBinaryMessage(QByteArray("\x00\xff\x10", 3));
        const QString big(3000, QLatin1Char('b')); // a 16-bit length each way
        client.sendTextMessage(big);
        QTRY_COMPARE_WITH_TIMEOUT(texts.size(), 2, waitMs);
        QTRY_COMPARE_WITH_TIMEOUT(binaries.size(), 1, waitMs);
        QCOMPARE(texts[0][0].toString(), QStringLiteral("grüße 😀"));
        QCOMPARE(texts[1][0].toString(), big);
        QCOMPARE(binaries[0][0].toByteArray(), QByteArray("\x00\xff\x10", 3));
    }

    void readsFragmentedMessages()
    {
        QWebSocket client;
        client.setOutgoingFrameSize(100); // QWebSocket splits longer messages into 100-byte frames
        QVERIFY(open(client, wsUrl()));
        QSignalSpy texts(&client, &QWebSocket::textMessageReceived);
        const QString text = QString(1000, QLatin1Char('f')) + QStringLiteral("ü");
        client.sendTextMessage(text);
        QTRY_COMPARE_WITH_TIMEOUT(texts.size(), 1, waitMs);
        QCOMPARE(texts[0][0].toString(), text);
    }

    void answersPings()
    {
        QWebSocket client;
        QVERIFY(open(client, wsUrl()));
        QSignalSpy pongs(&client, &QWebSocket::pong);
        client.ping("are you there");
        QTRY_COMPARE_WITH_TIMEOUT(pongs.size(), 1, waitMs);
        QCOMPARE(pongs[0][1].toByteArray(), QByteArray("are you there"));
    }

    void serverCloseReachesTheClient()
    {
        QWebSocket client;
        QVERIFY(open(client, wsUrl()));
        QSignalSpy closed(&client, &QWebSocket::disconnected);
        client.sendTextMessage(QStringLiteral("close:1008"));
        QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, waitMs);
        QCOMPARE(int(client.closeCode()), 1008);
        QCOMPARE(client.closeReason(), QStringLiteral("asked to"));
        QTRY_COMPARE_WITH_TIMEOUT(m_disconnected, 1, waitMs);
    }

    void clientCloseEndsTheConnection()
    {
        QWebSocket client;
        QVERIFY(open(client, wsUrl()));
        client.close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("done"));
        QTRY_COMPARE_WITH_TIMEOUT(m_disconnected, 1, waitMs);
        QVERIFY(!last()->isOpen());
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), QAbstractSocket::UnconnectedState, waitMs);
    }

    void vanishingClientEndsTheConnection()
    {
        {
            QWebSocket client;
            QVERIFY(open(client, wsUrl()));
            client.abort();
        }
        QTRY_COMPARE_WITH_TIMEOUT(m_disconnected, 1, waitMs);
    }

    void tooBigMessageCloses1009()
    {
        QWebSocket client;
        QVERIFY(open(client, wsUrl()));
        QSignalSpy closed(&client, &QWebSocket::disconnected);
        client.sendTextMessage(QString(int(maxMessage) + 1, QLatin1Char('x')));
        QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, waitMs);
        QCOMPARE(int(client.closeCode()), 1009);
        QTRY_COMPARE_WITH_TIMEOUT(m_disconnected, 1, waitMs);
    }

    void invalidUtf8Closes1007()
    {
        RawClient raw(port());
        raw.send(upgrade("/ws") + maskedFrame(0x81, QByteArray("\xc3\x28", 2)));
        QTRY_VERIFY_WITH_TIMEOUT(raw.closed, waitMs);
        QCOMPARE(raw.status(), 101);
        QVERIFY(raw.received.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"));
        QCOMPARE(closeCode(raw), 1007);
    }

    void unmaskedFrameCloses1002()
    {
        RawClient raw(port());
        raw.send(upgrade("/ws") + QByteArray("\x81\x02hi", 4));
        QTRY_VERIFY_WITH_TIMEOUT(raw.closed, waitMs);
        QCOMPARE(closeCode(raw), 1002);
    }

    void framesRightBehindTheHandshakeArrive()
    {
        RawClient raw(port());
        raw.send(upgrade("/ws") + maskedFrame(0x81, "early"));
        QTRY_VERIFY_WITH_TIMEOUT(raw.afterHead().contains("early"), waitMs);
        QCOMPARE(raw.status(), 101);
    }

    void requestLineDrippingInStillOpens()
    {
        RawClient raw(port());
        const QByteArray request = upgrade("/ws");
        for (const char byte : request.left(8)) { // "GET /ws " one byte at a time
            raw.send(QByteArray(1, byte));
            QTest::qWait(20);
        }
        raw.send(request.mid(8));
        QTRY_COMPARE_WITH_TIMEOUT(raw.status(), 101, waitMs);
    }

    void plainRequestGets426()
    {
        RawClient raw(port());
        raw.send("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QTRY_VERIFY_WITH_TIMEOUT(raw.closed, waitMs);
        QCOMPARE(raw.status(), 426);
        QVERIFY(
            raw.envelope().value(QStringLiteral("message")).toString().contains(QStringLiteral("WebSocket")));
        // The same on a kept-alive connection that QHttpServer holds.
        HttpTestClient http(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port())));
        QCOMPARE(http.get(QStringLiteral("/ping")).status, 200);
        QCOMPARE(http.get(QStringLiteral("/ws")).status, 426);
    }

    void brokenHandshakesGet400()
    {
        RawClient raw(port());
        raw.send("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                 "Sec-WebSocket-Key: short\r\nSec-WebSocket-Version: 13\r\n\r\n");
        QTRY_VERIFY_WITH_TIMEOUT(raw.closed, waitMs);
        QCOMPARE(raw.status(), 400);
        QVERIFY(raw.envelope().value(QStringLiteral("message")).toString().contains(QStringLiteral("Key")));

        RawClient version(port());
        version.send(upgrade("/ws").replace("Version: 13", "Version: 8"));
        QTRY_VERIFY_WITH_TIMEOUT(version.closed, waitMs);
        QCOMPARE(version.status(), 426);
        QVERIFY(version.received.contains("Sec-WebSocket-Version: 13\r\n"));
        QVERIFY(m_connections.empty());
    }

    void silentHandshakeIsCut()
    {
        RawClient raw(port());
        raw.send("GET /ws HTTP/1.1\r\nHost: x\r\n"); // and nothing more
        QTRY_VERIFY_WITH_TIMEOUT(raw.closed, waitMs);
        QCOMPARE(raw.status(), 408);
        QVERIFY(m_connections.empty());
    }

    void otherPathsStayHttp()
    {
        RawClient raw(port());
        raw.send("GET /wsx HTTP/1.1\r\nHost: x\r\n\r\n");
        QTRY_COMPARE_WITH_TIMEOUT(raw.status(), 404, waitMs);
        HttpTestClient http(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port())));
        QCOMPARE(http.get(QStringLiteral("/ping")).body, QByteArray("pong"));
    }

    void largeSendsArriveWhole()
    {
        // More than the kernel takes at once: the rest waits in the connection and follows.
        QWebSocket client;
        QVERIFY(open(client, wsUrl()));
        QSignalSpy binaries(&client, &QWebSocket::binaryMessageReceived);
        QByteArray big(8 * 1024 * 1024, Qt::Uninitialized);
        for (qsizetype i = 0; i < big.size(); ++i)
            big[i] = char(i * 7);
        for (int i = 0; i < 3; ++i)
            last()->sendBinary(big);
        QVERIFY(last()->bytesToWrite() > 0);
        QTRY_COMPARE_WITH_TIMEOUT(binaries.size(), 3, waitMs);
        QCOMPARE(binaries[2][0].toByteArray(), big);
        QTRY_COMPARE_WITH_TIMEOUT(last()->bytesToWrite(), qint64(0), waitMs);
    }

    void clientThatDoesNotReadBacksUp()
    {
        RawClient raw(port());
        raw.send(upgrade("/ws"));
        QTRY_VERIFY_WITH_TIMEOUT(!m_connections.empty(), waitMs);
        raw.socket.setReadBufferSize(1); // reads (almost) nothing more
        QTest::qWait(100);
        const QByteArray chunk(64 * 1024, 'c');
        for (int i = 0; i < 1000 && last()->bytesToWrite() == 0; ++i)
            last()->sendBinary(chunk);
        QVERIFY(last()->bytesToWrite() > 0);
    }
};

QTEST_MAIN(TestWebSocketConnection)
#include "tst_websocketconnection.moc"
