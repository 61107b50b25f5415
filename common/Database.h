// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "DatabaseError.h"
#include "DatabaseUrl.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QVariant>
#include <QVariantList>
#include <QVariantMap>

#include <atomic>
#include <memory>
#include <optional>

class QSqlQuery;

namespace smmo {

// The generic database layer every server's store sits on: one QtSql connection per thread,
// queries as one call with every value bound, typed errors (DatabaseError) and RAII transactions
// (Transaction). Domain tables live elsewhere; their schema comes from Migrations.
//
// Writing portable SQL for it:
// - Placeholders are positional '?'; values are always bound, never concatenated into the text.
// - Rows come back as QVariantMaps keyed by the lower-case column name (PostgreSQL lower-cases
//   unquoted names, so the other backends are made to match). Do not quote identifiers.
// - SQL NULL reads as an invalid QVariant (isNull() is true); bind QVariant() to write NULL.
// - Booleans ({{BOOL}} columns): bind a C++ bool and read with toBool(); SQLite and MySQL hand
//   back 0/1 integers, PostgreSQL a bool.
// - Integers read as qlonglong from {{ID}}/{{BIGINT}} columns on every backend.
// - Timestamps are stored as integer milliseconds since the Unix epoch, UTC, in {{BIGINT}}
//   columns (use dbTimestamp() / fromDbTimestamp()). They compare and sort the same everywhere,
//   which text and the backends' own date types do not. (schema_version.applied_at is the one
//   exception: ISO-8601 text meant for a human reading the table.)
// - In PostgreSQL a bare "SELECT ?" has no type to infer; bind into typed contexts or CAST.
//
// A Database is shared by all threads of a process and may be used from any of them; each
// thread gets its own connection, opened on first use and removed when the thread finishes.
// It must outlive every thread's use of it (and every Transaction on it).
class Database final
{
public:
    explicit Database(const DatabaseUrl &url);
    ~Database();
    Q_DISABLE_COPY_MOVE(Database)

    const DatabaseUrl &url() const { return m_url; }
    Dialect dialect() const { return m_url.dialect(); }

    // The calling thread's own connection, opened (or re-opened) as needed. Throws
    // DatabaseError (a connection error) when the database cannot be reached.
    QSqlDatabase connection();
    // The QtSql connection name the calling thread uses (whether or not it is open yet).
    QString connectionName() const;
    // Closes the calling thread's connection; the next query opens it again.
    void closeConnection();

    // Every row of a query.
    QList<QVariantMap> all(const QString &sql, const QVariantList &params = {});
    // The first row, or nullopt when there is none.
    std::optional<QVariantMap> one(const QString &sql, const QVariantList &params = {});
    // The first column of the first row, or an invalid QVariant when there is no row.
    QVariant scalar(const QString &sql, const QVariantList &params = {});
    // Runs a statement and returns how many rows it matched (-1 when the driver cannot tell;
    // on MySQL matched rather than changed rows, like the other backends).
    int exec(const QString &sql, const QVariantList &params = {});
    // Runs one statement once per list of values, prepared only once, and returns how many rows
    // each run matched: for many rows of the same shape (a checkpoint writes thousands), where
    // preparing each time would cost more than running.
    QList<int> execEach(const QString &sql, const QList<QVariantList> &rows);
    // Runs an INSERT and returns the new row's id (RETURNING on SQLite >= 3.35 and PostgreSQL,
    // the driver's last insert id otherwise). idColumn must be a plain identifier.
    qint64 insert(const QString &sql, const QVariantList &params = {},
                  const QString &idColumn = QStringLiteral("id"));

    // Whether the calling thread is inside a Transaction on this database.
    bool inTransaction() const;

private:
    friend class Transaction;
    struct Connections;

    QSqlQuery run(const QString &sql, const QVariantList &params);
    // The error of a statement that failed; inside a transaction it also dooms the transaction.
    DatabaseError failed(QSqlQuery &query, const QString &sql);
    QSqlDatabase createConnection(const QString &name);
    void openConnection(QSqlDatabase &db);
    void initSession(QSqlDatabase &db);
    bool useReturning();
    [[noreturn]] void throwError(const QSqlError &error, const QString &context) const;

    const DatabaseUrl m_url;
    const quint64 m_id;
    std::shared_ptr<Connections> m_connections;
    std::atomic<int> m_returning{-1}; // -1 unknown, 0 no, 1 yes
    std::atomic<bool> m_announced{false};
};

// A database transaction that rolls back unless committed: begin by constructing it, call
// commit() at the end, and any early return or exception undoes the work. Nested Transactions on
// the same thread become savepoints of the outer one. It belongs to the thread that created it.
class Transaction final
{
public:
    explicit Transaction(Database &database);
    ~Transaction();
    Q_DISABLE_COPY_MOVE(Transaction)

    // Throws DatabaseError when the commit fails; the work is then rolled back. A statement that
    // failed inside the transaction dooms it on every backend (PostgreSQL would refuse to go on
    // anyway), so commit() then throws too; to survive a statement that may fail, run it in a
    // nested Transaction, which becomes a savepoint.
    void commit();
    // Undoes the work now instead of at destruction. Throws DatabaseError on failure.
    void rollback();
    bool isActive() const { return m_active; }

private:
    void finish();

    Database &m_database;
    QString m_savepoint; // empty for the outermost transaction
    int m_level = 0;     // 1 for the outermost transaction
    bool m_active = false;
};

// Timestamps in the database are integer milliseconds since the Unix epoch (UTC). An invalid
// QDateTime becomes NULL, and NULL reads back as an invalid QDateTime.
QVariant dbTimestamp(const QDateTime &time);
QVariant dbTimestampNow();
QDateTime fromDbTimestamp(const QVariant &value);

} // namespace smmo
