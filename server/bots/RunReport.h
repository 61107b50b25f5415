// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "BotStats.h"
#include "ProcessStats.h"
#include "RunOptions.h"

#include <QJsonObject>
#include <QString>

namespace smmo::bots {

/// The figures of one run: what the bots did and saw during the measured window, what it cost
/// them and the server. Written as JSON (--json) and as the table printed at the end.
struct RunReport
{
    RunOptions options;
    double windowSeconds = 0;
    double joinSeconds = 0;       ///< from the first start until every bot was in (or gave up)
    std::int64_t joinedAtEnd = 0; ///< bots still in at the end of the window
    Counters window;              ///< differences over the window
    Counters total;               ///< since the start
    BotStats::Histograms histograms;

    double botsCpuPercent = 0;           ///< this process, percent of one core
    double botsWaitPercent = 0;          ///< percent of the window its threads waited for a CPU
    int botsCpus = 1;                    ///< CPUs it may use
    ProcessStats serverBefore;           ///< before the bots joined
    ProcessStats serverStart, serverEnd; ///< the window's ends
    double zoneTickP99Ms = -1;           ///< from the zone's /health, when known
    double zoneBytesPerSecond = -1;
    double zoneTickOverruns = -1;

    /// The bots' side ran short of CPU (over 90 % of what it may use): the figures then measure
    /// the bots as much as the server. (Their loop lag, reported beside it, also grows when the
    /// server sends in bursts or other programs share the CPU.)
    bool botsSaturated() const;
    double serverCpuPercent() const;
    /// Resident memory the server gained per bot in the world, in kB (RSS during the window less
    /// RSS before the bots came, over the bots in).
    double serverKbPerBot() const;

    QJsonObject toJson() const;
    QString table() const;
};

} // namespace smmo::bots
