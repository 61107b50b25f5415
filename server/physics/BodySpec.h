// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QtGlobal>

namespace smmo {

/// How an object takes part in the simulation (docs/protocol.md, "The PhysicsServer").
enum class BodyKind {
    None,    ///< no body: not physical, an offline character, or too small to collide
    Static,  ///< scenery (barrels, walls): never moves, never corrected
    Dynamic, ///< creatures: pushed by contacts, walk with their vel_x/vel_y
    Player,  ///< an online character: driven towards where the zone says it is, stopped by bodies
};

enum class BodyShape { Circle, Box };

/// What the PhysicsServer makes of one zone object (its classic JSON): the body kind, shape and
/// size, and where it is. All the rules that map objects to bodies live in fromJson(), so the
/// world and the documentation have one place to agree with.
struct BodySpec
{
    qint64 id = 0;
    BodyKind kind = BodyKind::None;
    BodyShape shape = BodyShape::Circle;
    double radius = 0;           ///< circles: half the larger of scale_x and scale_y
    double halfX = 0, halfY = 0; ///< boxes: half of scale_x and scale_y
    double angle = 0;            ///< boxes: rot_z in radians
    double x = 0, y = 0, z = 0;  ///< metres; z is carried through, never simulated
    double velX = 0, velY = 0;   ///< metres per second; drives dynamic bodies

    /// Reads an object as the zone sends it. Never throws: missing or malformed fields take the
    /// zone's defaults, and an object without a usable id or size gets kind None.
    static BodySpec fromJson(const QJsonObject &object);

    /// Objects whose shape is smaller than this (metres) get no body: Box2D cannot resolve them.
    static constexpr double minimumSize = 0.01;
    /// Largest scale taken into account (the zone's own limit).
    static constexpr double maximumScale = 1e4;

    /// Same body (kind, shape and size): a change of these needs a new Box2D fixture.
    bool sameBody(const BodySpec &other) const;
    bool isMoving() const { return kind == BodyKind::Dynamic || kind == BodyKind::Player; }
};

const char *bodyKindName(BodyKind kind);

} // namespace smmo
