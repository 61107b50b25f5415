// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "DatabaseUrl.h"

#include <QString>

#include <stdexcept>

class QSqlError;

namespace smmo {

// A failed database operation, classified so callers can react without parsing driver text:
// the HTTP layer maps unique violations to 409, lost connections, a busy or read-only database
// and failing storage to 503, and a full disk to 507 (httpStatus(), publicMessage()).
// The message names the failing statement (never its bound values) and never holds a password.
class DatabaseError : public std::runtime_error
{
public:
    enum class Kind {
        Other,
        Connection,          // could not connect, or the link to the server dropped
        UniqueViolation,     // a UNIQUE or PRIMARY KEY constraint refused the row
        ConstraintViolation, // another constraint: foreign key, NOT NULL, CHECK
        Busy,                // lock timeout, deadlock or serialization failure: retrying may work
        StorageFull,         // the disk (or a size limit) is full: nothing more can be written
        ReadOnly,            // the database or its file system only allows reading
        Storage,             // the storage failed to read or write (an I/O error)
    };

    explicit DatabaseError(const QString &message, Kind kind = Kind::Other,
                           const QString &nativeErrorCode = {});

    // Classifies a QtSql error of the given backend. context says what was being done (e.g. the
    // statement); secret (the password) is scrubbed from the driver text should it ever appear.
    static DatabaseError fromSqlError(const QSqlError &error, Dialect dialect, const QString &context,
                                      const QString &secret = {});

    // The same error with "prefix: " in front of the message (e.g. the migration file name).
    DatabaseError withPrefix(const QString &prefix) const;

    QString message() const { return m_message; }
    Kind kind() const { return m_kind; }
    // SQLite result code, PostgreSQL SQLSTATE or MySQL error number, as the driver reported it.
    QString nativeErrorCode() const { return m_nativeErrorCode; }

    bool isConnectionError() const { return m_kind == Kind::Connection; }
    // Any integrity constraint, unique ones included.
    bool isConstraintViolation() const
    {
        return m_kind == Kind::UniqueViolation || m_kind == Kind::ConstraintViolation;
    }
    bool isUniqueViolation() const { return m_kind == Kind::UniqueViolation; }
    bool isBusy() const { return m_kind == Kind::Busy; }
    // The database cannot take writes now (full, read-only or failing storage); reads may work.
    bool isStorageError() const
    {
        return m_kind == Kind::StorageFull || m_kind == Kind::ReadOnly || m_kind == Kind::Storage;
    }

    // How a server answers a request that failed with this error: 503 when the database is
    // unreachable, busy, read-only or its storage fails (it may come back), 507 when its storage
    // is full, else 500; with a message for the client that names no table or statement.
    int httpStatus() const;
    QString publicMessage() const;

private:
    QString m_message;
    Kind m_kind;
    QString m_nativeErrorCode;
};

} // namespace smmo
