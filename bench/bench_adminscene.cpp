// SPDX-License-Identifier: AGPL-3.0-or-later
// The admin console's physics view under load: a zone of 2,000 objects (plus players) as the view
// gets it from the zone's spectator stream, per tick: parsing the tick's `update` message,
// updating the items in place, flashing the collisions the zone reported, and painting the view.
// Prints figures; asserts nothing.
#include "PhysicsView.h"
#include "ZoneScene.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QRandomGenerator>

#include <algorithm>
#include <cstdio>

using namespace smmo::admin;

namespace {

QJsonObject object(qint64 id, double x, double y, bool player)
{
    // The fields a zone sends for every object (docs/api.md), so the parse cost is realistic.
    return {{"id", id},
            {"name", player ? QStringLiteral("Player%1").arg(id) : QStringLiteral("Barrel")},
            {"resource", player ? "character" : "barrel"},
            {"owner", player ? QStringLiteral("Player%1").arg(id) : QString()},
            {"loc_x", x},
            {"loc_y", y},
            {"loc_z", 0},
            {"rot_x", 0},
            {"rot_y", 0},
            {"rot_z", 0},
            {"scale_x", 1},
            {"scale_y", 1},
            {"scale_z", 1},
            {"speed", 1},
            {"vel_x", 0},
            {"vel_y", 0},
            {"vel_z", 0},
            {"states", player ? QJsonArray{"player", "online"} : QJsonArray()},
            {"scripts", QJsonArray()},
            {"physical", !player},
            {"last_modified", "2024-05-01T12:30:00.250000Z"}};
}

struct Figures
{
    QList<double> parse, apply, paint;
};

void print(const char *title, QList<double> values)
{
    std::sort(values.begin(), values.end());
    const auto at = [&](double q) {
        return values.at(qMin(values.size() - 1, qsizetype(q * values.size())));
    };
    std::printf("  %-34s median %7.2f ms   p99 %7.2f ms   max %7.2f ms\n", title, at(0.5), at(0.99),
                values.last());
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int objects = 2000;
    const int players = 50;
    const int ticks = 100;
    const int collisionsPerTick = 10;

    ZoneScene scene;
    PhysicsView view;
    view.setScene(&scene);
    view.resize(1280, 760);
    view.show();

    QList<QPointF> positions;
    auto *random = QRandomGenerator::global();
    QJsonArray all;
    for (int i = 0; i < objects + players; ++i) {
        positions.append({random->bounded(400.0) - 200, random->bounded(400.0) - 200});
        all.append(object(i + 1, positions.last().x(), positions.last().y(), i >= objects));
    }
    QElapsedTimer clock;
    const QByteArray snapshotBody = QJsonDocument(all).toJson(QJsonDocument::Compact);
    clock.start();
    QList<QJsonObject> snapshot;
    for (const QJsonValue &value : QJsonDocument::fromJson(snapshotBody).array())
        snapshot.append(value.toObject());
    scene.applySnapshot(snapshot);
    view.fitObjects();
    std::printf("admin physics view: %d objects + %d players, %d ticks per run, view %dx%d\n", objects,
                players, ticks, view.width(), view.height());
    std::printf("  first snapshot (%lld KiB): %.1f ms\n", qlonglong(snapshotBody.size() / 1024),
                clock.nsecsElapsed() / 1e6);

    QImage frame(view.viewport()->size(), QImage::Format_ARGB32_Premultiplied);
    for (const int moving : {200, objects + players}) {
        Figures figures;
        for (int tick = 0; tick < ticks; ++tick) {
            QJsonArray changed;
            for (int k = 0; k < moving; ++k) {
                const int i = moving == objects + players ? k : int(random->bounded(objects + players));
                positions[i] += QPointF(random->bounded(1.0) - 0.5, random->bounded(1.0) - 0.5);
                changed.append(object(i + 1, positions[i].x(), positions[i].y(), i >= objects));
            }
            const QByteArray body = QJsonDocument(QJsonObject{{"type", "update"},
                                                              {"tick", tick},
                                                              {"changed", changed},
                                                              {"entered", QJsonArray()},
                                                              {"left", QJsonArray()}})
                                        .toJson(QJsonDocument::Compact);

            clock.start();
            QList<QJsonObject> list;
            const QJsonObject message = QJsonDocument::fromJson(body).object();
            for (const QJsonValue &value : message.value(QStringLiteral("changed")).toArray())
                list.append(value.toObject());
            figures.parse.append(clock.nsecsElapsed() / 1e6);

            clock.start();
            scene.applyChanges(list);
            for (int c = 0; c < collisionsPerTick; ++c) {
                const qint64 a = 1 + random->bounded(objects + players),
                             b = 1 + random->bounded(objects + players);
                scene.flashCollision(a, b);
                scene.flashCollision(b, a);
            }
            figures.apply.append(clock.nsecsElapsed() / 1e6);

            clock.start();
            QPainter painter(&frame);
            view.render(&painter);
            painter.end();
            figures.paint.append(clock.nsecsElapsed() / 1e6);
        }
        std::printf(" %d objects changed per tick, %d collisions reported per tick (%d so far):\n", moving,
                    collisionsPerTick, scene.collisionsSeen());
        print("parse the stream's update", figures.parse);
        print("update items, flash collisions", figures.apply);
        print("paint the whole view", figures.paint);
        QList<double> total;
        for (int i = 0; i < ticks; ++i)
            total.append(figures.parse.at(i) + figures.apply.at(i) + figures.paint.at(i));
        print("one tick in all (budget 100 ms)", total);
    }
    return 0;
}
