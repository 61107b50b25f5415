// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QHash>
#include <QString>

#include <deque>

namespace smmo {

/// Counts events per key (an account, an address) in a sliding time window and says when a key
/// has had too many, and for how long it must wait. In memory, per process: a restart forgets.
class RateLimiter
{
public:
    RateLimiter(int maxEvents, qint64 windowMs) : m_maxEvents(maxEvents), m_windowMs(windowMs) {}

    /// Milliseconds until `key` may act again; 0 when it may act now.
    qint64 retryAfterMs(const QString &key, qint64 nowMs = QDateTime::currentMSecsSinceEpoch());
    void record(const QString &key, qint64 nowMs = QDateTime::currentMSecsSinceEpoch());
    void reset(const QString &key) { m_events.remove(key); }
    /// Forgets keys whose events have all left the window (call now and then to bound memory).
    void prune(qint64 nowMs = QDateTime::currentMSecsSinceEpoch());
    qsizetype trackedKeys() const { return m_events.size(); }

private:
    void expire(std::deque<qint64> &events, qint64 nowMs) const;
    int m_maxEvents;
    qint64 m_windowMs;
    QHash<QString, std::deque<qint64>> m_events;
};

} // namespace smmo
