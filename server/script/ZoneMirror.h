// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "WorldModel.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>

namespace smmo {

/// The ScriptServer's copy of its zone, kept from the bus (the hello's snapshot, then every
/// update): scripts read positions from it, and a script's step is checked against its physical
/// objects before it is sent, so that a refused move can answer false at once. The zone stays the
/// authority: what it sends back overrides whatever was assumed here.
class ZoneMirror
{
public:
    ZoneMirror();

    /// An object as the bus sends it (classic fields plus data); nullopt when it is not one.
    static std::optional<ZoneObject> objectFromJson(const QJsonObject &json);

    /// The hello's snapshot replaces everything.
    void load(const QJsonArray &objects);
    /// One update: the ids of objects that appeared (or changed) and of those that went.
    struct Applied
    {
        QList<qint64> upserted;
        QList<qint64> removed;
    };
    Applied apply(const QJsonArray &changed, const QJsonArray &entered, const QJsonArray &left);

    const WorldModel &world() const { return m_world; }
    WorldModel &world() { return m_world; }
    const ZoneObject *find(qint64 id) const { return m_world.find(id); }
    /// Sets where the zone says an object is (after it refused a step taken here).
    void place(qint64 id, double x, double y, double z);

private:
    void upsert(const ZoneObject &object);
    WorldModel m_world;
};

} // namespace smmo
