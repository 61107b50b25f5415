// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "BodySpec.h"
#include "ContactRecorder.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QPair>
#include <QPointF>

#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

class b2Body;
class b2World;

namespace smmo {

/// The Box2D mirror of one zone, without any I/O: objects from the zone's bus go in (snapshot,
/// created, changed, removed), fixed steps advance it, and each step says which positions the
/// zone must correct and which collisions began. Top-down 2D without gravity, 1 unit = 1 metre;
/// z is carried through. It tells its own corrections coming back from the zone (echoes) apart
/// from moves the zone made itself, which it follows: moving bodies are driven there through the
/// simulation (so they stop at whatever is in the way), scenery is placed there.
class PhysicsWorld
{
public:
    struct Options
    {
        double stepSeconds = 1.0 / 60;
        /// Metres a body must be away from where the zone has it before it is corrected.
        double correctionThreshold = 0.05;
        /// A zone move longer than this (metres) places the body instead of driving it there.
        double teleportDistance = 5;
        /// Steps during which a pair that began touching is not reported again.
        int collisionCooldownSteps = 30;
    };

    /// A position the zone should take over (z is the zone's own, unchanged).
    struct Correction
    {
        qint64 id = 0;
        double x = 0, y = 0, z = 0;
    };
    /// Two objects began touching (id < other).
    struct Collision
    {
        qint64 id = 0;
        qint64 other = 0;
        double speed = 0; ///< approach speed along the contact normal, m/s
    };
    struct StepResult
    {
        std::vector<Correction> corrections;
        std::vector<Collision> collisions;
    };

    explicit PhysicsWorld(Options options);
    PhysicsWorld() : PhysicsWorld(Options{}) {}
    ~PhysicsWorld();
    PhysicsWorld(const PhysicsWorld &) = delete;
    PhysicsWorld &operator=(const PhysicsWorld &) = delete;

    /// Replaces everything with the zone's full snapshot (the bus hello). Contacts that exist
    /// right away are settled but not reported as collisions: they are not news.
    void load(const QJsonArray &objects);
    void clear();
    /// An object the zone created or changed (classic JSON). Malformed objects are ignored.
    void apply(const QJsonObject &object);
    void remove(qint64 id);

    /// Advances the world by one fixed step.
    StepResult step();

    const Options &options() const { return m_options; }
    int bodyCount() const { return int(m_bodies.size()); }
    int bodyCount(BodyKind kind) const;
    quint64 steps() const { return m_steps; }
    bool contains(qint64 id) const { return m_bodies.count(id) != 0; }
    BodyKind kindOf(qint64 id) const;
    /// Where the body is in the simulation.
    std::optional<QPointF> position(qint64 id) const;
    /// Where the world believes the zone has the object (its last report or our last correction).
    std::optional<QPointF> zonePosition(qint64 id) const;
    /// True while a body is still being driven to a position the zone moved it to.
    bool isDriving(qint64 id) const;
    /// Bodies not asleep (dynamic and players), for the metrics.
    int awakeBodies() const;

private:
    struct Body;

    void create(const BodySpec &spec);
    void rebuild(Body &body, const BodySpec &spec);
    b2Body *makeBox2dBody(const BodySpec &spec, double x, double y);
    void follow(Body &body, const BodySpec &spec);
    void placeAt(Body &body, double x, double y);
    void wakeAround(b2Body *body);
    void stopDriving(Body &body);
    void prepare(Body &body);
    void collectCorrection(Body &body, std::vector<Correction> &out);
    std::vector<Collision> reportableCollisions();

    Options m_options;
    std::unique_ptr<b2World> m_world;
    ContactRecorder m_contacts;
    std::unordered_map<qint64, std::unique_ptr<Body>> m_bodies;
    std::vector<Body *> m_moving; ///< dynamic bodies and players, the only ones checked per step
    QHash<QPair<qint64, qint64>, quint64> m_lastCollision; ///< pair -> step it was last reported
    quint64 m_steps = 0;
};

} // namespace smmo
