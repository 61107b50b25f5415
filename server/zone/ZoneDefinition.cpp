// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ZoneDefinition.h"

#include "ApiError.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>

#include <cmath>
#include <stdexcept>

namespace smmo {

namespace {

constexpr int maxObjects = 100000;

double coordinate(const QJsonObject &json, const QString &key, double fallback)
{
    if (!json.contains(key))
        return fallback;
    const QJsonValue value = json.value(key);
    if (!value.isDouble() || !std::isfinite(value.toDouble()) ||
        std::abs(value.toDouble()) > ZoneObject::maxCoordinate)
        throw ApiError::badRequest(QStringLiteral("%1 must be a number.").arg(key));
    return value.toDouble();
}

// A fixed seed per entry (FNV-1a over its name and index), so every instance scatters alike.
quint32 seedFor(const QString &name, int index)
{
    quint32 hash = 2166136261u;
    for (const char c : name.toUtf8() + QByteArray::number(index)) {
        hash ^= quint8(c);
        hash *= 16777619u;
    }
    return hash;
}

// The objects one entry stands for: itself, or `count` copies laid out over `area`.
QList<ZoneObject> expand(const QJsonObject &entry, int index)
{
    QJsonObject fields = entry;
    for (const char *key : {"count", "area", "layout"})
        fields.remove(QLatin1String(key));
    ZoneObject prototype;
    prototype.speed = 0;
    prototype.applyFields(fields);
    if (!entry.contains(QStringLiteral("count")))
        return {prototype};

    const QJsonValue countValue = entry.value(QStringLiteral("count"));
    const int count = countValue.toInt(-1);
    if (!countValue.isDouble() || count < 0 || count > maxObjects || countValue.toDouble() != count)
        throw ApiError::badRequest(
            QStringLiteral("count must be a whole number from 0 to %1.").arg(maxObjects));
    const QJsonObject area = entry.value(QStringLiteral("area")).toObject();
    if (area.isEmpty())
        throw ApiError::badRequest(
            QStringLiteral("An entry with count needs an area {x, y, width, height}."));
    const double x = coordinate(area, QStringLiteral("x"), 0);
    const double y = coordinate(area, QStringLiteral("y"), 0);
    const double width = coordinate(area, QStringLiteral("width"), 0);
    const double height = coordinate(area, QStringLiteral("height"), 0);
    if (width < 0 || height < 0)
        throw ApiError::badRequest(QStringLiteral("The area's width and height must not be negative."));
    const QString layout = entry.value(QStringLiteral("layout")).toString(QStringLiteral("grid"));

    QList<ZoneObject> objects;
    objects.reserve(count);
    if (layout == QLatin1String("grid")) {
        const int columns = qMax(1, int(std::ceil(std::sqrt(double(count)))));
        const int rows = qMax(1, (count + columns - 1) / columns);
        for (int i = 0; i < count; ++i) {
            ZoneObject object = prototype;
            object.locX = x + width * ((i % columns) + 0.5) / columns;
            object.locY = y + height * ((i / columns) + 0.5) / rows;
            objects.append(object);
        }
    } else if (layout == QLatin1String("scatter")) {
        QRandomGenerator random(seedFor(prototype.name, index));
        for (int i = 0; i < count; ++i) {
            ZoneObject object = prototype;
            // A few tries to keep physical objects apart; a crowded area just overlaps.
            for (int attempt = 0; attempt < 50; ++attempt) {
                object.locX = x + random.generateDouble() * width;
                object.locY = y + random.generateDouble() * height;
                bool clear = true;
                for (const auto &other : objects)
                    if (std::hypot(other.locX - object.locX, other.locY - object.locY) <
                        other.radius() + object.radius())
                        clear = false;
                if (clear || !object.physical)
                    break;
            }
            objects.append(object);
        }
    } else {
        throw ApiError::badRequest(QStringLiteral("layout must be \"grid\" or \"scatter\"."));
    }
    return objects;
}

} // namespace

ZoneDefinition ZoneDefinition::fromJson(const QJsonObject &json)
{
    ZoneDefinition definition;
    definition.name = json.value(QStringLiteral("name")).toString();
    definition.description = json.value(QStringLiteral("description")).toString();
    const QJsonObject spawn = json.value(QStringLiteral("spawn")).toObject();
    definition.spawnX = coordinate(spawn, QStringLiteral("x"), 0);
    definition.spawnY = coordinate(spawn, QStringLiteral("y"), 0);
    definition.spawnZ = coordinate(spawn, QStringLiteral("z"), 0);
    const QJsonValue objects = json.value(QStringLiteral("objects"));
    if (!objects.isUndefined() && !objects.isArray())
        throw ApiError::badRequest(QStringLiteral("objects must be an array."));
    const QJsonArray entries = objects.toArray();
    for (int i = 0; i < entries.size(); ++i) {
        if (!entries.at(i).isObject())
            throw ApiError::badRequest(QStringLiteral("objects[%1] must be an object.").arg(i));
        try {
            definition.objects.append(expand(entries.at(i).toObject(), i));
        } catch (const ApiError &error) {
            throw ApiError::badRequest(QStringLiteral("objects[%1]: %2").arg(i).arg(error.message()));
        }
        if (definition.objects.size() > maxObjects)
            throw ApiError::badRequest(QStringLiteral("More than %1 objects.").arg(maxObjects));
    }
    return definition;
}

ZoneDefinition ZoneDefinition::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw std::runtime_error(
            QStringLiteral("Cannot read %1: %2").arg(path, file.errorString()).toStdString());
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        throw std::runtime_error(
            QStringLiteral("%1 is not a JSON object: %2").arg(path, parseError.errorString()).toStdString());
    try {
        return fromJson(document.object());
    } catch (const ApiError &error) {
        throw std::runtime_error(QStringLiteral("%1: %2").arg(path, error.message()).toStdString());
    }
}

} // namespace smmo
