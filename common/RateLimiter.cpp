// SPDX-License-Identifier: AGPL-3.0-or-later
#include "RateLimiter.h"

namespace smmo {

void RateLimiter::expire(std::deque<qint64> &events, qint64 nowMs) const
{
    while (!events.empty() && events.front() <= nowMs - m_windowMs)
        events.pop_front();
}

qint64 RateLimiter::retryAfterMs(const QString &key, qint64 nowMs)
{
    auto it = m_events.find(key);
    if (it == m_events.end())
        return 0;
    expire(*it, nowMs);
    if (qsizetype(it->size()) < m_maxEvents)
        return 0;
    // The oldest event still counted leaves the window at front + window.
    return it->front() + m_windowMs - nowMs;
}

void RateLimiter::record(const QString &key, qint64 nowMs)
{
    auto &events = m_events[key];
    expire(events, nowMs);
    events.push_back(nowMs);
    // Never keep more than the limit needs: a flood costs constant memory per key.
    while (qsizetype(events.size()) > m_maxEvents)
        events.pop_front();
}

void RateLimiter::prune(qint64 nowMs)
{
    for (auto it = m_events.begin(); it != m_events.end();) {
        expire(*it, nowMs);
        it = it->empty() ? m_events.erase(it) : std::next(it);
    }
}

} // namespace smmo
