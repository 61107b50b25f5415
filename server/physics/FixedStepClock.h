// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QtGlobal>

namespace smmo {

/// The accumulator of a fixed-step simulation: real time goes in, whole steps come out. The world
/// never runs ahead of real time (a step is due only once its full period has passed), and after
/// a stall it catches up at most maxCatchUp steps at once, dropping the rest, so one slow moment
/// does not turn into a burst of steps that makes the next moment slow too.
class FixedStepClock
{
public:
    FixedStepClock(qint64 stepNs, int maxCatchUp);

    /// Adds elapsed real time; returns the number of steps due now (0 to maxCatchUp).
    int advance(qint64 elapsedNs);
    /// Real time until the next step is due.
    qint64 untilNextStepNs() const { return m_stepNs - m_accumulatedNs; }
    qint64 stepNs() const { return m_stepNs; }
    /// Steps that were due but dropped because the loop fell too far behind.
    quint64 droppedSteps() const { return m_dropped; }
    void reset() { m_accumulatedNs = 0; }

private:
    qint64 m_stepNs;
    int m_maxCatchUp;
    qint64 m_accumulatedNs = 0;
    quint64 m_dropped = 0;
};

} // namespace smmo
