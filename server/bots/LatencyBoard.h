// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QHash>
#include <QReadWriteLock>

#include <atomic>
#include <cstdint>
#include <memory>

namespace smmo::bots {

/// Nanoseconds on the machine's monotonic clock, the same in every thread and process.
std::int64_t monotonicNs();

/// Move latency across the bots of every thread: when a bot sends a move it notes the time
/// (unless a note is already waiting); the first other bot whose stream shows that bot's object
/// change takes the note, and the difference is one sample. Lock-free for the notes; the object
/// id -> bot map (written once per join) is behind a read-write lock.
class LatencyBoard
{
public:
    explicit LatencyBoard(int bots);

    void setObject(int bot, qint64 objectId);
    /// The bot whose object this is, or -1 (scenery, creatures, bots of other processes).
    int botOf(qint64 objectId) const;

    void moveSent(int bot, std::int64_t ns);
    /// The waiting note of bot's move, cleared; 0 when none.
    std::int64_t takeMove(int bot);

private:
    int m_bots;
    std::unique_ptr<std::atomic<std::int64_t>[]> m_sentAt;
    mutable QReadWriteLock m_lock;
    QHash<qint64, int> m_objects;
};

} // namespace smmo::bots
