// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>

#include <functional>
#include <map>
#include <memory>
#include <tuple>

namespace smmo {

/// A Prometheus-style cumulative histogram (seconds by default).
class Histogram
{
public:
    explicit Histogram(QList<double> upperBounds = defaultLatencyBuckets());
    void observe(double value);
    quint64 count() const { return m_count; }
    double sum() const { return m_sum; }
    /// The value below which the fraction q of observations fall, read off the buckets.
    double quantile(double q) const;
    /// Appends `<name>_bucket{labels,le=..}`, `_sum` and `_count` lines.
    void render(QByteArray &out, const QByteArray &name, const QByteArray &labels) const;

    static QList<double> defaultLatencyBuckets();

private:
    QList<double> m_bounds;
    QList<quint64> m_counts; ///< per bucket, not cumulative; last one is +Inf
    double m_sum = 0;
    quint64 m_count = 0;
};

/// The figures a server exposes at GET /metrics in the Prometheus text format: requests by route,
/// method and status, request latency, plus gauges and histograms each role adds.
class Metrics
{
public:
    explicit Metrics(QString role);

    void recordRequest(const QString &route, const QByteArray &method, int status, double seconds);
    /// A value read when /metrics is scraped, e.g. players in a zone.
    void addGauge(const QByteArray &name, const QByteArray &help, std::function<double()> read);
    /// A histogram owned by the registry, e.g. tick duration. Stays valid as long as Metrics.
    Histogram &histogram(const QByteArray &name, const QByteArray &help, QList<double> bounds = {});
    /// A counter owned by the registry.
    quint64 &counter(const QByteArray &name, const QByteArray &help);

    quint64 requestCount(const QString &route, int status) const;
    QByteArray render() const;

private:
    struct Gauge { QByteArray help; std::function<double()> read; };
    struct NamedHistogram { QByteArray help; std::unique_ptr<Histogram> histogram; };
    struct Counter { QByteArray help; quint64 value = 0; };

    QByteArray m_roleLabel;
    std::map<std::tuple<QString, QByteArray, int>, quint64> m_requests;
    std::map<QString, Histogram> m_latency;
    std::map<QByteArray, Gauge> m_gauges;
    std::map<QByteArray, NamedHistogram> m_histograms;
    std::map<QByteArray, Counter> m_counters;
};

} // namespace smmo
