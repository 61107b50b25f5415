// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace smmo {

// The SQL flavours the database layer speaks; migrations and a few queries differ by it.
enum class Dialect { SQLite, PostgreSQL, MySQL };

// Which database to use, parsed from the one-line URL operators write in the configuration.
//
// Accepted forms:
//   sqlite:///abs/path.db          absolute file
//   sqlite:relative/path.db        relative to the base directory given to parse() (the data dir)
//   sqlite::memory:                in-memory (shared by the threads of one Database object)
//   postgres://user:pass@host:port/db   (also postgresql://; port defaults to 5432)
//   mysql://user:pass@host:port/db      (also mariadb://; port defaults to 3306)
// User name, password and path are percent-decoded. An optional ?key=value&flag query is passed
// through as QtSql connect options (QSqlDatabase::setConnectOptions), e.g. ?sslmode=require.
class DatabaseUrl final
{
public:
    using Options = QList<QPair<QString, QString>>;

    DatabaseUrl() = default;

    // Returns nullopt and sets *errorMessage (when given) on a malformed URL. A relative SQLite
    // path is resolved against baseDir, or the current directory when baseDir is empty.
    static std::optional<DatabaseUrl> parse(const QString &text, const QString &baseDir = {},
                                            QString *errorMessage = nullptr);

    Dialect dialect() const { return m_dialect; }
    // The QtSql driver: QSQLITE, QPSQL or QMYSQL.
    QString driverName() const;
    QString host() const { return m_host; }
    // -1 for SQLite.
    int port() const { return m_port; }
    // For SQLite the absolute file path, or ":memory:".
    QString databaseName() const { return m_databaseName; }
    QString userName() const { return m_userName; }
    QString password() const { return m_password; }
    const Options &options() const { return m_options; }
    // The options in the "key=value;flag" form QSqlDatabase::setConnectOptions expects.
    QString connectOptions() const;
    bool isInMemory() const;

    // The same server and credentials with another database name (test support creates
    // one database per suite this way).
    DatabaseUrl withDatabaseName(const QString &name) const;

    // The full URL, password included: for handing to another process, never for logs.
    QString toString() const;
    // The URL with the password (and password-like options) replaced by ***: safe for logs.
    QString redacted() const;

private:
    QString format(bool redact) const;

    Dialect m_dialect = Dialect::SQLite;
    QString m_scheme;
    QString m_host;
    int m_port = -1;
    QString m_databaseName;
    QString m_userName;
    QString m_password;
    Options m_options;
};

QString dialectName(Dialect dialect);

} // namespace smmo
