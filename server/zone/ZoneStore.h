// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "ChatMessage.h"
#include "ZoneObject.h"

#include <QList>
#include <QString>

namespace smmo {

class Database;

/// A zone's tables (common/migrations/003_zones.sql): its objects, created from the definition
/// once and checkpointed afterwards, and its chat. Safe to use from several threads (each gets
/// its own connection), which lets checkpoints run off the zone's event loop.
class ZoneStore
{
public:
    ZoneStore(Database &database, QString zoneId);

    /// The zone's objects. The first time the zone id is seen, definitionObjects are stored first
    /// (ids from 1), all in one transaction; *created tells whether that happened.
    QList<ZoneObject> open(const QString &zoneName, const QList<ZoneObject> &definitionObjects,
                           bool *created);

    /// Writes changed objects, deletes removed ones, and writes the position of every online
    /// character among them to its character record, in one transaction.
    void checkpoint(const QList<ZoneObject> &objects, const QList<qint64> &removed);

    /// Stores a line of chat; returns it with its id.
    ChatMessage addMessage(ChatMessage message);
    /// Zone-scope lines sent at or after sinceMicros, oldest first, at most `limit`.
    QList<ChatMessage> messagesSince(qint64 sinceMicros, int limit);
    int messageCount();
    /// Deletes lines until at most `keep` remain: the oldest non-player lines first, then the
    /// oldest of the rest. Returns how many went. `count`: how many there are, when the caller
    /// knows (counting them is a scan, and the zone prunes after every line once it is full).
    int pruneMessages(int keep, int count = -1);

private:
    void writeObject(const ZoneObject &object);

    Database &m_db;
    QString m_zoneId;
};

} // namespace smmo
