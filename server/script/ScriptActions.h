// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QString>

namespace smmo {

/// Where what scripts do goes: in the ScriptServer, actions on the zone's bus (docs/protocol.md);
/// in tests, a recorder. Every call is already checked by the script API.
class ScriptActions
{
public:
    virtual ~ScriptActions() = default;
    /// Object id speaks a line of zone chat.
    virtual void say(qint64 id, const QString &text) = 0;
    /// Object id steps by (dx, dy, dz) metres; the zone checks collisions again.
    virtual void move(qint64 id, double dx, double dy, double dz) = 0;
    /// Classic fields (states) or data of object id change.
    virtual void set(qint64 id, const QJsonObject &fields) = 0;
    /// A new object with these classic fields; ref names the request.
    virtual void spawn(const QJsonObject &object, const QString &ref) = 0;
    virtual void destroy(qint64 id) = 0;
    /// An event about object id for the players who see it and the bus (script faults).
    virtual void event(qint64 id, const QString &name, const QJsonObject &data) = 0;
};

} // namespace smmo
