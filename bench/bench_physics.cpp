// SPDX-License-Identifier: AGPL-3.0-or-later
// bench_physics: the PhysicsServer's world (PhysicsWorld::step: driving players, walking creatures,
// Box2D, corrections, collisions) next to a raw Box2D loop over the same bodies, in the same run,
// for 1,000, 5,000 and 10,000 bodies; then the CPU one process spends simulating each scene in
// real time at 20 Hz and 60 Hz (the server's fixed-step loop, with its bus messages serialised).
// Prints figures; asserts nothing.
//
//   bench_physics [--sizes 1000,5000,10000] [--steps 300] [--seconds 2]
#include "PhysicsWorld.h"
#include "StepLoop.h"

#include <box2d/box2d.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>
#include <vector>

#include <time.h>

using namespace smmo;

namespace {

// One object of the scene, as the zone would send it, plus what the benchmark does with it.
struct Thing
{
    QJsonObject json;
    BodySpec spec;
};

// A zone-like scene of `count` objects on a square of about 4 m^2 per object: 30 % barrels, 5 %
// box walls, 60 % creatures (a tenth of them walking at 1 m/s), 5 % online characters.
std::vector<Thing> makeScene(int count, quint32 seed)
{
    QRandomGenerator random(seed);
    const double side = std::sqrt(4.0 * count);
    const auto coordinate = [&] { return random.bounded(side) - side / 2; };
    std::vector<Thing> scene;
    scene.reserve(size_t(count));
    for (int i = 0; i < count; ++i) {
        const int kind = int(random.bounded(100));
        QJsonObject o{{"id", i + 1},
                      {"name", "Thing"},
                      {"loc_x", coordinate()},
                      {"loc_y", coordinate()},
                      {"loc_z", 0},
                      {"scale_x", 1},
                      {"scale_y", 1},
                      {"scale_z", 1},
                      {"speed", 0},
                      {"vel_x", 0},
                      {"vel_y", 0},
                      {"states", QJsonArray{}},
                      {"scripts", QJsonArray{}},
                      {"physical", true}};
        if (kind < 30) {
            // a barrel
        } else if (kind < 35) {
            o.insert("states", QJsonArray{"box"});
            o.insert("scale_x", 3);
            o.insert("rot_z", random.bounded(180.0));
        } else if (kind < 95) {
            o.insert("scripts", QJsonArray{"creature"});
            o.insert("speed", 1);
            o.insert("scale_x", 0.6 + random.bounded(0.6));
            o.insert("scale_y", o.value("scale_x"));
            if (random.bounded(10) == 0) {
                const double angle = random.bounded(2 * std::numbers::pi);
                o.insert("vel_x", std::cos(angle));
                o.insert("vel_y", std::sin(angle));
            }
        } else {
            o.insert("states", QJsonArray{"player", "online"});
            o.insert("physical", false);
            o.insert("speed", 1);
        }
        scene.push_back({o, BodySpec::fromJson(o)});
    }
    return scene;
}

// The same bodies in a bare b2World, built as PhysicsWorld builds them (types, shapes, skins,
// damping, filters, no continuous collision, at most its own size per step), stepped with the
// same step and iterations and nothing else around it. With `box2dDefaults` it keeps Box2D's
// continuous collision on instead, for comparison.
class RawWorld
{
public:
    RawWorld(const std::vector<Thing> &scene, double stepSeconds, bool box2dDefaults = false)
        : m_world(b2Vec2(0.0f, 0.0f)), m_step(float(stepSeconds)), m_clamp(!box2dDefaults)
    {
        m_world.SetContinuousPhysics(box2dDefaults);
        for (const Thing &thing : scene) {
            const BodySpec &s = thing.spec;
            b2BodyDef def;
            def.position.Set(float(s.x), float(s.y));
            def.angle = float(s.angle);
            def.fixedRotation = true;
            def.type = s.kind == BodyKind::Static ? b2_staticBody : b2_dynamicBody;
            def.linearDamping = s.kind == BodyKind::Dynamic ? 4.0f : 0.0f;
            b2Body *body = m_world.CreateBody(&def);
            b2FixtureDef fixture;
            fixture.density = 1.0f;
            fixture.friction = 0.0f;
            fixture.filter.categoryBits = s.kind == BodyKind::Player ? 2 : 1;
            fixture.filter.maskBits = s.kind == BodyKind::Player ? 0xFFFD : 0xFFFF;
            b2CircleShape circle;
            b2PolygonShape box;
            if (s.shape == BodyShape::Box) {
                box.SetAsBox(float(s.halfX), float(s.halfY));
                fixture.shape = &box;
            } else {
                circle.m_radius = float(s.radius) + b2_linearSlop;
                fixture.shape = &circle;
            }
            body->CreateFixture(&fixture);
            const float maxSpeed =
                float(s.shape == BodyShape::Box ? std::min(s.halfX, s.halfY) : s.radius) / m_step;
            if (s.kind == BodyKind::Dynamic && (s.velX != 0 || s.velY != 0))
                m_walkers.push_back({body, b2Vec2(float(s.velX), float(s.velY)), maxSpeed});
            if (s.kind == BodyKind::Player)
                m_players.push_back({body, body->GetPosition(), maxSpeed});
        }
    }
    /// A character's move as the zone reports it: go to (x, y), one step or more.
    void drive(size_t player, double x, double y) { m_players[player].aim.Set(float(x), float(y)); }
    void step()
    {
        for (auto &walker : m_walkers)
            walker.body->SetLinearVelocity(limited(walker.aim, walker.maxSpeed));
        for (auto &player : m_players)
            player.body->SetLinearVelocity(
                limited((1.0f / m_step) * (player.aim - player.body->GetPosition()), player.maxSpeed));
        m_world.Step(m_step, 8, 3);
    }

private:
    struct Mover
    {
        b2Body *body;
        b2Vec2 aim; ///< walkers: their velocity; players: where they are going
        float maxSpeed;
    };
    b2Vec2 limited(b2Vec2 v, float maxSpeed) const
    {
        const float length = v.Length();
        return m_clamp && length > maxSpeed ? (maxSpeed / length) * v : v;
    }
    b2World m_world;
    float m_step;
    bool m_clamp;
    std::vector<Mover> m_walkers;
    std::vector<Mover> m_players;
};

// Characters wander: every `every` steps each moves 1 m in a random direction, as a zone reports
// moves at its tick rate. Both worlds get the same moves.
class Wanderers
{
public:
    Wanderers(const std::vector<Thing> &scene, quint32 seed) : m_random(seed)
    {
        for (const Thing &thing : scene)
            if (thing.spec.kind == BodyKind::Player)
                m_players.push_back({thing.json, thing.spec.x, thing.spec.y});
    }
    template <typename Apply> void move(Apply apply)
    {
        for (size_t i = 0; i < m_players.size(); ++i) {
            auto &p = m_players[i];
            const double angle = m_random.bounded(2 * std::numbers::pi);
            p.x += std::cos(angle);
            p.y += std::sin(angle);
            p.json.insert("loc_x", p.x);
            p.json.insert("loc_y", p.y);
            apply(i, p.json, p.x, p.y);
        }
    }

private:
    struct Player
    {
        QJsonObject json;
        double x, y;
    };
    QRandomGenerator m_random;
    std::vector<Player> m_players;
};

double cpuSeconds()
{
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
}

struct Stats
{
    double mean = 0, p50 = 0, p99 = 0;
};

Stats stats(std::vector<double> ms)
{
    Stats s;
    if (ms.empty())
        return s;
    std::sort(ms.begin(), ms.end());
    s.mean = std::accumulate(ms.begin(), ms.end(), 0.0) / double(ms.size());
    s.p50 = ms[ms.size() / 2];
    s.p99 = ms[std::min(ms.size() - 1, size_t(0.99 * double(ms.size())))];
    return s;
}

// The server's work per step besides the world: each correction and collision as the bus
// message it sends (serialised, not sent).
qsizetype serialise(const PhysicsWorld::StepResult &result)
{
    qsizetype bytes = 0;
    for (const auto &c : result.corrections)
        bytes += QJsonDocument(
                     QJsonObject{
                         {"type", "correct"}, {"id", c.id}, {"loc_x", c.x}, {"loc_y", c.y}, {"loc_z", c.z}})
                     .toJson(QJsonDocument::Compact)
                     .size();
    for (const auto &c : result.collisions)
        for (const auto &[id, other] : {std::pair(c.id, c.other), std::pair(c.other, c.id)})
            bytes += QJsonDocument(QJsonObject{{"type", "action"},
                                               {"action", "event"},
                                               {"id", id},
                                               {"event", "collision"},
                                               {"data", QJsonObject{{"other", other}, {"speed", c.speed}}}})
                         .toJson(QJsonDocument::Compact)
                         .size();
    return bytes;
}

struct StepFigures
{
    Stats world, raw, defaults;
    double correctionsPerStep = 0;
    double collisionsPerStep = 0;
};

// Step time: the worlds built from the same scene, stepped in alternating blocks (so all see the
// same machine load), the same character moves every 6 steps (a 10 Hz zone at 60 Hz).
StepFigures measureSteps(const std::vector<Thing> &scene, int steps)
{
    const double dt = 1.0 / 60;
    PhysicsWorld::Options options;
    options.stepSeconds = dt;
    PhysicsWorld world(options);
    QJsonArray snapshot;
    for (const Thing &thing : scene)
        snapshot.append(thing.json);
    world.load(snapshot);
    RawWorld raw(scene, dt);
    RawWorld defaults(scene, dt, true);
    Wanderers forWorld(scene, 7), forRaw(scene, 7), forDefaults(scene, 7);

    std::vector<double> worldMs, rawMs, defaultsMs;
    quint64 corrections = 0, collisions = 0;
    constexpr int warmUp = 60;
    constexpr int block = 50;
    int done = 0;
    QElapsedTimer timer;
    for (int stepIndex = 0; done < steps + warmUp; stepIndex += block) {
        for (int i = 0; i < block; ++i) {
            if ((stepIndex + i) % 6 == 0)
                forWorld.move([&](size_t, const QJsonObject &json, double, double) { world.apply(json); });
            timer.start();
            const auto result = world.step();
            const double ms = double(timer.nsecsElapsed()) / 1e6;
            if (done + i >= warmUp) {
                worldMs.push_back(ms);
                corrections += result.corrections.size();
                collisions += result.collisions.size();
            }
        }
        for (int i = 0; i < block; ++i) {
            if ((stepIndex + i) % 6 == 0)
                forRaw.move(
                    [&](size_t player, const QJsonObject &, double x, double y) { raw.drive(player, x, y); });
            timer.start();
            raw.step();
            const double ms = double(timer.nsecsElapsed()) / 1e6;
            if (done + i >= warmUp)
                rawMs.push_back(ms);
        }
        for (int i = 0; i < block; ++i) {
            if ((stepIndex + i) % 6 == 0)
                forDefaults.move([&](size_t player, const QJsonObject &, double x, double y) {
                    defaults.drive(player, x, y);
                });
            timer.start();
            defaults.step();
            const double ms = double(timer.nsecsElapsed()) / 1e6;
            if (done + i >= warmUp)
                defaultsMs.push_back(ms);
        }
        done += block;
    }
    StepFigures figures{stats(worldMs), stats(rawMs), stats(defaultsMs), 0, 0};
    figures.correctionsPerStep = double(corrections) / double(worldMs.size());
    figures.collisionsPerStep = double(collisions) / double(worldMs.size());
    return figures;
}

// CPU share of one core while simulating in real time at `hz` for `seconds`, through the same
// StepLoop the server runs (timer wake-ups, accumulator, never faster than real time).
template <typename Step> double cpuPercent(double hz, double seconds, Step step)
{
    StepLoop loop(hz, 5, step);
    QEventLoop events;
    QTimer::singleShot(int(seconds * 1000), &events, &QEventLoop::quit);
    const double cpuBefore = cpuSeconds();
    QElapsedTimer wall;
    wall.start();
    loop.start();
    events.exec();
    loop.stop();
    const double cpu = cpuSeconds() - cpuBefore;
    return 100.0 * cpu / (double(wall.nsecsElapsed()) / 1e9);
}

struct CpuFigures
{
    double world = 0, raw = 0;
};

CpuFigures measureCpu(const std::vector<Thing> &scene, int hz, double seconds)
{
    const double dt = 1.0 / hz;
    const int moveEvery = std::max(1, hz / 10);
    CpuFigures figures;
    {
        PhysicsWorld::Options options;
        options.stepSeconds = dt;
        PhysicsWorld world(options);
        QJsonArray snapshot;
        for (const Thing &thing : scene)
            snapshot.append(thing.json);
        world.load(snapshot);
        Wanderers wanderers(scene, 11);
        int n = 0;
        figures.world = cpuPercent(hz, seconds, [&] {
            if (n++ % moveEvery == 0)
                wanderers.move([&](size_t, const QJsonObject &json, double, double) { world.apply(json); });
            serialise(world.step());
        });
    }
    {
        RawWorld raw(scene, dt);
        Wanderers wanderers(scene, 11);
        int n = 0;
        figures.raw = cpuPercent(hz, seconds, [&] {
            if (n++ % moveEvery == 0)
                wanderers.move(
                    [&](size_t player, const QJsonObject &, double x, double y) { raw.drive(player, x, y); });
            raw.step();
        });
    }
    return figures;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("PhysicsServer world vs raw Box2D: step time and CPU."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("sizes"), QStringLiteral("Body counts, comma-separated."),
                      QStringLiteral("list"), QStringLiteral("1000,5000,10000")});
    parser.addOption({QStringLiteral("steps"), QStringLiteral("Timed steps per world and size."),
                      QStringLiteral("n"), QStringLiteral("300")});
    parser.addOption({QStringLiteral("seconds"), QStringLiteral("Wall time of each CPU measurement."),
                      QStringLiteral("s"), QStringLiteral("2")});
    parser.process(app);
    QList<int> sizes;
    for (const QString &size : parser.value(QStringLiteral("sizes")).split(QLatin1Char(',')))
        if (size.toInt() > 0)
            sizes.append(size.toInt());
    const int steps = std::max(50, parser.value(QStringLiteral("steps")).toInt());
    const double seconds = std::max(0.5, parser.value(QStringLiteral("seconds")).toDouble());

    QTextStream out(stdout);
    out << "Scene: ~4 m^2 per body; 30% barrels, 5% box walls, 60% creatures (10% of them walking 1 m/s),\n"
           "5% characters moving 1 m every 100 ms. Step 1/60 s, 8 velocity / 3 position iterations.\n\n";
    out << "Step time (ms), PhysicsWorld::step vs raw b2World::Step on the same bodies and settings, "
        << steps
        << " steps each,\nalternating blocks; ratio = world / raw means; raw+CCD = the raw loop with Box2D's "
           "default "
           "continuous\ncollision, which PhysicsWorld turns off (mean):\n";
    out << QStringLiteral("%1 | %2 %3 %4 | %5 %6 %7 | %8 | %9 | %10 %11\n")
               .arg("bodies", 7)
               .arg("world mean", 10)
               .arg("p50", 7)
               .arg("p99", 7)
               .arg("raw mean", 9)
               .arg("p50", 7)
               .arg("p99", 7)
               .arg("ratio", 6)
               .arg("raw+CCD", 8)
               .arg("corr/step", 9)
               .arg("coll/step", 9);
    out.flush();
    for (const int size : sizes) {
        const auto scene = makeScene(size, 42);
        const StepFigures f = measureSteps(scene, steps);
        out << QStringLiteral("%1 | %2 %3 %4 | %5 %6 %7 | %8 | %9 | %10 %11\n")
                   .arg(size, 7)
                   .arg(f.world.mean, 10, 'f', 3)
                   .arg(f.world.p50, 7, 'f', 3)
                   .arg(f.world.p99, 7, 'f', 3)
                   .arg(f.raw.mean, 9, 'f', 3)
                   .arg(f.raw.p50, 7, 'f', 3)
                   .arg(f.raw.p99, 7, 'f', 3)
                   .arg(f.world.mean / f.raw.mean, 6, 'f', 2)
                   .arg(f.defaults.mean, 8, 'f', 3)
                   .arg(f.correctionsPerStep, 9, 'f', 1)
                   .arg(f.collisionsPerStep, 9, 'f', 2);
        out.flush();
    }

    out << "\nCPU (% of one core) simulating in real time for " << seconds
        << " s through StepLoop; world = PhysicsWorld::step plus serialising its bus messages:\n";
    out << QStringLiteral("%1 | %2 %3 | %4 %5\n")
               .arg("bodies", 7)
               .arg("world 20Hz", 10)
               .arg("raw 20Hz", 9)
               .arg("world 60Hz", 10)
               .arg("raw 60Hz", 9);
    out.flush();
    for (const int size : sizes) {
        const auto scene = makeScene(size, 42);
        const CpuFigures at20 = measureCpu(scene, 20, seconds);
        const CpuFigures at60 = measureCpu(scene, 60, seconds);
        out << QStringLiteral("%1 | %2 %3 | %4 %5\n")
                   .arg(size, 7)
                   .arg(at20.world, 9, 'f', 1)
                   .arg(at20.raw, 8, 'f', 1)
                   .arg(at60.world, 9, 'f', 1)
                   .arg(at60.raw, 8, 'f', 1);
        out.flush();
    }
    return 0;
}
