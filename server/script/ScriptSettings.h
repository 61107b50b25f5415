// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "ZoneId.h"

#include <QString>
#include <QUrl>

#include <optional>

namespace smmo {

class Config;

/// The options of one ScriptServer process (docs/configuration.md), read once at start.
struct ScriptSettings
{
    ZoneId zone;
    QUrl zoneUrl;
    QString scriptsDir;          ///< the object scripts, <name>.js
    int tickHz = 10;             ///< onTick calls per second
    int budgetMs = 50;           ///< longest a handler call may run before it is interrupted
    int maxFaults = 3;           ///< faults (throws, overruns) before a script is disabled on an object
    std::optional<quint32> seed; ///< fixed randomness (tests); random when not set
    int maxMemoryMb = 1024;      ///< resident memory past which the process restarts itself
    int zoneLostSeconds = 60;    ///< exit after this long without the zone; 0 never
    int reloadDelayMs = 200;     ///< a changed file is read once it has been quiet this long

    /// Adds the ScriptServer's options to its configuration.
    static void addOptions(Config &config);
    /// Reads and checks the options; false with *error naming the option (a usage error, exit
    /// code 2) otherwise.
    static bool fromConfig(const Config &config, ScriptSettings *settings, QString *error);
    /// The object scripts' directory when none is configured: beside the installed binaries, then
    /// the installed share directory, then the source tree. Empty when none exists.
    static QString defaultScriptsDir();
};

} // namespace smmo
