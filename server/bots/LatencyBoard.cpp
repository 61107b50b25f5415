// SPDX-License-Identifier: AGPL-3.0-or-later
#include "LatencyBoard.h"

#include <chrono>

namespace smmo::bots {

std::int64_t monotonicNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

LatencyBoard::LatencyBoard(int bots) : m_bots(bots), m_sentAt(new std::atomic<std::int64_t>[size_t(bots)])
{
    for (int i = 0; i < bots; ++i)
        m_sentAt[size_t(i)].store(0, std::memory_order_relaxed);
}

void LatencyBoard::setObject(int bot, qint64 objectId)
{
    QWriteLocker locker(&m_lock);
    m_objects.insert(objectId, bot);
}

int LatencyBoard::botOf(qint64 objectId) const
{
    QReadLocker locker(&m_lock);
    return m_objects.value(objectId, -1);
}

void LatencyBoard::moveSent(int bot, std::int64_t ns)
{
    if (bot < 0 || bot >= m_bots)
        return;
    std::int64_t expected = 0;
    m_sentAt[size_t(bot)].compare_exchange_strong(expected, ns, std::memory_order_relaxed);
}

std::int64_t LatencyBoard::takeMove(int bot)
{
    if (bot < 0 || bot >= m_bots)
        return 0;
    return m_sentAt[size_t(bot)].exchange(0, std::memory_order_relaxed);
}

} // namespace smmo::bots
