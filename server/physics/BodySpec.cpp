// SPDX-License-Identifier: AGPL-3.0-or-later
#include "BodySpec.h"

#include <QJsonArray>

#include <cmath>
#include <numbers>

namespace smmo {

namespace {

// The zone's coordinate limit; anything outside it (or not a number) is not trusted.
constexpr double maxCoordinate = 1e6;

double number(const QJsonObject &object, const char *key, double fallback, double low, double high)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (!value.isDouble() || !std::isfinite(value.toDouble()))
        return fallback;
    return qBound(low, value.toDouble(), high);
}

bool hasState(const QJsonArray &states, const char *state)
{
    for (const auto &value : states)
        if (value.toString() == QLatin1String(state))
            return true;
    return false;
}

} // namespace

BodySpec BodySpec::fromJson(const QJsonObject &object)
{
    BodySpec spec;
    const QJsonValue idValue = object.value(QStringLiteral("id"));
    if (!idValue.isDouble() || idValue.toDouble() < 1 || idValue.toDouble() > 9007199254740992.0)
        return spec;
    spec.id = qint64(idValue.toDouble());
    spec.x = number(object, "loc_x", 0, -maxCoordinate, maxCoordinate);
    spec.y = number(object, "loc_y", 0, -maxCoordinate, maxCoordinate);
    spec.z = number(object, "loc_z", 0, -maxCoordinate, maxCoordinate);
    spec.velX = number(object, "vel_x", 0, -1e4, 1e4);
    spec.velY = number(object, "vel_y", 0, -1e4, 1e4);
    const double scaleX = number(object, "scale_x", 1, 0, maximumScale);
    const double scaleY = number(object, "scale_y", 1, 0, maximumScale);
    const double speed = number(object, "speed", 0, 0, 1e4);
    const QJsonArray states = object.value(QStringLiteral("states")).toArray();
    const bool hasScripts = !object.value(QStringLiteral("scripts")).toArray().isEmpty();
    const bool physical = object.value(QStringLiteral("physical")).toBool(false);

    // Shape: a box where the object says so (state "box"), else a circle like the zone's own check.
    if (hasState(states, "box")) {
        spec.shape = BodyShape::Box;
        spec.halfX = 0.5 * scaleX;
        spec.halfY = 0.5 * scaleY;
        spec.angle = number(object, "rot_z", 0, -360, 360) * std::numbers::pi / 180.0;
        if (scaleX < minimumSize || scaleY < minimumSize)
            return spec;
    } else {
        spec.radius = 0.5 * qMax(scaleX, scaleY);
        if (2 * spec.radius < minimumSize)
            return spec;
    }

    // Kind: characters while online; other objects only when physical. Explicit states win; else
    // an object that has no script to move it, or cannot move (speed 0), is scenery.
    if (hasState(states, "player"))
        spec.kind = hasState(states, "online") ? BodyKind::Player : BodyKind::None;
    else if (!physical)
        spec.kind = BodyKind::None;
    else if (hasState(states, "static"))
        spec.kind = BodyKind::Static;
    else if (hasState(states, "dynamic"))
        spec.kind = BodyKind::Dynamic;
    else if (!hasScripts || speed <= 0)
        spec.kind = BodyKind::Static;
    else
        spec.kind = BodyKind::Dynamic;
    return spec;
}

bool BodySpec::sameBody(const BodySpec &other) const
{
    return kind == other.kind && shape == other.shape && radius == other.radius && halfX == other.halfX &&
           halfY == other.halfY && angle == other.angle;
}

const char *bodyKindName(BodyKind kind)
{
    switch (kind) {
    case BodyKind::Static:
        return "static";
    case BodyKind::Dynamic:
        return "dynamic";
    case BodyKind::Player:
        return "player";
    case BodyKind::None:
        break;
    }
    return "none";
}

} // namespace smmo
