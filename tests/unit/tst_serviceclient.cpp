// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ApiError.h"
#include "HttpServer.h"
#include "ServiceClient.h"

#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpServer>
#include <QtTest>

using namespace smmo;

class TestServiceClient : public QObject
{
    Q_OBJECT

    HttpServer *m_peer = nullptr;
    QUrl m_url;

    // Runs one call and waits for its callback (signal with timeout, no sleeping).
    ServiceResult call(ServiceClient &client, const QByteArray &verb, const QString &path, const QJsonObject &body = {})
    {
        ServiceResult result;
        bool done = false;
        QObject context;
        if (verb == "GET")
            client.get(path, &context, [&](const ServiceResult &r) { result = r, done = true; });
        else
            client.post(path, body, &context, [&](const ServiceResult &r) { result = r, done = true; });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(done, 15000); }();
        return result;
    }

private slots:
    void initTestCase()
    {
        m_peer = new HttpServer(QStringLiteral("peer"), this);
        m_peer->get(QStringLiteral("/thing"), [](const HttpRequest &r) {
            return HttpReply::json(QJsonObject{{QStringLiteral("auth"), QString::fromLatin1(r.header("Authorization"))}});
        });
        m_peer->post(QStringLiteral("/echo"), [](const HttpRequest &r) { return HttpReply::json(r.fields()); });
        m_peer->get(QStringLiteral("/conflict"), [](const HttpRequest &) -> HttpReply {
            throw ApiError::conflict(QStringLiteral("Character already exists."));
        });
        m_peer->routeAsync({"GET"}, QStringLiteral("/never"), [this](const HttpRequest &, HttpResponder r) {
            m_held.append(r); // never answered while the test waits
        });
        m_url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_peer->listen(QHostAddress::LocalHost, 0)));
    }

    void getWithToken()
    {
        ServiceClient client(QStringLiteral("peer"), m_url);
        client.setToken("abc");
        const auto r = call(client, "GET", QStringLiteral("/thing"));
        QVERIFY(r.ok);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(QStringLiteral("auth")).toString(), QStringLiteral("Bearer abc"));
    }

    void postJson()
    {
        ServiceClient client(QStringLiteral("peer"), m_url);
        const auto r = call(client, "POST", QStringLiteral("echo"), {{QStringLiteral("x"), 1}});
        QVERIFY(r.ok);
        QCOMPARE(r.object().value(QStringLiteral("x")).toInt(), 1);
    }

    void errorEnvelopeIsRead()
    {
        ServiceClient client(QStringLiteral("peer"), m_url);
        const auto r = call(client, "GET", QStringLiteral("/conflict"));
        QVERIFY(!r.ok);
        QCOMPARE(r.status, 409);
        QCOMPARE(r.errorCode, QStringLiteral("conflict"));
        QCOMPARE(r.error, QStringLiteral("Character already exists."));
    }

    void peerDown()
    {
        // A port that was free a moment ago: nothing listens there.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        ServiceClient client(QStringLiteral("charserver"), QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
        const auto r = call(client, "GET", QStringLiteral("/x"));
        QVERIFY(!r.ok);
        QCOMPARE(r.status, 0);
        QCOMPARE(r.errorCode, QStringLiteral("unreachable"));
        QVERIFY2(r.error.contains(QStringLiteral("charserver")), qPrintable(r.error));
        QVERIFY(r.error.contains(QString::number(port)));
    }

    void timeout()
    {
        ServiceClient client(QStringLiteral("slowpeer"), m_url);
        client.setTimeout(300);
        const auto r = call(client, "GET", QStringLiteral("/never"));
        QVERIFY(!r.ok);
        QCOMPARE(r.errorCode, QStringLiteral("timeout"));
        QVERIFY2(r.error.contains(QStringLiteral("300 ms")), qPrintable(r.error));
    }

    void destroyedContextGetsNoCallback()
    {
        ServiceClient client(QStringLiteral("peer"), m_url);
        bool called = false;
        auto *context = new QObject;
        client.get(QStringLiteral("/thing"), context, [&](const ServiceResult &) { called = true; });
        delete context;
        // Wait until the reply has finished and been deleted: then the callback had its chance.
        auto *network = client.findChild<QNetworkAccessManager *>();
        QVERIFY(network);
        QTRY_VERIFY_WITH_TIMEOUT(network->findChildren<QNetworkReply *>().isEmpty(), 15000);
        QVERIFY(!called);
    }

private:
    QList<HttpResponder> m_held;
};

QTEST_GUILESS_MAIN(TestServiceClient)
#include "tst_serviceclient.moc"
