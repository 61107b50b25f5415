// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "LatencyHistogram.h"

#include <QHash>
#include <QMutex>
#include <QString>

#include <atomic>
#include <cstdint>

namespace smmo::bots {

/// Running totals of a group of bots; differences of two snapshots give a window's figures.
struct Counters
{
    std::int64_t joined = 0;
    std::int64_t joinFailures = 0;
    std::int64_t movesSent = 0;
    std::int64_t updatesReceived = 0;
    std::int64_t objectsSeen = 0;
    std::int64_t chatSent = 0;
    std::int64_t chatReceived = 0;
    std::int64_t errors = 0;
    std::int64_t disconnects = 0;

    Counters operator-(const Counters &earlier) const;
    Counters &operator+=(const Counters &other);
};

/// What one thread's bots measured. The thread writes; the main thread reads snapshots while the
/// run goes on (counters are atomics, histograms and error kinds sit behind a mutex).
class BotStats
{
public:
    std::atomic<std::int64_t> joined{0};
    std::atomic<std::int64_t> joinFailures{0};
    std::atomic<std::int64_t> movesSent{0};
    std::atomic<std::int64_t> updatesReceived{0};
    std::atomic<std::int64_t> objectsSeen{0};
    std::atomic<std::int64_t> chatSent{0};
    std::atomic<std::int64_t> chatReceived{0};
    std::atomic<std::int64_t> errors{0};
    std::atomic<std::int64_t> disconnects{0};

    Counters snapshot() const;

    void recordMoveLatency(std::int64_t ns);
    void recordChatLatency(std::int64_t ns);
    void recordLoopLag(std::int64_t ns);
    void noteError(const QString &kind);

    /// Copies of the histograms and error kinds (merge them across threads).
    struct Histograms
    {
        LatencyHistogram move;
        LatencyHistogram chat;
        LatencyHistogram loopLag;
        QHash<QString, std::int64_t> errorKinds;
        void merge(const Histograms &other);
    };
    Histograms histograms() const;
    void clearHistograms();

private:
    mutable QMutex m_mutex;
    Histograms m_histograms;
};

} // namespace smmo::bots
