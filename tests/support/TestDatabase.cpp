// SPDX-License-Identifier: AGPL-3.0-or-later
#include "TestDatabase.h"

#include "Database.h"
#include "DatabaseUrl.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QMutex>
#include <QRandomGenerator>
#include <QStringList>
#include <QTemporaryDir>

#include <atomic>
#include <cstdlib>
#include <memory>

namespace smmo::test {

namespace {

// A test that asked for a backend and cannot have it must fail loudly, never skip.
[[noreturn]] void fatal(const QString &message)
{
    qFatal("TestDatabase: %s", qPrintable(message));
    std::abort();
}

int nextSerial()
{
    static std::atomic<int> serial{0};
    return ++serial;
}

QString sqliteUrl()
{
    static QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/simplemmo-test-XXXXXX"));
    if (!dir.isValid())
        fatal(QStringLiteral("cannot create a temporary directory: %1").arg(dir.errorString()));
    // The path is absolute, so this reads sqlite:///tmp/...
    return QStringLiteral("sqlite://%1/test-%2.db").arg(dir.path()).arg(nextSerial());
}

// The server of the postgres fixture and the databases made on it, dropped at exit.
struct PostgresState
{
    QMutex mutex;
    std::unique_ptr<Database> admin;
    QStringList created;
};

PostgresState &postgresState()
{
    static PostgresState state;
    return state;
}

void dropCreatedDatabases()
{
    PostgresState &state = postgresState();
    QMutexLocker lock(&state.mutex);
    if (!state.admin)
        return;
    for (const QString &name : std::as_const(state.created)) {
        try {
            // FORCE ends sessions a test left open.
            state.admin->exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(name));
        } catch (const DatabaseError &error) {
            qWarning("TestDatabase: could not drop %s: %s", qPrintable(name), qPrintable(error.message()));
        }
    }
    state.created.clear();
    state.admin.reset();
}

DatabaseUrl fixtureUrl()
{
    const QString fileName = qEnvironmentVariable("SIMPLEMMO_TEST_POSTGRES_URL_FILE");
    if (fileName.isEmpty())
        fatal(QStringLiteral(
            "SIMPLEMMO_TEST_BACKEND=postgres but SIMPLEMMO_TEST_POSTGRES_URL_FILE is not set. "
            "Run the suite through ctest (fixture postgres_start), or start a server with "
            "tests/support/postgres-fixture.sh start <dir> and set the variable to <dir>/url."));
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly))
        fatal(QStringLiteral("SIMPLEMMO_TEST_BACKEND=postgres but the PostgreSQL URL file %1 cannot be read "
                             "(%2). Did the postgres_start fixture fail? Its output says why.")
                  .arg(fileName, file.errorString()));
    const QString text = QString::fromUtf8(file.readAll()).trimmed();
    QString error;
    const std::optional<DatabaseUrl> url = DatabaseUrl::parse(text, {}, &error);
    if (!url || url->dialect() != Dialect::PostgreSQL)
        fatal(QStringLiteral("%1 does not hold a PostgreSQL URL: %2")
                  .arg(fileName, error.isEmpty() ? QStringLiteral("wrong scheme") : error));
    return *url;
}

QString postgresUrl()
{
    PostgresState &state = postgresState();
    QMutexLocker lock(&state.mutex);
    const DatabaseUrl url = fixtureUrl();
    if (!state.admin) {
        state.admin = std::make_unique<Database>(url);
        if (QCoreApplication::instance())
            qAddPostRoutine(dropCreatedDatabases);
    }
    // Unique across the suites CTest runs in parallel against the same server.
    const QString name = QStringLiteral("smmo_test_%1_%2_%3")
                             .arg(QCoreApplication::applicationPid())
                             .arg(nextSerial())
                             .arg(QRandomGenerator::global()->bounded(1u << 30), 0, 36);
    try {
        state.admin->exec(QStringLiteral("CREATE DATABASE %1").arg(name));
    } catch (const DatabaseError &error) {
        fatal(QStringLiteral("cannot create a test database on the PostgreSQL fixture %1: %2")
                  .arg(url.redacted(), error.message()));
    }
    state.created.append(name);
    return url.withDatabaseName(name).toString();
}

} // namespace

QString backendName()
{
    const QString backend =
        qEnvironmentVariable("SIMPLEMMO_TEST_BACKEND", QStringLiteral("sqlite")).toLower();
    if (backend == QLatin1String("sqlite"))
        return backend;
    if (backend == QLatin1String("postgres") || backend == QLatin1String("postgresql"))
        return QStringLiteral("postgres");
    fatal(QStringLiteral("SIMPLEMMO_TEST_BACKEND=%1 is not a known backend (sqlite, postgres)").arg(backend));
}

QString databaseUrlForTest()
{
    return backendName() == QLatin1String("postgres") ? postgresUrl() : sqliteUrl();
}

} // namespace smmo::test
