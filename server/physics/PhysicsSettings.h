// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "ZoneId.h"

#include <QUrl>

namespace smmo {

class Config;

/// The options of one PhysicsServer process (docs/configuration.md, "PhysicsServer"), read once
/// at start. The master passes --zone and --zone-url; the rest come from the `[physicsserver]`
/// section of the shared configuration file or the command line.
struct PhysicsSettings
{
    ZoneId zone;
    QUrl zoneUrl;
    int stepHz = 60;
    double correctionThreshold = 0.05; ///< metres
    double teleportDistance = 5;       ///< metres
    int maxCatchUpSteps = 5;
    int collisionCooldownMs = 500;
    int reconnectMs = 1000;
    int zoneLostTimeoutSeconds = 60; ///< 0: keep trying for ever

    static void addOptions(Config &config);
    /// Reads and checks the options; false with *error naming the option (a usage error: the
    /// process exits with code 2).
    static bool fromConfig(const Config &config, PhysicsSettings *settings, QString *error);
};

} // namespace smmo
