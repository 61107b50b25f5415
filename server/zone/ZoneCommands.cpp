// SPDX-License-Identifier: AGPL-3.0-or-later
// Zone: administration (POST /admin) and the bus's corrections and actions.
#include "Zone.h"

#include "ApiError.h"
#include "Logging.h"

#include <cmath>

namespace smmo {

namespace {

// Longest step of a bus `move`, per component, in metres.
constexpr double maxBusStep = 100;

qint64 idArgument(const QJsonValue &value)
{
    const double number = value.toDouble(-1);
    if (!value.isDouble() || number < 1 || number != std::floor(number))
        throw ApiError::badRequest(QStringLiteral("An object id must be a whole number from 1."));
    return qint64(number);
}

double coordinateArgument(const QJsonValue &value, const QString &what)
{
    if (!value.isDouble() || !std::isfinite(value.toDouble()) ||
        std::abs(value.toDouble()) > ZoneObject::maxCoordinate)
        throw ApiError::badRequest(QStringLiteral("%1 must be a number.").arg(what));
    return value.toDouble();
}

} // namespace

QJsonValue Zone::teleport(const QJsonArray &args)
{
    if (args.size() < 3)
        throw ApiError::badRequest(QStringLiteral("teleport takes [character or id, x, y, z]."));
    qint64 id = 0;
    if (args.at(0).isString()) {
        const ZoneObject *object = m_world.findCharacter(args.at(0).toString());
        if (!object)
            throw ApiError::notFound(
                QStringLiteral("%1 has no object in this zone.").arg(args.at(0).toString()));
        id = object->id;
    } else {
        id = requireObject(idArgument(args.at(0))).id;
    }
    const double x = coordinateArgument(args.at(1), QStringLiteral("x"));
    const double y = coordinateArgument(args.at(2), QStringLiteral("y"));
    const double z =
        args.size() > 3 ? coordinateArgument(args.at(3), QStringLiteral("z")) : m_world.find(id)->locZ;
    return m_world
        .modify(
            id,
            [&](ZoneObject &o) {
                o.locX = x;
                o.locY = y;
                o.locZ = z;
            },
            now())
        ->toJson();
}

QJsonValue Zone::admin(const QString &command, const QJsonArray &args, const SessionClaims &session)
{
    qCInfo(lcZone, "admin %s: %s", qPrintable(session.userName), qPrintable(command));
    if (command == QLatin1String("spawn")) {
        // [object fields] or [name, resource, x, y, z]
        if (args.size() == 1 && args.at(0).isObject())
            return spawn(args.at(0).toObject()).toJson();
        if (args.size() >= 4 && args.at(0).isString()) {
            QJsonObject fields{{QStringLiteral("name"), args.at(0)},
                               {QStringLiteral("resource"), args.at(1)},
                               {QStringLiteral("loc_x"), args.at(2)},
                               {QStringLiteral("loc_y"), args.at(3)}};
            if (args.size() > 4)
                fields.insert(QStringLiteral("loc_z"), args.at(4));
            return spawn(fields).toJson();
        }
        throw ApiError::badRequest(
            QStringLiteral("spawn takes [{object fields}] or [name, resource, x, y, z]."));
    }
    if (command == QLatin1String("destroy")) {
        if (args.size() != 1)
            throw ApiError::badRequest(QStringLiteral("destroy takes [id]."));
        destroy(idArgument(args.at(0)));
        return true;
    }
    if (command == QLatin1String("teleport"))
        return teleport(args);
    if (command == QLatin1String("set")) {
        if (args.size() != 2 || !args.at(1).isObject())
            throw ApiError::badRequest(QStringLiteral("set takes [id, {fields}]."));
        const qint64 id = requireObject(idArgument(args.at(0))).id;
        ZoneObject changed = *m_world.find(id);
        changed.applyFields(args.at(1).toObject());
        return m_world
            .modify(
                id, [&](ZoneObject &o) { o = changed; }, now())
            ->toJson();
    }
    if (command == QLatin1String("broadcast")) {
        if (args.size() != 1 || !args.at(0).isString())
            throw ApiError::badRequest(QStringLiteral("broadcast takes [text]."));
        return announce(QStringLiteral("Server"), args.at(0).toString(), m_definition.spawnX,
                        m_definition.spawnY, m_definition.spawnZ)
            .toJson();
    }
    if (command == QLatin1String("kick")) {
        if (args.size() != 1 || !args.at(0).isString())
            throw ApiError::badRequest(QStringLiteral("kick takes [character]."));
        const ZoneObject *object = m_world.findCharacter(args.at(0).toString());
        if (!object || !object->isOnline())
            throw ApiError::notFound(
                QStringLiteral("%1 is not online in this zone.").arg(args.at(0).toString()));
        const QString name = object->owner;
        leave(name, QStringLiteral("kicked by an administrator"));
        return true;
    }
    if (command == QLatin1String("players"))
        return QJsonArray::fromStringList(m_world.onlineCharacters());
    if (command == QLatin1String("checkpoint")) {
        const WorldModel::Dirty dirty = m_world.takeDirty();
        try {
            m_writer->checkpointNow(dirty);
        } catch (...) {
            m_world.restoreDirty(dirty); // not written: the next checkpoint tries again
            throw;
        }
        return true;
    }
    if (command == QLatin1String("reload_scripts")) {
        // The ScriptServer reloads every script and reports (bus action `scripts`, ScriptFaultLog).
        emit busEvent({{QStringLiteral("type"), QStringLiteral("event")},
                       {QStringLiteral("event"), QStringLiteral("reload_scripts")},
                       {QStringLiteral("by"), session.userName}});
        return QJsonObject{{QStringLiteral("bus_connections"), m_busConnections}};
    }
    throw ApiError::badRequest(QStringLiteral("Unknown command: %1. Commands: spawn, destroy, teleport, set, "
                                              "broadcast, kick, players, checkpoint, reload_scripts.")
                                   .arg(command));
}

QJsonValue Zone::busMessage(const QJsonObject &message)
{
    const QString type = message.value(QStringLiteral("type")).toString();
    if (type == QLatin1String("correct")) {
        const qint64 id = requireObject(idArgument(message.value(QStringLiteral("id")))).id;
        QJsonObject fields;
        static const QStringList allowed = {
            QStringLiteral("loc_x"), QStringLiteral("loc_y"), QStringLiteral("loc_z"),
            QStringLiteral("rot_x"), QStringLiteral("rot_y"), QStringLiteral("rot_z"),
            QStringLiteral("vel_x"), QStringLiteral("vel_y"), QStringLiteral("vel_z")};
        for (const auto &key : allowed)
            if (message.contains(key))
                fields.insert(key, message.value(key));
        if (fields.isEmpty())
            throw ApiError::badRequest(QStringLiteral("correct needs loc_*, rot_* or vel_* fields."));
        ZoneObject changed = *m_world.find(id);
        changed.applyFields(fields);
        m_world.modify(
            id, [&](ZoneObject &o) { o = changed; }, now());
        return {};
    }
    if (type != QLatin1String("action"))
        throw ApiError(400, QStringLiteral("Unknown message type: %1.").arg(type),
                       QStringLiteral("unknown_type"));

    const QString action = message.value(QStringLiteral("action")).toString();
    if (action == QLatin1String("activate_result")) {
        finishActivation(qint64(message.value(QStringLiteral("request")).toDouble()),
                         message.value(QStringLiteral("results")));
        return {};
    }
    if (action == QLatin1String("say")) {
        const ZoneObject &object = requireObject(idArgument(message.value(QStringLiteral("id"))));
        announce(object.name, message.value(QStringLiteral("text")).toString(), object.locX, object.locY,
                 object.locZ, object.id);
        return {};
    }
    if (action == QLatin1String("move")) {
        // A scripted step: checked against physical objects like a player's move (unlike correct).
        const qint64 id = requireObject(idArgument(message.value(QStringLiteral("id")))).id;
        double step[3] = {0, 0, 0};
        const QString keys[3] = {QStringLiteral("dx"), QStringLiteral("dy"), QStringLiteral("dz")};
        for (int i = 0; i < 3; ++i) {
            const QJsonValue value = message.value(keys[i]);
            if (value.isUndefined() || value.isNull())
                continue;
            if (!value.isDouble() || !std::isfinite(value.toDouble()) ||
                std::abs(value.toDouble()) > maxBusStep)
                throw ApiError::badRequest(
                    QStringLiteral("%1 must be a number from -%2 to %2.").arg(keys[i]).arg(maxBusStep));
            step[i] = value.toDouble();
        }
        qint64 blocker = 0;
        if (!m_world.moveBy(id, step[0], step[1], step[2], now(), &blocker))
            emitCollision(id, blocker);
        return {};
    }
    if (action == QLatin1String("set")) {
        const qint64 id = requireObject(idArgument(message.value(QStringLiteral("id")))).id;
        ZoneObject changed = *m_world.find(id);
        const QJsonObject fields = message.value(QStringLiteral("fields")).toObject();
        changed.applyFields(fields);
        if (fields.size() == 1 && fields.contains(QStringLiteral("data"))) {
            m_world.setData(id, changed.data); // the scripts' own state: players see no change
            return {};
        }
        m_world.modify(
            id, [&](ZoneObject &o) { o = changed; }, now());
        return {};
    }
    if (action == QLatin1String("spawn")) {
        const ZoneObject &object = spawn(message.value(QStringLiteral("object")).toObject());
        QJsonObject answer{{QStringLiteral("type"), QStringLiteral("event")},
                           {QStringLiteral("event"), QStringLiteral("spawned")},
                           {QStringLiteral("id"), object.id},
                           {QStringLiteral("object"), object.toBusJson()}};
        if (message.contains(QStringLiteral("ref")))
            answer.insert(QStringLiteral("ref"), message.value(QStringLiteral("ref")));
        return answer;
    }
    if (action == QLatin1String("destroy")) {
        destroy(idArgument(message.value(QStringLiteral("id"))));
        return {};
    }
    if (action == QLatin1String("event")) {
        const qint64 id = requireObject(idArgument(message.value(QStringLiteral("id")))).id;
        QJsonObject event = message.value(QStringLiteral("data")).toObject();
        event.insert(QStringLiteral("type"), QStringLiteral("event"));
        event.insert(QStringLiteral("event"),
                     message.value(QStringLiteral("event")).toString(QStringLiteral("script")));
        event.insert(QStringLiteral("id"), id);
        emit objectEvent(id, event);
        return {};
    }
    if (action == QLatin1String("scripts")) {
        emit scriptsReported(message);
        return {};
    }
    throw ApiError(400, QStringLiteral("Unknown action: %1.").arg(action), QStringLiteral("unknown_action"));
}

} // namespace smmo
