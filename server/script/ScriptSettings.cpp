// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ScriptSettings.h"

#include "Config.h"
#include "ShippedFiles.h"

#include <QFileInfo>

namespace smmo {

void ScriptSettings::addOptions(Config &config)
{
    config.addOption({QStringLiteral("zone"),
                      QStringLiteral("Zone instance id <instancetype>-<zonename>-<owner> (required)."),
                      QString(), QStringLiteral("zoneid")});
    config.addOption({QStringLiteral("zone-url"),
                      QStringLiteral("The zone server's URL; its bus is <url>/stream (required)."), QString(),
                      QStringLiteral("url")});
    config.addOption({QStringLiteral("scripts-dir"),
                      QStringLiteral("Directory of object scripts <name>.js (default: found beside the "
                                     "binaries, then in the installed share directory, then in the source "
                                     "tree)."),
                      QString(), QStringLiteral("dir")});
    config.addOption({QStringLiteral("tick-hz"), QStringLiteral("onTick calls per second."),
                      QStringLiteral("10"), QStringLiteral("hz")});
    config.addOption({QStringLiteral("budget-ms"),
                      QStringLiteral("Milliseconds one handler call may run before it is interrupted."),
                      QStringLiteral("50"), QStringLiteral("ms")});
    config.addOption({QStringLiteral("max-faults"),
                      QStringLiteral("Faults (exceptions, overruns) after which a script is disabled for an "
                                     "object until the script is edited."),
                      QStringLiteral("3"), QStringLiteral("count")});
    config.addOption({QStringLiteral("seed"),
                      QStringLiteral("Seed of the scripts' randomness (roll, randSay, wander, Math.random); "
                                     "random when empty."),
                      QString(), QStringLiteral("number")});
    config.addOption({QStringLiteral("max-memory-mb"),
                      QStringLiteral("Resident memory in MiB past which the ScriptServer exits with code 3 "
                                     "for the master to restart it."),
                      QStringLiteral("1024"), QStringLiteral("mib")});
    config.addOption({QStringLiteral("zone-lost-timeout"),
                      QStringLiteral("Seconds without a connection to the zone after which the ScriptServer "
                                     "exits; 0 never."),
                      QStringLiteral("60"), QStringLiteral("seconds")});
}

bool ScriptSettings::fromConfig(const Config &config, ScriptSettings *settings, QString *error)
{
    if (!config.readZoneId(&settings->zone, error) || !config.readZoneUrl(&settings->zoneUrl, error))
        return false;
    settings->scriptsDir = config.value(QStringLiteral("scripts-dir"));
    if (settings->scriptsDir.isEmpty())
        settings->scriptsDir = defaultScriptsDir();
    if (settings->scriptsDir.isEmpty() || !QFileInfo(settings->scriptsDir).isDir()) {
        *error = QStringLiteral("No object scripts directory (looked for %1); set --scripts-dir.")
                     .arg(settings->scriptsDir.isEmpty() ? QStringLiteral("scripts/objects")
                                                         : settings->scriptsDir);
        return false;
    }
    settings->scriptsDir = QFileInfo(settings->scriptsDir).absoluteFilePath();
    if (!config.readInt(QStringLiteral("tick-hz"), 1, 100, &settings->tickHz, error) ||
        !config.readInt(QStringLiteral("budget-ms"), 1, 10000, &settings->budgetMs, error) ||
        !config.readInt(QStringLiteral("max-faults"), 1, 1000000, &settings->maxFaults, error) ||
        !config.readInt(QStringLiteral("max-memory-mb"), 16, 1024 * 1024, &settings->maxMemoryMb, error) ||
        !config.readInt(QStringLiteral("zone-lost-timeout"), 0, 7 * 24 * 3600, &settings->zoneLostSeconds,
                        error))
        return false;
    const QString seed = config.value(QStringLiteral("seed")).trimmed();
    if (!seed.isEmpty()) {
        bool ok = false;
        const qulonglong number = seed.toULongLong(&ok);
        if (!ok || number > 0xffffffffULL) {
            *error =
                QStringLiteral("--seed must be a whole number from 0 to 4294967295 (got \"%1\").").arg(seed);
            return false;
        }
        settings->seed = quint32(number);
    }
    return true;
}

QString ScriptSettings::defaultScriptsDir()
{
    return findShippedPath(QStringLiteral("scripts/objects"),
                           sourceTreePath(QStringLiteral("scripts/objects")));
}

} // namespace smmo
