// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "ZoneObject.h"

#include <QList>
#include <QString>

namespace smmo {

/// A zone's definition, read from `scripts/zones/<zonename>.json`: the objects a new instance of
/// the zone starts with and where characters appear.
///
/// Format: {"name", "description", "spawn": {"x", "y", "z"}, "objects": [entry, ...]} where an entry
/// holds classic object fields (name, resource, loc_*, rot_*, scale_*, speed, vel_*, states,
/// scripts, physical) and may stand for several objects: "count" N with "area" {"x", "y",
/// "width", "height"} and "layout" "grid" (rows and columns, the default) or "scatter" (positions
/// from a fixed seed, so every instance gets the same ones).
struct ZoneDefinition
{
    QString name;
    QString description;
    double spawnX = 0, spawnY = 0, spawnZ = 0;
    QList<ZoneObject> objects; ///< without ids

    /// Reads and checks a definition file; throws std::runtime_error naming the file and the problem.
    static ZoneDefinition load(const QString &path);
    /// Parses a definition; throws ApiError 400 naming the problem.
    static ZoneDefinition fromJson(const QJsonObject &json);
};

} // namespace smmo
