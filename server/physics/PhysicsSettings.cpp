// SPDX-License-Identifier: AGPL-3.0-or-later
#include "PhysicsSettings.h"

#include "Config.h"

namespace smmo {

void PhysicsSettings::addOptions(Config &config)
{
    config.addOption(
        {QStringLiteral("zone"),
         QStringLiteral("Zone instance id <instancetype>-<zonename>-<owner> to simulate (required)."),
         QString(), QStringLiteral("zoneid")});
    config.addOption(
        {QStringLiteral("zone-url"),
         QStringLiteral("The zone's HTTP URL; its bus is the WebSocket /stream there (required)."), QString(),
         QStringLiteral("url")});
    config.addOption({QStringLiteral("step-hz"), QStringLiteral("Fixed simulation steps per second."),
                      QStringLiteral("60"), QStringLiteral("hz")});
    config.addOption({QStringLiteral("correction-threshold"),
                      QStringLiteral("Metres a body must be away from the zone's position before it is "
                                     "corrected."),
                      QStringLiteral("0.05"), QStringLiteral("metres")});
    config.addOption({QStringLiteral("teleport-distance"),
                      QStringLiteral("A zone move longer than this places the body instead of driving it "
                                     "there through the simulation."),
                      QStringLiteral("5"), QStringLiteral("metres")});
    config.addOption({QStringLiteral("max-catch-up-steps"),
                      QStringLiteral("Most steps run at once after a stall; further due steps are dropped."),
                      QStringLiteral("5"), QStringLiteral("count")});
    config.addOption({QStringLiteral("collision-cooldown-ms"),
                      QStringLiteral("A pair that began touching is not reported again within this time."),
                      QStringLiteral("500"), QStringLiteral("ms")});
    config.addOption(
        {QStringLiteral("reconnect-ms"),
         QStringLiteral("Milliseconds between attempts to reach the zone's bus while it is down."),
         QStringLiteral("1000"), QStringLiteral("ms")});
    config.addOption({QStringLiteral("zone-lost-timeout"),
                      QStringLiteral("Seconds without the zone's bus after which the server exits; 0 never."),
                      QStringLiteral("60"), QStringLiteral("seconds")});
}

bool PhysicsSettings::fromConfig(const Config &config, PhysicsSettings *settings, QString *error)
{
    return config.readZoneId(&settings->zone, error) && config.readZoneUrl(&settings->zoneUrl, error) &&
           config.readInt(QStringLiteral("step-hz"), 1, 1000, &settings->stepHz, error) &&
           config.readDouble(QStringLiteral("correction-threshold"), 0.001, 100,
                             &settings->correctionThreshold, error) &&
           config.readDouble(QStringLiteral("teleport-distance"), 0.1, 1e6, &settings->teleportDistance,
                             error) &&
           config.readInt(QStringLiteral("max-catch-up-steps"), 1, 1000, &settings->maxCatchUpSteps, error) &&
           config.readInt(QStringLiteral("collision-cooldown-ms"), 0, 3600 * 1000,
                          &settings->collisionCooldownMs, error) &&
           config.readInt(QStringLiteral("reconnect-ms"), 50, 600 * 1000, &settings->reconnectMs, error) &&
           config.readInt(QStringLiteral("zone-lost-timeout"), 0, 30 * 24 * 3600,
                          &settings->zoneLostTimeoutSeconds, error);
}

} // namespace smmo
