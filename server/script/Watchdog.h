// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

class QJSEngine;

namespace smmo {

/// Enforces the time budget of each script handler call: a thread of its own that interrupts the
/// QJSEngine (QJSEngine::setInterrupted, which only works from another thread) when the call that
/// is running has outlived its deadline. The engine's thread brackets every call with begin() and
/// end(); the thread sleeps until the running call's deadline and idles between calls, so it costs
/// two uncontended locks per call and about one wake-up per budget period while scripts run.
class Watchdog
{
public:
    Watchdog(QJSEngine &engine, std::chrono::milliseconds budget);
    ~Watchdog();
    Watchdog(const Watchdog &) = delete;
    Watchdog &operator=(const Watchdog &) = delete;

    std::chrono::milliseconds budget() const { return m_budget; }
    /// A call starts now; it may run until now + budget.
    void begin();
    /// The call has returned. True when it was interrupted for running too long; the engine is
    /// then usable again (the interrupt is reset).
    bool end();
    /// How many calls were interrupted since the start.
    std::uint64_t interruptions() const;

private:
    using Clock = std::chrono::steady_clock;
    void run();

    QJSEngine &m_engine;
    const std::chrono::milliseconds m_budget;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::uint64_t m_call = 0;        ///< serial of the current (or last) call
    std::uint64_t m_interrupted = 0; ///< serial of the last call that was interrupted
    std::uint64_t m_interruptions = 0;
    Clock::time_point m_deadline;
    bool m_running = false;  ///< a call is between begin() and end()
    bool m_sleeping = false; ///< the thread waits without a deadline: begin() must wake it
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace smmo
