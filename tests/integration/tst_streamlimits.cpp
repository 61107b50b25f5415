// SPDX-License-Identifier: AGPL-3.0-or-later
// Bad input against a real ZoneServer: a player flooding the stream with messages is throttled
// (rate_limited) and, at twice the limit, disconnected (1008); a message over the size limit
// closes its connection (1009); connections that send an HTTP request a byte at a time are cut
// (408). Throughout, another player on the same zone keeps being answered, and a player who
// stays under the limit is never bothered.
#include "HttpTestClient.h"
#include "TestCluster.h"
#include "ZoneRecorder.h"

#include <QElapsedTimer>
#include <QTcpSocket>
#include <QWebSocketProtocol>
#include <QtTest>

using namespace smmo::test;

namespace {

constexpr int limit = 20; // --max-stream-messages-per-second
constexpr int waitMs = 30000;

MessagePredicate withCode(const QString &code)
{
    return [code](const QJsonObject &m) { return m.value(QStringLiteral("code")).toString() == code; };
}

MessagePredicate chatSaying(const QString &text)
{
    return [text](const QJsonObject &m) {
        return m.value(QStringLiteral("type")) == QLatin1String("chat") &&
               m.value(QStringLiteral("body")).toString() == text;
    };
}

} // namespace

class TestStreamLimits : public QObject
{
    Q_OBJECT

    TestCluster m_cluster{"stream-limits-secret-0123456789abcdef"};
    std::unique_ptr<ServerProcess> m_zone;
    QHash<QString, QByteArray> m_tokens;

    std::unique_ptr<ZoneRecorder> joined(const QString &account, const QString &character)
    {
        auto recorder = std::make_unique<ZoneRecorder>();
        recorder->client->open(m_zone->url(), m_tokens.value(account));
        recorder->client->join(character);
        if (!QTest::qWaitFor(
                [&] {
                    return recorder->has(
                        [](const QJsonObject &m) { return m.value("type") == QLatin1String("joined"); });
                },
                waitMs))
            qWarning() << "join failed" << recorder->messages;
        return recorder;
    }
    // The bystander says something and hears it back: the zone still serves others.
    bool bystanderIsServed(ZoneRecorder &bystander, const QString &text)
    {
        bystander.client->say(text);
        return QTest::qWaitFor([&] { return bystander.has(chatSaying(text)); }, waitMs);
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_cluster.start(), qPrintable(m_cluster.why()));
        for (const auto &[account, character] :
             {std::pair{"flooder", "Floody"}, {"bystander", "Standby"}, {"steady", "Steadfast"}}) {
            m_tokens.insert(QLatin1String(account),
                            m_cluster.player(QLatin1String(account), QStringLiteral("pw-0123456789"),
                                             {QLatin1String(character)}));
            QVERIFY(!m_tokens.value(QLatin1String(account)).isEmpty());
        }
        m_zone = m_cluster.startZone(QStringLiteral("public-GhibliHills-limits"),
                                     {QStringLiteral("--idle-timeout=0"),
                                      QStringLiteral("--max-stream-messages-per-second=%1").arg(limit),
                                      QStringLiteral("--max-chat-per-second=1000"),
                                      QStringLiteral("--request-timeout-ms=1500")});
        QVERIFY(m_zone->isRunning());
    }
    void cleanupTestCase()
    {
        if (m_zone)
            QCOMPARE(m_zone->stop(), 0);
        QCOMPARE(m_cluster.stop(), QStringList());
    }

    void floodIsThrottledThenDisconnected()
    {
        auto bystander = joined(QStringLiteral("bystander"), QStringLiteral("Standby"));
        auto flooder = joined(QStringLiteral("flooder"), QStringLiteral("Floody"));
        QVERIFY(flooder->client->isConnected());
        QTest::qWait(1100); // the join counted in a second of its own
        // Well over twice the limit at once: the zone sees them within the same second.
        for (int i = 0; i < 10 * limit; ++i)
            flooder->client->sendText(QStringLiteral("{\"type\":\"nothing-known\",\"ref\":%1}").arg(i));
        QTRY_VERIFY_WITH_TIMEOUT(flooder->closeCode >= 0, waitMs);
        QCOMPARE(flooder->closeCode, int(QWebSocketProtocol::CloseCodePolicyViolated));
        QVERIFY2(flooder->closeReason.contains(QStringLiteral("flood")), qPrintable(flooder->closeReason));
        const QList<QJsonObject> limited = flooder->all(withCode(QStringLiteral("rate_limited")));
        QCOMPARE(limited.size(), 1); // told once, not once per message
        QVERIFY(limited.first()
                    .value(QStringLiteral("message"))
                    .toString()
                    .contains(QStringLiteral("messages a second")));
        // The messages within the limit were each answered (unknown type), the rest were not.
        QCOMPARE(flooder->all(withCode(QStringLiteral("unknown_type"))).size(), limit);
        QVERIFY(bystanderIsServed(*bystander, QStringLiteral("still here after a flood")));
    }

    void underTheLimitNothingHappens()
    {
        auto steady = joined(QStringLiteral("steady"), QStringLiteral("Steadfast"));
        QElapsedTimer clock;
        clock.start();
        for (int burst = 0; burst < 3; ++burst) {
            for (int i = 0; i < limit / 2; ++i)
                steady->client->say(QStringLiteral("line %1-%2").arg(burst).arg(i));
            QTest::qWait(1100);
        }
        QTRY_VERIFY_WITH_TIMEOUT(steady->has(chatSaying(QStringLiteral("line 2-%1").arg(limit / 2 - 1))),
                                 waitMs);
        QVERIFY(!steady->has(withCode(QStringLiteral("rate_limited"))));
        QVERIFY(steady->client->isConnected());
    }

    void oversizedMessageClosesItsConnection()
    {
        auto bystander = joined(QStringLiteral("bystander"), QStringLiteral("Standby"));
        auto big = joined(QStringLiteral("flooder"), QStringLiteral("Floody"));
        big->client->sendText(
            QStringLiteral("{\"type\":\"say\",\"text\":\"%1\"}").arg(QString(100 * 1024, QLatin1Char('x'))));
        QTRY_VERIFY_WITH_TIMEOUT(big->closeCode >= 0, waitMs);
        QCOMPARE(big->closeCode, int(QWebSocketProtocol::CloseCodeTooMuchData));
        QVERIFY(bystanderIsServed(*bystander, QStringLiteral("still here after a big one")));
    }

    void slowlorisIsCutAndOthersServed()
    {
        std::vector<std::unique_ptr<QTcpSocket>> slow;
        for (int i = 0; i < 5; ++i) {
            auto socket = std::make_unique<QTcpSocket>();
            socket->connectToHost(m_zone->url().host(), quint16(m_zone->url().port()));
            QVERIFY(socket->waitForConnected(waitMs));
            socket->write("GET /health HTTP/1.1\r\nHost: x\r\n");
            socket->flush();
            slow.push_back(std::move(socket));
        }
        HttpTestClient client(m_zone->url());
        QCOMPARE(client.get(QStringLiteral("/health")).status, 200); // answered while they hang
        for (auto &socket : slow) {
            QTRY_COMPARE_WITH_TIMEOUT(socket->state(), QAbstractSocket::UnconnectedState, waitMs);
            QVERIFY(socket->readAll().startsWith("HTTP/1.1 408"));
        }
        auto bystander = joined(QStringLiteral("bystander"), QStringLiteral("Standby"));
        QVERIFY(bystanderIsServed(*bystander, QStringLiteral("still here after slowloris")));
    }
};

QTEST_GUILESS_MAIN(TestStreamLimits)
#include "tst_streamlimits.moc"
