// SPDX-License-Identifier: AGPL-3.0-or-later
#include "FixedStepClock.h"

namespace smmo {

FixedStepClock::FixedStepClock(qint64 stepNs, int maxCatchUp)
    : m_stepNs(qMax<qint64>(1, stepNs)), m_maxCatchUp(qMax(1, maxCatchUp))
{}

int FixedStepClock::advance(qint64 elapsedNs)
{
    m_accumulatedNs += qMax<qint64>(0, elapsedNs);
    const qint64 due = m_accumulatedNs / m_stepNs;
    if (due > m_maxCatchUp) {
        m_dropped += quint64(due - m_maxCatchUp);
        m_accumulatedNs %= m_stepNs;
        return m_maxCatchUp;
    }
    m_accumulatedNs -= due * m_stepNs;
    return int(due);
}

} // namespace smmo
