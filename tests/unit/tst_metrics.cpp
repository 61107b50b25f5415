// SPDX-License-Identifier: AGPL-3.0-or-later
#include "Metrics.h"

#include <QtTest>

using smmo::Histogram;
using smmo::Metrics;

class TestMetrics : public QObject
{
    Q_OBJECT

private slots:
    void histogramBucketsAreCumulative()
    {
        Histogram h({0.1, 1.0});
        h.observe(0.05);
        h.observe(0.5);
        h.observe(0.5);
        h.observe(7);
        QCOMPARE(h.count(), quint64(4));
        QCOMPARE(h.sum(), 8.05);
        QByteArray out;
        h.render(out, "x", "a=\"b\"");
        QVERIFY(out.contains("x_bucket{a=\"b\",le=\"0.1\"} 1\n"));
        QVERIFY(out.contains("x_bucket{a=\"b\",le=\"1\"} 3\n"));
        QVERIFY(out.contains("x_bucket{a=\"b\",le=\"+Inf\"} 4\n"));
        QVERIFY(out.contains("x_count{a=\"b\"} 4\n"));
        QCOMPARE(h.quantile(0.5), 1.0);
        QCOMPARE(h.quantile(0.25), 0.1);
        QVERIFY(std::isinf(h.quantile(1.0)));
    }

    void requestsByRouteAndStatus()
    {
        Metrics m(QStringLiteral("authserver"));
        m.recordRequest(QStringLiteral("/login"), "POST", 200, 0.002);
        m.recordRequest(QStringLiteral("/login"), "POST", 200, 0.003);
        m.recordRequest(QStringLiteral("/login"), "POST", 401, 0.001);
        QCOMPARE(m.requestCount(QStringLiteral("/login"), 200), quint64(2));
        QCOMPARE(m.requestCount(QStringLiteral("/login"), 401), quint64(1));
        const QByteArray text = m.render();
        QVERIFY(text.contains("# TYPE simplemmo_http_requests_total counter"));
        QVERIFY(text.contains(
            "simplemmo_http_requests_total{role=\"authserver\",route=\"/login\",method=\"POST\",status=\"200\"} 2"));
        QVERIFY(text.contains("simplemmo_http_request_duration_seconds_count{role=\"authserver\",route=\"/login\"} 3"));
    }

    void gaugesCountersHistograms()
    {
        Metrics m(QStringLiteral("zone"));
        double players = 3;
        m.addGauge("simplemmo_players", "Players in the zone.", [&] { return players; });
        m.counter("simplemmo_tick_overruns_total", "Ticks that took longer than their period.") += 2;
        m.histogram("simplemmo_tick_seconds", "Tick duration.").observe(0.004);
        players = 5; // read at scrape time, not at registration
        const QByteArray text = m.render();
        QVERIFY(text.contains("simplemmo_players{role=\"zone\"} 5\n"));
        QVERIFY(text.contains("simplemmo_tick_overruns_total{role=\"zone\"} 2\n"));
        QVERIFY(text.contains("simplemmo_tick_seconds_count{role=\"zone\"} 1\n"));
        QVERIFY(text.contains("# TYPE simplemmo_tick_seconds histogram"));
    }

    void labelValuesAreEscaped()
    {
        Metrics m(QStringLiteral("r"));
        m.recordRequest(QStringLiteral("/a\"b\\c"), "GET", 200, 0.1);
        QVERIFY(m.render().contains("route=\"/a\\\"b\\\\c\""));
    }
};

QTEST_APPLESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
