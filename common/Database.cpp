// SPDX-License-Identifier: AGPL-3.0-or-later
#include "Database.h"

#include "Logging.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QMutex>
#include <QRegularExpression>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QThread>
#include <QVersionNumber>

#include <algorithm>
#include <vector>

namespace smmo {

namespace {

constexpr int SqliteBusyTimeoutMs = 5000;
constexpr int ConnectTimeoutSeconds = 10;

// Thread ids are never reused within a process, unlike QThread pointers or native ids, so a
// connection name never refers to a connection of a thread that has gone.
quint64 threadSerial()
{
    static std::atomic<quint64> next{0};
    thread_local const quint64 serial = ++next;
    return serial;
}

quint64 nextDatabaseId()
{
    static std::atomic<quint64> next{0};
    return ++next;
}

// What a thread's Transactions on one Database have done so far.
struct TransactionState
{
    int depth = 0;    // nesting: 1 inside the outermost Transaction
    int doomedAt = 0; // the outermost level a failed statement has doomed, 0 when none
    // PostgreSQL: prepared statements whose failure aborted the transaction. QPSQL deallocates a
    // statement when its query object goes, which fails (with a warning, leaking it on the
    // server) until the transaction has been rolled back; so they are kept until then.
    std::vector<QSqlQuery> failedQueries;
};

// Per thread, keyed by the Database's id.
QHash<quint64, TransactionState> &transactionStates()
{
    thread_local QHash<quint64, TransactionState> states;
    return states;
}

// Error messages name the statement, shortened; its values are bound, so it holds no data.
QString describe(const QString &sql)
{
    constexpr int MaxLength = 160;
    QString text = sql.simplified();
    if (text.size() > MaxLength)
        text = text.left(MaxLength) + QStringLiteral("...");
    return QStringLiteral("query \"%1\"").arg(text);
}

bool hasOption(const DatabaseUrl &url, const QString &key)
{
    for (const auto &option : url.options()) {
        if (option.first.compare(key, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// The URL may set its own busy timeout (?QSQLITE_BUSY_TIMEOUT=ms); the pragma must agree.
int sqliteBusyTimeout(const DatabaseUrl &url)
{
    for (const auto &[key, value] : url.options()) {
        bool ok = false;
        const int ms = value.toInt(&ok);
        if (key.compare(QLatin1String("QSQLITE_BUSY_TIMEOUT"), Qt::CaseInsensitive) == 0 && ok && ms >= 0)
            return ms;
    }
    return SqliteBusyTimeoutMs;
}

} // namespace

struct Database::Connections
{
    QMutex mutex;
    QSet<QString> names;

    // Removes one connection if still registered. Called on the owning thread when it finishes,
    // or from ~Database; no QSqlDatabase handle to it may be alive anywhere at that point.
    void remove(const QString &name)
    {
        {
            QMutexLocker lock(&mutex);
            if (!names.remove(name))
                return;
        }
        QSqlDatabase::removeDatabase(name);
    }
};

Database::Database(const DatabaseUrl &url)
    : m_url(url), m_id(nextDatabaseId()), m_connections(std::make_shared<Connections>())
{}

Database::~Database()
{
    QSet<QString> names;
    {
        QMutexLocker lock(&m_connections->mutex);
        names.swap(m_connections->names);
    }
    for (const QString &name : std::as_const(names))
        QSqlDatabase::removeDatabase(name);
}

QString Database::connectionName() const
{
    return QStringLiteral("smmo-db%1-t%2").arg(m_id).arg(threadSerial());
}

QSqlDatabase Database::connection()
{
    const QString name = connectionName();
    QSqlDatabase db =
        QSqlDatabase::contains(name) ? QSqlDatabase::database(name, false) : createConnection(name);
    if (!db.isOpen()) {
        // Re-opening silently inside a transaction would run the rest of it in autocommit mode.
        if (inTransaction())
            throw DatabaseError(
                QStringLiteral("the connection to %1 was lost inside a transaction").arg(m_url.redacted()),
                DatabaseError::Kind::Connection);
        openConnection(db);
    }
    return db;
}

void Database::closeConnection()
{
    const QString name = connectionName();
    if (QSqlDatabase::contains(name))
        QSqlDatabase::database(name, false).close();
}

QSqlDatabase Database::createConnection(const QString &name)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(m_url.driverName(), name);
    if (!db.isValid()) {
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        throw DatabaseError(QStringLiteral("the QtSql driver %1 for %2 is not available (install its Qt SQL "
                                           "plugin, e.g. libqt6sql6-sqlite, -psql or -mysql)")
                                .arg(m_url.driverName(), dialectName(dialect())));
    }

    QStringList options;
    switch (dialect()) {
    case Dialect::SQLite:
        if (!hasOption(m_url, QStringLiteral("QSQLITE_BUSY_TIMEOUT")))
            options << QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(SqliteBusyTimeoutMs);
        if (m_url.isInMemory()) {
            // A plain ":memory:" would give every thread its own empty database; a named
            // shared-cache one is shared by the threads of this Database object.
            db.setDatabaseName(QStringLiteral("file:smmo-memory-%1?mode=memory&cache=shared").arg(m_id));
            options << QStringLiteral("QSQLITE_OPEN_URI");
        } else {
            db.setDatabaseName(m_url.databaseName());
            const QString dir = QFileInfo(m_url.databaseName()).absolutePath();
            if (!QDir().mkpath(dir))
                qCWarning(lcDb) << "cannot create the directory" << dir << "for the SQLite database";
        }
        break;
    case Dialect::PostgreSQL:
        // Without a timeout an unreachable server would block a request for minutes.
        if (!hasOption(m_url, QStringLiteral("connect_timeout")))
            options << QStringLiteral("connect_timeout=%1").arg(ConnectTimeoutSeconds);
        break;
    case Dialect::MySQL:
        if (!hasOption(m_url, QStringLiteral("MYSQL_OPT_CONNECT_TIMEOUT")))
            options << QStringLiteral("MYSQL_OPT_CONNECT_TIMEOUT=%1").arg(ConnectTimeoutSeconds);
        // Make exec() report matched rows, as SQLite and PostgreSQL do, not only changed ones.
        options << QStringLiteral("CLIENT_FOUND_ROWS");
        break;
    }
    if (dialect() != Dialect::SQLite) {
        db.setHostName(m_url.host());
        db.setPort(m_url.port());
        db.setDatabaseName(m_url.databaseName());
        db.setUserName(m_url.userName());
        db.setPassword(m_url.password());
    }
    if (!m_url.connectOptions().isEmpty())
        options << m_url.connectOptions();
    db.setConnectOptions(options.join(u';'));

    {
        QMutexLocker lock(&m_connections->mutex);
        m_connections->names.insert(name);
    }
    // QtSql connections must not outlive or leave their thread: drop this one when the thread
    // finishes (the lambda runs on the finishing thread). ~Database drops whatever remains, such
    // as the main thread's connection, which never sees "finished".
    QObject::connect(QThread::currentThread(), &QThread::finished,
                     [weak = std::weak_ptr<Connections>(m_connections), name] {
                         if (const auto connections = weak.lock())
                             connections->remove(name);
                     });
    return db;
}

void Database::openConnection(QSqlDatabase &db)
{
    if (!db.open()) {
        const DatabaseError error = DatabaseError::fromSqlError(
            db.lastError(), dialect(), QStringLiteral("cannot open %1").arg(m_url.redacted()),
            m_url.password());
        qCWarning(lcDb).noquote() << error.message();
        // Whatever the driver said, failing to open is a connection problem to the caller.
        throw DatabaseError(error.message(), DatabaseError::Kind::Connection, error.nativeErrorCode());
    }
    try {
        initSession(db);
    } catch (...) {
        db.close();
        throw;
    }
    if (!m_announced.exchange(true))
        qCInfo(lcDb).noquote() << "using" << dialectName(dialect()) << "database" << m_url.redacted();
    qCDebug(lcDb).noquote() << "opened connection" << db.connectionName();
}

void Database::initSession(QSqlDatabase &db)
{
    if (dialect() == Dialect::MySQL) {
        // READ COMMITTED, PostgreSQL's default, so both servers behave alike. InnoDB's default
        // REPEATABLE READ takes gap locks, and two zones inserting their first objects at once
        // then deadlock each other (error 1213).
        QSqlQuery query(db);
        const QString statement = QStringLiteral("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
        if (!query.exec(statement))
            throwError(query.lastError(), statement);
        return;
    }
    if (dialect() != Dialect::SQLite)
        return;
    QSqlQuery query(db);
    const auto pragma = [&](const QString &statement) {
        if (!query.exec(statement))
            throwError(query.lastError(), statement);
        const QString answer = query.next() ? query.value(0).toString() : QString();
        query.finish();
        return answer;
    };
    // The busy timeout comes first so that the pragmas below wait for a lock instead of failing
    // when another process is opening the same file.
    pragma(QStringLiteral("PRAGMA busy_timeout = %1").arg(sqliteBusyTimeout(m_url)));
    if (!m_url.isInMemory()) {
        // WAL lets readers proceed while one writer commits. Switching to it takes the file's
        // exclusive lock, and SQLite answers "database is locked" at once, without waiting for
        // the busy timeout, when another connection is opening the file at that moment (several
        // servers starting together): the switch is tried again until the busy timeout is spent.
        QString mode;
        for (QDeadlineTimer deadline(sqliteBusyTimeout(m_url));;) {
            if (query.exec(QStringLiteral("PRAGMA journal_mode = WAL"))) {
                mode = query.next() ? query.value(0).toString() : QString();
                query.finish();
                break;
            }
            const QSqlError error = query.lastError();
            const int primaryCode = error.nativeErrorCode().toInt() & 0xff; // SQLITE_BUSY is 5
            if (primaryCode != 5 || deadline.hasExpired())
                throwError(error, QStringLiteral("PRAGMA journal_mode = WAL"));
            QThread::msleep(10);
        }
        if (mode.compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
            qCWarning(lcDb) << "SQLite refused WAL mode and uses" << mode << "(a network file system?)";
    }
    // SQLite ignores foreign keys unless asked, per connection.
    pragma(QStringLiteral("PRAGMA foreign_keys = ON"));
    // FULL syncs the WAL on every commit. NORMAL would be faster but can lose the last commits
    // on power loss, and a server that answered "saved" must never lose the data.
    pragma(QStringLiteral("PRAGMA synchronous = FULL"));
}

[[noreturn]] void Database::throwError(const QSqlError &error, const QString &context) const
{
    throw DatabaseError::fromSqlError(error, dialect(), describe(context), m_url.password());
}

bool Database::inTransaction() const
{
    const auto &states = transactionStates();
    const auto it = states.constFind(m_id);
    return it != states.constEnd() && it->depth > 0;
}

QSqlQuery Database::run(const QString &sql, const QVariantList &params)
{
    for (int attempt = 1;; ++attempt) {
        QSqlDatabase db = connection();
        QSqlQuery query(db);
        query.setForwardOnly(true);
        bool ok = false;
        if (params.isEmpty()) {
            // Executed directly: PostgreSQL cannot prepare DDL, and it saves a round trip.
            ok = query.exec(sql);
        } else if (query.prepare(sql)) {
            for (const QVariant &value : params)
                query.addBindValue(value);
            ok = query.exec();
        }
        if (ok)
            return query;

        if (inTransaction())
            throw failed(query, sql);
        const DatabaseError error =
            DatabaseError::fromSqlError(query.lastError(), dialect(), describe(sql), m_url.password());
        // A link that dropped while idle (server restart, idle timeout) is re-opened and the
        // statement retried once; such a link is found dead when the statement is sent, before
        // the server could run it. Not inside a transaction (handled above): its earlier
        // statements died with the link, so the caller has to start over.
        if (attempt == 1 && error.isConnectionError()) {
            qCWarning(lcDb).noquote() << QStringLiteral("lost the connection to %1 (%2); reconnecting")
                                             .arg(m_url.redacted(), error.message());
            query = QSqlQuery();
            db.close();
            continue;
        }
        throw error;
    }
}

DatabaseError Database::failed(QSqlQuery &query, const QString &sql)
{
    const DatabaseError error =
        DatabaseError::fromSqlError(query.lastError(), dialect(), describe(sql), m_url.password());
    if (inTransaction()) {
        // PostgreSQL refuses everything after a failed statement until a rollback. The other
        // backends would carry on, but a transaction that lost a statement must not commit
        // on any of them, so the rule is the same everywhere.
        TransactionState &state = transactionStates()[m_id];
        state.doomedAt = state.doomedAt > 0 ? std::min(state.doomedAt, state.depth) : state.depth;
        if (dialect() == Dialect::PostgreSQL)
            state.failedQueries.push_back(std::move(query));
    }
    return error;
}

QList<QVariantMap> Database::all(const QString &sql, const QVariantList &params)
{
    QSqlQuery query = run(sql, params);
    const QSqlRecord record = query.record();
    QStringList keys;
    keys.reserve(record.count());
    for (int i = 0; i < record.count(); ++i)
        keys.append(record.fieldName(i).toLower());

    QList<QVariantMap> rows;
    while (query.next()) {
        QVariantMap row;
        for (int i = 0; i < keys.size(); ++i)
            row.insert(keys.at(i), query.isNull(i) ? QVariant() : query.value(i));
        rows.append(row);
    }
    // next() also returns false when fetching failed (e.g. SQLite gave up waiting for a lock).
    if (query.lastError().isValid())
        throwError(query.lastError(), sql);
    return rows;
}

std::optional<QVariantMap> Database::one(const QString &sql, const QVariantList &params)
{
    QSqlQuery query = run(sql, params);
    if (!query.next()) {
        if (query.lastError().isValid())
            throwError(query.lastError(), sql);
        return std::nullopt;
    }
    const QSqlRecord record = query.record();
    QVariantMap row;
    for (int i = 0; i < record.count(); ++i)
        row.insert(record.fieldName(i).toLower(), query.isNull(i) ? QVariant() : query.value(i));
    return row;
}

QVariant Database::scalar(const QString &sql, const QVariantList &params)
{
    QSqlQuery query = run(sql, params);
    if (!query.next()) {
        if (query.lastError().isValid())
            throwError(query.lastError(), sql);
        return {};
    }
    return query.isNull(0) ? QVariant() : query.value(0);
}

int Database::exec(const QString &sql, const QVariantList &params)
{
    return run(sql, params).numRowsAffected();
}

QList<int> Database::execEach(const QString &sql, const QList<QVariantList> &rows)
{
    QList<int> matched;
    if (rows.isEmpty())
        return matched;
    matched.reserve(rows.size());
    // The first row through run(): it prepares the statement (and reconnects a link that dropped
    // while idle); the others bind their values to the same prepared statement.
    QSqlQuery query = run(sql, rows.first());
    matched.append(query.numRowsAffected());
    const qsizetype width = rows.first().size();
    for (qsizetype row = 1; row < rows.size(); ++row) {
        const QVariantList &values = rows.at(row);
        if (values.size() != width)
            throw DatabaseError(QStringLiteral("%1: row %2 has %3 values, the first has %4")
                                    .arg(describe(sql))
                                    .arg(row)
                                    .arg(values.size())
                                    .arg(width));
        if (width == 0) { // nothing to bind, nothing prepared
            matched.append(run(sql, values).numRowsAffected());
            continue;
        }
        for (qsizetype i = 0; i < width; ++i)
            query.bindValue(int(i), values.at(i));
        if (!query.exec())
            throw failed(query, sql);
        matched.append(query.numRowsAffected());
    }
    return matched;
}

bool Database::useReturning()
{
    int known = m_returning.load();
    if (known < 0) {
        switch (dialect()) {
        case Dialect::PostgreSQL:
            known = 1;
            break;
        case Dialect::MySQL:
            known = 0;
            break;
        case Dialect::SQLite: {
            const auto version =
                QVersionNumber::fromString(scalar(QStringLiteral("SELECT sqlite_version()")).toString());
            known = version >= QVersionNumber(3, 35) ? 1 : 0;
            break;
        }
        }
        m_returning.store(known);
    }
    return known == 1;
}

qint64 Database::insert(const QString &sql, const QVariantList &params, const QString &idColumn)
{
    static const QRegularExpression identifier(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    // The column name is spliced into the statement, so it must be a plain identifier.
    if (!identifier.match(idColumn).hasMatch())
        throw DatabaseError(QStringLiteral("invalid id column name \"%1\"").arg(idColumn));

    if (useReturning()) {
        QString statement = sql.trimmed();
        while (statement.endsWith(u';'))
            statement.chop(1);
        statement += QStringLiteral(" RETURNING ") + idColumn;
        QSqlQuery query = run(statement, params);
        if (!query.next()) {
            if (query.lastError().isValid())
                throwError(query.lastError(), statement);
            throw DatabaseError(QStringLiteral("%1 returned no id").arg(describe(statement)));
        }
        const qint64 id = query.value(0).toLongLong();
        // The statement is not done yet: SQLite hands out RETURNING rows before its implicit
        // transaction commits, and the commit (which may still fail, e.g. on a full disk) comes
        // with the step past the last row. Only once that step has succeeded is the row stored.
        if (query.next() || query.lastError().isValid()) {
            if (query.lastError().isValid())
                throwError(query.lastError(), statement);
            throw DatabaseError(QStringLiteral("%1 returned more than one row").arg(describe(statement)));
        }
        query.finish();
        return id;
    }
    QSqlQuery query = run(sql, params);
    const QVariant id = query.lastInsertId();
    if (!id.isValid())
        throw DatabaseError(QStringLiteral("%1 did not produce an id").arg(describe(sql)));
    return id.toLongLong();
}

Transaction::Transaction(Database &database) : m_database(database)
{
    const int outer = m_database.inTransaction() ? transactionStates()[m_database.m_id].depth : 0;
    if (outer > 0) {
        m_savepoint = QStringLiteral("smmo_savepoint_%1").arg(outer);
        m_database.exec(QStringLiteral("SAVEPOINT ") + m_savepoint);
    } else {
        // Beginning is safe to retry on a fresh connection: nothing has happened yet.
        for (int attempt = 1;; ++attempt) {
            QSqlDatabase db = m_database.connection();
            QSqlError error;
            if (m_database.dialect() == Dialect::SQLite) {
                // IMMEDIATE takes the write lock now, waiting up to the busy timeout. A deferred
                // BEGIN would fail without waiting when it later tries to upgrade to a writer while
                // another connection writes.
                QSqlQuery query(db);
                if (!query.exec(QStringLiteral("BEGIN IMMEDIATE")))
                    error = query.lastError();
            } else if (!db.transaction()) {
                error = db.lastError();
            }
            if (!error.isValid())
                break;
            const DatabaseError failure = DatabaseError::fromSqlError(
                error, m_database.dialect(), QStringLiteral("BEGIN"), m_database.url().password());
            if (attempt == 1 && failure.isConnectionError()) {
                db.close();
                continue;
            }
            throw failure;
        }
    }
    m_level = ++transactionStates()[m_database.m_id].depth;
    m_active = true;
}

Transaction::~Transaction()
{
    if (!m_active)
        return;
    try {
        rollback();
    } catch (const DatabaseError &error) {
        qCWarning(lcDb).noquote() << "rollback failed:" << error.message();
    }
}

void Transaction::finish()
{
    m_active = false;
    auto &states = transactionStates();
    const auto it = states.find(m_database.m_id);
    if (it == states.end())
        return;
    it->depth = m_level - 1;
    if (it->doomedAt > it->depth)
        it->doomedAt = 0;
    if (it->doomedAt == 0)
        it->failedQueries.clear(); // deallocates them, now that the transaction accepts commands again
    if (it->depth <= 0)
        states.erase(it);
}

void Transaction::commit()
{
    if (!m_active)
        throw DatabaseError(QStringLiteral("commit of a transaction that is no longer active"));
    const TransactionState &state = transactionStates()[m_database.m_id];
    if (state.doomedAt > 0) {
        // Stays active, so the destructor rolls back.
        throw DatabaseError(
            QStringLiteral("cannot commit: a statement in this transaction failed (roll back, "
                           "or wrap statements that may fail in a nested Transaction)"));
    }
    if (!m_savepoint.isEmpty()) {
        m_database.exec(QStringLiteral("RELEASE SAVEPOINT ") + m_savepoint);
        finish();
        return;
    }
    QSqlDatabase db = m_database.connection();
    if (!db.commit()) {
        throw DatabaseError::fromSqlError(db.lastError(), m_database.dialect(), QStringLiteral("COMMIT"),
                                          m_database.url().password());
    }
    finish();
}

void Transaction::rollback()
{
    if (!m_active)
        return;
    if (!m_savepoint.isEmpty()) {
        try {
            m_database.exec(QStringLiteral("ROLLBACK TO SAVEPOINT ") + m_savepoint);
            m_database.exec(QStringLiteral("RELEASE SAVEPOINT ") + m_savepoint);
        } catch (const DatabaseError &) {
            // The savepoint is gone either way; a failure here has doomed the outer transaction.
            m_active = false;
            auto &state = transactionStates()[m_database.m_id];
            state.depth = m_level - 1;
            state.doomedAt = state.doomedAt > 0 ? std::min(state.doomedAt, state.depth) : state.depth;
            throw;
        }
        finish();
        return;
    }
    QSqlDatabase db = QSqlDatabase::database(m_database.connectionName(), false);
    QSqlError error;
    if (db.isOpen() && !db.rollback()) {
        error = db.lastError();
        // A connection stuck half inside a transaction is useless: start over with a fresh one.
        db.close();
    }
    // If the link had dropped, the server rolled back by itself.
    finish();
    if (error.isValid())
        throw DatabaseError::fromSqlError(error, m_database.dialect(), QStringLiteral("ROLLBACK"),
                                          m_database.url().password());
}

QVariant dbTimestamp(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant();
}

QVariant dbTimestampNow()
{
    return QVariant(QDateTime::currentMSecsSinceEpoch());
}

QDateTime fromDbTimestamp(const QVariant &value)
{
    if (value.isNull() || !value.isValid())
        return {};
    bool ok = false;
    const qint64 ms = value.toLongLong(&ok);
    return ok ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC) : QDateTime();
}

} // namespace smmo
