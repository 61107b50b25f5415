// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ZoneSettings.h"

#include "Config.h"
#include "ShippedFiles.h"

#include <QDir>
#include <QFileInfo>

namespace smmo {

void ZoneSettings::addOptions(Config &config)
{
    config.addOption({QStringLiteral("zone"),
                      QStringLiteral("Zone instance id <instancetype>-<zonename>-<owner> (required)."),
                      QString(), QStringLiteral("zoneid")});
    config.addOption(
        {QStringLiteral("pooled"),
         QStringLiteral("Start without a zone, as one of a MasterZoneServer's warm pool, and wait for POST "
                        "/internal/assign; the value only reserves room in the command line, which reads "
                        "--zone <id> once a zone is assigned."),
         QString(), QStringLiteral("padding")});
    config.addOption(
        {QStringLiteral("zones-dir"),
         QStringLiteral("Directory of zone definitions <zonename>.json (default: found beside the "
                        "binaries, then in the installed share directory, then in the source tree)."),
         QString(), QStringLiteral("dir")});
    config.addOption({QStringLiteral("master-url"),
                      QStringLiteral("MasterZoneServer URL, for tells to other zones and global chat."),
                      QString(), QStringLiteral("url")});
    config.addOption(
        {QStringLiteral("char-url"), QStringLiteral("CharServer URL."), QString(), QStringLiteral("url")});
    config.addOption(
        {QStringLiteral("idle-timeout"),
         QStringLiteral("Seconds without players before the zone checkpoints and exits; 0 never."),
         QStringLiteral("300"), QStringLiteral("seconds")});
    config.addOption({QStringLiteral("tick-hz"), QStringLiteral("Update batches per second on the stream."),
                      QStringLiteral("10"), QStringLiteral("hz")});
    config.addOption({QStringLiteral("checkpoint-ms"),
                      QStringLiteral("Milliseconds between checkpoints of object state and positions."),
                      QStringLiteral("1000"), QStringLiteral("ms")});
    config.addOption({QStringLiteral("aoi-radius"),
                      QStringLiteral("Area-of-interest radius of a player's stream, in metres."),
                      QStringLiteral("50"), QStringLiteral("metres")});
    config.addOption(
        {QStringLiteral("aoi-max-objects"),
         QStringLiteral("Objects a player's stream shows at most: the nearest within the radius."),
         QStringLiteral("200"), QStringLiteral("count")});
    config.addOption({QStringLiteral("chat-radius"),
                      QStringLiteral("Metres within which zone chat is heard; 0 means the whole zone."),
                      QStringLiteral("0"), QStringLiteral("metres")});
    config.addOption({QStringLiteral("max-messages"),
                      QStringLiteral("Zone messages kept; the oldest non-player ones are pruned first."),
                      QStringLiteral("1000"), QStringLiteral("count")});
    config.addOption({QStringLiteral("max-moves-per-second"),
                      QStringLiteral("Moves a character may make per second."), QStringLiteral("20"),
                      QStringLiteral("count")});
    config.addOption({QStringLiteral("max-chat-per-second"),
                      QStringLiteral("Chat lines (say, tell, global) a character may send per second."),
                      QStringLiteral("5"), QStringLiteral("count")});
    config.addOption({QStringLiteral("max-stream-messages-per-second"),
                      QStringLiteral("Messages a player connection of the stream may send per second; more "
                                     "are refused, and twice as many close the connection."),
                      QStringLiteral("50"), QStringLiteral("count")});
    config.addOption({QStringLiteral("max-client-buffer"),
                      QStringLiteral("Bytes queued for one stream client before it is dropped as too slow."),
                      QStringLiteral("4194304"), QStringLiteral("bytes")});
}

bool ZoneSettings::fromConfig(const Config &config, ZoneSettings *settings, QString *error, int *exitCode)
{
    *exitCode = 2;
    settings->pooled =
        !config.value(QStringLiteral("pooled")).isEmpty() && config.value(QStringLiteral("zone")).isEmpty();
    if (!settings->pooled && !config.readZoneId(&settings->zone, error))
        return false;
    settings->zonesDir = config.value(QStringLiteral("zones-dir"));
    if (settings->zonesDir.isEmpty())
        settings->zonesDir = defaultZonesDir();
    if (settings->zonesDir.isEmpty() || !QFileInfo(settings->zonesDir).isDir()) {
        *error =
            QStringLiteral("No zone definitions directory (looked for %1); set --zones-dir.")
                .arg(settings->zonesDir.isEmpty() ? QStringLiteral("scripts/zones") : settings->zonesDir);
        return false;
    }
    if (!settings->pooled && !QFileInfo(settings->definitionPath()).isFile()) {
        *error = QStringLiteral("No such zone: there is no definition %1.").arg(settings->definitionPath());
        return false;
    }

    settings->masterUrl = config.value(QStringLiteral("master-url"));
    settings->charUrl = config.value(QStringLiteral("char-url"));
    double maxBuffer = 0;
    if (!config.readInt(QStringLiteral("idle-timeout"), 0, 30 * 24 * 3600, &settings->idleTimeoutSeconds,
                        error) ||
        !config.readInt(QStringLiteral("tick-hz"), 1, 100, &settings->tickHz, error) ||
        !config.readInt(QStringLiteral("checkpoint-ms"), 50, 3600 * 1000, &settings->checkpointMs, error) ||
        !config.readDouble(QStringLiteral("aoi-radius"), 1, 100000, &settings->aoiRadius, error) ||
        !config.readInt(QStringLiteral("aoi-max-objects"), 1, 1000000, &settings->aoiMaxObjects, error) ||
        !config.readDouble(QStringLiteral("chat-radius"), 0, 1e9, &settings->chatRadius, error) ||
        !config.readInt(QStringLiteral("max-messages"), 10, 10000000, &settings->maxMessages, error) ||
        !config.readInt(QStringLiteral("max-moves-per-second"), 1, 1000, &settings->maxMovesPerSecond,
                        error) ||
        !config.readInt(QStringLiteral("max-chat-per-second"), 1, 1000, &settings->maxChatPerSecond, error) ||
        !config.readInt(QStringLiteral("max-stream-messages-per-second"), 1, 1000000,
                        &settings->maxStreamMessagesPerSecond, error) ||
        !config.readDouble(QStringLiteral("max-client-buffer"), 1024, 1e10, &maxBuffer, error))
        return false;
    settings->maxClientBuffer = qint64(maxBuffer);
    return true;
}

bool ZoneSettings::assign(const QString &zoneId, QString *error, int *status)
{
    const auto parsed = ZoneId::parse(zoneId);
    if (!parsed) {
        *status = 400;
        *error = QStringLiteral("Malformed zone id: %1").arg(zoneId);
        return false;
    }
    ZoneSettings candidate = *this;
    candidate.zone = *parsed;
    if (!QFileInfo(candidate.definitionPath()).isFile()) {
        *status = 404;
        *error = QStringLiteral("No such zone: there is no definition %1.").arg(candidate.definitionPath());
        return false;
    }
    zone = *parsed;
    return true;
}

QString ZoneSettings::defaultZonesDir()
{
    return findShippedPath(QStringLiteral("scripts/zones"), sourceTreePath(QStringLiteral("scripts/zones")));
}

QString ZoneSettings::definitionPath() const
{
    return QDir(zonesDir).filePath(zone.zoneName + QStringLiteral(".json"));
}

} // namespace smmo
