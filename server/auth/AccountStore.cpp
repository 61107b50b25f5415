// SPDX-License-Identifier: AGPL-3.0-or-later
#include "AccountStore.h"

#include "ApiError.h"
#include "Database.h"
#include "DatabaseError.h"
#include "Names.h"

namespace smmo {

namespace {
// A joined empty list is a null QString, which QtSql binds as NULL: store "" instead.
QString rolesText(const QStringList &roles)
{
    const QString text = roles.join(QLatin1Char(','));
    return text.isNull() ? QStringLiteral("") : text;
}
} // namespace

Account AccountStore::create(const QString &name, const QString &passwordHash, const QString &email,
                             const QStringList &roles)
{
    try {
        const qint64 id = m_db.insert(
            QStringLiteral("INSERT INTO accounts (name, name_key, password_hash, email, roles, created_at) "
                           "VALUES (?, ?, ?, ?, ?, ?)"),
            {name, nameKey(name), passwordHash, email.isEmpty() ? QVariant() : QVariant(email),
             rolesText(roles), dbTimestampNow()});
        return {id, name, passwordHash, email, roles};
    } catch (const DatabaseError &error) {
        if (error.isUniqueViolation())
            throw ApiError::conflict(QStringLiteral("User already exists."));
        throw;
    }
}

std::optional<Account> AccountStore::find(const QString &name)
{
    if (!isStorableText(name))
        return std::nullopt; // no such name can have been stored

    const auto row = m_db.one(
        QStringLiteral("SELECT id, name, password_hash, email, roles FROM accounts WHERE name_key = ?"), {nameKey(name)});
    if (!row)
        return std::nullopt;
    return Account{row->value(QStringLiteral("id")).toLongLong(), row->value(QStringLiteral("name")).toString(),
                   row->value(QStringLiteral("password_hash")).toString(),
                   row->value(QStringLiteral("email")).toString(),
                   row->value(QStringLiteral("roles")).toString().split(QLatin1Char(','), Qt::SkipEmptyParts)};
}

void AccountStore::setRoles(qint64 id, const QStringList &roles)
{
    m_db.exec(QStringLiteral("UPDATE accounts SET roles = ? WHERE id = ?"), {rolesText(roles), id});
}

void AccountStore::setPasswordHash(qint64 id, const QString &hash)
{
    m_db.exec(QStringLiteral("UPDATE accounts SET password_hash = ? WHERE id = ?"), {hash, id});
}

void AccountStore::recordLogin(qint64 id)
{
    m_db.exec(QStringLiteral("UPDATE accounts SET last_login = ? WHERE id = ?"), {dbTimestampNow(), id});
}

} // namespace smmo
