// SPDX-License-Identifier: AGPL-3.0-or-later
#include "Metrics.h"

#include <cmath>
#include <limits>

namespace smmo {

namespace {

QByteArray number(double v)
{
    if (std::isinf(v))
        return v > 0 ? "+Inf" : "-Inf";
    return QByteArray::number(v, 'g', 10);
}

// Label values escape backslash, quote and newline (Prometheus text format).
QByteArray labelValue(const QString &value)
{
    QByteArray v = value.toUtf8();
    v.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
    return v;
}

} // namespace

Histogram::Histogram(QList<double> upperBounds) : m_bounds(std::move(upperBounds))
{
    m_counts.fill(0, m_bounds.size() + 1);
}

QList<double> Histogram::defaultLatencyBuckets()
{
    return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

void Histogram::observe(double value)
{
    qsizetype i = 0;
    while (i < m_bounds.size() && value > m_bounds[i])
        ++i;
    ++m_counts[i];
    m_sum += value;
    ++m_count;
}

double Histogram::quantile(double q) const
{
    if (m_count == 0)
        return 0;
    const double rank = q * double(m_count);
    quint64 seen = 0;
    for (qsizetype i = 0; i < m_counts.size(); ++i) {
        seen += m_counts[i];
        if (double(seen) >= rank)
            return i < m_bounds.size() ? m_bounds[i] : std::numeric_limits<double>::infinity();
    }
    return std::numeric_limits<double>::infinity();
}

void Histogram::render(QByteArray &out, const QByteArray &name, const QByteArray &labels) const
{
    const QByteArray sep = labels.isEmpty() ? QByteArray() : labels + ',';
    quint64 cumulative = 0;
    for (qsizetype i = 0; i < m_counts.size(); ++i) {
        cumulative += m_counts[i];
        const double le = i < m_bounds.size() ? m_bounds[i] : std::numeric_limits<double>::infinity();
        out += name + "_bucket{" + sep + "le=\"" + number(le) + "\"} " + QByteArray::number(cumulative) + '\n';
    }
    const QByteArray braces = labels.isEmpty() ? QByteArray() : '{' + labels + '}';
    out += name + "_sum" + braces + ' ' + number(m_sum) + '\n';
    out += name + "_count" + braces + ' ' + QByteArray::number(m_count) + '\n';
}

Metrics::Metrics(QString role) : m_roleLabel("role=\"" + labelValue(role) + '"') {}

void Metrics::recordRequest(const QString &route, const QByteArray &method, int status, double seconds)
{
    ++m_requests[{route, method, status}];
    m_latency[route].observe(seconds);
}

void Metrics::addGauge(const QByteArray &name, const QByteArray &help, std::function<double()> read)
{
    m_gauges[name] = Gauge{help, std::move(read)};
}

Histogram &Metrics::histogram(const QByteArray &name, const QByteArray &help, QList<double> bounds)
{
    auto &slot = m_histograms[name];
    if (!slot.histogram) {
        slot.help = help;
        slot.histogram = std::make_unique<Histogram>(bounds.isEmpty() ? Histogram::defaultLatencyBuckets()
                                                                      : std::move(bounds));
    }
    return *slot.histogram;
}

quint64 &Metrics::counter(const QByteArray &name, const QByteArray &help)
{
    auto &slot = m_counters[name];
    slot.help = help;
    return slot.value;
}

quint64 Metrics::requestCount(const QString &route, int status) const
{
    quint64 total = 0;
    for (const auto &[key, count] : m_requests)
        if (std::get<0>(key) == route && std::get<2>(key) == status)
            total += count;
    return total;
}

QByteArray Metrics::render() const
{
    QByteArray out;
    out += "# HELP simplemmo_http_requests_total HTTP requests by route, method and status.\n"
           "# TYPE simplemmo_http_requests_total counter\n";
    for (const auto &[key, count] : m_requests) {
        const auto &[route, method, status] = key;
        out += "simplemmo_http_requests_total{" + m_roleLabel + ",route=\"" + labelValue(route) + "\",method=\""
               + method + "\",status=\"" + QByteArray::number(status) + "\"} " + QByteArray::number(count) + '\n';
    }
    out += "# HELP simplemmo_http_request_duration_seconds Time from request parsed to response written.\n"
           "# TYPE simplemmo_http_request_duration_seconds histogram\n";
    for (const auto &[route, histogram] : m_latency)
        histogram.render(out, "simplemmo_http_request_duration_seconds",
                         m_roleLabel + ",route=\"" + labelValue(route) + '"');
    for (const auto &[name, counter] : m_counters) {
        out += "# HELP " + name + ' ' + counter.help + "\n# TYPE " + name + " counter\n";
        out += name + '{' + m_roleLabel + "} " + QByteArray::number(counter.value) + '\n';
    }
    for (const auto &[name, gauge] : m_gauges) {
        out += "# HELP " + name + ' ' + gauge.help + "\n# TYPE " + name + " gauge\n";
        out += name + '{' + m_roleLabel + "} " + number(gauge.read()) + '\n';
    }
    for (const auto &[name, h] : m_histograms) {
        out += "# HELP " + name + ' ' + h.help + "\n# TYPE " + name + " histogram\n";
        h.histogram->render(out, name, m_roleLabel);
    }
    return out;
}

} // namespace smmo
