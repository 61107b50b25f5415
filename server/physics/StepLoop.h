// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "FixedStepClock.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <functional>

namespace smmo {

/// Runs a fixed-rate step function in real time on the event loop: a one-shot precise timer is
/// armed for the moment the next step is due (no busy loop, no polling), and a FixedStepClock
/// decides how many steps each wake-up runs, so the rate is exact on average and never faster
/// than real time.
class StepLoop : public QObject
{
    Q_OBJECT
public:
    /// hz: steps per second; maxCatchUp: most steps run in one wake-up after a stall.
    StepLoop(double hz, int maxCatchUp, std::function<void()> step, QObject *parent = nullptr);

    void start();
    void stop();
    bool isRunning() const { return m_running; }
    double hz() const { return m_hz; }
    double stepSeconds() const { return 1.0 / m_hz; }
    quint64 steps() const { return m_steps; }
    quint64 droppedSteps() const { return m_clock.droppedSteps(); }
    /// Timer wake-ups so far (a measure of how idle the loop is).
    quint64 wakeUps() const { return m_wakeUps; }

private:
    void wake();
    void arm();

    double m_hz;
    std::function<void()> m_step;
    FixedStepClock m_clock;
    QTimer m_timer;
    QElapsedTimer m_elapsed;
    qint64 m_lastNs = 0;
    bool m_running = false;
    quint64 m_steps = 0;
    quint64 m_wakeUps = 0;
};

} // namespace smmo
