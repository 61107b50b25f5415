// SPDX-License-Identifier: AGPL-3.0-or-later
#include "DatabaseError.h"

#include <QRegularExpression>
#include <QSqlError>

namespace smmo {

namespace {

using Kind = DatabaseError::Kind;

// SQLite primary result codes (the driver reports the primary code; extended codes keep the
// primary one in their low byte, so both forms are handled).
constexpr int SqliteBusy = 5;
constexpr int SqliteLocked = 6;
constexpr int SqliteReadOnly = 8;
constexpr int SqliteIoError = 10;
constexpr int SqliteFull = 13;
constexpr int SqliteConstraint = 19;
constexpr int SqliteConstraintPrimaryKey = 1555;
constexpr int SqliteConstraintUnique = 2067;

Kind classifySqlite(const QString &code, const QString &text)
{
    const int full = code.toInt();
    const int primary = full & 0xff;
    if (primary == SqliteConstraint) {
        if (full == SqliteConstraintUnique || full == SqliteConstraintPrimaryKey ||
            text.contains(QLatin1String("UNIQUE constraint failed")))
            return Kind::UniqueViolation;
        return Kind::ConstraintViolation;
    }
    if (primary == SqliteBusy || primary == SqliteLocked)
        return Kind::Busy;
    if (primary == SqliteFull)
        return Kind::StorageFull;
    if (primary == SqliteReadOnly)
        return Kind::ReadOnly;
    if (primary == SqliteIoError)
        return Kind::Storage;
    // QSQLITE reports a failed COMMIT without a code, with SQLite's own text for it only.
    if (code.isEmpty()) {
        if (text.contains(QLatin1String("database or disk is full")))
            return Kind::StorageFull;
        if (text.contains(QLatin1String("readonly database")))
            return Kind::ReadOnly;
        if (text.contains(QLatin1String("disk I/O error")))
            return Kind::Storage;
        if (text.contains(QLatin1String("database is locked")))
            return Kind::Busy;
    }
    return Kind::Other;
}

Kind classifyPostgres(const QString &sqlState, const QString &text)
{
    if (sqlState == QLatin1String("23505"))
        return Kind::UniqueViolation;
    if (sqlState.startsWith(QLatin1String("23")))
        return Kind::ConstraintViolation;
    // Class 08 is "connection exception"; 57P01-57P03 are the server shutting down or
    // terminating the backend; 53300 is "too many connections".
    if (sqlState.startsWith(QLatin1String("08")) || sqlState == QLatin1String("57P01") ||
        sqlState == QLatin1String("57P02") || sqlState == QLatin1String("57P03") ||
        sqlState == QLatin1String("53300"))
        return Kind::Connection;
    // disk_full; read_only_sql_transaction (a hot standby, default_transaction_read_only);
    // io_error, data_corrupted.
    if (sqlState == QLatin1String("53100"))
        return Kind::StorageFull;
    if (sqlState == QLatin1String("25006"))
        return Kind::ReadOnly;
    if (sqlState == QLatin1String("58030"))
        return Kind::Storage;
    // Serialization failure, deadlock, lock not available.
    if (sqlState == QLatin1String("40001") || sqlState == QLatin1String("40P01") ||
        sqlState == QLatin1String("55P03"))
        return Kind::Busy;
    // libpq reports a dropped link without a SQLSTATE, only with these messages.
    static const QRegularExpression lostLink(
        QStringLiteral("server closed the connection|no connection to the server|terminating connection|"
                       "could not send data|could not receive data|connection to server .* failed|"
                       "SSL SYSCALL error|SSL connection has been closed"),
        QRegularExpression::CaseInsensitiveOption);
    if (sqlState.isEmpty() && lostLink.match(text).hasMatch())
        return Kind::Connection;
    return Kind::Other;
}

Kind classifyMySql(const QString &code)
{
    switch (code.toInt()) {
    case 1022: // ER_DUP_KEY
    case 1062: // ER_DUP_ENTRY
    case 1586: // ER_DUP_ENTRY_WITH_KEY_NAME
        return Kind::UniqueViolation;
    case 1048: // ER_BAD_NULL_ERROR
    case 1216: // ER_NO_REFERENCED_ROW
    case 1217: // ER_ROW_IS_REFERENCED
    case 1451: // ER_ROW_IS_REFERENCED_2
    case 1452: // ER_NO_REFERENCED_ROW_2
    case 1557: // ER_FOREIGN_DUPLICATE_KEY
    case 3819: // ER_CHECK_CONSTRAINT_VIOLATED
    case 4025: // MariaDB ER_CONSTRAINT_FAILED
        return Kind::ConstraintViolation;
    case 1040: // ER_CON_COUNT_ERROR
    case 1053: // ER_SERVER_SHUTDOWN
    case 1927: // MariaDB ER_CONNECTION_KILLED
    case 2002: // CR_CONNECTION_ERROR
    case 2003: // CR_CONN_HOST_ERROR
    case 2005: // CR_UNKNOWN_HOST
    case 2006: // CR_SERVER_GONE_ERROR
    case 2013: // CR_SERVER_LOST
    case 2055: // CR_SERVER_LOST_EXTENDED
    case 4031: // ER_CLIENT_INTERACTION_TIMEOUT
        return Kind::Connection;
    case 1205: // ER_LOCK_WAIT_TIMEOUT
    case 1213: // ER_LOCK_DEADLOCK
        return Kind::Busy;
    case 1021: // ER_DISK_FULL
    case 1114: // ER_RECORD_FILE_FULL
        return Kind::StorageFull;
    case 1290: // ER_OPTION_PREVENTS_STATEMENT (read_only)
    case 1792: // ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION
        return Kind::ReadOnly;
    default:
        return Kind::Other;
    }
}

} // namespace

DatabaseError::DatabaseError(const QString &message, Kind kind, const QString &nativeErrorCode)
    : std::runtime_error(message.toStdString()), m_message(message), m_kind(kind),
      m_nativeErrorCode(nativeErrorCode)
{}

DatabaseError DatabaseError::fromSqlError(const QSqlError &error, Dialect dialect, const QString &context,
                                          const QString &secret)
{
    const QString code = error.nativeErrorCode();
    QString text = error.text().trimmed();
    if (text.isEmpty())
        text = QStringLiteral("unknown error");

    Kind kind = Kind::Other;
    switch (dialect) {
    case Dialect::SQLite:
        kind = classifySqlite(code, text);
        break;
    case Dialect::PostgreSQL:
        kind = classifyPostgres(code, text);
        break;
    case Dialect::MySQL:
        kind = classifyMySql(code);
        break;
    }
    if (error.type() == QSqlError::ConnectionError && kind == Kind::Other)
        kind = Kind::Connection;

    // Drivers do not echo passwords, but a log line is forever: scrub it should one ever appear.
    // Very short secrets are left alone, as replacing them would garble ordinary words.
    if (secret.size() >= 4)
        text.replace(secret, QStringLiteral("***"));

    QString message = context.isEmpty() ? text : context + QStringLiteral(": ") + text;
    if (!code.isEmpty())
        message += QStringLiteral(" [code %1]").arg(code);
    return DatabaseError(message, kind, code);
}

int DatabaseError::httpStatus() const
{
    switch (m_kind) {
    case Kind::Connection:
    case Kind::Busy:
    case Kind::ReadOnly:
    case Kind::Storage:
        return 503;
    case Kind::StorageFull:
        return 507;
    case Kind::UniqueViolation:
    case Kind::ConstraintViolation:
    case Kind::Other:
        break;
    }
    return 500;
}

QString DatabaseError::publicMessage() const
{
    switch (m_kind) {
    case Kind::Connection:
    case Kind::Busy:
        return QStringLiteral("The database is not reachable; try again shortly.");
    case Kind::StorageFull:
        return QStringLiteral("The database's storage is full, so this could not be saved; try again once "
                              "space has been freed.");
    case Kind::ReadOnly:
        return QStringLiteral("The database is read-only, so this could not be saved.");
    case Kind::Storage:
        return QStringLiteral("The database could not write to its storage, so this could not be saved; "
                              "try again shortly.");
    case Kind::UniqueViolation:
    case Kind::ConstraintViolation:
    case Kind::Other:
        break;
    }
    return QStringLiteral("A database error occurred.");
}

DatabaseError DatabaseError::withPrefix(const QString &prefix) const
{
    return DatabaseError(prefix + QStringLiteral(": ") + m_message, m_kind, m_nativeErrorCode);
}

} // namespace smmo
