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

// A database server started by a CTest fixture (postgres_start, mysql_start), and the databases
// made on it for this process, dropped at exit.
struct ServerBackend
{
    QString name;       ///< "postgres" or "mysql"
    QString urlFileVar; ///< environment variable naming the fixture's URL file
    QString fixture;    ///< the CTest fixture that writes it
    Dialect dialect;
    QString dropSuffix; ///< PostgreSQL: WITH (FORCE) ends sessions a test left open
    QMutex mutex;
    std::unique_ptr<Database> admin;
    QStringList created;
};

ServerBackend &serverBackend(const QString &name)
{
    static ServerBackend postgres{QStringLiteral("postgres"),
                                  QStringLiteral("SIMPLEMMO_TEST_POSTGRES_URL_FILE"),
                                  QStringLiteral("postgres_start"),
                                  Dialect::PostgreSQL,
                                  QStringLiteral(" WITH (FORCE)"),
                                  {},
                                  {},
                                  {}};
    static ServerBackend mysql{QStringLiteral("mysql"),
                               QStringLiteral("SIMPLEMMO_TEST_MYSQL_URL_FILE"),
                               QStringLiteral("mysql_start"),
                               Dialect::MySQL,
                               QString(),
                               {},
                               {},
                               {}};
    return name == QLatin1String("mysql") ? mysql : postgres;
}

void dropCreatedDatabases(ServerBackend &backend)
{
    QMutexLocker lock(&backend.mutex);
    if (!backend.admin)
        return;
    for (const QString &name : std::as_const(backend.created)) {
        try {
            backend.admin->exec(QStringLiteral("DROP DATABASE IF EXISTS %1%2").arg(name, backend.dropSuffix));
        } catch (const DatabaseError &error) {
            qWarning("TestDatabase: could not drop %s: %s", qPrintable(name), qPrintable(error.message()));
        }
    }
    backend.created.clear();
    backend.admin.reset();
}

void dropAllCreatedDatabases()
{
    dropCreatedDatabases(serverBackend(QStringLiteral("postgres")));
    dropCreatedDatabases(serverBackend(QStringLiteral("mysql")));
}

DatabaseUrl fixtureUrl(const ServerBackend &backend)
{
    const QString fileName = qEnvironmentVariable(qPrintable(backend.urlFileVar));
    if (fileName.isEmpty())
        fatal(QStringLiteral("SIMPLEMMO_TEST_BACKEND=%1 but %2 is not set. Run the suite through ctest "
                             "(fixture %3), or start a server with tests/support/%1-fixture.sh start <dir> "
                             "and set the variable to <dir>/url.")
                  .arg(backend.name, backend.urlFileVar, backend.fixture));
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly))
        fatal(QStringLiteral("SIMPLEMMO_TEST_BACKEND=%1 but the URL file %2 cannot be read (%3). Did the %4 "
                             "fixture fail? Its output says why.")
                  .arg(backend.name, fileName, file.errorString(), backend.fixture));
    const QString text = QString::fromUtf8(file.readAll()).trimmed();
    QString error;
    const std::optional<DatabaseUrl> url = DatabaseUrl::parse(text, {}, &error);
    if (!url || url->dialect() != backend.dialect)
        fatal(QStringLiteral("%1 does not hold a %2 URL: %3")
                  .arg(fileName, backend.name, error.isEmpty() ? QStringLiteral("wrong scheme") : error));
    return *url;
}

QString serverUrl(const QString &backendName)
{
    ServerBackend &backend = serverBackend(backendName);
    QMutexLocker lock(&backend.mutex);
    const DatabaseUrl url = fixtureUrl(backend);
    if (!backend.admin) {
        backend.admin = std::make_unique<Database>(url);
        static bool routineAdded = false;
        if (QCoreApplication::instance() && !routineAdded) {
            qAddPostRoutine(dropAllCreatedDatabases);
            routineAdded = true;
        }
    }
    // Unique across the suites CTest runs in parallel against the same server.
    const QString name = QStringLiteral("smmo_test_%1_%2_%3")
                             .arg(QCoreApplication::applicationPid())
                             .arg(nextSerial())
                             .arg(QRandomGenerator::global()->bounded(1u << 30), 0, 36);
    try {
        backend.admin->exec(QStringLiteral("CREATE DATABASE %1").arg(name));
    } catch (const DatabaseError &error) {
        fatal(QStringLiteral("cannot create a test database on the %1 fixture %2: %3")
                  .arg(backend.name, url.redacted(), error.message()));
    }
    backend.created.append(name);
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
    if (backend == QLatin1String("mysql") || backend == QLatin1String("mariadb"))
        return QStringLiteral("mysql");
    fatal(QStringLiteral("SIMPLEMMO_TEST_BACKEND=%1 is not a known backend (sqlite, postgres, mysql)")
              .arg(backend));
}

QString databaseUrlForTest()
{
    const QString backend = backendName();
    return backend == QLatin1String("sqlite") ? sqliteUrl() : serverUrl(backend);
}

} // namespace smmo::test
