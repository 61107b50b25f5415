// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QtGlobal>

#include <cstdint>

namespace smmo::bots {

/// CPU time and resident memory of a process, from /proc (Linux).
struct ProcessStats
{
    bool ok = false;
    double cpuSeconds = 0; ///< user + system time so far
    double rssKb = 0;
    double waitSeconds = 0; ///< time its threads were ready to run but waited for a CPU (schedstat)
    std::int64_t atNs = 0;  ///< when it was read (monotonicNs)

    /// pid 0 = this process.
    static ProcessStats read(qint64 pid);
    /// Percent of one core used between two readings of the same process.
    static double cpuPercent(const ProcessStats &before, const ProcessStats &after);
    /// Percent of the time between two readings its threads waited for a CPU, summed over its
    /// threads: other programs on the same CPU show here.
    static double waitPercent(const ProcessStats &before, const ProcessStats &after);
    /// CPUs this process may run on (its affinity mask, as taskset sets it).
    static int allowedCpus();
    /// Raises the soft limit of open files to the hard limit; returns the new soft limit.
    static qint64 raiseFileLimit();
};

} // namespace smmo::bots
