// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace smmo {

class Database;

/// One character's record.
struct Character
{
    qint64 id = 0;
    QString name;
    qint64 ownerId = 0;
    QString ownerName;
    QString zone;
    double x = 0, y = 0, z = 0;
    QJsonObject stats;
    QJsonObject inventory; ///< item name -> count
    bool online = false;
    QDateTime createdAt;
    QDateTime lastSeen;

    /// The JSON record; owner and inventory only when includePrivate (the owner, admins, zones).
    QJsonObject toJson(bool includePrivate) const;
};

/// A validated change to a character, as zone servers and administrators send it. Absent fields
/// stay as they are; stats and inventory entries are merged (null, or a count of 0, removes one).
struct CharacterUpdate
{
    std::optional<QString> zone;
    std::optional<double> x, y, z;
    std::optional<QJsonObject> stats;
    std::optional<QJsonObject> inventory;
    std::optional<bool> online;

    /// Parses and checks every field first, so a bad one rejects the whole update (ApiError 400).
    static CharacterUpdate fromJson(const QJsonObject &json);
};

/// The characters table: creation with cluster-wide unique names, look-up, the owner's list, and
/// updates applied in one transaction. Used by the CharServer, and by the AuthServer to create
/// and list characters.
class CharacterStore
{
public:
    /// startZone: the zone name a new character starts in, in its own player instance.
    CharacterStore(Database &database, QString startZone);

    /// Throws ApiError 400 for an invalid, reserved or taken name ("Character already exists.").
    Character create(const QString &name, qint64 ownerId);
    std::optional<Character> find(const QString &name);
    QStringList namesOwnedBy(qint64 ownerId);
    /// Administrators' search: the characters of account `owner` (any case; ApiError 404 when there
    /// is no such account) and/or whose name starts with `namePrefix` (any case), by name, at most
    /// `limit`. Either may be empty; both empty lists every character. ApiError 400 for a prefix or
    /// account name that no name could match (not letters, digits and underscores).
    QList<Character> search(const QString &owner, const QString &namePrefix, int limit);
    /// Throws ApiError 404 when there is no such character.
    Character update(const QString &name, const CharacterUpdate &update);

    /// Where a zone's characters stand, written at each checkpoint: zone, position and last seen
    /// of each (no check, no merge; names that are not characters any more are skipped). Meant
    /// to run inside the caller's transaction, with one prepared statement for all of them.
    struct Position
    {
        QString name;
        double x = 0, y = 0, z = 0;
    };
    void updatePositions(const QString &zone, const QList<Position> &positions);

    /// Names that would be shadowed by fixed routes such as /health, so no character may take them.
    static bool isReservedName(const QString &name);
    QString startZoneFor(const QString &name) const;

private:
    Character fromRow(const QVariantMap &row) const;
    Database &m_db;
    QString m_startZone;
};

} // namespace smmo
