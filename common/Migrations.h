// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "DatabaseUrl.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace smmo {

class Database;

// One numbered schema change, read from a file named NNN_name.sql.
struct Migration
{
    int version = 0;
    QString name;     // "create_accounts" for 002_create_accounts.sql
    QString fileName; // "002_create_accounts.sql"
    QString sql;      // as written, tokens not yet substituted
};

// Brings a database's schema up to date from numbered migration files, applying each pending
// one in its own transaction and recording it in the table schema_version.
//
// File format: SQL statements, each ending with a ';' at the end of a line; lines starting with
// "--" are comments. Tokens stand for the types that differ between backends:
//   {{ID}}     auto-increment 64-bit primary key
//   {{BIGINT}} 64-bit integer (also used for timestamps: ms since the epoch, UTC)
//   {{BOOL}}   boolean           {{DOUBLE}}  double-precision float
//   {{TEXT}}   unbounded text    {{BLOB}}    bytes
// Columns that need an index use VARCHAR(n), which MySQL can index and TEXT it cannot.
//
// Several processes may migrate the same database at once (the servers start together): each
// migration runs under a lock (SQLite: the write lock of BEGIN IMMEDIATE; PostgreSQL: a
// transaction-level advisory lock; MySQL: GET_LOCK for the whole run), re-reads the version
// under it and skips what another process applied meanwhile; a migration that fails because
// of such a race is retried. On SQLite and PostgreSQL a failing migration leaves no trace; on
// MySQL, DDL commits implicitly, so only the version row is guaranteed to be absent.
class Migrations final
{
public:
    // A directory on disk or a Qt resource directory. The default is the migrations compiled
    // into simplemmo_common; a missing directory simply holds no migrations.
    explicit Migrations(const QString &directory = QStringLiteral(":/migrations"));

    QString directory() const { return m_directory; }

    // The migrations in the directory, ordered by version. Throws DatabaseError on a file whose
    // name does not follow NNN_name.sql, an unreadable file or a version used twice.
    QList<Migration> load() const;

    // Applies the pending migrations and returns the schema version reached. Throws
    // DatabaseError, naming the migration file, when one fails; it is then rolled back.
    int migrate(Database &database) const;

    // The highest version recorded in schema_version, 0 when the table does not exist yet.
    static int currentVersion(Database &database);

    // The statements of a migration for a dialect: tokens substituted, split at line-ending
    // ';', comments and empty statements dropped. Throws DatabaseError on an unknown token.
    static QStringList statements(const QString &sql, Dialect dialect);

private:
    QString m_directory;
};

} // namespace smmo
