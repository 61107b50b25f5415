// SPDX-License-Identifier: AGPL-3.0-or-later
// The zone's state model without I/O: areas of interest, collisions, change tracking for ticks
// and checkpoints, `since` parsing, object fields and zone definitions.
#include "ApiError.h"
#include "WorldModel.h"
#include "ZoneDefinition.h"
#include "ZoneTime.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QtTest>

using namespace smmo;

namespace {

ZoneObject thing(double x, double y, bool physical = false, double scale = 1)
{
    ZoneObject object;
    object.name = QStringLiteral("Thing");
    object.locX = x;
    object.locY = y;
    object.physical = physical;
    object.scaleX = object.scaleY = scale;
    return object;
}

ZoneObject character(const QString &name, double x, double y)
{
    ZoneObject object = thing(x, y);
    object.name = object.owner = name;
    object.states = {QStringLiteral("player"), QStringLiteral("online")};
    return object;
}

QSet<qint64> asSet(const QList<qint64> &ids)
{
    return QSet<qint64>(ids.begin(), ids.end());
}

} // namespace

class TestWorldModel : public QObject
{
    Q_OBJECT

private slots:
    void idsAndLookup()
    {
        WorldModel world(50);
        world.load({thing(0, 0)});
        QCOMPARE(world.objects().begin()->id, 0); // loaded as stored
        WorldModel fresh(50);
        const qint64 a = fresh.add(thing(1, 1), 1000).id;
        const qint64 b = fresh.add(thing(2, 2), 1000).id;
        QCOMPARE(a, 1);
        QCOMPARE(b, 2);
        QVERIFY(fresh.remove(a));
        QVERIFY(!fresh.remove(a));
        QCOMPARE(fresh.add(thing(3, 3), 1000).id, 3); // ids are never reused
        QVERIFY(!fresh.find(a));
        QCOMPARE(fresh.find(b)->locX, 2.0);
    }

    void charactersAreFoundByNameWhateverTheCase()
    {
        WorldModel world(50);
        const qint64 id = world.add(character(QStringLiteral("Groxnor"), 0, 0), 1).id;
        QCOMPARE(world.findCharacter(QStringLiteral("groxnor"))->id, id);
        QCOMPARE(world.onlineCharacters(), QStringList{QStringLiteral("Groxnor")});
        world.modify(
            id,
            [](ZoneObject &o) {
                o.states = {QStringLiteral("player"), QStringLiteral("offline")};
            },
            2);
        QVERIFY(world.onlineCharacters().isEmpty());
        QCOMPARE(world.findCharacter(QStringLiteral("GROXNOR"))->id, id);
        world.add(thing(0, 0), 3); // a world object is nobody's character
        QVERIFY(!world.findCharacter(QString()));
    }

    void areaOfInterest()
    {
        WorldModel world(50);
        const qint64 near = world.add(thing(30, 40), 1).id;   // exactly 50 m away
        const qint64 far = world.add(thing(30.1, 40), 1).id;  // just outside
        const qint64 behind = world.add(thing(-49, 0), 1).id; // another grid cell
        const qint64 distant = world.add(thing(5000, 5000), 1).id;
        QCOMPARE(asSet(world.within(0, 0, 50)), (QSet<qint64>{near, behind}));
        QCOMPARE(asSet(world.within(5000, 4990, 50)), QSet<qint64>{distant});
        // Moving updates the answer (the grid is rebuilt when something moved).
        world.modify(
            far,
            [](ZoneObject &o) {
                o.locX = 10;
                o.locY = 0;
            },
            2);
        QCOMPARE(asSet(world.within(0, 0, 50)), (QSet<qint64>{near, behind, far}));
        // A radius covering far more cells than exist still works (zone-wide chat).
        QCOMPARE(world.within(0, 0, 1e9).size(), 4);
    }

    void nearestCapsACrowd()
    {
        WorldModel world(50);
        // A crowd on a line: object i stands i metres from the origin, added farthest first.
        std::vector<qint64> byDistance(40);
        for (int i = 39; i >= 0; --i)
            byDistance[size_t(i)] = world.add(thing(double(i), 0), 1).id;
        std::vector<qint64> ids;
        world.nearest(0, 0, 50, 5, ids);
        std::vector<qint64> expected(byDistance.begin(), byDistance.begin() + 5);
        std::sort(expected.begin(), expected.end());
        QCOMPARE(ids, expected); // the five nearest, in ascending id order
        world.nearest(0, 0, 50, 0, ids);
        QCOMPARE(ids.size(), size_t(40)); // 0: no cap
        world.nearest(0, 0, 10.5, 100, ids);
        QCOMPARE(ids.size(), size_t(11)); // fewer than the cap: all within the radius
        world.nearest(39, 0, 50, 3, ids);
        expected = {byDistance[37], byDistance[38], byDistance[39]};
        std::sort(expected.begin(), expected.end());
        QCOMPARE(ids, expected);
    }

    void collisionRefusesMovesIntoPhysicalObjects()
    {
        WorldModel world(50);
        const qint64 barrel = world.add(thing(5, 0, true), 1).id;
        world.add(thing(0, 5, false), 1); // not physical: walked through
        const qint64 mover = world.add(character(QStringLiteral("Mover"), 0, 0), 1).id;
        QVERIFY(world.moveBy(mover, 0, 10, 0, 2));
        QCOMPARE(world.find(mover)->locY, 10.0);
        QVERIFY(world.moveBy(mover, 0, -10, 0, 3));

        // Straight into the barrel: refused, nothing changes.
        QCOMPARE(world.collision(*world.find(mover), 4.5, 0), barrel);
        const auto before = *world.find(mover);
        world.takeTickChanges();
        QVERIFY(!world.moveBy(mover, 4.5, 0, 0, 4));
        QCOMPARE(world.find(mover)->locX, before.locX);
        QCOMPARE(world.find(mover)->lastModified, before.lastModified);
        QVERIFY(world.takeTickChanges().isEmpty());

        // Through it in one long step: the swept test catches it too.
        QVERIFY(!world.moveBy(mover, 10, 0, 0, 5));
        // Touching is allowed (radii 0.5 + 0.5 = 1 m between centres).
        QVERIFY(world.moveBy(mover, 4, 0, 0, 6));
        QCOMPARE(world.find(mover)->locX, 4.0);
        // Past it with clearance.
        QVERIFY(world.moveBy(mover, 0, 2, 0, 7));
        QVERIFY(world.moveBy(mover, 3, 0, 0, 8));
    }

    void overlappingObjectsMayMoveApartButNotCloser()
    {
        WorldModel world(50);
        world.add(thing(0, 0, true, 4), 1); // radius 2
        const qint64 stuck = world.add(character(QStringLiteral("Stuck"), 1, 0), 1).id;
        QVERIFY(!world.moveBy(stuck, -0.5, 0, 0, 2)); // deeper
        QVERIFY(world.moveBy(stuck, 0.5, 0, 0, 3));   // out
        QVERIFY(world.moveBy(stuck, 2, 0, 0, 4));
    }

    void largeAndMovedPhysicalObjectsAreSeen()
    {
        WorldModel world(50);
        const qint64 wall = world.add(thing(0, 0, true, 400), 1).id; // radius 200: beyond grid cells
        const qint64 mover = world.add(character(QStringLiteral("Out"), 300, 0), 1).id;
        QCOMPARE(world.collision(*world.find(mover), 150, 0), wall);
        // A physical object that moved blocks at its new place, not the old one.
        const qint64 rock = world.add(thing(320, 0, true), 1).id;
        QVERIFY(!world.moveBy(mover, 20, 0, 0, 2));
        world.modify(
            rock, [](ZoneObject &o) { o.locY = 50; }, 3);
        QVERIFY(world.moveBy(mover, 20, 0, 0, 4));
        world.modify(
            rock,
            [](ZoneObject &o) {
                o.physical = false;
                o.locY = 0;
                o.locX = 330;
            },
            5);
        QVERIFY(world.moveBy(mover, 10, 0, 0, 6));
    }

    void tickChanges()
    {
        WorldModel world(50);
        const qint64 kept = world.add(thing(0, 0), 1).id;
        const qint64 removed = world.add(thing(1, 1), 1).id;
        auto changes = world.takeTickChanges();
        QCOMPARE(changes.added, (QSet<qint64>{kept, removed}));
        QVERIFY(changes.changed.isEmpty());

        world.modify(
            kept, [](ZoneObject &o) { o.name = QStringLiteral("Renamed"); }, 2);
        world.remove(removed);
        const qint64 ephemeral = world.add(thing(2, 2), 2).id;
        world.remove(ephemeral); // appeared and vanished within one tick: nobody hears of it
        changes = world.takeTickChanges();
        QCOMPARE(changes.changed, QSet<qint64>{kept});
        QCOMPARE(changes.removed, QSet<qint64>{removed});
        QVERIFY(changes.added.isEmpty());
        QVERIFY(world.takeTickChanges().isEmpty());
    }

    void tickChangesSayWhichFieldsChanged()
    {
        WorldModel world(50);
        const qint64 walker = world.add(character(QStringLiteral("Groxnor"), 0, 0), 1).id;
        const qint64 barrel = world.add(thing(5, 5), 1).id;
        const qint64 chicken = world.add(thing(9, 9), 1).id;
        world.takeTickChanges();

        QVERIFY(world.moveBy(walker, 0, 1, 0, 2));
        QVERIFY(world.moveBy(walker, 0, 1, 0, 3)); // fields add up over the tick
        world.modify(
            barrel,
            [](ZoneObject &o) {
                o.states = QStringList{QStringLiteral("broken")};
                o.scaleX = 2;
                o.rotZ = o.rotZ; // the same value is no change
            },
            2);
        QVERIFY(world.setData(chicken, {{QStringLiteral("eggs"), 2}}));
        QVERIFY(world.setData(barrel, {{QStringLiteral("eggs"), 0}}));
        const qint64 egg = world.add(thing(9, 8), 3).id;
        QVERIFY(world.moveBy(egg, 1, 0, 0, 3)); // added this tick: goes whole anyway
        auto changes = world.takeTickChanges();
        QCOMPARE(changes.changed, (QSet<qint64>{walker, barrel}));
        QCOMPARE(changes.dataChanged, QSet<qint64>{chicken});
        QCOMPARE(changes.fields.value(walker), quint32(ZoneObject::LocY));
        QCOMPARE(changes.fields.value(barrel),
                 quint32(ZoneObject::States | ZoneObject::ScaleX | ZoneObject::Data));
        QCOMPARE(changes.fields.value(chicken), quint32(ZoneObject::Data));
        QVERIFY(!changes.fields.contains(egg));

        // What a client that knows the object is sent: id, last_modified and those fields.
        const ZoneObject *moved = world.find(walker);
        QCOMPARE(moved->toCompactJson(), QJsonDocument(moved->toJson()).toJson(QJsonDocument::Compact));
        QByteArray delta;
        moved->appendCompactJson(delta, false, changes.fields.value(walker));
        QCOMPARE(delta, QByteArray("{\"id\":") + QByteArray::number(walker) + ",\"last_modified\":\"" +
                            ZoneTime::isoMicros(3).toLatin1() + "\",\"loc_y\":2}");
        const ZoneObject *broken = world.find(barrel);
        QByteArray forPlayers, forBus;
        broken->appendCompactJson(forPlayers, false, changes.fields.value(barrel));
        broken->appendCompactJson(forBus, true, changes.fields.value(barrel));
        QCOMPARE(QJsonDocument::fromJson(forPlayers).object().keys(),
                 (QStringList{"id", "last_modified", "scale_x", "states"}));
        QCOMPARE(QJsonDocument::fromJson(forBus).object().keys(),
                 (QStringList{"data", "id", "last_modified", "scale_x", "states"}));
        QCOMPARE(QJsonDocument::fromJson(forBus).object().value("data").toObject().value("eggs").toInt(), 0);

        ZoneObject other = *broken;
        QCOMPARE(broken->differences(other), 0u);
        other.name = QStringLiteral("Keg");
        other.locZ = 1;
        other.physical = !other.physical;
        QCOMPARE(broken->differences(other),
                 quint32(ZoneObject::Name | ZoneObject::LocZ | ZoneObject::Physical));
    }

    void dirtyForCheckpoints()
    {
        WorldModel world(50);
        world.load({thing(0, 0)});
        QVERIFY(world.takeDirty().isEmpty());
        const qint64 added = world.add(thing(1, 1), 5).id;
        world.modify(
            0, [](ZoneObject &o) { o.locX = 3; }, 6);
        auto dirty = world.takeDirty();
        QCOMPARE(dirty.objects.size(), 2);
        QVERIFY(world.takeDirty().isEmpty());
        // A failed write is marked dirty again, unless the object has gone meanwhile.
        world.remove(added);
        world.restoreDirty(dirty);
        dirty = world.takeDirty();
        QCOMPARE(dirty.objects.size(), 1);
        QCOMPARE(dirty.objects.first().locX, 3.0);
        QCOMPARE(dirty.removed, QList<qint64>{added});
    }

    void modifiedSinceIsNewestFirst()
    {
        WorldModel world(50);
        const qint64 old = world.add(thing(0, 0), 1000).id;
        const qint64 mid = world.add(thing(0, 0), 2000).id;
        const qint64 fresh = world.add(thing(0, 0), 3000).id;
        auto list = world.modifiedSince(2000 * 1000);
        QCOMPARE(list.size(), 2);
        QCOMPARE(list.at(0)->id, fresh);
        QCOMPARE(list.at(1)->id, mid);
        QCOMPARE(world.modifiedSince(std::numeric_limits<qint64>::min()).size(), 3);
        QCOMPARE(world.modifiedSince(2000 * 1000 + 1).size(), 1); // at or after, to the microsecond
        QCOMPARE(world.newestModification(), 3000);
        Q_UNUSED(old);
    }

    void sinceParsing_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("micros"); // -1: refused
        const qint64 base =
            QDateTime(QDate(2024, 5, 1), QTime(12, 30, 0), Qt::UTC).toMSecsSinceEpoch() * 1000;
        QTest::newRow("iso") << "2024-05-01T12:30:00" << base;
        QTest::newRow("iso Z") << "2024-05-01T12:30:00Z" << base;
        QTest::newRow("iso micros") << "2024-05-01T12:30:00.123456Z" << base + 123456;
        QTest::newRow("iso millis") << "2024-05-01T12:30:00.5" << base + 500000;
        QTest::newRow("iso nanos") << "2024-05-01T12:30:00.123456789Z" << base + 123456;
        QTest::newRow("offset") << "2024-05-01T14:30:00+02:00" << base;
        QTest::newRow("offset as space") << "2024-05-01T14:30:00 02:00" << base;
        QTest::newRow("negative offset") << "2024-05-01T11:30:00-0100" << base;
        QTest::newRow("classic") << "2024-05-01 12:30:00:123456" << base + 123456;
        QTest::newRow("space dot") << "2024-05-01 12:30:00.000001" << base + 1;
        QTest::newRow("no seconds") << "2024-05-01 12:30" << base;
        QTest::newRow("garbage") << "yesterday" << qint64(-1);
        QTest::newRow("empty") << "" << qint64(-1);
        QTest::newRow("bad month") << "2024-13-01T00:00:00" << qint64(-1);
        QTest::newRow("bad day") << "2024-02-30T00:00:00" << qint64(-1);
        QTest::newRow("bad hour") << "2024-05-01T25:00:00" << qint64(-1);
        QTest::newRow("bad offset") << "2024-05-01T12:00:00+25:00" << qint64(-1);
        QTest::newRow("injection") << "2024-05-01'; DROP TABLE zone_objects; --" << qint64(-1);
    }
    void sinceParsing()
    {
        QFETCH(QString, text);
        QFETCH(qint64, micros);
        const auto parsed = ZoneTime::parseSince(text);
        if (micros == -1) {
            QVERIFY(!parsed);
        } else {
            QVERIFY(parsed);
            QCOMPARE(*parsed, micros);
        }
    }

    void timeFormats()
    {
        const qint64 ms = QDateTime(QDate(2024, 5, 1), QTime(12, 30, 0, 250), Qt::UTC).toMSecsSinceEpoch();
        QCOMPARE(ZoneTime::isoMicros(ms), QStringLiteral("2024-05-01T12:30:00.250000Z"));
        QCOMPARE(ZoneTime::httpDate(ms), QByteArray("Wed, 01 May 2024 12:30:00 GMT"));
        // What the zone writes, it reads back.
        QCOMPARE(*ZoneTime::parseSince(ZoneTime::isoMicros(ms)), ms * 1000);
    }

    void isoTimesMatchQDateTime()
    {
        const auto throughQDateTime = [](qint64 ms) {
            return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC)
                       .toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")) +
                   QStringLiteral("000Z");
        };
        QList<qint64> times = {0,
                               -1,
                               1,
                               86399999,
                               86400000,
                               -86400000,
                               951782400000 /* 2000-02-29 */,
                               253402300799999 /* 9999-12-31 */,
                               -62135596800000 /* 0001-01-01 */};
        QRandomGenerator random(11);
        for (int i = 0; i < 100000; ++i)
            times.append(qint64(random.generate64() % 500000000000000ULL) - 100000000000000LL);
        for (const qint64 ms : times) {
            QCOMPARE(ZoneTime::isoMicros(ms), throughQDateTime(ms));
            QByteArray utf8 = "x";
            ZoneTime::appendIsoMicros(utf8, ms);
            QCOMPARE(utf8, "x" + throughQDateTime(ms).toUtf8());
        }
    }

    void compactJsonIsQJsonDocumentsText()
    {
        QRandomGenerator random(3);
        const auto text = [&random] {
            QString value;
            for (int i = random.bounded(8); i > 0; --i)
                value += QChar(char16_t(random.bounded(1, 0x3000)));
            return value;
        };
        for (int i = 0; i < 2000; ++i) {
            ZoneObject object = character(text(), random.bounded(2e6) - 1e6, random.bounded(100.0));
            object.id = qint64(random.bounded(1000000));
            object.resource = text();
            object.owner = text();
            object.locZ = double(random.bounded(10));
            object.rotZ = random.bounded(360.0);
            object.scaleX = random.bounded(4.0);
            object.speed = random.bounded(3);
            object.velX = -random.bounded(1e4);
            object.states.append(text());
            object.scripts = random.bounded(2) ? QStringList{text(), text()} : QStringList{};
            object.physical = random.bounded(2);
            object.data = {{QStringLiteral("eggs"), random.bounded(5)}, {text(), text()}};
            object.lastModified = qint64(random.generate64() % 4000000000000ULL);
            QCOMPARE(object.toCompactJson(), QJsonDocument(object.toJson()).toJson(QJsonDocument::Compact));
            QCOMPARE(object.toCompactJson(true),
                     QJsonDocument(object.toBusJson()).toJson(QJsonDocument::Compact));
        }
    }

    void objectJsonHasTheClassicFields()
    {
        ZoneObject object = character(QStringLiteral("Groxnor"), 1.5, -2);
        object.id = 7;
        object.lastModified = 0;
        const QJsonObject json = object.toJson();
        const QStringList expected = {"id",      "name",     "resource",     "owner", "loc_x",   "loc_y",
                                      "loc_z",   "rot_x",    "rot_y",        "rot_z", "scale_x", "scale_y",
                                      "scale_z", "speed",    "vel_x",        "vel_y", "vel_z",   "states",
                                      "scripts", "physical", "last_modified"};
        QStringList keys = json.keys();
        QStringList sortedExpected = expected;
        keys.sort();
        sortedExpected.sort();
        QCOMPARE(keys, sortedExpected);
        QCOMPARE(json.value("id").toInt(), 7);
        QCOMPARE(json.value("owner").toString(), QStringLiteral("Groxnor"));
        QCOMPARE(json.value("states").toArray(), (QJsonArray{"player", "online"}));
        QCOMPARE(json.value("last_modified").toString(), QStringLiteral("1970-01-01T00:00:00.000000Z"));
    }

    void applyFieldsIsAllOrNothing()
    {
        ZoneObject object = thing(1, 2);
        try {
            object.applyFields({{"loc_x", 5}, {"name", "Renamed"}, {"scale_x", "big"}});
            QFAIL("a bad field must be refused");
        } catch (const ApiError &error) {
            QCOMPARE(error.status(), 400);
            QVERIFY(error.message().contains("scale_x"));
        }
        QCOMPARE(object.locX, 1.0);
        QCOMPARE(object.name, QStringLiteral("Thing"));
        QVERIFY_THROWS_EXCEPTION(ApiError, object.applyFields({{"colour", "red"}}));
        QVERIFY_THROWS_EXCEPTION(ApiError, object.applyFields({{"loc_x", 1e300}}));
        QVERIFY_THROWS_EXCEPTION(ApiError, object.applyFields({{"states", QJsonArray{1}}}));
        object.applyFields({{"loc_x", 5}, {"states", QJsonArray{"sleeping"}}, {"physical", true}});
        QCOMPARE(object.locX, 5.0);
        QVERIFY(object.physical);
    }

    void definitions()
    {
        const auto definition = ZoneDefinition::fromJson(QJsonDocument::fromJson(R"({
            "name": "Test", "spawn": {"x": 1, "y": 2, "z": 3},
            "objects": [
                {"name": "Barrel", "resource": "barrel", "count": 9, "area": {"x": 0, "y": 0, "width": 30, "height": 30},
                 "physical": true},
                {"name": "Chicken", "count": 5, "area": {"x": 100, "y": 100, "width": 10, "height": 10},
                 "layout": "scatter", "physical": true, "scripts": ["chicken"]},
                {"name": "Linnea", "loc_x": -4, "states": ["npc"]}
            ]})")
                                                             .object());
        QCOMPARE(definition.spawnY, 2.0);
        QCOMPARE(definition.objects.size(), 15);
        // A 3 x 3 grid with cells of 10 m, objects at the cell centres.
        QCOMPARE(definition.objects.at(0).locX, 5.0);
        QCOMPARE(definition.objects.at(8).locX, 25.0);
        QCOMPARE(definition.objects.at(8).locY, 25.0);
        for (int i = 9; i < 14; ++i) {
            const auto &chicken = definition.objects.at(i);
            QVERIFY(chicken.locX >= 100 && chicken.locX <= 110 && chicken.locY >= 100 && chicken.locY <= 110);
            QCOMPARE(chicken.scripts, QStringList{"chicken"});
        }
        QCOMPARE(definition.objects.last().name, QStringLiteral("Linnea"));
        // Scattering is the same every time, so every instance of a zone starts alike.
        const auto again = ZoneDefinition::fromJson(QJsonDocument::fromJson(R"({"objects": [
                {"name": "Barrel", "count": 1, "area": {"width": 1, "height": 1}},
                {"name": "Chicken", "count": 5, "area": {"x": 100, "y": 100, "width": 10, "height": 10},
                 "layout": "scatter", "physical": true}]})")
                                                        .object());
        QCOMPARE(again.objects.at(4).locX, definition.objects.at(12).locX);
        QCOMPARE(again.objects.at(4).locY, definition.objects.at(12).locY);

        QVERIFY_THROWS_EXCEPTION(
            ApiError, ZoneDefinition::fromJson(
                          QJsonDocument::fromJson(R"({"objects": [{"name": "X", "count": 3}]})").object()));
        QVERIFY_THROWS_EXCEPTION(
            ApiError,
            ZoneDefinition::fromJson(
                QJsonDocument::fromJson(R"({"objects": [{"name": "X", "count": -1, "area": {"width": 1}}]})")
                    .object()));
        QVERIFY_THROWS_EXCEPTION(
            ApiError,
            ZoneDefinition::fromJson(
                QJsonDocument::fromJson(R"({"objects": [{"name": "X", "speed": "fast"}]})").object()));
    }

    void physicalObjectsThatMoveKeepCollisionsRight()
    {
        // Physical objects moved, resized, made physical or not, added and removed one by one
        // answer collisions exactly as a model built afresh from the same objects.
        WorldModel world(50);
        QRandomGenerator random(12345);
        QList<qint64> ids;
        for (int i = 0; i < 200; ++i)
            ids.append(
                world
                    .add(thing(random.bounded(100.0), random.bounded(100.0), true, 0.5 + random.bounded(2.0)),
                         1)
                    .id);
        const qint64 big =
            world.add(thing(240, 50, true, 300), 1).id; // larger than grid cells, its edge at x=90
        const qint64 probe = world.add(thing(0, 0, false, 1), 1).id;
        world.collision(*world.find(probe), 1, 1); // builds the grid once
        int hits = 0, misses = 0;
        for (int round = 0; round < 2000; ++round) {
            const qint64 id = ids.at(random.bounded(int(ids.size())));
            switch (random.bounded(5)) {
            case 0:
                world.moveBy(id, random.bounded(4.0) - 2, random.bounded(4.0) - 2, 0, 2);
                break;
            case 1:
                world.modify(
                    id, [&](ZoneObject &o) { o.scaleX = 0.5 + random.bounded(3.0); }, 2);
                break;
            case 2:
                world.modify(
                    id, [](ZoneObject &o) { o.physical = !o.physical; }, 2);
                break;
            case 3:
                world.remove(id);
                ids.removeOne(id);
                ids.append(world.add(thing(random.bounded(100.0), random.bounded(100.0), true), 2).id);
                break;
            default:
                world.modify(
                    big, [&](ZoneObject &o) { o.locX = random.bounded(100.0); }, 2);
            }
            WorldModel fresh(50);
            if (round % 100 != 99)
                continue;
            fresh.load(world.objects().values());
            for (int check = 0; check < 200; ++check) {
                const double x = random.bounded(100.0), y = random.bounded(100.0);
                world.modify(
                    probe,
                    [&](ZoneObject &o) {
                        o.locX = x;
                        o.locY = y;
                    },
                    3);
                fresh.modify(
                    probe,
                    [&](ZoneObject &o) {
                        o.locX = x;
                        o.locY = y;
                    },
                    3);
                const double toX = x + random.bounded(6.0) - 3, toY = y + random.bounded(6.0) - 3;
                const bool hit = world.collision(*world.find(probe), toX, toY) != 0;
                QCOMPARE(hit, fresh.collision(*fresh.find(probe), toX, toY) != 0);
                (hit ? hits : misses) += 1;
            }
        }
        QVERIFY(hits > 100 && misses > 100);
    }

    void shippedDefinitions_data()
    {
        QTest::addColumn<QString>("zone");
        QTest::addColumn<int>("objects");
        QTest::newRow("GhibliHills") << "GhibliHills" << 10;
        QTest::newRow("AdventureDungeon") << "AdventureDungeon" << 1;
        QTest::newRow("defaultzone") << "defaultzone" << 110;
        QTest::newRow("BumperCourt") << "BumperCourt" << 55;
    }
    void shippedDefinitions()
    {
        QFETCH(QString, zone);
        QFETCH(int, objects);
        const QString path =
            qEnvironmentVariable("SIMPLEMMO_SOURCE_DIR") + "/scripts/zones/" + zone + ".json";
        const auto definition = ZoneDefinition::load(path);
        QCOMPARE(definition.name, zone);
        QCOMPARE(definition.objects.size(), objects);
        // The spawn point is clear, so a new character can move at once.
        WorldModel world(50);
        for (const auto &object : definition.objects)
            world.add(object, 1);
        const qint64 newcomer = world.add(character("Newcomer", definition.spawnX, definition.spawnY), 1).id;
        for (const auto &[dx, dy] : {std::pair{1.0, 0.0}, {-1.0, 0.0}, {0.0, 1.0}, {0.0, -1.0}})
            QCOMPARE(world.collision(*world.find(newcomer), definition.spawnX + dx, definition.spawnY + dy),
                     0);
    }
};

QTEST_GUILESS_MAIN(TestWorldModel)
#include "tst_worldmodel.moc"
