// SPDX-License-Identifier: AGPL-3.0-or-later
// The connection limits of common/HttpServer (ConnectionLimits), over real loopback sockets:
// slowloris (a request sent a byte at a time, or never), an idle kept-alive connection, a body
// that keeps coming, too many connections from one address. Each is cut with the error envelope
// (408, 413, 429) while the server keeps answering everyone else; a request that takes long to
// *handle* is not cut, and a WebSocket is not subject to HTTP's timeouts.
#include "HttpServer.h"
#include "HttpTestClient.h"
#include "RawClient.h"

#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>
#include <QtTest>

#include <memory>

using namespace smmo;
using smmo::test::HttpTestClient;
using smmo::test::RawClient;

namespace {

constexpr int requestTimeoutMs = 600;
constexpr int idleTimeoutMs = 800;
constexpr int waitMs = 15000; // generous: the machine may be busy

} // namespace

class TestConnectionLimits : public QObject
{
    Q_OBJECT

    std::unique_ptr<HttpServer> m_server;
    std::vector<std::unique_ptr<WebSocketConnection>> m_serverSockets;

    quint16 port() const { return m_server->port(); }
    QUrl base() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port())); }

private slots:
    void init()
    {
        m_server = std::make_unique<HttpServer>(QStringLiteral("limitserver"));
        ConnectionLimits limits;
        limits.requestTimeoutMs = requestTimeoutMs;
        limits.idleTimeoutMs = idleTimeoutMs;
        limits.maxConnectionsPerAddress = 3;
        limits.limitLoopback = true;
        limits.maxRequestBytes = 0; // raised to the body limit plus room for headers
        m_server->setConnectionLimits(limits);
        m_server->setMaxBodyBytes(1000);
        m_server->addStandardRoutes();
        m_server->post(QStringLiteral("/echo"),
                       [](const HttpRequest &r) { return HttpReply::text(r.field("a")); });
        // Handling that takes longer than the request timeout: not the client's fault.
        m_server->routeAsync({"GET"}, QStringLiteral("/slow"),
                             [](const HttpRequest &, HttpResponder responder) {
                                 QTimer::singleShot(3 * requestTimeoutMs,
                                                    [responder] { responder.send(HttpReply::text("done")); });
                             });
        m_server->routeWebSocket(QStringLiteral("/ws"), [this](std::unique_ptr<WebSocketConnection> socket) {
            WebSocketConnection *raw = socket.get();
            connect(raw, &WebSocketConnection::textMessageReceived, raw,
                    [raw](const QString &text) { raw->sendText((QStringLiteral("echo ") + text).toUtf8()); });
            m_serverSockets.push_back(std::move(socket));
        });
        QVERIFY(m_server->listen(QHostAddress::LocalHost, 0) != 0);
    }
    void cleanup()
    {
        m_serverSockets.clear();
        m_server.reset();
    }

    void headersSentByteByByteAreCut()
    {
        RawClient slow(port());
        const QByteArray request = "GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
        slow.send(request);
        QTimer drip;
        connect(&drip, &QTimer::timeout, [&slow] { slow.send("a"); });
        drip.start(50);
        QTRY_VERIFY_WITH_TIMEOUT(slow.closed, waitMs);
        QCOMPARE(slow.status(), 408);
        QCOMPARE(slow.envelope().value(QStringLiteral("code")).toString(), QStringLiteral("request_timeout"));
        QVERIFY(slow.envelope()
                    .value(QStringLiteral("message"))
                    .toString()
                    .contains(QStringLiteral("did not arrive")));
    }

    void silentConnectionIsCut()
    {
        RawClient silent(port());
        QTRY_VERIFY_WITH_TIMEOUT(silent.closed, waitMs);
        QCOMPARE(silent.status(), 408);
    }

    void slowClientsDoNotStopOthers()
    {
        RawClient a(port()), b(port());
        a.send("GET /ping HTTP/1.1\r\n");
        b.send("POST /echo HTTP/1.1\r\nContent-Length: 100\r\n\r\na=");
        HttpTestClient client(base());
        const auto r = client.get(QStringLiteral("/ping"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray("pong"));
        QTRY_VERIFY_WITH_TIMEOUT(a.closed && b.closed, waitMs);
        QCOMPARE(a.status(), 408);
        QCOMPARE(b.status(), 408); // a body that stops coming is cut like headers
    }

    void longHandlingIsNotCut()
    {
        HttpTestClient client(base());
        const auto r = client.get(QStringLiteral("/slow"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray("done"));
    }

    void idleKeptAliveConnectionIsClosed()
    {
        RawClient client(port());
        client.send("GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QTRY_VERIFY_WITH_TIMEOUT(client.received.endsWith("pong"), waitMs);
        QVERIFY(!client.closed);
        // A second request on the same connection is fine before the idle timeout ...
        client.received.clear();
        client.send("GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QTRY_VERIFY_WITH_TIMEOUT(client.received.endsWith("pong"), waitMs);
        client.received.clear();
        // ... then nothing: closed without a word.
        QTRY_VERIFY_WITH_TIMEOUT(client.closed, waitMs);
        QCOMPARE(client.received, QByteArray());
    }

    void bodyThatKeepsComingIsRefusedEarly()
    {
        RawClient big(port());
        big.send("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000000\r\n\r\n");
        const QByteArray chunk(16 * 1024, 'x');
        qint64 sent = 0;
        for (int i = 0; i < 64 && !big.closed && big.received.isEmpty(); ++i) {
            big.send(chunk);
            sent += chunk.size();
            QTest::qWait(5);
        }
        QTRY_VERIFY_WITH_TIMEOUT(big.closed, waitMs);
        QCOMPARE(big.status(), 413);
        QCOMPARE(big.envelope().value(QStringLiteral("code")).toString(),
                 QStringLiteral("payload_too_large"));
        QVERIFY2(sent < 1024 * 1024, "the server read a megabyte before refusing");
        // The body limit itself still answers 413 through the handler path.
        HttpTestClient client(base());
        const auto r = client.request("POST", QStringLiteral("/echo"), QByteArray(2000, 'a'), "text/plain");
        QCOMPARE(r.status, 413);
    }

    void tooManyConnectionsFromOneAddress()
    {
        std::vector<std::unique_ptr<RawClient>> open;
        for (int i = 0; i < 3; ++i)
            open.push_back(std::make_unique<RawClient>(port()));
        QTRY_COMPARE_WITH_TIMEOUT(m_server->tcpServer()->connectionsFrom(QHostAddress::LocalHost), 3, waitMs);
        RawClient refused(port());
        QTRY_VERIFY_WITH_TIMEOUT(refused.closed, waitMs);
        QCOMPARE(refused.status(), 429);
        QCOMPARE(refused.envelope().value(QStringLiteral("code")).toString(), QStringLiteral("rate_limited"));
        // One leaves, another may come.
        open.front()->socket.disconnectFromHost();
        QTRY_COMPARE_WITH_TIMEOUT(m_server->tcpServer()->connectionsFrom(QHostAddress::LocalHost), 2, waitMs);
        RawClient accepted(port());
        accepted.send("GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QTRY_VERIFY_WITH_TIMEOUT(accepted.received.endsWith("pong"), waitMs);
        QVERIFY(m_server->metrics().render().contains("simplemmo_http_connections_limited_total"));
    }

    void loopbackIsNotCappedByDefault()
    {
        ConnectionLimits defaults;
        QVERIFY(!defaults.limitLoopback);
        QVERIFY(defaults.maxConnectionsPerAddress > 0);
        QVERIFY(defaults.requestTimeoutMs > 0 && defaults.idleTimeoutMs > 0);
    }

    void webSocketsAreFreeOfHttpTimeouts()
    {
        QWebSocket client;
        QStringList received;
        connect(&client, &QWebSocket::textMessageReceived,
                [&received](const QString &text) { received << text; });
        client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(port())));
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), QAbstractSocket::ConnectedState, waitMs);
        QTest::qWait(requestTimeoutMs + idleTimeoutMs + 400);
        QCOMPARE(client.state(), QAbstractSocket::ConnectedState);
        client.sendTextMessage(QStringLiteral("still here"));
        QTRY_COMPARE_WITH_TIMEOUT(received, QStringList{QStringLiteral("echo still here")}, waitMs);

        HttpTestClient http(base());
        const auto r = http.get(QStringLiteral("/ws"));
        QCOMPARE(r.status, 426);
        QCOMPARE(r.errorCode(), QStringLiteral("upgrade_required"));
    }
};

QTEST_GUILESS_MAIN(TestConnectionLimits)
#include "tst_connectionlimits.moc"
