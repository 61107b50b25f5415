// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "PointGrid.h"
#include "SpatialGrid.h"
#include "ZoneObject.h"

#include <QHash>
#include <QList>
#include <QSet>

#include <functional>
#include <vector>

namespace smmo {

/// The state of one zone in memory: its objects, which character owns which, where things are
/// (areas of interest, collisions), and what changed since the last tick and since the last
/// checkpoint. It has no I/O; the ZoneServer is its single writer.
class WorldModel
{
public:
    /// aoiRadius sets the cell size of the grid that answers area-of-interest queries.
    explicit WorldModel(double aoiRadius);

    /// Replaces every object (state loaded at start); nothing counts as changed afterwards.
    void load(const QList<ZoneObject> &objects);

    int size() const { return int(m_objects.size()); }
    const ZoneObject *find(qint64 id) const;
    /// The object of character `name` (case-insensitive), or nullptr.
    const ZoneObject *findCharacter(const QString &name) const;
    const QHash<qint64, ZoneObject> &objects() const { return m_objects; }
    /// Objects modified at or after sinceMicros (microseconds since the epoch), newest first.
    QList<const ZoneObject *> modifiedSince(qint64 sinceMicros) const;
    /// The newest last_modified (ms), 0 for an empty zone.
    qint64 newestModification() const;
    /// Names of characters whose object carries state `online`.
    QStringList onlineCharacters() const;

    /// Adds an object; an id of 0 gets the next free one. Returns the stored object.
    const ZoneObject &add(ZoneObject object, qint64 nowMs);
    bool remove(qint64 id);
    /// Changes one object through `change`; nullptr when there is no such object. The id cannot
    /// be changed.
    const ZoneObject *modify(qint64 id, const std::function<void(ZoneObject &)> &change, qint64 nowMs);
    /// Replaces the scripts' data of an object (ZoneObject::data, already checked). Players do not
    /// see data, so this changes the object for the bus and the checkpoint only: last_modified
    /// stays. False for an unknown id.
    bool setData(qint64 id, const QJsonObject &data);

    /// Moves object id by (dx, dy, dz) metres unless that runs into a physical object; then
    /// nothing changes, false is returned (also for an unknown id) and *blocker, when given, is
    /// the id of the object in the way (0 for an unknown id).
    bool moveBy(qint64 id, double dx, double dy, double dz, qint64 nowMs, qint64 *blocker = nullptr);
    /// The id of the first physical object `mover` would run into going in a straight line from
    /// where it is to (toX, toY), or 0. Circles in the x/y plane with ZoneObject::radius().
    /// Moving away from an object it already overlaps is allowed, so overlaps can be undone.
    qint64 collision(const ZoneObject &mover, double toX, double toY) const;
    /// Ids of the objects whose position lies within `radius` of (x, y), in the x/y plane, in
    /// ascending order.
    QList<qint64> within(double x, double y, double radius) const;
    /// The same into ids (replacing what it held), for callers that ask often and reuse it.
    void within(double x, double y, double radius, std::vector<qint64> &ids) const;
    /// The same, but at most maxCount of them: the nearest (all when maxCount is 0).
    void nearest(double x, double y, double radius, int maxCount, std::vector<qint64> &ids) const;

    /// What changed since the last call, for the tick's stream updates.
    struct TickChanges
    {
        QSet<qint64> added;
        QSet<qint64> changed; ///< existing objects that changed (not in added)
        QSet<qint64> removed;
        QSet<qint64> dataChanged; ///< objects whose data alone changed (in neither set above): bus only
        /// Which fields (ZoneObject::Field bits) changed, for objects in changed and dataChanged
        /// (their last_modified may have changed as well).
        QHash<qint64, quint32> fields;
        bool isEmpty() const
        {
            return added.isEmpty() && changed.isEmpty() && removed.isEmpty() && dataChanged.isEmpty();
        }
    };
    TickChanges takeTickChanges();

    /// What a checkpoint must write: copies of objects changed since the last one, and removals.
    struct Dirty
    {
        QList<ZoneObject> objects;
        QList<qint64> removed;
        bool isEmpty() const { return objects.isEmpty() && removed.isEmpty(); }
    };
    Dirty takeDirty();
    /// Marks a checkpoint's content dirty again (its write failed), unless changed since.
    void restoreDirty(const Dirty &dirty);

private:
    void touched(qint64 id, bool moved, quint32 fields);
    void indexCharacter(const ZoneObject &object, bool add);
    void rebuildPositions() const;
    void rebuildPhysical() const;
    bool isBig(const ZoneObject &object) const;
    /// Keeps the physical grid current for one object (unless it is to be rebuilt anyway), so
    /// that physical objects that move all the time (scripted chickens) cost no rebuilds.
    void placePhysical(qint64 id, bool add, double x, double y, double radius, bool big);

    QHash<qint64, ZoneObject> m_objects;
    QHash<QString, qint64> m_characters; ///< name key -> object id
    qint64 m_nextId = 1;

    QSet<qint64> m_tickAdded, m_tickChanged, m_tickRemoved, m_tickDataChanged;
    QHash<qint64, quint32> m_tickFields;
    QSet<qint64> m_dirty, m_dirtyRemoved;

    // Positions are rebuilt lazily, once per tick at most; physical objects are moved in their
    // grid one by one, and it is rebuilt only after load().
    mutable PointGrid m_positions;
    mutable bool m_positionsStale = true;
    mutable SpatialGrid m_physical;
    mutable QList<qint64> m_bigPhysical; ///< too large for grid cells; always checked
    mutable bool m_physicalStale = true;
};

} // namespace smmo
