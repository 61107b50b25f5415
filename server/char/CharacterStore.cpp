// SPDX-License-Identifier: AGPL-3.0-or-later
#include "CharacterStore.h"

#include "ApiError.h"
#include "Database.h"
#include "DatabaseError.h"
#include "Names.h"
#include "ZoneId.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <cmath>

namespace smmo {

namespace {

const QString selectColumns = QStringLiteral(
    "SELECT c.id, c.name, c.owner_id, a.name AS owner_name, c.zone, c.loc_x, c.loc_y, c.loc_z, c.stats, "
    "c.inventory, c.online, c.created_at, c.last_seen FROM characters c JOIN accounts a ON a.id = "
    "c.owner_id ");

QJsonObject parseObject(const QVariant &text)
{
    return QJsonDocument::fromJson(text.toString().toUtf8()).object();
}

QString toText(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonObject defaultStats()
{
    return {{QStringLiteral("level"), 1},        {QStringLiteral("experience"), 0},
            {QStringLiteral("health"), 100},     {QStringLiteral("max_health"), 100},
            {QStringLiteral("strength"), 10},    {QStringLiteral("dexterity"), 10},
            {QStringLiteral("intelligence"), 10}};
}

double finiteNumber(const QJsonValue &value, const QString &field)
{
    if (!value.isDouble() || !std::isfinite(value.toDouble()))
        throw ApiError::badRequest(QStringLiteral("%1 must be a number.").arg(field));
    return value.toDouble();
}

// Merges entries into base: null removes an entry, as does a count of 0 for inventories.
QJsonObject merged(QJsonObject base, const QJsonObject &changes, bool isInventory)
{
    for (auto it = changes.begin(); it != changes.end(); ++it) {
        if (it->isNull() || (isInventory && it->toDouble() == 0))
            base.remove(it.key());
        else
            base.insert(it.key(), *it);
    }
    return base;
}

} // namespace

QJsonObject Character::toJson(bool includePrivate) const
{
    QJsonObject json{{QStringLiteral("name"), name},
                     {QStringLiteral("zone"), zone},
                     {QStringLiteral("loc_x"), x},
                     {QStringLiteral("loc_y"), y},
                     {QStringLiteral("loc_z"), z},
                     {QStringLiteral("stats"), stats},
                     {QStringLiteral("online"), online},
                     {QStringLiteral("created"), createdAt.toString(Qt::ISODateWithMs)},
                     {QStringLiteral("last_seen"),
                      lastSeen.isValid() ? QJsonValue(lastSeen.toString(Qt::ISODateWithMs)) : QJsonValue()}};
    if (includePrivate) {
        json.insert(QStringLiteral("owner"), ownerName);
        json.insert(QStringLiteral("inventory"), inventory);
    }
    return json;
}

CharacterUpdate CharacterUpdate::fromJson(const QJsonObject &json)
{
    static const QSet<QString> known = {QStringLiteral("zone"),  QStringLiteral("loc_x"),
                                        QStringLiteral("loc_y"), QStringLiteral("loc_z"),
                                        QStringLiteral("stats"), QStringLiteral("inventory"),
                                        QStringLiteral("online")};
    for (auto it = json.begin(); it != json.end(); ++it)
        if (!known.contains(it.key()))
            throw ApiError::badRequest(QStringLiteral("Unknown field: %1.").arg(it.key()));

    CharacterUpdate update;
    if (json.contains(QStringLiteral("zone"))) {
        const QString zone = json.value(QStringLiteral("zone")).toString();
        if (!ZoneId::parse(zone))
            throw ApiError::badRequest(
                QStringLiteral("zone must be a zone id <instancetype>-<zonename>-<owner>."));
        update.zone = zone;
    }
    if (json.contains(QStringLiteral("loc_x")))
        update.x = finiteNumber(json.value(QStringLiteral("loc_x")), QStringLiteral("loc_x"));
    if (json.contains(QStringLiteral("loc_y")))
        update.y = finiteNumber(json.value(QStringLiteral("loc_y")), QStringLiteral("loc_y"));
    if (json.contains(QStringLiteral("loc_z")))
        update.z = finiteNumber(json.value(QStringLiteral("loc_z")), QStringLiteral("loc_z"));
    if (json.contains(QStringLiteral("stats"))) {
        if (!json.value(QStringLiteral("stats")).isObject())
            throw ApiError::badRequest(QStringLiteral("stats must be a JSON object."));
        update.stats = json.value(QStringLiteral("stats")).toObject();
    }
    if (json.contains(QStringLiteral("inventory"))) {
        if (!json.value(QStringLiteral("inventory")).isObject())
            throw ApiError::badRequest(QStringLiteral("inventory must be a JSON object of item counts."));
        const QJsonObject items = json.value(QStringLiteral("inventory")).toObject();
        for (auto it = items.begin(); it != items.end(); ++it) {
            const double count = it->toDouble(-1);
            if (it.key().isEmpty() || it.key().size() > 64)
                throw ApiError::badRequest(QStringLiteral("Item names must be 1 to 64 characters."));
            if (!it->isNull() && (!it->isDouble() || count < 0 || count != std::floor(count) || count > 1e9))
                throw ApiError::badRequest(
                    QStringLiteral("The count of %1 must be a whole number from 0.").arg(it.key()));
        }
        update.inventory = items;
    }
    if (json.contains(QStringLiteral("online"))) {
        if (!json.value(QStringLiteral("online")).isBool())
            throw ApiError::badRequest(QStringLiteral("online must be true or false."));
        update.online = json.value(QStringLiteral("online")).toBool();
    }
    return update;
}

CharacterStore::CharacterStore(Database &database, QString startZone)
    : m_db(database), m_startZone(std::move(startZone))
{}

bool CharacterStore::isReservedName(const QString &name)
{
    // First path segments of fixed routes on the CharServer and AuthServer.
    static const QSet<QString> reserved = {
        QStringLiteral("new"),      QStringLiteral("characters"), QStringLiteral("ping"),
        QStringLiteral("health"),   QStringLiteral("version"),    QStringLiteral("metrics"),
        QStringLiteral("source"),   QStringLiteral("login"),      QStringLiteral("logout"),
        QStringLiteral("register"), QStringLiteral("whoami"),     QStringLiteral("admin")};
    return reserved.contains(nameKey(name));
}

QString CharacterStore::startZoneFor(const QString &name) const
{
    return QStringLiteral("playerinstance-%1-%2").arg(m_startZone, name);
}

Character CharacterStore::create(const QString &name, qint64 ownerId)
{
    if (!isValidName(name))
        throw ApiError::badRequest(nameRuleText(QStringLiteral("A character name")));
    if (isReservedName(name))
        throw ApiError::badRequest(QStringLiteral("That character name is reserved."));
    try {
        m_db.insert(
            QStringLiteral("INSERT INTO characters (name, name_key, owner_id, zone, loc_x, loc_y, loc_z, "
                           "stats, inventory, online, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            {name, nameKey(name), ownerId, startZoneFor(name), 0.0, 0.0, 0.0, toText(defaultStats()),
             toText(QJsonObject()), false, dbTimestampNow()});
    } catch (const DatabaseError &error) {
        if (error.isUniqueViolation())
            throw ApiError::badRequest(QStringLiteral("Character already exists."));
        if (error.isConstraintViolation())
            throw ApiError::badRequest(QStringLiteral("The owner account does not exist."));
        throw;
    }
    return *find(name);
}

std::optional<Character> CharacterStore::find(const QString &name)
{
    if (!isStorableText(name))
        return std::nullopt; // no such name can have been stored

    const auto row = m_db.one(selectColumns + QStringLiteral("WHERE c.name_key = ?"), {nameKey(name)});
    if (!row)
        return std::nullopt;
    return fromRow(*row);
}

QStringList CharacterStore::namesOwnedBy(qint64 ownerId)
{
    QStringList names;
    for (const auto &row :
         m_db.all(QStringLiteral("SELECT name FROM characters WHERE owner_id = ? ORDER BY id"), {ownerId}))
        names.append(row.value(QStringLiteral("name")).toString());
    return names;
}

QList<Character> CharacterStore::search(const QString &owner, const QString &namePrefix, int limit)
{
    QString where = QStringLiteral("WHERE 1 = 1 ");
    QVariantList params;
    if (!owner.isEmpty()) {
        if (!isValidName(owner))
            throw ApiError::badRequest(nameRuleText(QStringLiteral("An account name")));
        if (!m_db.one(QStringLiteral("SELECT id FROM accounts WHERE name_key = ?"), {nameKey(owner)}))
            throw ApiError::notFound(QStringLiteral("No such account: %1").arg(owner));
        where += QStringLiteral("AND a.name_key = ? ");
        params.append(nameKey(owner));
    }
    if (!namePrefix.isEmpty()) {
        // Compared as a substring rather than with LIKE, where the underscore of names is a wildcard.
        if (namePrefix.size() > 32 || !isWordText(namePrefix))
            throw ApiError::badRequest(
                QStringLiteral("A name prefix is 1 to 32 letters, digits or underscores."));
        where += QStringLiteral("AND SUBSTR(c.name_key, 1, %1) = ? ").arg(namePrefix.size());
        params.append(nameKey(namePrefix));
    }
    params.append(limit);
    QList<Character> found;
    for (const auto &row :
         m_db.all(selectColumns + where + QStringLiteral("ORDER BY c.name_key LIMIT ?"), params))
        found.append(fromRow(row));
    return found;
}

Character CharacterStore::update(const QString &name, const CharacterUpdate &update)
{
    Transaction transaction(m_db);
    // The record is read and written back whole (stats and inventory are merged), so it is
    // locked first: touching the row takes its write lock on PostgreSQL and MySQL (SQLite's
    // transaction holds the database's), and a concurrent update (a zone writing the position
    // while the CharServer merges stats) waits instead of being overwritten by an older copy.
    const QDateTime touched = QDateTime::currentDateTimeUtc();
    if (m_db.exec(QStringLiteral("UPDATE characters SET last_seen = ? WHERE name_key = ?"),
                  {dbTimestamp(touched), nameKey(name)}) == 0)
        throw ApiError::notFound(QStringLiteral("No such character: %1").arg(name));
    auto current = find(name);
    if (!current)
        throw ApiError::notFound(QStringLiteral("No such character: %1").arg(name));
    Character c = *current;
    if (update.zone)
        c.zone = *update.zone;
    if (update.x)
        c.x = *update.x;
    if (update.y)
        c.y = *update.y;
    if (update.z)
        c.z = *update.z;
    if (update.stats)
        c.stats = merged(c.stats, *update.stats, false);
    if (update.inventory)
        c.inventory = merged(c.inventory, *update.inventory, true);
    if (update.online)
        c.online = *update.online;
    c.lastSeen = touched;
    m_db.exec(QStringLiteral("UPDATE characters SET zone = ?, loc_x = ?, loc_y = ?, loc_z = ?, stats = ?, "
                             "inventory = ?, online = ?, last_seen = ? WHERE id = ?"),
              {c.zone, c.x, c.y, c.z, toText(c.stats), toText(c.inventory), c.online, dbTimestamp(c.lastSeen),
               c.id});
    transaction.commit();
    return c;
}

void CharacterStore::updatePositions(const QString &zone, const QList<Position> &positions)
{
    const QVariant now = dbTimestampNow();
    QList<QVariantList> rows;
    rows.reserve(positions.size());
    for (const Position &position : positions)
        rows.append({zone, position.x, position.y, position.z, now, nameKey(position.name)});
    m_db.execEach(QStringLiteral("UPDATE characters SET zone = ?, loc_x = ?, loc_y = ?, loc_z = ?, "
                                 "last_seen = ? WHERE name_key = ?"),
                  rows);
}

Character CharacterStore::fromRow(const QVariantMap &row) const
{
    Character c;
    c.id = row.value(QStringLiteral("id")).toLongLong();
    c.name = row.value(QStringLiteral("name")).toString();
    c.ownerId = row.value(QStringLiteral("owner_id")).toLongLong();
    c.ownerName = row.value(QStringLiteral("owner_name")).toString();
    c.zone = row.value(QStringLiteral("zone")).toString();
    c.x = row.value(QStringLiteral("loc_x")).toDouble();
    c.y = row.value(QStringLiteral("loc_y")).toDouble();
    c.z = row.value(QStringLiteral("loc_z")).toDouble();
    c.stats = parseObject(row.value(QStringLiteral("stats")));
    c.inventory = parseObject(row.value(QStringLiteral("inventory")));
    c.online = row.value(QStringLiteral("online")).toBool();
    c.createdAt = fromDbTimestamp(row.value(QStringLiteral("created_at")));
    c.lastSeen = fromDbTimestamp(row.value(QStringLiteral("last_seen")));
    return c;
}

} // namespace smmo
