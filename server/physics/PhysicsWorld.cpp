// SPDX-License-Identifier: AGPL-3.0-or-later
#include "PhysicsWorld.h"

#include <box2d/b2_body.h>
#include <box2d/b2_circle_shape.h>
#include <box2d/b2_fixture.h>
#include <box2d/b2_polygon_shape.h>
#include <box2d/b2_world.h>

#include <cmath>
#include <deque>
#include <limits>

namespace smmo {

namespace {

// Collision categories: characters pass through each other (as in the zone's own check), but
// everything else collides with everything.
constexpr uint16 scenery = 0x0001;
constexpr uint16 character = 0x0002;

constexpr int velocityIterations = 8;
constexpr int positionIterations = 3;
// A drive ends when the body is this close to its target, or moved less than `stuck` in a step
// (something is in the way), or after maxDriveSteps (it slides along an obstacle for ever).
constexpr double arrived = 1e-3;
constexpr double stuck = 1e-4;
constexpr int maxDriveSteps = 120;
// A resting body is corrected when further than this from the zone's position (metres), plus the
// precision of Box2D's floats at its coordinates.
constexpr double restPrecision = 1e-3;
// Corrections not yet seen coming back from the zone, per body. The zone answers within a tick
// or two; at 60 Hz even a slow zone stays well within this.
constexpr size_t maxUnconfirmed = 64;
// Pushes fade out instead of sending creatures gliding for ever (there is no ground friction).
constexpr float creatureDamping = 4.0f;

double distance(double ax, double ay, double bx, double by)
{
    return std::hypot(ax - bx, ay - by);
}

// The furthest a body may travel in one step: its radius, or a box's smaller half side.
double maxStepOf(const BodySpec &spec)
{
    return spec.shape == BodyShape::Box ? qMin(spec.halfX, spec.halfY) : spec.radius;
}

} // namespace

struct PhysicsWorld::Body
{
    BodySpec spec;
    b2Body *body = nullptr;
    size_t movingIndex = 0;
    double zoneX = 0, zoneY = 0;     ///< where the zone has the object, as far as we know
    std::deque<QPointF> unconfirmed; ///< corrections sent, oldest first
    bool driving = false;
    double targetX = 0, targetY = 0;
    int driveSteps = 0;
    bool wasAwake = false;
    b2Vec2 before; ///< position at the start of the step
};

PhysicsWorld::PhysicsWorld(Options options) : m_options(options)
{
    clear();
}

PhysicsWorld::~PhysicsWorld()
{
    // Bodies go with the world; the listener must not hear about them.
    m_world->SetContactListener(nullptr);
}

void PhysicsWorld::clear()
{
    if (m_world)
        m_world->SetContactListener(nullptr);
    m_world = std::make_unique<b2World>(b2Vec2(0.0f, 0.0f));
    // Box2D's continuous collision (time of impact against every static contact, every step) costs
    // ten times the rest of a step in a crowded zone (bench_physics: 13 ms instead of 1.2 ms for
    // 5,000 bodies). Instead no body moves further than its own size in one step (prepare()), which
    // is what continuous collision protects against: nothing a centimetre thick is passed through.
    m_world->SetContinuousPhysics(false);
    m_world->SetContactListener(&m_contacts);
    m_contacts.take();
    m_bodies.clear();
    m_moving.clear();
    m_lastCollision.clear();
}

void PhysicsWorld::load(const QJsonArray &objects)
{
    clear();
    for (const auto &value : objects)
        apply(value.toObject());
    // A step of no time finds the contacts that exist right away without moving anything; their
    // beginnings are dropped, so only contacts made from now on are reported.
    m_world->Step(0.0f, velocityIterations, positionIterations);
    m_contacts.take();
}

int PhysicsWorld::bodyCount(BodyKind kind) const
{
    int count = 0;
    for (const auto &[id, body] : m_bodies)
        count += body->spec.kind == kind ? 1 : 0;
    return count;
}

BodyKind PhysicsWorld::kindOf(qint64 id) const
{
    const auto it = m_bodies.find(id);
    return it == m_bodies.end() ? BodyKind::None : it->second->spec.kind;
}

std::optional<QPointF> PhysicsWorld::position(qint64 id) const
{
    const auto it = m_bodies.find(id);
    if (it == m_bodies.end())
        return std::nullopt;
    const b2Vec2 p = it->second->body->GetPosition();
    return QPointF(double(p.x), double(p.y));
}

std::optional<QPointF> PhysicsWorld::zonePosition(qint64 id) const
{
    const auto it = m_bodies.find(id);
    if (it == m_bodies.end())
        return std::nullopt;
    return QPointF(it->second->zoneX, it->second->zoneY);
}

bool PhysicsWorld::isDriving(qint64 id) const
{
    const auto it = m_bodies.find(id);
    return it != m_bodies.end() && it->second->driving;
}

int PhysicsWorld::awakeBodies() const
{
    int count = 0;
    for (const Body *body : m_moving)
        count += body->body->IsAwake() ? 1 : 0;
    return count;
}

// Objects in ---------------------------------------------------------------------------------------

void PhysicsWorld::apply(const QJsonObject &object)
{
    const BodySpec spec = BodySpec::fromJson(object);
    if (spec.id == 0)
        return;
    const auto it = m_bodies.find(spec.id);
    if (spec.kind == BodyKind::None) {
        remove(spec.id);
        return;
    }
    if (it == m_bodies.end()) {
        create(spec);
        return;
    }
    Body &body = *it->second;
    if (!body.spec.sameBody(spec))
        rebuild(body, spec);
    follow(body, spec);
}

void PhysicsWorld::remove(qint64 id)
{
    const auto it = m_bodies.find(id);
    if (it == m_bodies.end())
        return;
    Body &body = *it->second;
    if (body.spec.isMoving()) {
        Body *last = m_moving.back();
        m_moving[body.movingIndex] = last;
        last->movingIndex = body.movingIndex;
        m_moving.pop_back();
    }
    wakeAround(body.body); // whatever rested against it may move now
    m_world->DestroyBody(body.body);
    m_bodies.erase(it);
}

b2Body *PhysicsWorld::makeBox2dBody(const BodySpec &spec, double x, double y)
{
    b2BodyDef def;
    def.position.Set(float(x), float(y));
    def.angle = float(spec.angle);
    def.fixedRotation = true; // top-down: objects do not spin, rot_* stays the zone's
    def.userData.pointer = uintptr_t(spec.id);
    switch (spec.kind) {
    case BodyKind::Static:
        def.type = b2_staticBody;
        break;
    case BodyKind::Dynamic:
        def.type = b2_dynamicBody;
        def.linearDamping = creatureDamping;
        break;
    case BodyKind::Player:
        def.type = b2_dynamicBody;
        break;
    case BodyKind::None:
        return nullptr;
    }
    b2Body *body = m_world->CreateBody(&def);

    b2FixtureDef fixture;
    fixture.density = 1.0f;
    fixture.friction = 0.0f;
    fixture.restitution = 0.0f;
    fixture.filter.categoryBits = spec.kind == BodyKind::Player ? character : scenery;
    fixture.filter.maskBits = spec.kind == BodyKind::Player ? uint16(0xFFFF & ~character) : uint16(0xFFFF);
    b2CircleShape circle;
    b2PolygonShape box;
    if (spec.shape == BodyShape::Box) {
        box.SetAsBox(float(spec.halfX), float(spec.halfY));
        fixture.shape = &box; // polygons carry a skin of b2_polygonRadius already
    } else {
        // Box2D lets resting shapes sink b2_linearSlop into each other; a skin of that size keeps
        // the objects' nominal circles apart at rest.
        circle.m_radius = float(spec.radius) + b2_linearSlop;
        fixture.shape = &circle;
    }
    body->CreateFixture(&fixture);
    return body;
}

void PhysicsWorld::create(const BodySpec &spec)
{
    auto owned = std::make_unique<Body>();
    Body &body = *owned;
    body.spec = spec;
    body.zoneX = spec.x;
    body.zoneY = spec.y;
    body.body = makeBox2dBody(spec, spec.x, spec.y);
    if (spec.isMoving()) {
        body.movingIndex = m_moving.size();
        m_moving.push_back(&body);
    } else {
        wakeAround(body.body); // sleeping creatures it landed on must be pushed out
    }
    m_bodies.emplace(spec.id, std::move(owned));
}

void PhysicsWorld::rebuild(Body &body, const BodySpec &spec)
{
    const bool wasMoving = body.spec.isMoving();
    const b2Vec2 at = body.body->GetPosition();
    wakeAround(body.body);
    m_world->DestroyBody(body.body);
    body.body = makeBox2dBody(spec, double(at.x), double(at.y));
    if (wasMoving && !spec.isMoving()) {
        Body *last = m_moving.back();
        m_moving[body.movingIndex] = last;
        last->movingIndex = body.movingIndex;
        m_moving.pop_back();
        body.driving = false;
    } else if (!wasMoving && spec.isMoving()) {
        body.movingIndex = m_moving.size();
        m_moving.push_back(&body);
    }
    body.spec.kind = spec.kind;
    wakeAround(body.body);
}

// Where the zone says the object is: our own correction coming back, or a move of its own.
void PhysicsWorld::follow(Body &body, const BodySpec &spec)
{
    const double x = spec.x, y = spec.y;
    body.spec = spec;
    for (size_t i = 0; i < body.unconfirmed.size(); ++i) {
        const QPointF sent = body.unconfirmed[i];
        if (std::abs(sent.x() - x) <= 1e-9 * (1 + std::abs(x)) &&
            std::abs(sent.y() - y) <= 1e-9 * (1 + std::abs(y))) {
            // An echo. Corrections sent before it are superseded; the zone will next report the
            // latest one (zoneX/zoneY), so nothing moves.
            body.unconfirmed.erase(body.unconfirmed.begin(), body.unconfirmed.begin() + qsizetype(i) + 1);
            return;
        }
    }
    if (x == body.zoneX && y == body.zoneY)
        return; // another field changed
    body.zoneX = x;
    body.zoneY = y;
    body.unconfirmed.clear();
    if (!spec.isMoving()) {
        placeAt(body, x, y);
        return;
    }
    const b2Vec2 at = body.body->GetPosition();
    if (distance(double(at.x), double(at.y), x, y) > m_options.teleportDistance) {
        placeAt(body, x, y);
        return;
    }
    body.driving = true;
    body.targetX = x;
    body.targetY = y;
    body.driveSteps = 0;
    body.body->SetAwake(true);
}

void PhysicsWorld::placeAt(Body &body, double x, double y)
{
    wakeAround(body.body);
    body.body->SetTransform(b2Vec2(float(x), float(y)), float(body.spec.angle));
    body.driving = false;
    if (body.spec.isMoving()) {
        body.body->SetLinearVelocity(b2Vec2(0.0f, 0.0f));
        body.body->SetAwake(true);
    }
    wakeAround(body.body);
}

// Box2D does not wake sleeping bodies when scenery appears, moves or vanishes next to them.
void PhysicsWorld::wakeAround(b2Body *body)
{
    if (!body)
        return;
    b2AABB box;
    box.lowerBound.Set(std::numeric_limits<float>::max(), std::numeric_limits<float>::max());
    box.upperBound = -box.lowerBound;
    for (b2Fixture *fixture = body->GetFixtureList(); fixture; fixture = fixture->GetNext())
        box.Combine(fixture->GetAABB(0));
    if (!body->GetFixtureList())
        return;
    struct Waker : b2QueryCallback
    {
        b2Body *self = nullptr;
        bool ReportFixture(b2Fixture *fixture) override
        {
            b2Body *other = fixture->GetBody();
            if (other != self && other->GetType() == b2_dynamicBody)
                other->SetAwake(true);
            return true;
        }
    } waker;
    waker.self = body;
    m_world->QueryAABB(&waker, box);
}

// Stepping -----------------------------------------------------------------------------------------

void PhysicsWorld::prepare(Body &body)
{
    b2Body &b = *body.body;
    body.wasAwake = b.IsAwake();
    body.before = b.GetPosition();
    const float inverseStep = float(1.0 / m_options.stepSeconds);
    if (body.driving) {
        // Velocity-driven: reach the target within this step unless something is in the way (or
        // the step limit below makes it take a few steps).
        b.SetLinearVelocity(inverseStep *
                            b2Vec2(float(body.targetX) - body.before.x, float(body.targetY) - body.before.y));
        b.SetAwake(true);
        body.wasAwake = true;
    } else if (body.spec.kind == BodyKind::Player) {
        // Characters stand still unless the zone moves them; pushes do not set them gliding.
        if (b.GetLinearVelocity().LengthSquared() > 0)
            b.SetLinearVelocity(b2Vec2(0.0f, 0.0f));
    } else if (body.spec.velX != 0 || body.spec.velY != 0) {
        // A creature walks with the velocity its object carries (vel_x, vel_y in m/s).
        b.SetLinearVelocity(b2Vec2(float(body.spec.velX), float(body.spec.velY)));
        body.wasAwake = true;
    }
    // At most its own size per step: without continuous collision, that is what keeps a body
    // from jumping through another (it overlaps it at the end of some step and is pushed back).
    const b2Vec2 velocity = b.GetLinearVelocity();
    const float maxSpeed = float(maxStepOf(body.spec)) * inverseStep;
    if (velocity.LengthSquared() > maxSpeed * maxSpeed)
        b.SetLinearVelocity((maxSpeed / velocity.Length()) * velocity);
}

void PhysicsWorld::stopDriving(Body &body)
{
    body.driving = false;
    body.body->SetLinearVelocity(b2Vec2(0.0f, 0.0f));
}

void PhysicsWorld::collectCorrection(Body &body, std::vector<Correction> &out)
{
    if (!body.wasAwake && !body.body->IsAwake())
        return;
    const b2Vec2 at = body.body->GetPosition();
    const double x = double(at.x), y = double(at.y);
    const bool resting = double((at - body.before).Length()) < stuck;
    if (body.driving) {
        const double remaining = distance(x, y, body.targetX, body.targetY);
        if (remaining <= arrived || resting || ++body.driveSteps >= maxDriveSteps)
            stopDriving(body);
        else
            return; // on its way: the zone already has the target
    }
    // While it moves, a body is corrected each time it gets further than the threshold from where
    // the zone has it; once it rests, exactly (to within float precision), so that settled objects
    // end where the simulation put them and not up to a threshold short of it.
    const double off = distance(x, y, body.zoneX, body.zoneY);
    const double restTolerance = restPrecision + 1e-7 * qMax(std::abs(x), std::abs(y));
    if (off <= m_options.correctionThreshold && !(resting && off > restTolerance))
        return;
    out.push_back({body.spec.id, x, y, body.spec.z});
    body.zoneX = x;
    body.zoneY = y;
    body.unconfirmed.push_back(QPointF(x, y));
    if (body.unconfirmed.size() > maxUnconfirmed)
        body.unconfirmed.pop_front();
}

std::vector<PhysicsWorld::Collision> PhysicsWorld::reportableCollisions()
{
    std::vector<Collision> collisions;
    const auto begun = m_contacts.take();
    const quint64 cooldown = quint64(qMax(0, m_options.collisionCooldownSteps));
    for (const auto &contact : begun) {
        const QPair<qint64, qint64> pair(contact.a, contact.b);
        const auto last = m_lastCollision.constFind(pair);
        if (last != m_lastCollision.cend() && m_steps - *last < cooldown)
            continue;
        m_lastCollision.insert(pair, m_steps);
        collisions.push_back({contact.a, contact.b, contact.speed});
    }
    // Forget pairs whose cooldown is over, now and then, so the table stays small.
    if (cooldown > 0 && m_steps % cooldown == 0) {
        for (auto it = m_lastCollision.begin(); it != m_lastCollision.end();)
            it = m_steps - *it >= cooldown ? m_lastCollision.erase(it) : std::next(it);
    }
    return collisions;
}

PhysicsWorld::StepResult PhysicsWorld::step()
{
    for (Body *body : m_moving)
        prepare(*body);
    m_world->Step(float(m_options.stepSeconds), velocityIterations, positionIterations);
    ++m_steps;
    StepResult result;
    for (Body *body : m_moving)
        collectCorrection(*body, result.corrections);
    result.collisions = reportableCollisions();
    return result;
}

} // namespace smmo
