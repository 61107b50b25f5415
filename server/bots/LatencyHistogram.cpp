// SPDX-License-Identifier: AGPL-3.0-or-later
#include "LatencyHistogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace smmo::bots {

namespace {
constexpr int exactBelow = 128; // 0..127 µs: one bucket each
constexpr int subBuckets = 64;  // then 64 per power of two
constexpr int maxShift = 40;    // 2^46 µs is over two years: nothing is larger
constexpr int bucketCount = exactBelow + maxShift * subBuckets;
} // namespace

LatencyHistogram::LatencyHistogram() : m_buckets(bucketCount, 0) {}

int LatencyHistogram::bucketOf(std::int64_t microseconds)
{
    if (microseconds < exactBelow)
        return int(std::max<std::int64_t>(0, microseconds));
    // v >> shift lies in [64, 128): the shift says which power of two, the rest the sub-bucket.
    const int shift = int(std::bit_width(std::uint64_t(microseconds))) - 7;
    const int bucket = exactBelow + (shift - 1) * subBuckets + int((microseconds >> shift) - subBuckets);
    return std::min(bucket, bucketCount - 1);
}

double LatencyHistogram::bucketMiddle(int bucket)
{
    if (bucket < exactBelow)
        return double(bucket);
    const int shift = (bucket - exactBelow) / subBuckets + 1;
    const std::int64_t low = std::int64_t((bucket - exactBelow) % subBuckets + subBuckets) << shift;
    return double(low) + double(std::int64_t(1) << shift) / 2.0;
}

void LatencyHistogram::record(std::int64_t microseconds)
{
    microseconds = std::max<std::int64_t>(0, microseconds);
    ++m_buckets[size_t(bucketOf(microseconds))];
    ++m_count;
    m_sum += microseconds;
    m_max = std::max(m_max, microseconds);
}

void LatencyHistogram::merge(const LatencyHistogram &other)
{
    for (size_t i = 0; i < m_buckets.size(); ++i)
        m_buckets[i] += other.m_buckets[i];
    m_count += other.m_count;
    m_sum += other.m_sum;
    m_max = std::max(m_max, other.m_max);
}

void LatencyHistogram::clear()
{
    std::fill(m_buckets.begin(), m_buckets.end(), 0);
    m_count = m_sum = m_max = 0;
}

double LatencyHistogram::percentileMs(double q) const
{
    if (m_count == 0)
        return 0;
    // The rank of the sample asked for (1-based), as with sorted samples: ceil(q * n).
    const std::int64_t rank =
        std::clamp<std::int64_t>(std::int64_t(std::ceil(q * double(m_count))), 1, m_count);
    std::int64_t seen = 0;
    for (size_t i = 0; i < m_buckets.size(); ++i) {
        seen += m_buckets[i];
        if (seen >= rank)
            return std::min(bucketMiddle(int(i)), double(m_max)) / 1000.0;
    }
    return maxMs();
}

QJsonObject LatencyHistogram::toJson() const
{
    const auto round3 = [](double ms) { return std::round(ms * 1000.0) / 1000.0; };
    return {{QStringLiteral("samples"), double(m_count)},
            {QStringLiteral("p50"), round3(percentileMs(0.50))},
            {QStringLiteral("p95"), round3(percentileMs(0.95))},
            {QStringLiteral("p99"), round3(percentileMs(0.99))},
            {QStringLiteral("max"), round3(maxMs())},
            {QStringLiteral("mean"), round3(meanMs())}};
}

} // namespace smmo::bots
