// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ZoneStore.h"

#include "CharacterStore.h"
#include "Database.h"
#include "JsonWriter.h"
#include "ZoneTime.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace smmo {

namespace {

const QString objectColumns = QStringLiteral(
    "object_id, name, resource, owner, loc_x, loc_y, loc_z, rot_x, rot_y, rot_z, scale_x, scale_y, scale_z, "
    "speed, vel_x, vel_y, vel_z, states, scripts, physical, data, last_modified");

// QtSql binds a null QString as SQL NULL; empty texts are stored as empty texts.
QString notNull(const QString &text)
{
    return text.isNull() ? QStringLiteral("") : text;
}

QString listText(const QStringList &list)
{
    QByteArray json;
    JsonWriter::appendStringList(json, list);
    return QString::fromUtf8(json);
}

QString objectText(const QJsonObject &object)
{
    if (object.isEmpty())
        return QStringLiteral("{}");
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QStringList textList(const QVariant &value)
{
    QStringList list;
    for (const auto &item : QJsonDocument::fromJson(value.toString().toUtf8()).array())
        list.append(item.toString());
    return list;
}

ZoneObject objectFromRow(const QVariantMap &row)
{
    ZoneObject o;
    o.id = row.value(QStringLiteral("object_id")).toLongLong();
    o.name = row.value(QStringLiteral("name")).toString();
    o.resource = row.value(QStringLiteral("resource")).toString();
    o.owner = row.value(QStringLiteral("owner")).toString();
    o.locX = row.value(QStringLiteral("loc_x")).toDouble();
    o.locY = row.value(QStringLiteral("loc_y")).toDouble();
    o.locZ = row.value(QStringLiteral("loc_z")).toDouble();
    o.rotX = row.value(QStringLiteral("rot_x")).toDouble();
    o.rotY = row.value(QStringLiteral("rot_y")).toDouble();
    o.rotZ = row.value(QStringLiteral("rot_z")).toDouble();
    o.scaleX = row.value(QStringLiteral("scale_x")).toDouble();
    o.scaleY = row.value(QStringLiteral("scale_y")).toDouble();
    o.scaleZ = row.value(QStringLiteral("scale_z")).toDouble();
    o.speed = row.value(QStringLiteral("speed")).toDouble();
    o.velX = row.value(QStringLiteral("vel_x")).toDouble();
    o.velY = row.value(QStringLiteral("vel_y")).toDouble();
    o.velZ = row.value(QStringLiteral("vel_z")).toDouble();
    o.states = textList(row.value(QStringLiteral("states")));
    o.scripts = textList(row.value(QStringLiteral("scripts")));
    o.physical = row.value(QStringLiteral("physical")).toBool();
    o.data = QJsonDocument::fromJson(row.value(QStringLiteral("data")).toString().toUtf8()).object();
    o.lastModified = row.value(QStringLiteral("last_modified")).toLongLong();
    return o;
}

ChatMessage messageFromRow(const QVariantMap &row)
{
    ChatMessage m;
    m.id = row.value(QStringLiteral("id")).toLongLong();
    const QString scope = row.value(QStringLiteral("scope")).toString();
    m.scope = scope == QLatin1String("tell") ? ChatMessage::Scope::Tell : ChatMessage::Scope::Zone;
    m.sender = row.value(QStringLiteral("sender")).toString();
    m.recipient = row.value(QStringLiteral("recipient")).toString();
    m.body = row.value(QStringLiteral("body")).toString();
    m.locX = row.value(QStringLiteral("loc_x")).toDouble();
    m.locY = row.value(QStringLiteral("loc_y")).toDouble();
    m.locZ = row.value(QStringLiteral("loc_z")).toDouble();
    m.playerGenerated = row.value(QStringLiteral("player_generated")).toBool();
    m.sent = row.value(QStringLiteral("sent")).toLongLong();
    return m;
}

} // namespace

ZoneStore::ZoneStore(Database &database, QString zoneId) : m_db(database), m_zoneId(std::move(zoneId)) {}

QList<ZoneObject> ZoneStore::open(const QString &zoneName, const QList<ZoneObject> &definitionObjects,
                                  bool *created)
{
    Transaction transaction(m_db);
    *created = !m_db.one(QStringLiteral("SELECT zone_id FROM zone_instances WHERE zone_id = ?"), {m_zoneId});
    if (*created) {
        const qint64 now = ZoneTime::nowMs();
        m_db.exec(
            QStringLiteral("INSERT INTO zone_instances (zone_id, zone_name, created_at) VALUES (?, ?, ?)"),
            {m_zoneId, zoneName, now});
        qint64 id = 1;
        for (ZoneObject object : definitionObjects) {
            object.id = id++;
            object.lastModified = now;
            writeObject(object);
        }
    }
    QList<ZoneObject> objects;
    for (const auto &row :
         m_db.all(QStringLiteral("SELECT %1 FROM zone_objects WHERE zone_id = ? ORDER BY object_id")
                      .arg(objectColumns),
                  {m_zoneId}))
        objects.append(objectFromRow(row));
    transaction.commit();
    return objects;
}

namespace {

const QString updateObjectSql = QStringLiteral(
    "UPDATE zone_objects SET name = ?, resource = ?, owner = ?, loc_x = ?, loc_y = ?, loc_z = ?, "
    "rot_x = ?, rot_y = ?, rot_z = ?, scale_x = ?, scale_y = ?, scale_z = ?, speed = ?, vel_x = ?, "
    "vel_y = ?, vel_z = ?, states = ?, scripts = ?, physical = ?, data = ?, last_modified = ? "
    "WHERE zone_id = ? AND object_id = ?");

QString insertObjectSql()
{
    return QStringLiteral(
               "INSERT INTO zone_objects (zone_id, %1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
               "?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .arg(objectColumns);
}

// The columns after zone_id and object_id, in objectColumns' order.
QVariantList objectValues(const ZoneObject &o)
{
    return {notNull(o.name),
            notNull(o.resource),
            notNull(o.owner),
            o.locX,
            o.locY,
            o.locZ,
            o.rotX,
            o.rotY,
            o.rotZ,
            o.scaleX,
            o.scaleY,
            o.scaleZ,
            o.speed,
            o.velX,
            o.velY,
            o.velZ,
            listText(o.states),
            listText(o.scripts),
            o.physical,
            objectText(o.data),
            o.lastModified};
}

} // namespace

void ZoneStore::writeObject(const ZoneObject &o)
{
    // UPDATE first, INSERT when there was no row: portable across backends (no upsert syntax),
    // and safe because the zone is the only writer of its objects.
    const QVariantList values = objectValues(o);
    if (m_db.exec(updateObjectSql, values + QVariantList{m_zoneId, o.id}) > 0)
        return;
    m_db.exec(insertObjectSql(), QVariantList{m_zoneId, o.id} + values);
}

void ZoneStore::checkpoint(const QList<ZoneObject> &objects, const QList<qint64> &removed)
{
    // Each statement is prepared once for all rows: with a zone full of players every object
    // moves between checkpoints, and preparing per row cost more than the writing.
    Transaction transaction(m_db);
    QList<QVariantList> updates;
    updates.reserve(objects.size());
    for (const auto &object : objects)
        updates.append(objectValues(object) + QVariantList{m_zoneId, object.id});
    const QList<int> matched = m_db.execEach(updateObjectSql, updates);
    QList<QVariantList> inserts;
    QList<CharacterStore::Position> positions;
    for (qsizetype i = 0; i < objects.size(); ++i) {
        const ZoneObject &object = objects.at(i);
        if (matched.at(i) <= 0) // new since the last checkpoint
            inserts.append(QVariantList{m_zoneId, object.id} +
                           updates.at(i).mid(0, updates.at(i).size() - 2));
        if (object.isPlayer() && object.isOnline() && !object.owner.isEmpty())
            positions.append({object.owner, object.locX, object.locY, object.locZ});
    }
    m_db.execEach(insertObjectSql(), inserts);
    CharacterStore(m_db, QString()).updatePositions(m_zoneId, positions);
    QList<QVariantList> deletions;
    for (const qint64 id : removed)
        deletions.append({m_zoneId, id});
    m_db.execEach(QStringLiteral("DELETE FROM zone_objects WHERE zone_id = ? AND object_id = ?"), deletions);
    m_db.exec(QStringLiteral("UPDATE zone_instances SET checkpoint_at = ? WHERE zone_id = ?"),
              {ZoneTime::nowMs(), m_zoneId});
    transaction.commit();
}

ChatMessage ZoneStore::addMessage(ChatMessage message)
{
    message.id = m_db.insert(
        QStringLiteral("INSERT INTO zone_messages (zone_id, scope, sender, recipient, body, loc_x, "
                       "loc_y, loc_z, player_generated, sent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {m_zoneId, ChatMessage::scopeName(message.scope), notNull(message.sender),
         message.recipient.isEmpty() ? QVariant() : QVariant(message.recipient), notNull(message.body),
         message.locX, message.locY, message.locZ, message.playerGenerated, message.sent});
    return message;
}

QList<ChatMessage> ZoneStore::messagesSince(qint64 sinceMicros, int limit)
{
    const qint64 sinceMs = qint64(std::ceil(double(sinceMicros) / 1000.0));
    QList<ChatMessage> messages;
    // The newest `limit` lines, then put back in the order they were sent.
    for (const auto &row :
         m_db.all(QStringLiteral("SELECT id, scope, sender, recipient, body, loc_x, loc_y, loc_z, "
                                 "player_generated, sent FROM zone_messages WHERE zone_id = ? AND "
                                 "scope = ? AND sent >= ? ORDER BY sent DESC, id DESC LIMIT ?"),
                  {m_zoneId, QStringLiteral("zone"), sinceMs, limit}))
        messages.prepend(messageFromRow(row));
    return messages;
}

int ZoneStore::messageCount()
{
    return m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM zone_messages WHERE zone_id = ?"), {m_zoneId})
        .toInt();
}

int ZoneStore::pruneMessages(int keep, int count)
{
    int excess = (count >= 0 ? count : messageCount()) - keep;
    if (excess <= 0)
        return 0;
    int pruned = 0;
    Transaction transaction(m_db);
    // Non-player lines (announcements, NPC speech) go first; player lines only if still needed.
    for (const bool onlyNonPlayer : {true, false}) {
        if (excess <= 0)
            break;
        const QString filter = onlyNonPlayer ? QStringLiteral(" AND player_generated = ?") : QString();
        QVariantList params{m_zoneId};
        if (onlyNonPlayer)
            params.append(false);
        // Oldest first by (sent, id), which the (zone_id, sent) index gives in order: ORDER BY id
        // alone sorted every line of the zone on each prune, and the zone prunes after every line
        // once it is full (NPC chatter made that most of a busy zone's time). Deleted by key.
        const auto rows = m_db.all(
            QStringLiteral("SELECT id FROM zone_messages WHERE zone_id = ?%1 ORDER BY sent, id LIMIT ?")
                .arg(filter),
            params + QVariantList{excess});
        if (rows.isEmpty())
            continue;
        QList<QVariantList> ids;
        for (const auto &row : rows)
            ids.append({row.value(QStringLiteral("id"))});
        m_db.execEach(QStringLiteral("DELETE FROM zone_messages WHERE id = ?"), ids);
        excess -= int(rows.size());
        pruned += int(rows.size());
    }
    transaction.commit();
    return pruned;
}

} // namespace smmo
