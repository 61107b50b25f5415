// SPDX-License-Identifier: AGPL-3.0-or-later
#include "Migrations.h"

#include "Database.h"
#include "Logging.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QThread>

#include <algorithm>

namespace smmo {

namespace {

constexpr int MaxAttempts = 6;
// Any constant works as long as every SimpleMMO process uses the same one ("SMMO" in ASCII).
constexpr const char *PostgresLockKey = "1397575247";
constexpr int MySqlLockTimeoutSeconds = 120;

QString tokenValue(const QString &token, Dialect dialect)
{
    struct Row
    {
        const char *token;
        const char *sqlite;
        const char *postgres;
        const char *mysql;
    };
    static constexpr Row table[] = {
        {"ID", "INTEGER PRIMARY KEY AUTOINCREMENT", "BIGSERIAL PRIMARY KEY",
         "BIGINT AUTO_INCREMENT PRIMARY KEY"},
        {"BIGINT", "INTEGER", "BIGINT", "BIGINT"},
        {"BOOL", "INTEGER", "BOOLEAN", "BOOLEAN"},
        {"DOUBLE", "REAL", "DOUBLE PRECISION", "DOUBLE"},
        {"TEXT", "TEXT", "TEXT", "LONGTEXT"},
        {"BLOB", "BLOB", "BYTEA", "LONGBLOB"},
    };
    for (const Row &row : table) {
        if (token == QLatin1String(row.token)) {
            switch (dialect) {
            case Dialect::SQLite:
                return QString::fromLatin1(row.sqlite);
            case Dialect::PostgreSQL:
                return QString::fromLatin1(row.postgres);
            case Dialect::MySQL:
                return QString::fromLatin1(row.mysql);
            }
        }
    }
    return {};
}

int maxVersion(Database &database)
{
    return database.scalar(QStringLiteral("SELECT MAX(version) FROM schema_version")).toInt();
}

bool versionTableExists(Database &database)
{
    QString sql;
    switch (database.dialect()) {
    case Dialect::SQLite:
        sql = QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?");
        break;
    case Dialect::PostgreSQL:
        sql = QStringLiteral("SELECT COUNT(*) FROM information_schema.tables "
                             "WHERE table_schema = current_schema() AND table_name = ?");
        break;
    case Dialect::MySQL:
        sql = QStringLiteral("SELECT COUNT(*) FROM information_schema.tables "
                             "WHERE table_schema = DATABASE() AND table_name = ?");
        break;
    }
    return database.scalar(sql, {QStringLiteral("schema_version")}).toInt() > 0;
}

// Serialises migrators across processes for the rest of the current transaction. SQLite needs
// nothing more than the write lock its BEGIN IMMEDIATE already took; MySQL holds GET_LOCK.
void lockWithinTransaction(Database &database)
{
    if (database.dialect() == Dialect::PostgreSQL)
        database.scalar(
            QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(QLatin1String(PostgresLockKey)));
}

// MySQL commits DDL implicitly, so a transaction cannot hold its lock; a named session lock
// held for the whole run does.
class MySqlRunLock final
{
public:
    explicit MySqlRunLock(Database &database) : m_database(database)
    {
        if (m_database.dialect() != Dialect::MySQL)
            return;
        const QVariant got = m_database.scalar(
            QStringLiteral("SELECT GET_LOCK('simplemmo_migrations', %1)").arg(MySqlLockTimeoutSeconds));
        if (got.toInt() != 1)
            throw DatabaseError(QStringLiteral("timed out waiting for another process to finish migrating"),
                                DatabaseError::Kind::Busy);
        m_held = true;
    }
    ~MySqlRunLock()
    {
        if (!m_held)
            return;
        try {
            m_database.scalar(QStringLiteral("SELECT RELEASE_LOCK('simplemmo_migrations')"));
        } catch (const DatabaseError &error) {
            // The lock goes with the session anyway.
            qCWarning(lcDb).noquote() << "could not release the migration lock:" << error.message();
        }
    }
    Q_DISABLE_COPY_MOVE(MySqlRunLock)

private:
    Database &m_database;
    bool m_held = false;
};

bool worthRetrying(const DatabaseError &error)
{
    // Busy: a lock wait timed out. Unique violation: another process inserted the same version
    // row or created the same object first. Connection: the link dropped and was re-opened.
    return error.isBusy() || error.isUniqueViolation() || error.isConnectionError();
}

void pause(int attempt)
{
    QThread::msleep(50 * attempt + QRandomGenerator::global()->bounded(50));
}

void ensureVersionTable(Database &database)
{
    for (int attempt = 1;; ++attempt) {
        try {
            Transaction transaction(database);
            lockWithinTransaction(database);
            // Checked first, as PostgreSQL prints a notice for every CREATE TABLE IF NOT EXISTS
            // that finds the table.
            if (versionTableExists(database)) {
                transaction.commit();
                return;
            }
            database.exec(
                QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                               "name VARCHAR(200) NOT NULL, applied_at VARCHAR(40) NOT NULL)"));
            transaction.commit();
            return;
        } catch (const DatabaseError &error) {
            if (attempt < MaxAttempts && worthRetrying(error)) {
                pause(attempt);
                continue;
            }
            throw error.withPrefix(QStringLiteral("creating schema_version"));
        }
    }
}

// Returns whether this process applied the migration (false: it was already there).
bool applyMigration(Database &database, const Migration &migration, const QStringList &statements)
{
    for (int attempt = 1;; ++attempt) {
        try {
            Transaction transaction(database);
            lockWithinTransaction(database);
            // Re-read under the lock: another process may have just applied it.
            if (maxVersion(database) >= migration.version)
                return false;
            for (const QString &statement : statements)
                database.exec(statement);
            database.exec(
                QStringLiteral("INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)"),
                {migration.version, migration.name,
                 QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)});
            transaction.commit();
            return true;
        } catch (const DatabaseError &error) {
            // The transaction is rolled back by now. Without a lock (or if one timed out) the
            // failure may be another process having won the race; then there is nothing to do.
            int current = 0;
            try {
                current = maxVersion(database);
            } catch (const DatabaseError &) {
                // The version cannot be read either: report the original error.
            }
            if (current >= migration.version)
                return false;
            if (attempt < MaxAttempts && worthRetrying(error)) {
                qCDebug(lcDb).noquote()
                    << "retrying migration" << migration.fileName << "after:" << error.message();
                pause(attempt);
                continue;
            }
            throw error.withPrefix(QStringLiteral("migration %1").arg(migration.fileName));
        }
    }
}

} // namespace

Migrations::Migrations(const QString &directory) : m_directory(directory) {}

QList<Migration> Migrations::load() const
{
    QList<Migration> migrations;
    const QDir dir(m_directory);
    if (!dir.exists())
        return migrations;

    static const QRegularExpression pattern(QStringLiteral("^(\\d+)_([A-Za-z0-9_-]+)\\.sql$"));
    const QStringList files =
        dir.entryList({QStringLiteral("*.sql")}, QDir::Files | QDir::Readable, QDir::Name);
    for (const QString &fileName : files) {
        const QRegularExpressionMatch match = pattern.match(fileName);
        bool ok = false;
        const int version = match.hasMatch() ? match.captured(1).toInt(&ok) : 0;
        if (!ok || version <= 0)
            throw DatabaseError(QStringLiteral("migration file %1 in %2 is not named NNN_name.sql (NNN > 0)")
                                    .arg(fileName, m_directory));
        QFile file(dir.filePath(fileName));
        if (!file.open(QIODevice::ReadOnly))
            throw DatabaseError(
                QStringLiteral("cannot read migration %1: %2").arg(file.fileName(), file.errorString()));
        migrations.append({version, match.captured(2), fileName, QString::fromUtf8(file.readAll())});
    }
    std::sort(migrations.begin(), migrations.end(),
              [](const Migration &a, const Migration &b) { return a.version < b.version; });
    for (qsizetype i = 1; i < migrations.size(); ++i) {
        if (migrations.at(i).version == migrations.at(i - 1).version)
            throw DatabaseError(QStringLiteral("migrations %1 and %2 share version %3")
                                    .arg(migrations.at(i - 1).fileName, migrations.at(i).fileName)
                                    .arg(migrations.at(i).version));
    }
    return migrations;
}

QStringList Migrations::statements(const QString &sql, Dialect dialect)
{
    static const QRegularExpression tokenPattern(QStringLiteral("\\{\\{\\s*([A-Za-z_]+)\\s*\\}\\}"));
    QString text;
    qsizetype last = 0;
    for (auto it = tokenPattern.globalMatch(sql); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        const QString value = tokenValue(match.captured(1).toUpper(), dialect);
        if (value.isEmpty())
            throw DatabaseError(QStringLiteral("unknown token %1 (known: {{ID}}, {{BIGINT}}, {{BOOL}}, "
                                               "{{DOUBLE}}, {{TEXT}}, {{BLOB}})")
                                    .arg(match.captured(0)));
        text += QStringView(sql).mid(last, match.capturedStart() - last);
        text += value;
        last = match.capturedEnd();
    }
    text += QStringView(sql).mid(last);

    QStringList statements;
    QStringList current;
    const auto flush = [&] {
        const QString statement = current.join(u'\n').trimmed();
        if (!statement.isEmpty())
            statements.append(statement);
        current.clear();
    };
    for (const QString &line : text.split(u'\n')) {
        const QString trimmed = line.trimmed();
        // Comment lines are dropped: MySQL is picky about "--" and they might end with ';'.
        if (trimmed.startsWith(QLatin1String("--")))
            continue;
        if (trimmed.endsWith(u';')) {
            QString withoutSemicolon = line;
            withoutSemicolon.truncate(withoutSemicolon.lastIndexOf(u';'));
            current.append(withoutSemicolon);
            flush();
        } else {
            current.append(line);
        }
    }
    flush();
    return statements;
}

int Migrations::currentVersion(Database &database)
{
    return versionTableExists(database) ? maxVersion(database) : 0;
}

int Migrations::migrate(Database &database) const
{
    const QList<Migration> migrations = load();
    // Substitute and split everything first: a malformed file fails before anything is applied.
    QList<QStringList> statements;
    for (const Migration &migration : migrations) {
        try {
            statements.append(Migrations::statements(migration.sql, database.dialect()));
        } catch (const DatabaseError &error) {
            throw error.withPrefix(QStringLiteral("migration %1").arg(migration.fileName));
        }
    }

    const auto checked = [&](int version) {
        if (!migrations.isEmpty() && version > migrations.last().version)
            qCWarning(lcDb) << "the database schema is at version" << version
                            << "but this program knows only up to" << migrations.last().version
                            << "(it was migrated by a newer version)";
        return version;
    };
    // Up to date already (every start but the first after an upgrade): nothing to write, so no
    // write lock either. A database that only allows reading (a read-only disk) can be served.
    if (!migrations.isEmpty() && currentVersion(database) >= migrations.last().version)
        return checked(maxVersion(database));

    const MySqlRunLock runLock(database);
    ensureVersionTable(database);
    const int before = maxVersion(database);
    for (qsizetype i = 0; i < migrations.size(); ++i) {
        const Migration &migration = migrations.at(i);
        if (migration.version <= before)
            continue;
        if (applyMigration(database, migration, statements.at(i)))
            qCInfo(lcDb).noquote() << "applied migration" << migration.fileName;
    }
    return checked(maxVersion(database));
}

} // namespace smmo
