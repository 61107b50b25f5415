// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "ZoneId.h"

#include <QString>

namespace smmo {

class Config;

/// The options of one zone process (docs/protocol.md, "Starting a zone"), read once at start.
struct ZoneSettings
{
    ZoneId zone;         ///< empty while a pooled process waits to be assigned one
    bool pooled = false; ///< started unassigned, for a master's warm pool (--pooled)
    QString zonesDir;
    QString masterUrl;
    QString charUrl;
    int idleTimeoutSeconds = 300; ///< 0: never shut down for idleness
    int tickHz = 10;
    int checkpointMs = 1000;
    double aoiRadius = 50;
    /// Objects a player is told about at most: the nearest within aoiRadius. A crowd (everyone
    /// joining at the spawn point) would otherwise cost each of them the whole crowd every tick.
    int aoiMaxObjects = 200;
    double chatRadius = 0; ///< 0: zone chat is heard in the whole zone
    int maxMessages = 1000;
    int maxMovesPerSecond = 20;
    int maxChatPerSecond = 5;
    int maxStreamMessagesPerSecond = 50; ///< per player connection; twice as many closes it
    qint64 maxClientBuffer = 4 * 1024 * 1024;

    /// Adds the zone's options to a server's configuration.
    static void addOptions(Config &config);
    /// Reads and checks the options. On a problem returns false with *error saying which option
    /// and why and *exitCode 2 (a usage error: missing or malformed zone id, no definition, a bad
    /// value).
    /// A pooled process (--pooled without --zone) skips the zone id and definition checks; they
    /// are made by assign() once the master gives it a zone.
    static bool fromConfig(const Config &config, ZoneSettings *settings, QString *error, int *exitCode);
    /// Sets the zone of a pooled process: false with *error (and *status 400 malformed id, 404 no
    /// definition) when it cannot be served.
    bool assign(const QString &zoneId, QString *error, int *status);
    /// The zones directory when none is configured: beside the installed binaries, then the
    /// installed share directory, then the source tree. Empty when none exists.
    static QString defaultZonesDir();

    QString definitionPath() const;
};

} // namespace smmo
