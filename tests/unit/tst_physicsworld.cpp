// SPDX-License-Identifier: AGPL-3.0-or-later
// The PhysicsServer's world in-process, with Box2D: which objects become which bodies, settling
// of overlaps, players stopped at scenery, corrections and their echoes, moves made by the zone,
// collisions, and the fixed-step clock.
#include "BodySpec.h"
#include "FixedStepClock.h"
#include "PhysicsWorld.h"
#include "StepLoop.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QtTest>

#include <cmath>
#include <numbers>

using namespace smmo;

namespace {

QJsonObject object(qint64 id, double x, double y, QJsonObject extra = {})
{
    QJsonObject o{{"id", id},
                  {"name", "Thing"},
                  {"loc_x", x},
                  {"loc_y", y},
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
    for (auto it = extra.begin(); it != extra.end(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

QJsonObject barrel(qint64 id, double x, double y)
{
    return object(id, x, y);
}

QJsonObject chicken(qint64 id, double x, double y, QJsonObject extra = {})
{
    if (!extra.contains("scripts"))
        extra.insert("scripts", QJsonArray{"chicken"});
    extra.insert("speed", 1);
    return object(id, x, y, extra);
}

QJsonObject player(qint64 id, double x, double y, QJsonObject extra = {})
{
    if (!extra.contains("states"))
        extra.insert("states", QJsonArray{"player", "online"});
    extra.insert("physical", false);
    extra.insert("speed", 1);
    return object(id, x, y, extra);
}

double gap(const PhysicsWorld &world, qint64 a, qint64 b)
{
    return QLineF(*world.position(a), *world.position(b)).length();
}

// Distance from a point to an axis-aligned box around (cx, cy) with half extents (hx, hy).
double distanceToBox(QPointF p, double cx, double cy, double hx, double hy)
{
    const double dx = qMax(0.0, std::abs(p.x() - cx) - hx);
    const double dy = qMax(0.0, std::abs(p.y() - cy) - hy);
    return std::hypot(dx, dy);
}

// Steps until `done` holds, at most `limit` steps; collects everything the steps reported.
struct Run
{
    std::vector<PhysicsWorld::Correction> corrections;
    std::vector<PhysicsWorld::Collision> collisions;
    int steps = 0;
};
Run stepUntil(PhysicsWorld &world, int limit, const std::function<bool()> &done = {})
{
    Run run;
    while (run.steps < limit && !(done && done())) {
        auto result = world.step();
        ++run.steps;
        run.corrections.insert(run.corrections.end(), result.corrections.begin(), result.corrections.end());
        run.collisions.insert(run.collisions.end(), result.collisions.begin(), result.collisions.end());
    }
    return run;
}

const PhysicsWorld::Correction *lastCorrectionOf(const Run &run, qint64 id)
{
    for (auto it = run.corrections.rbegin(); it != run.corrections.rend(); ++it)
        if (it->id == id)
            return &*it;
    return nullptr;
}

bool collided(const Run &run, qint64 a, qint64 b)
{
    for (const auto &c : run.collisions)
        if ((c.id == a && c.other == b) || (c.id == b && c.other == a))
            return true;
    return false;
}

} // namespace

class TestPhysicsWorld : public QObject
{
    Q_OBJECT

private slots:
    // Objects to bodies ----------------------------------------------------------------------------

    void bodyRules_data()
    {
        QTest::addColumn<QJsonObject>("object");
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("shape");
        QTest::newRow("barrel: no scripts")
            << barrel(1, 0, 0) << int(BodyKind::Static) << int(BodyShape::Circle);
        QTest::newRow("chicken: scripts and speed")
            << chicken(1, 0, 0) << int(BodyKind::Dynamic) << int(BodyShape::Circle);
        QTest::newRow("npc: scripts but speed 0") << object(1, 0, 0, {{"scripts", QJsonArray{"linnea"}}})
                                                  << int(BodyKind::Static) << int(BodyShape::Circle);
        QTest::newRow("not physical")
            << object(1, 0, 0, {{"physical", false}}) << int(BodyKind::None) << int(BodyShape::Circle);
        QTest::newRow("player online") << player(1, 0, 0) << int(BodyKind::Player) << int(BodyShape::Circle);
        QTest::newRow("player offline") << player(1, 0, 0, {{"states", QJsonArray{"player", "offline"}}})
                                        << int(BodyKind::None) << int(BodyShape::Circle);
        QTest::newRow("box wall") << object(1, 0, 0, {{"states", QJsonArray{"box"}}, {"scale_x", 10}})
                                  << int(BodyKind::Static) << int(BodyShape::Box);
        QTest::newRow("state static wins") << chicken(1, 0, 0, {{"states", QJsonArray{"static"}}})
                                           << int(BodyKind::Static) << int(BodyShape::Circle);
        QTest::newRow("state dynamic wins") << object(1, 0, 0, {{"states", QJsonArray{"dynamic", "box"}}})
                                            << int(BodyKind::Dynamic) << int(BodyShape::Box);
        QTest::newRow("scale 0") << object(1, 0, 0, {{"scale_x", 0}, {"scale_y", 0}}) << int(BodyKind::None)
                                 << int(BodyShape::Circle);
        QTest::newRow("flat box") << object(1, 0, 0, {{"states", QJsonArray{"box"}}, {"scale_y", 0}})
                                  << int(BodyKind::None) << int(BodyShape::Box);
        QTest::newRow("no id") << QJsonObject{{"loc_x", 1}, {"physical", true}} << int(BodyKind::None)
                               << int(BodyShape::Circle);
        QTest::newRow("garbage fields")
            << object(1, 0, 0,
                      {{"loc_x", "far"}, {"scale_x", QJsonArray{}}, {"states", "box"}, {"speed", -3}})
            << int(BodyKind::Static) << int(BodyShape::Circle);
    }
    void bodyRules()
    {
        QFETCH(QJsonObject, object);
        QFETCH(int, kind);
        QFETCH(int, shape);
        const BodySpec spec = BodySpec::fromJson(object);
        QCOMPARE(int(spec.kind), kind);
        QCOMPARE(int(spec.shape), shape);
    }

    void shapesFollowTheScale()
    {
        BodySpec circle = BodySpec::fromJson(object(1, 2, 3, {{"scale_x", 3}, {"scale_y", 1}, {"loc_z", 7}}));
        QCOMPARE(circle.radius, 1.5); // half the larger horizontal scale, as the zone's own check
        QCOMPARE(circle.x, 2.0);
        QCOMPARE(circle.z, 7.0);
        BodySpec box = BodySpec::fromJson(
            object(1, 0, 0, {{"states", QJsonArray{"box"}}, {"scale_x", 4}, {"scale_y", 2}, {"rot_z", 90}}));
        QCOMPARE(box.halfX, 2.0);
        QCOMPARE(box.halfY, 1.0);
        QVERIFY(std::abs(box.angle - std::numbers::pi / 2) < 1e-12);
    }

    void worldMirrorsCreatedChangedAndRemovedObjects()
    {
        PhysicsWorld world;
        world.load(
            {barrel(1, 0, 0), chicken(2, 5, 0), player(3, -5, 0), object(4, 9, 9, {{"physical", false}})});
        QCOMPARE(world.bodyCount(), 3);
        QCOMPARE(world.bodyCount(BodyKind::Static), 1);
        QCOMPARE(world.bodyCount(BodyKind::Dynamic), 1);
        QCOMPARE(world.bodyCount(BodyKind::Player), 1);
        QVERIFY(!world.contains(4));

        world.apply(object(4, 9, 9)); // became physical
        QCOMPARE(world.kindOf(4), BodyKind::Static);
        world.apply(player(3, -5, 0, {{"states", QJsonArray{"player", "offline"}}})); // went offline
        QVERIFY(!world.contains(3));
        world.apply(chicken(2, 5, 0, {{"scripts", QJsonArray{}}})); // lost its script: scenery now
        QCOMPARE(world.kindOf(2), BodyKind::Static);
        world.remove(1);
        world.remove(12345); // unknown: nothing happens
        world.apply(QJsonObject{{"id", "seven"}});
        world.apply(QJsonObject{});
        QCOMPARE(world.bodyCount(), 2);
        stepUntil(world, 5);

        world.clear();
        QCOMPARE(world.bodyCount(), 0);
    }

    // Settling --------------------------------------------------------------------------------------

    void overlappingCirclesSeparate()
    {
        // Ten creatures dropped almost on top of each other, and one exactly on another.
        PhysicsWorld world;
        QJsonArray objects;
        for (int i = 0; i < 10; ++i)
            objects.append(chicken(i + 1, 0.05 * (i % 3), 0.04 * (i / 3)));
        objects.append(chicken(11, 0, 0));
        world.load(objects);

        const auto separated = [&] {
            for (int a = 1; a <= 11; ++a)
                for (int b = a + 1; b <= 11; ++b)
                    if (gap(world, a, b) < 1.0 - 1e-3) // radii 0.5 + 0.5
                        return false;
            return true;
        };
        const Run run = stepUntil(world, 120, separated); // within two seconds of simulated time
        QVERIFY2(separated(), qPrintable(QStringLiteral("still overlapping after %1 steps").arg(run.steps)));
        qInfo("separated after %d steps", run.steps);
        QVERIFY(!run.corrections.empty());

        // Once at rest they stay apart and nothing more is corrected.
        stepUntil(world, 240);
        QVERIFY(separated());
        const Run after = stepUntil(world, 60);
        QVERIFY2(after.corrections.empty(), "bodies at rest are not corrected");
    }

    void creatureOverlappingScenerySettlesOutside()
    {
        PhysicsWorld world;
        world.load({barrel(1, 0, 0), chicken(2, 0.3, 0.1, {{"loc_z", 4.5}})});
        const Run run = stepUntil(world, 300, [&] { return gap(world, 1, 2) >= 1.0 - 1e-3; });
        QVERIFY(gap(world, 1, 2) >= 1.0 - 1e-3);
        QCOMPARE(*world.position(1), QPointF(0, 0)); // scenery never moves
        stepUntil(world, 60);
        const Run more = stepUntil(world, 10);
        QVERIFY(more.corrections.empty());
        const auto *correction = lastCorrectionOf(run, 2);
        QVERIFY(correction);
        QCOMPARE(correction->z, 4.5); // z carried through
        QVERIFY(!lastCorrectionOf(run, 1));
    }

    // Players ---------------------------------------------------------------------------------------

    void playerMovingIntoABarrelStopsAtItsEdge()
    {
        // The zone let the character walk to x = 3.4 (into the barrel at x = 3); physics stops it
        // where the two circles touch (x = 2) and corrects the zone.
        PhysicsWorld world;
        world.load({barrel(1, 3, 0), player(2, 0, 0)});
        stepUntil(world, 2);
        world.apply(player(2, 3.4, 0));
        QVERIFY(world.isDriving(2));
        const Run run = stepUntil(world, 120, [&] { return !world.isDriving(2); });
        QVERIFY(!world.isDriving(2));
        const QPointF at = *world.position(2);
        const double d = gap(world, 1, 2); // touching: the radii 0.5 + 0.5, no overlap
        QVERIFY2(d >= 1.0 - 1e-3 && d <= 1.0 + 0.02, qPrintable(QString::number(d)));
        QVERIFY(std::abs(at.y()) < 1e-3);
        const auto *correction = lastCorrectionOf(run, 2);
        QVERIFY(correction);
        QCOMPARE(correction->x, at.x());
        QVERIFY(collided(run, 1, 2));
        QCOMPARE(*world.position(1), QPointF(3, 0));
    }

    void playerWalkingInSmallStepsNeverEntersTheBarrel()
    {
        PhysicsWorld world;
        world.load({barrel(1, 3, 0), player(2, 0, 0)});
        Run all;
        for (int i = 0; i < 12; ++i) {
            // Each move starts from where the zone has the character (after our corrections).
            world.apply(player(2, world.zonePosition(2)->x() + 0.4, 0));
            const Run run = stepUntil(world, 60, [&] { return !world.isDriving(2); });
            QVERIFY(gap(world, 1, 2) >= 1.0 - 1e-3);
            all.corrections.insert(all.corrections.end(), run.corrections.begin(), run.corrections.end());
            all.collisions.insert(all.collisions.end(), run.collisions.begin(), run.collisions.end());
        }
        QVERIFY(gap(world, 1, 2) <= 1.0 + 0.02);
        QVERIFY(!all.corrections.empty());
        int collisions = 0;
        for (const auto &c : all.collisions)
            collisions += (c.id == 1 && c.other == 2) ? 1 : 0;
        QVERIFY(collisions >= 1);
    }

    void playerIsStoppedAtABoxWallsFace()
    {
        PhysicsWorld world;
        world.load({object(1, 0, 10, {{"states", QJsonArray{"box"}}, {"scale_x", 2}, {"scale_y", 2}}),
                    player(2, 1.0, 6)});
        stepUntil(world, 2);
        world.apply(player(2, 1.0, 8.7)); // the zone's circle check lets this through at a corner
        stepUntil(world, 120, [&] { return !world.isDriving(2); });
        const double d = distanceToBox(*world.position(2), 0, 10, 1, 1);
        QVERIFY2(d >= 0.5 - 1e-3 && d <= 0.5 + 0.03, qPrintable(QString::number(d)));
    }

    void nothingTunnelsThroughAThinWall()
    {
        // A wall 2 cm thick along x = 0; a character told to go 4 m through it and a small
        // creature running at it at 100 m/s both end up in front of it.
        PhysicsWorld world;
        world.load({object(1, 0, 0, {{"states", QJsonArray{"box"}}, {"scale_x", 0.02}, {"scale_y", 6}}),
                    player(2, -2, 0),
                    chicken(3, -2, 2, {{"scale_x", 0.2}, {"scale_y", 0.2}, {"vel_x", 100}})});
        world.apply(player(2, 2, 0));
        stepUntil(world, 240);
        QVERIFY2(world.position(2)->x() <= -0.5, qPrintable(QString::number(world.position(2)->x())));
        QVERIFY2(world.position(3)->x() <= -0.1, qPrintable(QString::number(world.position(3)->x())));
        QVERIFY(world.position(2)->x() >= -0.5 - 0.03);
    }

    void playersPassThroughEachOther()
    {
        PhysicsWorld world;
        world.load({player(1, 0, 0), player(2, 4, 0)});
        world.apply(player(2, 0.2, 0));
        const Run run = stepUntil(world, 120, [&] { return !world.isDriving(2); });
        QVERIFY(gap(world, 1, 2) < 0.3);
        QVERIFY(run.corrections.empty());
        QVERIFY(run.collisions.empty());
    }

    void playerPushesACreature()
    {
        PhysicsWorld world;
        world.load({player(1, 0, 0), chicken(2, 2, 0)});
        world.apply(player(1, 1.5, 0));
        const Run run = stepUntil(world, 240);
        QVERIFY(gap(world, 1, 2) >= 1.0 - 1e-3);
        QVERIFY(lastCorrectionOf(run, 2)); // the creature was pushed away and corrected
        QVERIFY(collided(run, 1, 2));
    }

    // Corrections and the zone's own moves ----------------------------------------------------------

    void echoesOfCorrectionsAreNotMoves()
    {
        PhysicsWorld world;
        world.load({barrel(1, 0, 0), chicken(2, 0.2, 0)});
        const Run run = stepUntil(world, 300);
        const auto *correction = lastCorrectionOf(run, 2);
        QVERIFY(correction);
        const QPointF rest = *world.position(2);
        // The zone reports each correction back; the last one matches where the body rests, older
        // ones arrive first. Neither moves anything nor causes new corrections.
        for (const auto &c : run.corrections)
            world.apply(chicken(2, c.x, c.y));
        QVERIFY(!world.isDriving(2));
        const Run after = stepUntil(world, 60);
        QVERIFY(after.corrections.empty());
        QCOMPARE(*world.position(2), rest);
        QCOMPARE(*world.zonePosition(2), QPointF(correction->x, correction->y));
    }

    void zoneMovesAreFollowed()
    {
        PhysicsWorld world;
        world.load({chicken(1, 0, 0), barrel(2, 20, 0)});
        // A short move (a script walking the creature) is driven through the simulation...
        world.apply(chicken(1, 1, 0.5));
        QVERIFY(world.isDriving(1));
        Run run = stepUntil(world, 30, [&] { return !world.isDriving(1); });
        QVERIFY(QLineF(*world.position(1), QPointF(1, 0.5)).length() < 2e-3);
        QVERIFY(run.corrections.empty()); // it got where the zone has it
        // ... a long one (a teleport) places it at once.
        world.apply(chicken(1, 50, 50));
        QVERIFY(!world.isDriving(1));
        QVERIFY(QLineF(*world.position(1), QPointF(50, 50)).length() < 1e-3);
        // Scenery the zone moves is placed; a creature sleeping where it lands is pushed out.
        stepUntil(world, 120);
        world.apply(barrel(2, 50.2, 50));
        run = stepUntil(world, 300);
        QVERIFY(gap(world, 1, 2) >= 1.0 - 1e-3);
        QVERIFY(lastCorrectionOf(run, 1));
    }

    void creaturesWalkWithTheirVelocityAndStopAtScenery()
    {
        PhysicsWorld world;
        world.load({barrel(1, 0, 0), chicken(2, 5, 0, {{"vel_x", -2}, {"loc_z", 1.25}})});
        const Run run = stepUntil(world, 600);
        const QPointF at = *world.position(2);
        QVERIFY2(at.x() >= 1.0 - 1e-3 && at.x() <= 1.0 + 0.03, qPrintable(QString::number(at.x())));
        QVERIFY(collided(run, 1, 2));
        const auto *correction = lastCorrectionOf(run, 2);
        QVERIFY(correction);
        QCOMPARE(correction->z, 1.25);
        // Corrections went out every time it was more than the threshold from the zone's position,
        // not every step.
        QVERIFY(run.corrections.size() < size_t(run.steps) / 2);
    }

    void correctionThresholdIsHonoured()
    {
        PhysicsWorld::Options options;
        options.correctionThreshold = 0.5;
        PhysicsWorld world(options);
        world.load({barrel(1, 0, 0), chicken(2, 0.7, 0)}); // 0.3 m of overlap: less than the threshold
        const Run run = stepUntil(world, 300);
        QVERIFY(gap(world, 1, 2) >= 1.0 - 1e-3);
        // Nothing while it is pushed out, then one exact correction once it rests.
        QCOMPARE(run.corrections.size(), size_t(1));
        QVERIFY(QLineF(QPointF(run.corrections.front().x, run.corrections.front().y), *world.position(2))
                    .length() < 1e-3);
    }

    // Collisions ------------------------------------------------------------------------------------

    void collisionsAreReportedOncePerContact()
    {
        PhysicsWorld world;
        world.load({barrel(1, 0, 0), chicken(2, 1.0, 0)}); // already touching at load: not news
        const Run atLoad = stepUntil(world, 30);
        QVERIFY(!collided(atLoad, 1, 2));

        world.apply(chicken(3, 4, 0, {{"vel_x", -3}}));
        const Run run = stepUntil(world, 240);
        int reports = 0;
        double speed = 0;
        for (const auto &c : run.collisions)
            if (c.id == 2 && c.other == 3) {
                ++reports;
                speed = c.speed;
            }
        QCOMPARE(reports, 1); // resting against it afterwards is not a new collision
        QVERIFY2(speed > 1.0, qPrintable(QString::number(speed)));
    }

    void collisionCooldownSuppressesRepeats()
    {
        PhysicsWorld::Options options;
        options.collisionCooldownSteps = 1000000;
        PhysicsWorld world(options);
        world.load({barrel(1, 0, 0), player(2, 3, 0)});
        int reports = 0;
        for (int i = 0; i < 3; ++i) {
            world.apply(player(2, 0.8, 0));
            Run run = stepUntil(world, 60, [&] { return !world.isDriving(2); });
            // the zone takes the correction; then the character walks away and back again
            world.apply(player(2, world.position(2)->x(), 0));
            world.apply(player(2, 3, 0));
            const Run away = stepUntil(world, 60, [&] { return !world.isDriving(2); });
            for (const auto &c : run.collisions)
                reports += c.id == 1 && c.other == 2 ? 1 : 0;
            for (const auto &c : away.collisions)
                reports += c.id == 1 && c.other == 2 ? 1 : 0;
        }
        QCOMPARE(reports, 1);
    }

    // Time --------------------------------------------------------------------------------------------

    void fixedStepClockNeverRunsAheadOfRealTime()
    {
        FixedStepClock clock(16'666'667, 5);
        QCOMPARE(clock.advance(10'000'000), 0); // not a whole step yet
        QCOMPARE(clock.advance(7'000'000), 1);  // 17 ms: one step, 0.33 ms carried over
        QVERIFY(clock.untilNextStepNs() > 16'000'000);
        int total = 0;
        for (int i = 0; i < 60; ++i)
            total += clock.advance(16'666'667);
        QCOMPARE(total, 60);
        QCOMPARE(clock.advance(-5), 0);
        // A one-second stall: at most five steps now, the rest are dropped, not run in a burst.
        QCOMPARE(clock.advance(1'000'000'000), 5);
        QVERIFY(clock.droppedSteps() >= 54);
        QCOMPARE(clock.advance(1'000'000), 0);
    }

    void stepLoopKeepsItsRateOnTheEventLoop()
    {
        int steps = 0;
        StepLoop loop(100, 5, [&] { ++steps; });
        QElapsedTimer timer;
        timer.start();
        loop.start();
        QTRY_VERIFY_WITH_TIMEOUT(steps >= 30, 5000);
        loop.stop();
        const qint64 elapsed = timer.elapsed();
        // Never faster than real time: 30 steps at 100 Hz take at least 300 ms.
        QVERIFY2(elapsed >= 300 - 1, qPrintable(QString::number(elapsed)));
        // Not a busy loop: about one wake-up per step, not thousands.
        QVERIFY2(loop.wakeUps() <= quint64(steps) * 3 + 5, qPrintable(QString::number(loop.wakeUps())));
        QVERIFY(!loop.isRunning());
    }
};

QTEST_GUILESS_MAIN(TestPhysicsWorld)
#include "tst_physicsworld.moc"
