// SPDX-License-Identifier: AGPL-3.0-or-later
#include "Watchdog.h"

#include <QJSEngine>

namespace smmo {

Watchdog::Watchdog(QJSEngine &engine, std::chrono::milliseconds budget)
    : m_engine(engine), m_budget(budget), m_thread([this] { run(); })
{}

Watchdog::~Watchdog()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

void Watchdog::begin()
{
    bool wake = false;
    {
        std::lock_guard lock(m_mutex);
        ++m_call;
        m_deadline = Clock::now() + m_budget;
        m_running = true;
        wake = m_sleeping;
    }
    if (wake)
        m_wake.notify_one();
}

bool Watchdog::end()
{
    bool interrupted = false;
    {
        std::lock_guard lock(m_mutex);
        m_running = false;
        interrupted = m_interrupted == m_call;
    }
    // Under the lock the thread cannot interrupt a later call by mistake: it only interrupts the
    // call whose serial it saw running, and that one is over now.
    if (interrupted)
        m_engine.setInterrupted(false);
    return interrupted;
}

std::uint64_t Watchdog::interruptions() const
{
    std::lock_guard lock(m_mutex);
    return m_interruptions;
}

void Watchdog::run()
{
    std::unique_lock lock(m_mutex);
    while (!m_stop) {
        if (!m_running || m_interrupted == m_call) {
            // Idle, or this call was already interrupted: wait for the next begin().
            m_sleeping = true;
            m_wake.wait(lock);
            m_sleeping = false;
            continue;
        }
        if (Clock::now() < m_deadline) {
            // Sleep until the running call's deadline; a later call moves it, which the loop sees.
            m_wake.wait_until(lock, m_deadline);
            continue;
        }
        m_interrupted = m_call;
        ++m_interruptions;
        m_engine.setInterrupted(true);
    }
}

} // namespace smmo
