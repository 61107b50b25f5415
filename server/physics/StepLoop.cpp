// SPDX-License-Identifier: AGPL-3.0-or-later
#include "StepLoop.h"

#include <cmath>

namespace smmo {

StepLoop::StepLoop(double hz, int maxCatchUp, std::function<void()> step, QObject *parent)
    : QObject(parent), m_hz(hz), m_step(std::move(step)), m_clock(qint64(std::llround(1e9 / hz)), maxCatchUp)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &StepLoop::wake);
}

void StepLoop::start()
{
    if (m_running)
        return;
    m_running = true;
    m_clock.reset();
    m_elapsed.start();
    m_lastNs = 0;
    arm();
}

void StepLoop::stop()
{
    m_running = false;
    m_timer.stop();
}

void StepLoop::wake()
{
    ++m_wakeUps;
    const qint64 now = m_elapsed.nsecsElapsed();
    const int due = m_clock.advance(now - m_lastNs);
    m_lastNs = now;
    for (int i = 0; i < due && m_running; ++i) {
        ++m_steps;
        m_step();
    }
    if (m_running)
        arm();
}

void StepLoop::arm()
{
    // Wake when the next step is due, measured from the last reading of the clock; the time the
    // steps themselves took already counts towards the next period.
    const qint64 sinceLast = m_elapsed.nsecsElapsed() - m_lastNs;
    const qint64 waitNs = m_clock.untilNextStepNs() - sinceLast;
    m_timer.start(int(qMax<qint64>(0, (waitNs + 999999) / 1000000)));
}

} // namespace smmo
