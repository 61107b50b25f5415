// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ApiError.h"
#include "HttpServer.h"
#include "HttpTestClient.h"
#include "SessionToken.h"

#include <QTcpSocket>
#include <QTimer>
#include <QtTest>

using namespace smmo;
using smmo::test::HttpTestClient;

class TestHttpServer : public QObject
{
    Q_OBJECT

    const QByteArray m_secret = "unit-test-secret-0123456789";
    HttpServer *m_server = nullptr;
    HttpTestClient m_client;
    QList<HttpResponder> m_parked;

    QUrl base() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server->port())); }

private slots:
    void initTestCase()
    {
        m_server = new HttpServer(QStringLiteral("testserver"), this);
        m_server->setSecret(m_secret);
        m_server->setMaxBodyBytes(1000);
        m_server->addStandardRoutes();
        m_server->get(QStringLiteral("/hello/<name>"), [](const HttpRequest &r) {
            return HttpReply::json(QJsonObject{{QStringLiteral("name"), r.param(QStringLiteral("name"))}});
        });
        m_server->post(QStringLiteral("/fields"), [](const HttpRequest &r) {
            return HttpReply::json(QJsonObject{{QStringLiteral("a"), r.field(QStringLiteral("a"))},
                                               {QStringLiteral("b"), r.field(QStringLiteral("b"))}});
        });
        m_server->post(QStringLiteral("/required"), [](const HttpRequest &r) {
            return HttpReply::text(r.requireField(QStringLiteral("username"), QStringLiteral("A user name is required.")));
        });
        m_server->get(QStringLiteral("/me"), [](const HttpRequest &r) {
            return HttpReply::text(r.requireSession().userName);
        });
        m_server->get(QStringLiteral("/admin-only"), [](const HttpRequest &r) {
            return HttpReply::text(r.requireRole(QStringLiteral("admin")).userName);
        });
        m_server->get(QStringLiteral("/throws"), [](const HttpRequest &) -> HttpReply {
            throw std::runtime_error("boom");
        });
        m_server->get(QStringLiteral("/cookie"), [](const HttpRequest &) {
            return HttpReply::text(QStringLiteral("ok")).setCookie("a", "1", 60).setCookie("b", "2", 60);
        });
        m_server->routeAsync({"GET"}, QStringLiteral("/later"), [](const HttpRequest &r, HttpResponder responder) {
            QTimer::singleShot(20, [responder, q = r.query(QStringLiteral("q"))] {
                responder.send(HttpReply::text(QStringLiteral("later ") + q));
            });
        });
        m_server->routeAsync({"GET"}, QStringLiteral("/dropped"), [](const HttpRequest &, HttpResponder) {});
        m_server->routeAsync({"GET"}, QStringLiteral("/parked"), [this](const HttpRequest &, HttpResponder responder) {
            m_parked.append(responder);
        });
        const quint16 port = m_server->listen(QHostAddress::LocalHost, 0);
        QVERIFY(port != 0);
        m_client.setBase(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
    }

    void standardRoutes()
    {
        for (const char *path : {"/", "/ping"}) {
            const auto r = m_client.get(QString::fromLatin1(path));
            QCOMPARE(r.status, 200);
            QCOMPARE(r.body, QByteArray("pong"));
            QVERIFY(r.header("Content-Type").startsWith("text/plain"));
        }
        QCOMPARE(m_client.get(QStringLiteral("/version")).status, 200);
        const auto health = m_client.get(QStringLiteral("/health"));
        QCOMPARE(health.status, 200);
        const auto h = health.json().object();
        QCOMPARE(h.value(QStringLiteral("role")).toString(), QStringLiteral("testserver"));
        QCOMPARE(h.value(QStringLiteral("ready")).toBool(), true);
        QVERIFY(h.contains(QStringLiteral("uptime")));
        QVERIFY(h.contains(QStringLiteral("version")));
    }

    void healthNotReadyIs503()
    {
        m_server->setReady(false);
        const auto r = m_client.get(QStringLiteral("/health"));
        m_server->setReady(true);
        QCOMPARE(r.status, 503);
        QCOMPARE(r.json().object().value(QStringLiteral("ready")).toBool(), false);
    }

    void metricsCountRequests()
    {
        m_client.get(QStringLiteral("/hello/x"));
        m_client.get(QStringLiteral("/nope"));
        const auto r = m_client.get(QStringLiteral("/metrics"));
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.contains(
            "simplemmo_http_requests_total{role=\"testserver\",route=\"/hello/<name>\",method=\"GET\",status=\"200\"}"));
        QVERIFY(r.body.contains("route=\"unmatched\",method=\"GET\",status=\"404\""));
        QVERIFY(r.body.contains("simplemmo_http_request_duration_seconds_bucket"));
        QVERIFY(r.body.contains("simplemmo_uptime_seconds"));
    }

    void sourceArchive()
    {
        const auto r = m_client.get(QStringLiteral("/source"));
        QCOMPARE(r.status, 200); // the build makes the archive; this test runs from the build tree
        QCOMPARE(r.header("Content-Type"), QByteArray("application/gzip"));
        QVERIFY(r.body.size() > 1000);
        QCOMPARE(quint8(r.body.at(0)), quint8(0x1f)); // gzip magic
        QCOMPARE(quint8(r.body.at(1)), quint8(0x8b));
    }

    void placeholders()
    {
        const auto r = m_client.get(QStringLiteral("/hello/J%C3%BCrgen"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().object().value(QStringLiteral("name")).toString(), QStringLiteral("Jürgen"));
    }

    void notFoundAndMethodNotAllowedUseEnvelope()
    {
        auto r = m_client.get(QStringLiteral("/no/such/thing"));
        QCOMPARE(r.status, 404);
        QCOMPARE(r.errorCode(), QStringLiteral("not_found"));
        QVERIFY(r.errorMessage().contains(QStringLiteral("/no/such/thing")));
        r = m_client.request("DELETE", QStringLiteral("/ping"));
        QCOMPARE(r.status, 405);
        QCOMPARE(r.errorCode(), QStringLiteral("method_not_allowed"));
        QCOMPARE(r.header("Allow"), QByteArray("GET"));
    }

    void formAndJsonBodies()
    {
        QUrlQuery form;
        form.addQueryItem(QStringLiteral("a"), QStringLiteral("x y&z"));
        form.addQueryItem(QStringLiteral("b"), QStringLiteral("ü"));
        auto r = m_client.postForm(QStringLiteral("/fields"), form);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().object().value(QStringLiteral("a")).toString(), QStringLiteral("x y&z"));
        QCOMPARE(r.json().object().value(QStringLiteral("b")).toString(), QStringLiteral("ü"));

        // '+' is a space in form encoding, as browsers and Python's requests send it.
        r = m_client.request("POST", QStringLiteral("/fields"), "a=one+two&b=%2B", "application/x-www-form-urlencoded");
        QCOMPARE(r.json().object().value(QStringLiteral("a")).toString(), QStringLiteral("one two"));
        QCOMPARE(r.json().object().value(QStringLiteral("b")).toString(), QStringLiteral("+"));

        r = m_client.postJson(QStringLiteral("/fields"), {{QStringLiteral("a"), QStringLiteral("j")},
                                                          {QStringLiteral("b"), 2.5}});
        QCOMPARE(r.json().object().value(QStringLiteral("a")).toString(), QStringLiteral("j"));
        QCOMPARE(r.json().object().value(QStringLiteral("b")).toString(), QStringLiteral("2.5"));
    }

    void badBodies_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("type");
        QTest::addColumn<int>("status");
        QTest::newRow("broken json") << QByteArray("{\"a\":") << QByteArray("application/json") << 400;
        QTest::newRow("json array") << QByteArray("[1,2]") << QByteArray("application/json") << 400;
        QTest::newRow("too large") << QByteArray(1001, 'a') << QByteArray("application/x-www-form-urlencoded") << 413;
    }
    void badBodies()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, type);
        QFETCH(int, status);
        const auto r = m_client.request("POST", QStringLiteral("/fields"), body, type);
        QCOMPARE(r.status, status);
        QVERIFY(!r.errorCode().isEmpty());
        QVERIFY(!r.errorMessage().isEmpty());
    }

    void requiredField()
    {
        auto r = m_client.postForm(QStringLiteral("/required"), {});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.errorMessage(), QStringLiteral("A user name is required."));
    }

    void sessionFromCookieAndBearer()
    {
        const auto claims = SessionToken::makeClaims(7, QStringLiteral("alice"), {}, std::chrono::hours(1));
        const QByteArray token = SessionToken::issue(claims, m_secret);

        HttpTestClient bearer(base());
        QCOMPARE(bearer.get(QStringLiteral("/me")).status, 401);
        bearer.setBearer(token);
        auto r = bearer.get(QStringLiteral("/me"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray("alice"));
        QCOMPARE(bearer.get(QStringLiteral("/admin-only")).status, 403);

        HttpTestClient cookie(base());
        cookie.setExtraHeader("Cookie", "other=1; user=" + token);
        r = cookie.get(QStringLiteral("/me"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray("alice"));

        const QByteArray admin = SessionToken::issue(
            SessionToken::makeClaims(1, QStringLiteral("root"), {QStringLiteral("admin")}, std::chrono::hours(1)),
            m_secret);
        HttpTestClient adminClient(base());
        adminClient.setBearer(admin);
        QCOMPARE(adminClient.get(QStringLiteral("/admin-only")).status, 200);
    }

    void rejectedTokensSayWhy_data()
    {
        QTest::addColumn<QByteArray>("token");
        QTest::addColumn<QString>("reason");
        const auto claims = SessionToken::makeClaims(7, QStringLiteral("alice"), {}, std::chrono::hours(1));
        QTest::newRow("forged") << SessionToken::issue(claims, "another-secret-0123456789") << QStringLiteral("signature");
        auto expired = claims;
        expired.issuedAt = QDateTime::currentDateTimeUtc().addSecs(-7200);
        expired.expiresAt = QDateTime::currentDateTimeUtc().addSecs(-3600);
        QTest::newRow("expired") << SessionToken::issue(expired, m_secret) << QStringLiteral("expired");
        QTest::newRow("garbage") << QByteArray("not-a-token") << QStringLiteral("malformed");
    }
    void rejectedTokensSayWhy()
    {
        QFETCH(QByteArray, token);
        QFETCH(QString, reason);
        HttpTestClient client(base());
        client.setBearer(token);
        const auto r = client.get(QStringLiteral("/me"));
        QCOMPARE(r.status, 401);
        QCOMPARE(r.errorCode(), QStringLiteral("unauthorized"));
        QVERIFY2(r.errorMessage().contains(reason, Qt::CaseInsensitive), qPrintable(r.errorMessage()));
    }

    void exceptionsBecome500()
    {
        const auto r = m_client.get(QStringLiteral("/throws"));
        QCOMPARE(r.status, 500);
        QCOMPARE(r.errorCode(), QStringLiteral("internal_error"));
        QVERIFY(!r.body.contains("boom")); // internals are logged, not shown
        QCOMPARE(m_client.get(QStringLiteral("/ping")).status, 200); // and the server goes on
    }

    void severalCookies()
    {
        HttpTestClient client(base());
        const auto r = client.get(QStringLiteral("/cookie"));
        int cookies = 0;
        for (const auto &h : r.headers)
            if (h.first.compare("Set-Cookie", Qt::CaseInsensitive) == 0)
                cookies += int(h.second.count('\n')) + 1; // QNAM folds repeated headers with newlines
        QCOMPARE(cookies, 2);
    }

    void asyncAnswers()
    {
        auto r = m_client.get(QStringLiteral("/later?q=7"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray("later 7"));
        // A handler that drops its responder still answers, with an error, instead of hanging.
        r = m_client.get(QStringLiteral("/dropped"));
        QCOMPARE(r.status, 500);
    }

    void clientLeavingBeforeAsyncAnswerIsSafe()
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_server->port());
        QVERIFY(socket.waitForConnected(5000));
        socket.write("GET /parked HTTP/1.1\r\nHost: x\r\n\r\n");
        QTRY_COMPARE_WITH_TIMEOUT(m_parked.size(), 1, 5000);
        socket.abort();
        // The server notices the disconnect on its event loop; then answering must be a no-op.
        QTRY_VERIFY_WITH_TIMEOUT(!m_parked.first().isConnected(), 5000);
        m_parked.first().send(HttpReply::text(QStringLiteral("too late")));
        m_parked.clear();
        QCOMPARE(m_client.get(QStringLiteral("/ping")).status, 200);
    }

    void headAnswersWithoutBody()
    {
        const auto r = m_client.head(QStringLiteral("/ping"));
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.isEmpty());
        QCOMPARE(r.header("Content-Length"), QByteArray("4"));
    }
};

QTEST_GUILESS_MAIN(TestHttpServer)
#include "tst_httpserver.moc"
