// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ZoneObject.h"

#include "ApiError.h"
#include "Names.h"
#include "JsonWriter.h"
#include "ZoneTime.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace smmo {

namespace {

double number(const QJsonValue &value, const QString &field, double low, double high)
{
    if (!value.isDouble() || !std::isfinite(value.toDouble()) || value.toDouble() < low ||
        value.toDouble() > high)
        throw ApiError::badRequest(
            QStringLiteral("%1 must be a number from %2 to %3.").arg(field).arg(low).arg(high));
    return value.toDouble();
}

QString text(const QJsonValue &value, const QString &field, int maxLength, bool allowEmpty)
{
    if (!value.isString() || value.toString().size() > maxLength ||
        (!allowEmpty && value.toString().isEmpty()))
        throw ApiError::badRequest(QStringLiteral("%1 must be a text of %2 to %3 characters.")
                                       .arg(field)
                                       .arg(allowEmpty ? 0 : 1)
                                       .arg(maxLength));
    if (!isStorableText(value.toString()))
        throw ApiError::badRequest(QStringLiteral("%1 must not contain a NUL character.").arg(field));
    return value.toString();
}

QStringList names(const QJsonValue &value, const QString &field)
{
    if (!value.isArray() || value.toArray().size() > 64)
        throw ApiError::badRequest(QStringLiteral("%1 must be an array of at most 64 texts.").arg(field));
    QStringList list;
    for (const auto &item : value.toArray())
        list.append(text(item, field, 64, false));
    return list;
}

} // namespace

QJsonObject ZoneObject::toJson() const
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("name"), name},
            {QStringLiteral("resource"), resource},
            {QStringLiteral("owner"), owner},
            {QStringLiteral("loc_x"), locX},
            {QStringLiteral("loc_y"), locY},
            {QStringLiteral("loc_z"), locZ},
            {QStringLiteral("rot_x"), rotX},
            {QStringLiteral("rot_y"), rotY},
            {QStringLiteral("rot_z"), rotZ},
            {QStringLiteral("scale_x"), scaleX},
            {QStringLiteral("scale_y"), scaleY},
            {QStringLiteral("scale_z"), scaleZ},
            {QStringLiteral("speed"), speed},
            {QStringLiteral("vel_x"), velX},
            {QStringLiteral("vel_y"), velY},
            {QStringLiteral("vel_z"), velZ},
            {QStringLiteral("states"), QJsonArray::fromStringList(states)},
            {QStringLiteral("scripts"), QJsonArray::fromStringList(scripts)},
            {QStringLiteral("physical"), physical},
            {QStringLiteral("last_modified"), ZoneTime::isoMicros(lastModified)}};
}

QJsonObject ZoneObject::toBusJson() const
{
    QJsonObject json = toJson();
    json.insert(QStringLiteral("data"), data);
    return json;
}

QByteArray ZoneObject::toCompactJson(bool bus) const
{
    QByteArray json;
    appendCompactJson(json, bus);
    return json;
}

quint32 ZoneObject::differences(const ZoneObject &other) const
{
    quint32 fields = 0;
    const auto compare = [&fields](const auto &a, const auto &b, Field field) {
        if (!(a == b))
            fields |= field;
    };
    compare(name, other.name, Name);
    compare(resource, other.resource, Resource);
    compare(owner, other.owner, Owner);
    compare(locX, other.locX, LocX);
    compare(locY, other.locY, LocY);
    compare(locZ, other.locZ, LocZ);
    compare(rotX, other.rotX, RotX);
    compare(rotY, other.rotY, RotY);
    compare(rotZ, other.rotZ, RotZ);
    compare(scaleX, other.scaleX, ScaleX);
    compare(scaleY, other.scaleY, ScaleY);
    compare(scaleZ, other.scaleZ, ScaleZ);
    compare(speed, other.speed, Speed);
    compare(velX, other.velX, VelX);
    compare(velY, other.velY, VelY);
    compare(velZ, other.velZ, VelZ);
    compare(states, other.states, States);
    compare(scripts, other.scripts, Scripts);
    compare(physical, other.physical, Physical);
    compare(data, other.data, Data);
    return fields;
}

void ZoneObject::appendCompactJson(QByteArray &out, bool bus, quint32 fields) const
{
    JsonWriter json(out);
    writeJson(json, bus, fields);
}

void ZoneObject::writeJson(JsonWriter &json, bool bus, quint32 fields) const
{
    // Keys in QJsonObject's (sorted) order, so that the text is the same as toJson()'s.
    const auto key = [&json, fields](Field field, QByteArrayView text) {
        if (!(fields & field))
            return false;
        json.raw(text);
        return true;
    };
    json.raw('{');
    if (bus && key(Data, "\"data\":")) {
        json.raw(QJsonDocument(data).toJson(QJsonDocument::Compact));
        json.raw(',');
    }
    json.raw("\"id\":");
    json.integer(id);
    json.raw(",\"last_modified\":\"");
    char time[ZoneTime::isoMicrosLength];
    if (ZoneTime::formatIsoMicros(lastModified, time))
        json.raw(time, ZoneTime::isoMicrosLength);
    else
        json.raw(ZoneTime::isoMicros(lastModified).toLatin1());
    json.raw('"');
    if (key(LocX, ",\"loc_x\":"))
        json.number(locX);
    if (key(LocY, ",\"loc_y\":"))
        json.number(locY);
    if (key(LocZ, ",\"loc_z\":"))
        json.number(locZ);
    if (key(Name, ",\"name\":"))
        json.string(name);
    if (key(Owner, ",\"owner\":"))
        json.string(owner);
    if (key(Physical, ",\"physical\":"))
        json.boolean(physical);
    if (key(Resource, ",\"resource\":"))
        json.string(resource);
    if (key(RotX, ",\"rot_x\":"))
        json.number(rotX);
    if (key(RotY, ",\"rot_y\":"))
        json.number(rotY);
    if (key(RotZ, ",\"rot_z\":"))
        json.number(rotZ);
    if (key(ScaleX, ",\"scale_x\":"))
        json.number(scaleX);
    if (key(ScaleY, ",\"scale_y\":"))
        json.number(scaleY);
    if (key(ScaleZ, ",\"scale_z\":"))
        json.number(scaleZ);
    if (key(Scripts, ",\"scripts\":"))
        json.stringList(scripts);
    if (key(Speed, ",\"speed\":"))
        json.number(speed);
    if (key(States, ",\"states\":"))
        json.stringList(states);
    if (key(VelX, ",\"vel_x\":"))
        json.number(velX);
    if (key(VelY, ",\"vel_y\":"))
        json.number(velY);
    if (key(VelZ, ",\"vel_z\":"))
        json.number(velZ);
    json.raw('}');
}

void ZoneObject::applyFields(const QJsonObject &fields)
{
    constexpr double maxScale = 1e4;
    constexpr double maxSpeed = 1e3;
    constexpr double maxVelocity = 1e4;
    ZoneObject next = *this;
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        const QString &key = it.key();
        const QJsonValue &value = it.value();
        if (key == QLatin1String("name"))
            next.name = text(value, key, 255, false);
        else if (key == QLatin1String("resource"))
            next.resource = text(value, key, 255, true);
        else if (key == QLatin1String("owner"))
            next.owner = text(value, key, 64, true);
        else if (key == QLatin1String("loc_x"))
            next.locX = number(value, key, -maxCoordinate, maxCoordinate);
        else if (key == QLatin1String("loc_y"))
            next.locY = number(value, key, -maxCoordinate, maxCoordinate);
        else if (key == QLatin1String("loc_z"))
            next.locZ = number(value, key, -maxCoordinate, maxCoordinate);
        else if (key == QLatin1String("rot_x"))
            next.rotX = number(value, key, -360, 360);
        else if (key == QLatin1String("rot_y"))
            next.rotY = number(value, key, -360, 360);
        else if (key == QLatin1String("rot_z"))
            next.rotZ = number(value, key, -360, 360);
        else if (key == QLatin1String("scale_x"))
            next.scaleX = number(value, key, 0, maxScale);
        else if (key == QLatin1String("scale_y"))
            next.scaleY = number(value, key, 0, maxScale);
        else if (key == QLatin1String("scale_z"))
            next.scaleZ = number(value, key, 0, maxScale);
        else if (key == QLatin1String("speed"))
            next.speed = number(value, key, 0, maxSpeed);
        else if (key == QLatin1String("vel_x"))
            next.velX = number(value, key, -maxVelocity, maxVelocity);
        else if (key == QLatin1String("vel_y"))
            next.velY = number(value, key, -maxVelocity, maxVelocity);
        else if (key == QLatin1String("vel_z"))
            next.velZ = number(value, key, -maxVelocity, maxVelocity);
        else if (key == QLatin1String("states"))
            next.states = names(value, key);
        else if (key == QLatin1String("scripts"))
            next.scripts = names(value, key);
        else if (key == QLatin1String("physical")) {
            if (!value.isBool())
                throw ApiError::badRequest(QStringLiteral("physical must be true or false."));
            next.physical = value.toBool();
        } else if (key == QLatin1String("data")) {
            if (!value.isObject() ||
                QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact).size() > maxDataBytes)
                throw ApiError::badRequest(
                    QStringLiteral("data must be a JSON object of at most %1 bytes.").arg(maxDataBytes));
            next.data = value.toObject();
        } else
            throw ApiError::badRequest(QStringLiteral("Unknown object field: %1.").arg(key));
    }
    *this = next;
}

} // namespace smmo
