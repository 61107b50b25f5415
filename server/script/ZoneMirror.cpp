// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ZoneMirror.h"

#include "ApiError.h"

namespace smmo {

namespace {
constexpr double gridCellMetres = 16; // only collision checks use the mirror's grid
} // namespace

ZoneMirror::ZoneMirror() : m_world(gridCellMetres) {}

std::optional<ZoneObject> ZoneMirror::objectFromJson(const QJsonObject &json)
{
    const double id = json.value(QStringLiteral("id")).toDouble();
    if (id < 1)
        return std::nullopt;
    QJsonObject fields = json;
    fields.remove(QStringLiteral("id"));
    fields.remove(QStringLiteral("last_modified"));
    ZoneObject object;
    try {
        object.applyFields(fields);
    } catch (const ApiError &) {
        return std::nullopt; // the zone checked it already; a newer field we do not know
    }
    object.id = qint64(id);
    return object;
}

void ZoneMirror::load(const QJsonArray &objects)
{
    QList<ZoneObject> list;
    list.reserve(objects.size());
    for (const auto &value : objects)
        if (const auto object = objectFromJson(value.toObject()))
            list.append(*object);
    m_world.load(list);
}

void ZoneMirror::upsert(const ZoneObject &object)
{
    if (m_world.find(object.id))
        m_world.modify(
            object.id, [&object](ZoneObject &o) { o = object; }, 0);
    else
        m_world.add(object, 0);
}

ZoneMirror::Applied ZoneMirror::apply(const QJsonArray &changed, const QJsonArray &entered,
                                      const QJsonArray &left)
{
    Applied applied;
    for (const QJsonArray &list : {entered, changed})
        for (const auto &value : list)
            if (const auto object = objectFromJson(value.toObject())) {
                upsert(*object);
                applied.upserted.append(object->id);
            }
    for (const auto &value : left) {
        const qint64 id = qint64(value.toDouble());
        if (m_world.remove(id))
            applied.removed.append(id);
    }
    // Nothing reads the model's change sets here; keep them from growing.
    m_world.takeTickChanges();
    return applied;
}

void ZoneMirror::place(qint64 id, double x, double y, double z)
{
    m_world.modify(
        id,
        [&](ZoneObject &o) {
            o.locX = x;
            o.locY = y;
            o.locZ = z;
        },
        0);
}

} // namespace smmo
