// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QJsonObject>

#include <cstdint>
#include <vector>

namespace smmo::bots {

/// Latencies in a fixed amount of memory, however long the run: values in microseconds fall in
/// log-linear buckets (exact below 128 µs, then 64 buckets per power of two, so a reported
/// percentile is within 1.6 % of the true value). Histograms of several threads merge exactly.
class LatencyHistogram
{
public:
    LatencyHistogram();

    void record(std::int64_t microseconds);
    void recordMs(double milliseconds) { record(std::int64_t(milliseconds * 1000.0 + 0.5)); }
    void merge(const LatencyHistogram &other);
    void clear();

    std::int64_t count() const { return m_count; }
    /// The value below which a fraction q (0..1) of the samples lie, in milliseconds (0 when empty).
    double percentileMs(double q) const;
    double maxMs() const { return double(m_max) / 1000.0; }
    double meanMs() const { return m_count ? double(m_sum) / double(m_count) / 1000.0 : 0.0; }

    /// {"samples", "p50", "p95", "p99", "max", "mean"} in milliseconds.
    QJsonObject toJson() const;

    static int bucketOf(std::int64_t microseconds);
    /// The middle of a bucket, in microseconds (what a percentile in that bucket reports).
    static double bucketMiddle(int bucket);

private:
    std::vector<std::int64_t> m_buckets;
    std::int64_t m_count = 0;
    std::int64_t m_sum = 0;
    std::int64_t m_max = 0;
};

} // namespace smmo::bots
