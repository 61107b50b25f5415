// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace smmo {

class Database;

struct Account
{
    qint64 id = 0;
    QString name;
    QString passwordHash;
    QString email;
    QStringList roles;
};

/// The accounts table: unique names regardless of case, password hashes, roles.
class AccountStore
{
public:
    explicit AccountStore(Database &database) : m_db(database) {}

    /// Throws ApiError 409 "User already exists." when the name is taken.
    Account create(const QString &name, const QString &passwordHash, const QString &email, const QStringList &roles);
    std::optional<Account> find(const QString &name);
    void setRoles(qint64 id, const QStringList &roles);
    void setPasswordHash(qint64 id, const QString &hash);
    void recordLogin(qint64 id);

private:
    Database &m_db;
};

} // namespace smmo
