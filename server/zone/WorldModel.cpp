// SPDX-License-Identifier: AGPL-3.0-or-later
#include "WorldModel.h"

#include "Names.h"

#include <algorithm>
#include <cmath>

namespace smmo {

namespace {

constexpr double physicalCellSize = 8.0;
constexpr double epsilon = 1e-9;

// Distance from point (px, py) to the segment (ax, ay)-(bx, by).
double segmentDistance(double ax, double ay, double bx, double by, double px, double py)
{
    const double dx = bx - ax, dy = by - ay;
    const double lengthSquared = dx * dx + dy * dy;
    double t = lengthSquared > 0 ? ((px - ax) * dx + (py - ay) * dy) / lengthSquared : 0;
    t = std::clamp(t, 0.0, 1.0);
    return std::hypot(ax + t * dx - px, ay + t * dy - py);
}

} // namespace

WorldModel::WorldModel(double aoiRadius) : m_positions(qMax(1.0, aoiRadius)), m_physical(physicalCellSize) {}

void WorldModel::load(const QList<ZoneObject> &objects)
{
    m_objects.clear();
    m_characters.clear();
    m_nextId = 1;
    for (const auto &object : objects) {
        m_objects.insert(object.id, object);
        indexCharacter(object, true);
        m_nextId = qMax(m_nextId, object.id + 1);
    }
    m_tickAdded.clear();
    m_tickChanged.clear();
    m_tickRemoved.clear();
    m_tickDataChanged.clear();
    m_tickFields.clear();
    m_dirty.clear();
    m_dirtyRemoved.clear();
    m_positionsStale = m_physicalStale = true;
}

const ZoneObject *WorldModel::find(qint64 id) const
{
    const auto it = m_objects.constFind(id);
    return it == m_objects.cend() ? nullptr : &it.value();
}

const ZoneObject *WorldModel::findCharacter(const QString &name) const
{
    const auto it = m_characters.constFind(nameKey(name));
    return it == m_characters.cend() ? nullptr : find(it.value());
}

QList<const ZoneObject *> WorldModel::modifiedSince(qint64 sinceMicros) const
{
    QList<const ZoneObject *> result;
    for (const auto &object : m_objects)
        if (object.lastModified * 1000 >= sinceMicros)
            result.append(&object);
    std::sort(result.begin(), result.end(), [](const ZoneObject *a, const ZoneObject *b) {
        return a->lastModified != b->lastModified ? a->lastModified > b->lastModified : a->id > b->id;
    });
    return result;
}

qint64 WorldModel::newestModification() const
{
    qint64 newest = 0;
    for (const auto &object : m_objects)
        newest = qMax(newest, object.lastModified);
    return newest;
}

QStringList WorldModel::onlineCharacters() const
{
    QStringList names;
    for (const qint64 id : m_characters) {
        const ZoneObject *object = find(id);
        if (object && object->isOnline())
            names.append(object->owner);
    }
    names.sort(Qt::CaseInsensitive);
    return names;
}

const ZoneObject &WorldModel::add(ZoneObject object, qint64 nowMs)
{
    if (object.id <= 0 || m_objects.contains(object.id))
        object.id = m_nextId;
    m_nextId = qMax(m_nextId, object.id + 1);
    object.lastModified = nowMs;
    const qint64 id = object.id;
    const bool physical = object.physical;
    m_objects.insert(id, std::move(object));
    indexCharacter(m_objects[id], true);
    m_tickAdded.insert(id);
    m_dirty.insert(id);
    m_dirtyRemoved.remove(id);
    m_positionsStale = true;
    if (physical) {
        const ZoneObject &added = m_objects[id];
        placePhysical(id, true, added.locX, added.locY, added.radius(), isBig(added));
    }
    return m_objects[id];
}

bool WorldModel::remove(qint64 id)
{
    const auto it = m_objects.find(id);
    if (it == m_objects.end())
        return false;
    indexCharacter(it.value(), false);
    if (it->physical)
        placePhysical(id, false, it->locX, it->locY, it->radius(), isBig(*it));
    m_objects.erase(it);
    m_positionsStale = true;
    // An object that appeared and vanished within one tick was never seen by anyone.
    if (!m_tickAdded.remove(id))
        m_tickRemoved.insert(id);
    m_tickChanged.remove(id);
    m_tickDataChanged.remove(id);
    m_tickFields.remove(id);
    m_dirty.remove(id);
    m_dirtyRemoved.insert(id);
    return true;
}

const ZoneObject *WorldModel::modify(qint64 id, const std::function<void(ZoneObject &)> &change, qint64 nowMs)
{
    const auto it = m_objects.find(id);
    if (it == m_objects.end())
        return nullptr;
    ZoneObject &object = it.value();
    const ZoneObject before = object;
    indexCharacter(object, false);
    change(object);
    object.id = id;
    object.lastModified = nowMs;
    indexCharacter(object, true);
    const bool moved = object.locX != before.locX || object.locY != before.locY;
    if (before.physical != object.physical ||
        (object.physical && (moved || object.radius() != before.radius()))) {
        if (before.physical)
            placePhysical(id, false, before.locX, before.locY, before.radius(), isBig(before));
        if (object.physical)
            placePhysical(id, true, object.locX, object.locY, object.radius(), isBig(object));
    }
    touched(id, moved, before.differences(object));
    return &object;
}

bool WorldModel::setData(qint64 id, const QJsonObject &data)
{
    const auto it = m_objects.find(id);
    if (it == m_objects.end())
        return false;
    it->data = data;
    if (!m_tickAdded.contains(id)) {
        if (!m_tickChanged.contains(id))
            m_tickDataChanged.insert(id);
        m_tickFields[id] |= ZoneObject::Data;
    }
    m_dirty.insert(id);
    return true;
}

bool WorldModel::moveBy(qint64 id, double dx, double dy, double dz, qint64 nowMs, qint64 *blocker)
{
    if (blocker)
        *blocker = 0;
    const ZoneObject *mover = find(id);
    if (!mover)
        return false;
    const double toX = std::clamp(mover->locX + dx, -ZoneObject::maxCoordinate, ZoneObject::maxCoordinate);
    const double toY = std::clamp(mover->locY + dy, -ZoneObject::maxCoordinate, ZoneObject::maxCoordinate);
    const double toZ = std::clamp(mover->locZ + dz, -ZoneObject::maxCoordinate, ZoneObject::maxCoordinate);
    if (const qint64 hit = collision(*mover, toX, toY); hit != 0) {
        if (blocker)
            *blocker = hit;
        return false;
    }
    // Only the position changes: no need for modify()'s comparison and re-indexing.
    ZoneObject &object = *m_objects.find(id);
    const quint32 fields = (toX != object.locX ? ZoneObject::LocX : 0u) |
                           (toY != object.locY ? ZoneObject::LocY : 0u) |
                           (toZ != object.locZ ? ZoneObject::LocZ : 0u);
    const bool moved = toX != object.locX || toY != object.locY;
    if (object.physical && moved) {
        const double radius = object.radius();
        const bool big = isBig(object);
        placePhysical(id, false, object.locX, object.locY, radius, big);
        placePhysical(id, true, toX, toY, radius, big);
    }
    object.locX = toX;
    object.locY = toY;
    object.locZ = toZ;
    object.lastModified = nowMs;
    touched(id, moved, fields);
    return true;
}

qint64 WorldModel::collision(const ZoneObject &mover, double toX, double toY) const
{
    rebuildPhysical();
    const double moverRadius = mover.radius();
    qint64 hit = 0;
    const auto check = [&](qint64 id) {
        if (hit != 0 || id == mover.id)
            return;
        const ZoneObject *other = find(id);
        if (!other || !other->physical)
            return;
        const double reach = moverRadius + other->radius();
        if (reach <= 0)
            return;
        const double closest = segmentDistance(mover.locX, mover.locY, toX, toY, other->locX, other->locY);
        if (closest >= reach - epsilon)
            return;
        const double before = std::hypot(mover.locX - other->locX, mover.locY - other->locY);
        const double after = std::hypot(toX - other->locX, toY - other->locY);
        // Already overlapping: only moving deeper in is refused.
        if (before < reach - epsilon && after >= before)
            return;
        hit = id;
    };
    const double margin = moverRadius;
    m_physical.visit(qMin(mover.locX, toX) - margin, qMin(mover.locY, toY) - margin,
                     qMax(mover.locX, toX) + margin, qMax(mover.locY, toY) + margin, check);
    for (const qint64 id : m_bigPhysical)
        check(id);
    return hit;
}

QList<qint64> WorldModel::within(double x, double y, double radius) const
{
    std::vector<qint64> ids;
    within(x, y, radius, ids);
    return QList<qint64>(ids.begin(), ids.end());
}

void WorldModel::within(double x, double y, double radius, std::vector<qint64> &ids) const
{
    rebuildPositions();
    ids.clear();
    m_positions.within(x, y, radius, ids);
    std::sort(ids.begin(), ids.end());
}

void WorldModel::nearest(double x, double y, double radius, int maxCount, std::vector<qint64> &ids) const
{
    within(x, y, radius, ids);
    if (maxCount <= 0 || ids.size() <= size_t(maxCount))
        return;
    std::vector<std::pair<double, qint64>> byDistance;
    byDistance.reserve(ids.size());
    for (const qint64 id : ids) {
        const ZoneObject *object = find(id);
        const double dx = object->locX - x, dy = object->locY - y;
        byDistance.emplace_back(dx * dx + dy * dy, id);
    }
    // Ties go to the lower id, so that the same crowd gives the same answer.
    std::nth_element(byDistance.begin(), byDistance.begin() + maxCount, byDistance.end());
    ids.clear();
    for (int i = 0; i < maxCount; ++i)
        ids.push_back(byDistance[size_t(i)].second);
    std::sort(ids.begin(), ids.end());
}

WorldModel::TickChanges WorldModel::takeTickChanges()
{
    TickChanges changes;
    changes.added.swap(m_tickAdded);
    changes.changed.swap(m_tickChanged);
    changes.removed.swap(m_tickRemoved);
    changes.dataChanged.swap(m_tickDataChanged);
    changes.fields.swap(m_tickFields);
    // Fully changed objects are sent whole anyway.
    for (const qint64 id : std::as_const(changes.changed))
        changes.dataChanged.remove(id);
    for (const qint64 id : std::as_const(changes.added)) {
        changes.dataChanged.remove(id);
        changes.fields.remove(id);
    }
    return changes;
}

WorldModel::Dirty WorldModel::takeDirty()
{
    Dirty dirty;
    dirty.objects.reserve(m_dirty.size());
    for (const qint64 id : std::as_const(m_dirty))
        if (const ZoneObject *object = find(id))
            dirty.objects.append(*object);
    dirty.removed = m_dirtyRemoved.values();
    m_dirty.clear();
    m_dirtyRemoved.clear();
    return dirty;
}

void WorldModel::restoreDirty(const Dirty &dirty)
{
    for (const auto &object : dirty.objects)
        if (m_objects.contains(object.id) && !m_dirtyRemoved.contains(object.id))
            m_dirty.insert(object.id);
    for (const qint64 id : dirty.removed)
        if (!m_objects.contains(id))
            m_dirtyRemoved.insert(id);
}

void WorldModel::touched(qint64 id, bool moved, quint32 fields)
{
    if (!m_tickAdded.contains(id)) {
        m_tickChanged.insert(id);
        m_tickFields[id] |= fields;
    }
    m_dirty.insert(id);
    if (moved)
        m_positionsStale = true;
}

void WorldModel::indexCharacter(const ZoneObject &object, bool add)
{
    if (!object.isPlayer() || object.owner.isEmpty())
        return;
    const QString key = nameKey(object.owner);
    if (add)
        m_characters.insert(key, object.id);
    else if (m_characters.value(key) == object.id)
        m_characters.remove(key);
}

bool WorldModel::isBig(const ZoneObject &object) const
{
    return object.radius() > 16 * physicalCellSize;
}

void WorldModel::rebuildPositions() const
{
    if (!m_positionsStale)
        return;
    m_positions.clear();
    for (const auto &object : m_objects)
        m_positions.insert(object.id, object.locX, object.locY);
    m_positionsStale = false;
}

void WorldModel::placePhysical(qint64 id, bool add, double x, double y, double radius, bool big)
{
    if (m_physicalStale)
        return; // rebuilt from scratch before the next question anyway
    if (big) {
        if (add)
            m_bigPhysical.append(id);
        else
            m_bigPhysical.removeAll(id);
    } else if (add) {
        m_physical.insert(id, x - radius, y - radius, x + radius, y + radius);
    } else {
        m_physical.remove(id, x - radius, y - radius, x + radius, y + radius);
    }
}

void WorldModel::rebuildPhysical() const
{
    if (!m_physicalStale)
        return;
    m_physical.clear();
    m_bigPhysical.clear();
    for (const auto &object : m_objects) {
        if (!object.physical)
            continue;
        if (isBig(object)) {
            m_bigPhysical.append(object.id);
            continue;
        }
        const double r = object.radius();
        m_physical.insert(object.id, object.locX - r, object.locY - r, object.locX + r, object.locY + r);
    }
    m_physicalStale = false;
}

} // namespace smmo
