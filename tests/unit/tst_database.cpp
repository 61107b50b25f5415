// SPDX-License-Identifier: AGPL-3.0-or-later
// The database layer (common/DatabaseUrl, Database, Transaction, Migrations), run once per
// backend: SIMPLEMMO_TEST_BACKEND=sqlite and =postgres (against the postgres fixture server).
#include "Database.h"
#include "DatabaseUrl.h"
#include "Migrations.h"
#include "TestDatabase.h"

#include <QDir>
#include <QFile>
#include <QMutex>
#include <QProcess>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QtConcurrent>

#include <csignal>
#include <memory>
#include <sys/resource.h>
#include <vector>

using namespace smmo;

namespace {

// Runs fn on a new thread and returns its result. (QFuture::result() may run a task that has
// not started yet on the waiting thread itself, so QtConcurrent cannot promise another thread.)
template <typename Fn> auto onOtherThread(Fn fn) -> decltype(fn())
{
    decltype(fn()) result{};
    QString failure;
    std::unique_ptr<QThread> thread(QThread::create([&] {
        try {
            result = fn();
        } catch (const std::exception &error) {
            failure = QString::fromUtf8(error.what());
        }
    }));
    thread->start();
    thread->wait();
    if (!failure.isEmpty())
        throw DatabaseError(QStringLiteral("on the other thread: ") + failure);
    return result;
}

} // namespace

class TestDatabase : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void parseUrl_data();
    void parseUrl();
    void rejectBadUrl_data();
    void rejectBadUrl();
    void urlRoundTrip();

    void queryHelpers();
    void execEach();
    void valueTypes();
    void bindingKeepsDataAsData();
    void nulls();
    void timestamps();

    void transactionCommit();
    void transactionRollbackOnDestruction();
    void transactionRollbackOnException();
    void nestedTransactionIsSavepoint();

    void constraintViolations();
    void otherErrors();
    void storageErrors();
    void insertReportsAFailedCommit();
    void connectionFailure();

    void perThreadConnections();
    void finishedThreadDropsConnection();
    void concurrentWriters();
    void sharedInMemoryDatabase();

    void migrationStatements_data();
    void migrationStatements();
    void migrationsApplyInOrder();
    void migrationsMissingDirectory();
    void migrationsRejectBadFiles();
    void failingMigrationRollsBack();
    void concurrentMigrations();
    void concurrentMigrationProcesses();

    void droppedConnectionIsReopened();
    void droppedConnectionInsideTransactionFails();

private:
    std::unique_ptr<Database> freshDatabase();
    static void createTable(Database &db, const QString &sqlWithTokens);
    static void writeFile(const QString &path, const QString &text);
    static bool tableExists(Database &db, const QString &table);
};

std::unique_ptr<Database> TestDatabase::freshDatabase()
{
    QString error;
    const auto url = DatabaseUrl::parse(test::databaseUrlForTest(), {}, &error);
    if (!url)
        qFatal("test database URL does not parse: %s", qPrintable(error));
    return std::make_unique<Database>(*url);
}

void TestDatabase::createTable(Database &db, const QString &sqlWithTokens)
{
    for (const QString &statement : Migrations::statements(sqlWithTokens, db.dialect()))
        db.exec(statement);
}

void TestDatabase::writeFile(const QString &path, const QString &text)
{
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(file.errorString()));
    file.write(text.toUtf8());
}

bool TestDatabase::tableExists(Database &db, const QString &table)
{
    try {
        db.scalar(QStringLiteral("SELECT COUNT(*) FROM %1").arg(table));
        return true;
    } catch (const DatabaseError &) {
        return false;
    }
}

void TestDatabase::initTestCase()
{
    qInfo("backend: %s", qPrintable(test::backendName()));
    const auto db = freshDatabase();
    QCOMPARE(db->dialect(), test::backendName() == QLatin1String("postgres") ? Dialect::PostgreSQL
                            : test::backendName() == QLatin1String("mysql")  ? Dialect::MySQL
                                                                             : Dialect::SQLite);
    QCOMPARE(db->scalar(QStringLiteral("SELECT 1 + 1")).toInt(), 2);
    // MySQL/MariaDB sessions read committed data, as PostgreSQL's do (no gap-lock deadlocks).
    if (db->dialect() == Dialect::MySQL)
        QCOMPARE(db->scalar(QStringLiteral("SELECT @@SESSION.tx_isolation")).toString(),
                 QStringLiteral("READ-COMMITTED"));
}

// --- URLs ---------------------------------------------------------------------------------------

void TestDatabase::parseUrl_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("baseDir");
    QTest::addColumn<int>("dialect");
    QTest::addColumn<QString>("driver");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("connectOptions");
    QTest::addColumn<QString>("redacted");

    const int sqlite = int(Dialect::SQLite);
    const int postgres = int(Dialect::PostgreSQL);
    const int mysql = int(Dialect::MySQL);

    QTest::newRow("sqlite absolute") << "sqlite:///var/lib/smmo/game.db"
                                     << "/ignored" << sqlite << "QSQLITE"
                                     << "" << -1 << "/var/lib/smmo/game.db"
                                     << ""
                                     << ""
                                     << ""
                                     << "sqlite:///var/lib/smmo/game.db";
    QTest::newRow("sqlite relative") << "sqlite:data/game.db"
                                     << "/srv/smmo" << sqlite << "QSQLITE"
                                     << "" << -1 << "/srv/smmo/data/game.db"
                                     << ""
                                     << ""
                                     << ""
                                     << "sqlite:///srv/smmo/data/game.db";
    QTest::newRow("sqlite relative dotdot") << "sqlite:../game.db"
                                            << "/srv/smmo/sub" << sqlite << "QSQLITE"
                                            << "" << -1 << "/srv/smmo/game.db"
                                            << ""
                                            << ""
                                            << ""
                                            << "sqlite:///srv/smmo/game.db";
    QTest::newRow("sqlite memory") << "sqlite::memory:"
                                   << "" << sqlite << "QSQLITE"
                                   << "" << -1 << ":memory:"
                                   << ""
                                   << ""
                                   << ""
                                   << "sqlite::memory:";
    QTest::newRow("sqlite encoded, scheme case") << "SQLite:///tmp/my%20game.db"
                                                 << "" << sqlite << "QSQLITE"
                                                 << "" << -1 << "/tmp/my game.db"
                                                 << ""
                                                 << ""
                                                 << ""
                                                 << "sqlite:///tmp/my%20game.db";
    QTest::newRow("sqlite option") << "sqlite:///tmp/g.db?QSQLITE_OPEN_READONLY"
                                   << "" << sqlite << "QSQLITE"
                                   << "" << -1 << "/tmp/g.db"
                                   << ""
                                   << ""
                                   << "QSQLITE_OPEN_READONLY"
                                   << "sqlite:///tmp/g.db?QSQLITE_OPEN_READONLY";
    QTest::newRow("postgres full") << "postgres://game:pa%40ss%3Aw0rd@db.example.org:6543/mmo"
                                   << "" << postgres << "QPSQL"
                                   << "db.example.org" << 6543 << "mmo"
                                   << "game"
                                   << "pa@ss:w0rd"
                                   << ""
                                   << "postgres://game:***@db.example.org:6543/mmo";
    QTest::newRow("postgresql default port") << "postgresql://game@localhost/mmo"
                                             << "" << postgres << "QPSQL"
                                             << "localhost" << 5432 << "mmo"
                                             << "game"
                                             << ""
                                             << ""
                                             << "postgresql://game@localhost:5432/mmo";
    QTest::newRow("postgres options") << "postgres://u:pw@h/db?sslmode=require&sslpassword=hunter2"
                                      << "" << postgres << "QPSQL"
                                      << "h" << 5432 << "db"
                                      << "u"
                                      << "pw"
                                      << "sslmode=require;sslpassword=hunter2"
                                      << "postgres://u:***@h:5432/db?sslmode=require&sslpassword=***";
    QTest::newRow("postgres ipv6") << "postgres://u@[::1]:5433/db"
                                   << "" << postgres << "QPSQL"
                                   << "::1" << 5433 << "db"
                                   << "u"
                                   << ""
                                   << ""
                                   << "postgres://u@[::1]:5433/db";
    QTest::newRow("mysql") << "mysql://root:secret@127.0.0.1/mmo?MYSQL_OPT_CONNECT_TIMEOUT=5"
                           << "" << mysql << "QMYSQL"
                           << "127.0.0.1" << 3306 << "mmo"
                           << "root"
                           << "secret"
                           << "MYSQL_OPT_CONNECT_TIMEOUT=5"
                           << "mysql://root:***@127.0.0.1:3306/mmo?MYSQL_OPT_CONNECT_TIMEOUT=5";
    QTest::newRow("mariadb") << "mariadb://u:p%2Fw%20d@dbhost:3307/game"
                             << "" << mysql << "QMYSQL"
                             << "dbhost" << 3307 << "game"
                             << "u"
                             << "p/w d"
                             << ""
                             << "mariadb://u:***@dbhost:3307/game";
}

void TestDatabase::parseUrl()
{
    QFETCH(QString, text);
    QFETCH(QString, baseDir);
    QFETCH(int, dialect);
    QFETCH(QString, driver);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, database);
    QFETCH(QString, user);
    QFETCH(QString, password);
    QFETCH(QString, connectOptions);
    QFETCH(QString, redacted);

    QString error;
    const auto url = DatabaseUrl::parse(text, baseDir, &error);
    QVERIFY2(url.has_value(), qPrintable(error));
    QCOMPARE(int(url->dialect()), dialect);
    QCOMPARE(url->driverName(), driver);
    QCOMPARE(url->host(), host);
    QCOMPARE(url->port(), port);
    QCOMPARE(url->databaseName(), database);
    QCOMPARE(url->userName(), user);
    QCOMPARE(url->password(), password);
    QCOMPARE(url->connectOptions(), connectOptions);
    QCOMPARE(url->redacted(), redacted);
    if (!password.isEmpty())
        QVERIFY(!url->redacted().contains(password));
}

void TestDatabase::rejectBadUrl_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected"); // a fragment of the error message

    QTest::newRow("empty") << ""
                           << "empty";
    QTest::newRow("blank") << "   "
                           << "empty";
    QTest::newRow("no scheme") << "just-a-file.db"
                               << "no scheme";
    QTest::newRow("unknown scheme") << "oracle://u:topsecret@h/db"
                                    << "unknown database type";
    QTest::newRow("sqlite no path") << "sqlite:"
                                    << "no file path";
    QTest::newRow("sqlite host") << "sqlite://host/game.db"
                                 << "no host";
    QTest::newRow("postgres no slashes") << "postgres:mmo"
                                         << "must look like";
    QTest::newRow("postgres bad port") << "postgres://u:topsecret@h:99999/db"
                                       << "port";
    QTest::newRow("postgres port text") << "postgres://u:topsecret@h:abc/db"
                                        << "port";
    QTest::newRow("postgres port zero") << "postgres://u:topsecret@h:0/db"
                                        << "port";
    QTest::newRow("postgres no db") << "postgres://u:topsecret@h:5432/"
                                    << "no database name";
    QTest::newRow("postgres no path") << "postgres://u:topsecret@h:5432"
                                      << "no database name";
    QTest::newRow("postgres nested path") << "postgres://u:topsecret@h/a/b"
                                          << "must not contain '/'";
    QTest::newRow("fragment") << "postgres://u:topsecret@h/db#x"
                              << "'#'";
    QTest::newRow("option with semicolon") << "mysql://u:topsecret@h/db?opt=a%3Bb"
                                           << "';'";
}

void TestDatabase::rejectBadUrl()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QString error;
    const auto url = DatabaseUrl::parse(text, {}, &error);
    QVERIFY(!url.has_value());
    QVERIFY2(error.contains(expected, Qt::CaseInsensitive), qPrintable(error));
    QVERIFY2(!error.contains(QLatin1String("topsecret")), qPrintable(error));
    // The error pointer is optional.
    QVERIFY(!DatabaseUrl::parse(text).has_value());
}

void TestDatabase::urlRoundTrip()
{
    const QStringList texts = {
        QStringLiteral("sqlite:///tmp/a b/game.db"),
        QStringLiteral("postgres://game:p%40ss%20w@db.example.org:6543/mmo?sslmode=require"),
        QStringLiteral("mysql://root@127.0.0.1:3306/mmo"),
    };
    for (const QString &text : texts) {
        const auto url = DatabaseUrl::parse(text);
        QVERIFY2(url, qPrintable(text));
        const auto again = DatabaseUrl::parse(url->toString());
        QVERIFY2(again, qPrintable(url->toString()));
        QCOMPARE(again->toString(), url->toString());
        QCOMPARE(again->password(), url->password());
        QCOMPARE(again->databaseName(), url->databaseName());
        QCOMPARE(again->options(), url->options());
    }
    const auto url = DatabaseUrl::parse(QStringLiteral("postgres://game:pw@h:1/mmo")).value();
    const DatabaseUrl other = url.withDatabaseName(QStringLiteral("mmo_test_1"));
    QCOMPARE(other.databaseName(), QStringLiteral("mmo_test_1"));
    QCOMPARE(other.password(), QStringLiteral("pw"));
    QCOMPARE(other.toString(), QStringLiteral("postgres://game:pw@h:1/mmo_test_1"));
}

// --- queries ------------------------------------------------------------------------------------

void TestDatabase::queryHelpers()
{
    const auto db = freshDatabase();
    createTable(*db, QStringLiteral("CREATE TABLE items (id {{ID}}, name VARCHAR(50) NOT NULL UNIQUE, "
                                    "weight {{BIGINT}} NOT NULL);"));

    const qint64 first = db->insert(QStringLiteral("INSERT INTO items (name, weight) VALUES (?, ?)"),
                                    {QStringLiteral("sword"), 12});
    const qint64 second = db->insert(QStringLiteral("INSERT INTO items (name, weight) VALUES (?, ?);"),
                                     {QStringLiteral("shield"), 30});
    QVERIFY(first > 0);
    QCOMPARE(second, first + 1);

    const QList<QVariantMap> rows = db->all(QStringLiteral("SELECT id, name, weight FROM items ORDER BY id"));
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0).value(QStringLiteral("id")).toLongLong(), first);
    QCOMPARE(rows.at(0).value(QStringLiteral("name")).toString(), QStringLiteral("sword"));
    QCOMPARE(rows.at(1).value(QStringLiteral("weight")).toLongLong(), 30);

    // Keys are lower-case whatever the query spelled.
    const auto row =
        db->one(QStringLiteral("SELECT name AS ItemName, WEIGHT FROM items WHERE id = ?"), {second});
    QVERIFY(row);
    QCOMPARE(row->keys(), (QStringList{QStringLiteral("itemname"), QStringLiteral("weight")}));
    QCOMPARE(row->value(QStringLiteral("itemname")).toString(), QStringLiteral("shield"));

    QVERIFY(!db->one(QStringLiteral("SELECT * FROM items WHERE name = ?"), {QStringLiteral("axe")}));
    QVERIFY(db->all(QStringLiteral("SELECT * FROM items WHERE weight > ?"), {1000}).isEmpty());

    QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM items")).toInt(), 2);
    QCOMPARE(db->scalar(QStringLiteral("SELECT SUM(weight) FROM items WHERE weight > ?"), {0}).toInt(), 42);
    QVERIFY(!db->scalar(QStringLiteral("SELECT name FROM items WHERE id = ?"), {-1}).isValid());

    QCOMPARE(db->exec(QStringLiteral("UPDATE items SET weight = weight + ? WHERE weight > ?"), {1, 0}), 2);
    QCOMPARE(
        db->exec(QStringLiteral("UPDATE items SET weight = ? WHERE name = ?"), {5, QStringLiteral("none")}),
        0);
    // Matched rows count, even when the value does not change.
    QCOMPARE(db->exec(QStringLiteral("UPDATE items SET weight = weight WHERE id = ?"), {first}), 1);
    QCOMPARE(db->exec(QStringLiteral("DELETE FROM items WHERE id = ?"), {first}), 1);
    QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM items")).toInt(), 1);

    // Ids keep growing after a delete (AUTOINCREMENT / sequences never reuse one).
    const qint64 third = db->insert(QStringLiteral("INSERT INTO items (name, weight) VALUES (?, ?)"),
                                    {QStringLiteral("bow"), 7});
    QVERIFY(third > second);

    // insert() with another id column name, and a bad one is refused before reaching SQL.
    createTable(*db, QStringLiteral("CREATE TABLE notes (note_id {{ID}}, body {{TEXT}});"));
    QVERIFY(db->insert(QStringLiteral("INSERT INTO notes (body) VALUES (?)"), {QStringLiteral("hi")},
                       QStringLiteral("note_id")) > 0);
    QVERIFY_THROWS_EXCEPTION(DatabaseError,
                             db->insert(QStringLiteral("INSERT INTO notes (body) VALUES (?)"),
                                        {QStringLiteral("x")}, QStringLiteral("note_id; DROP TABLE notes")));
}

void TestDatabase::execEach()
{
    const auto db = freshDatabase();
    createTable(*db, QStringLiteral("CREATE TABLE items (id {{ID}}, name VARCHAR(50) NOT NULL UNIQUE, "
                                    "weight {{BIGINT}} NOT NULL);"));
    const QString insert = QStringLiteral("INSERT INTO items (name, weight) VALUES (?, ?)");
    QCOMPARE(db->execEach(
                 insert,
                 {{QStringLiteral("sword"), 12}, {QStringLiteral("shield"), 30}, {QStringLiteral("bow"), 7}}),
             (QList<int>{1, 1, 1}));
    QVERIFY(db->execEach(insert, {}).isEmpty());

    // Each run binds its own values and says how many rows it matched.
    const QString update = QStringLiteral("UPDATE items SET weight = ? WHERE name = ?");
    QCOMPARE(
        db->execEach(update,
                     {{1, QStringLiteral("sword")}, {2, QStringLiteral("axe")}, {3, QStringLiteral("bow")}}),
        (QList<int>{1, 0, 1}));
    const QList<QVariantMap> rows = db->all(QStringLiteral("SELECT name, weight FROM items ORDER BY name"));
    QCOMPARE(rows.size(), 3);
    QCOMPARE(rows.at(0).value(QStringLiteral("weight")).toInt(), 3);  // bow
    QCOMPARE(rows.at(1).value(QStringLiteral("weight")).toInt(), 30); // shield
    QCOMPARE(rows.at(2).value(QStringLiteral("weight")).toInt(), 1);  // sword
    // Statements without values run as they are, once per (empty) row.
    QCOMPARE(db->execEach(QStringLiteral("UPDATE items SET weight = weight + 1"), {{}, {}}),
             (QList<int>{3, 3}));
    QCOMPARE(db->scalar(QStringLiteral("SELECT SUM(weight) FROM items")).toInt(), 3 + 30 + 1 + 6);
    // Rows of another width than the first are refused.
    QVERIFY_THROWS_EXCEPTION(DatabaseError, db->execEach(update, {{1, QStringLiteral("bow")}, {2}}));

    // A row that fails inside a transaction dooms it like any failed statement: nothing is kept.
    {
        Transaction transaction(*db);
        QVERIFY_THROWS_EXCEPTION(
            DatabaseError, db->execEach(insert, {{QStringLiteral("axe"), 1}, {QStringLiteral("bow"), 2}}));
        QVERIFY_THROWS_EXCEPTION(DatabaseError, transaction.commit());
    }
    QVERIFY(!db->inTransaction());
    QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM items")).toInt(), 3);
    // Outside a transaction the rows before the failing one stay.
    QVERIFY_THROWS_EXCEPTION(DatabaseError,
                             db->execEach(insert, {{QStringLiteral("axe"), 1}, {QStringLiteral("bow"), 2}}));
    QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM items")).toInt(), 4);
}

void TestDatabase::valueTypes()
{
    const auto db = freshDatabase();
    createTable(*db, QStringLiteral("CREATE TABLE things (id {{ID}}, big {{BIGINT}}, ratio {{DOUBLE}}, "
                                    "flag {{BOOL}}, body {{TEXT}}, data {{BLOB}});"));
    const qint64 big = (qint64(1) << 53) + 3;
    const QByteArray blob("\x00\x01\xff'\"\\ binary", 16);
    const QString body = QString(QStringLiteral("long text ")).repeated(2000);
    const qint64 id =
        db->insert(QStringLiteral("INSERT INTO things (big, ratio, flag, body, data) VALUES (?, ?, ?, ?, ?)"),
                   {big, 0.125, true, body, blob});
    db->insert(QStringLiteral("INSERT INTO things (big, ratio, flag, body, data) VALUES (?, ?, ?, ?, ?)"),
               {-big, -1.5e300, false, QString(), QByteArray()});

    const auto row = db->one(QStringLiteral("SELECT * FROM things WHERE id = ?"), {id});
    QVERIFY(row);
    QCOMPARE(row->value(QStringLiteral("id")).toLongLong(), id);
    QCOMPARE(row->value(QStringLiteral("big")).toLongLong(), big);
    QCOMPARE(row->value(QStringLiteral("ratio")).toDouble(), 0.125);
    QCOMPARE(row->value(QStringLiteral("flag")).toBool(), true);
    QCOMPARE(row->value(QStringLiteral("body")).toString(), body);
    QCOMPARE(row->value(QStringLiteral("data")).toByteArray(), blob);

    QCOMPARE(db->scalar(QStringLiteral("SELECT flag FROM things WHERE big < ?"), {0}).toBool(), false);
    QCOMPARE(db->scalar(QStringLiteral("SELECT ratio FROM things WHERE big < ?"), {0}).toDouble(), -1.5e300);
    // Booleans can be used in conditions by binding a bool.
    QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM things WHERE flag = ?"), {true}).toInt(), 1);
}

void TestDatabase::bindingKeepsDataAsData()
{
    const auto db = freshDatabase();
    createTable(*db, QStringLiteral("CREATE TABLE people (id {{ID}}, name VARCHAR(200) NOT NULL);"));
    const QStringList names = {
        QStringLiteral("O'Brien"),
        QStringLiteral("'; DROP TABLE people; --"),
        QStringLiteral("Robert'); DROP TABLE people;--"),
        QStringLiteral("\" OR \"1\"=\"1"),
        QStringLiteral("back\\slash\\' and \\\\"),
        QStringLiteral("?, ?, $1 :name @p"),
        QStringLiteral("Zoë ⚔ 🐉 漢字"),
    };
    for (const QString &name : names)
        db->insert(QStringLiteral("INSERT INTO people (name) VALUES (?)"), {name});

    QVERIFY(tableExists(*db, QStringLiteral("people")));
    QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM people")).toInt(), names.size());
    for (const QString &name : names) {
        const auto row = db->one(QStringLiteral("SELECT name FROM people WHERE name = ?"), {name});
        QVERIFY2(row, qPrintable(name));
        QCOMPARE(row->value(QStringLiteral("name")).toString(), name);
    }
    // A quote-breaking value in a WHERE clause matches nothing instead of everything.
    QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM people WHERE name = ?"),
                        {QStringLiteral("x' OR '1'='1")})
                 .toInt(),
             0);
}

void TestDatabase::nulls()
{
    const auto db = freshDatabase();
    createTable(*db, QStringLiteral("CREATE TABLE n (id {{ID}}, label VARCHAR(20), amount {{BIGINT}}, "
                                    "flag {{BOOL}}, data {{BLOB}});"));
    const qint64 id =
        db->insert(QStringLiteral("INSERT INTO n (label, amount, flag, data) VALUES (?, ?, ?, ?)"),
                   {QVariant(), QVariant(), QVariant(), QVariant()});
    const auto row = db->one(QStringLiteral("SELECT label, amount, flag, data FROM n WHERE id = ?"), {id});
    QVERIFY(row);
    QCOMPARE(row->size(), 4);
    for (auto it = row->cbegin(); it != row->cend(); ++it)
        QVERIFY2(it.value().isNull() && !it.value().isValid(), qPrintable(it.key()));
    QCOMPARE(
        db->scalar(QStringLiteral("SELECT COUNT(*) FROM n WHERE label IS NULL AND amount IS NULL")).toInt(),
        1);
    QVERIFY(db->scalar(QStringLiteral("SELECT label FROM n WHERE id = ?"), {id}).isNull());

    // An empty string is not NULL.
    db->exec(QStringLiteral("UPDATE n SET label = ? WHERE id = ?"), {QStringLiteral(""), id});
    QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM n WHERE label IS NULL")).toInt(), 0);
    // And back to NULL.
    db->exec(QStringLiteral("UPDATE n SET label = ? WHERE id = ?"), {QVariant(), id});
    QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM n WHERE label IS NULL")).toInt(), 1);
}

void TestDatabase::timestamps()
{
    const QDateTime when =
        QDateTime::fromString(QStringLiteral("2024-02-29T23:59:58.123Z"), Qt::ISODateWithMs);
    QVERIFY(when.isValid());
    QCOMPARE(dbTimestamp(when).toLongLong(), when.toMSecsSinceEpoch());
    QVERIFY(dbTimestamp(QDateTime()).isNull());
    QVERIFY(!fromDbTimestamp(QVariant()).isValid());
    QVERIFY(qAbs(dbTimestampNow().toLongLong() - QDateTime::currentMSecsSinceEpoch()) < 5000);

    const auto db = freshDatabase();
    createTable(*db, QStringLiteral("CREATE TABLE events (id {{ID}}, at {{BIGINT}});"));
    const qint64 id = db->insert(QStringLiteral("INSERT INTO events (at) VALUES (?)"), {dbTimestamp(when)});
    db->insert(QStringLiteral("INSERT INTO events (at) VALUES (?)"), {dbTimestamp(QDateTime())});
    const QDateTime back =
        fromDbTimestamp(db->scalar(QStringLiteral("SELECT at FROM events WHERE id = ?"), {id}));
    QCOMPARE(back, when);
    QCOMPARE(back.timeSpec(), Qt::UTC);
    // Ordering and range queries work on the integers directly.
    QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM events WHERE at > ?"),
                        {dbTimestamp(when.addMSecs(-1))})
                 .toInt(),
             1);
    QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM events WHERE at IS NULL")).toInt(), 1);
}

// --- transactions -------------------------------------------------------------------------------

void TestDatabase::transactionCommit()
{
    const auto db = freshDatabase();
    createTable(*db, QStringLiteral("CREATE TABLE t (id {{ID}}, v {{BIGINT}});"));
    {
        Transaction transaction(*db);
        QVERIFY(db->inTransaction());
        QVERIFY(transaction.isActive());
        db->insert(QStringLiteral("INSERT INTO t (v) VALUES (?)"), {1});
        db->insert(QStringLiteral("INSERT INTO t (v) VALUES (?)"), {2});
        transaction.commit();
        QVERIFY(!transaction.isActive());
        QVERIFY(!db->inTransaction());
        // A second commit is a programming error.
        QVERIFY_THROWS_EXCEPTION(DatabaseError, transaction.commit());
    }
    QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM t")).toInt(), 2);
    // Another connection (another thread) sees the committed rows.
    QCOMPARE(onOtherThread([&db] { return db->scalar(QStringLiteral("SELECT COUNT(*) FROM t")).toInt(); }),
             2);
}

void TestDatabase::transactionRollbackOnDestruction()
{
    const auto db = freshDatabase();
    createTable(*db, QStringLiteral("CREATE TABLE t (id {{ID}}, v {{BIGINT}});"));
    db->insert(QStringLiteral("INSERT INTO t (v) VALUES (?)"), {1});
    {
        Transaction transaction(*db);
        db->insert(QStringLiteral("INSERT INTO t (v) VALUES (?)"), {2});
        db->exec(QStringLiteral("UPDATE t SET v = ?"), {100});
        QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM t")).toInt(), 2);
        // no commit
    }
    QVERIFY(!db->inTransaction());
    QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM t")).toInt(), 1);
    QCOMPARE(db->scalar(QStringLiteral("SELECT v FROM t")).toInt(), 1);

    // Explicit rollback, then the connection is usable for a new transaction.
    {
        Transaction transaction(*db);
        db->exec(QStringLiteral("DELETE FROM t"));
        transaction.rollback();
        QVERIFY(!transaction.isActive());
    }
    {
        Transaction transaction(*db);
        db->insert(QStringLiteral("INSERT INTO t (v) VALUES (?)"), {3});
        transaction.commit();
    }
    QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM t")).toInt(), 2);
}

void TestDatabase::transactionRollbackOnException()
{
    const auto db = freshDatabase();
    createTable(*db, QStringLiteral("CREATE TABLE t (id {{ID}}, v {{BIGINT}} NOT NULL);"));
    // A C++ exception in the middle of the work.
    try {
        Transaction transaction(*db);
        db->insert(QStringLiteral("INSERT INTO t (v) VALUES (?)"), {1});
        throw std::runtime_error("game logic failed");
    } catch (const std::runtime_error &) {
    }
    QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM t")).toInt(), 0);

    // A failing statement in the middle of the work: the earlier one is undone too.
    try {
        Transaction transaction(*db);
        db->insert(QStringLiteral("INSERT INTO t (v) VALUES (?)"), {1});
        db->insert(QStringLiteral("INSERT INTO t (v) VALUES (?)"), {QVariant()});
        transaction.commit();
        QFAIL("the NOT NULL violation did not throw");
    } catch (const DatabaseError &error) {
        QVERIFY2(error.isConstraintViolation(), qPrintable(error.message()));
    }
    QVERIFY(!db->inTransaction());
    QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM t")).toInt(), 0);
    db->insert(QStringLiteral("INSERT INTO t (v) VALUES (?)"), {5});
    QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM t")).toInt(), 1);

    // A failed statement that the caller swallowed still dooms the transaction, on every
    // backend alike: commit() refuses and nothing of it is kept.
    {
        Transaction transaction(*db);
        db->insert(QStringLiteral("INSERT INTO t (v) VALUES (?)"), {6});
        QVERIFY_THROWS_EXCEPTION(DatabaseError,
                                 db->insert(QStringLiteral("INSERT INTO t (v) VALUES (?)"), {QVariant()}));
        QVERIFY_THROWS_EXCEPTION(DatabaseError, transaction.commit());
        QVERIFY(transaction.isActive());
    }
    QVERIFY(!db->inTransaction());
    QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM t")).toInt(), 1);
}

void TestDatabase::nestedTransactionIsSavepoint()
{
    const auto db = freshDatabase();
    createTable(*db, QStringLiteral("CREATE TABLE t (id {{ID}}, v {{BIGINT}} NOT NULL UNIQUE);"));
    {
        Transaction outer(*db);
        db->insert(QStringLiteral("INSERT INTO t (v) VALUES (?)"), {1});
        {
            Transaction inner(*db);
            db->insert(QStringLiteral("INSERT INTO t (v) VALUES (?)"), {2});
            // inner rolls back
        }
        {
            Transaction inner(*db);
            db->insert(QStringLiteral("INSERT INTO t (v) VALUES (?)"), {3});
            inner.commit();
        }
        // A failed statement inside a savepoint does not doom the outer transaction.
        try {
            Transaction inner(*db);
            db->insert(QStringLiteral("INSERT INTO t (v) VALUES (?)"), {1});
            inner.commit();
            QFAIL("duplicate accepted");
        } catch (const DatabaseError &error) {
            QVERIFY(error.isUniqueViolation());
        }
        QVERIFY(db->inTransaction());
        outer.commit();
    }
    QVERIFY(!db->inTransaction());
    const QList<QVariantMap> rows = db->all(QStringLiteral("SELECT v FROM t ORDER BY v"));
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0).value(QStringLiteral("v")).toInt(), 1);
    QCOMPARE(rows.at(1).value(QStringLiteral("v")).toInt(), 3);
}

// --- errors -------------------------------------------------------------------------------------

void TestDatabase::constraintViolations()
{
    const auto db = freshDatabase();
    createTable(*db, QStringLiteral("CREATE TABLE owners (id {{ID}}, name VARCHAR(40) NOT NULL UNIQUE);\n"
                                    "CREATE TABLE pets (id {{ID}}, owner_id {{BIGINT}} NOT NULL REFERENCES "
                                    "owners(id), name VARCHAR(40) NOT NULL);"));
    const qint64 owner =
        db->insert(QStringLiteral("INSERT INTO owners (name) VALUES (?)"), {QStringLiteral("ann")});

    try {
        db->insert(QStringLiteral("INSERT INTO owners (name) VALUES (?)"), {QStringLiteral("ann")});
        QFAIL("duplicate name accepted");
    } catch (const DatabaseError &error) {
        QVERIFY2(error.isUniqueViolation(), qPrintable(error.message()));
        QVERIFY(error.isConstraintViolation());
        QVERIFY(!error.isConnectionError());
        QVERIFY(!error.isBusy());
        QVERIFY2(error.message().contains(QLatin1String("INSERT INTO owners")), qPrintable(error.message()));
        QVERIFY(!error.nativeErrorCode().isEmpty());
    }

    try {
        db->insert(QStringLiteral("INSERT INTO pets (owner_id, name) VALUES (?, ?)"),
                   {owner + 100, QStringLiteral("rex")});
        QFAIL("dangling foreign key accepted");
    } catch (const DatabaseError &error) {
        QVERIFY2(error.isConstraintViolation(), qPrintable(error.message()));
        QVERIFY(!error.isUniqueViolation());
    }

    try {
        db->insert(QStringLiteral("INSERT INTO pets (owner_id, name) VALUES (?, ?)"), {owner, QVariant()});
        QFAIL("NULL accepted in a NOT NULL column");
    } catch (const DatabaseError &error) {
        QVERIFY2(error.isConstraintViolation(), qPrintable(error.message()));
        QVERIFY(!error.isUniqueViolation());
    }

    db->insert(QStringLiteral("INSERT INTO pets (owner_id, name) VALUES (?, ?)"),
               {owner, QStringLiteral("rex")});
    try {
        db->exec(QStringLiteral("DELETE FROM owners WHERE id = ?"), {owner});
        QFAIL("deleting a referenced row accepted");
    } catch (const DatabaseError &error) {
        QVERIFY2(error.isConstraintViolation(), qPrintable(error.message()));
    }
}

void TestDatabase::otherErrors()
{
    const auto db = freshDatabase();
    try {
        db->all(QStringLiteral("SELEKT nothing FROM nowhere WHERE x = ?"), {1});
        QFAIL("syntax error accepted");
    } catch (const DatabaseError &error) {
        QCOMPARE(error.kind(), DatabaseError::Kind::Other);
        QVERIFY(!error.isConstraintViolation());
        QVERIFY(!error.isConnectionError());
        QVERIFY2(error.message().contains(QLatin1String("SELEKT")), qPrintable(error.message()));
        QVERIFY(QString::fromUtf8(error.what()) == error.message());
    }
    QVERIFY_THROWS_EXCEPTION(DatabaseError,
                             db->exec(QStringLiteral("INSERT INTO missing_table (a) VALUES (?)"), {1}));
    // The connection is still fine afterwards.
    QCOMPARE(db->scalar(QStringLiteral("SELECT 3")).toInt(), 3);
}

void TestDatabase::storageErrors()
{
    // A full disk and a read-only database get their own kinds, so servers answer 507 and 503
    // with a message saying so instead of a bare 500.
    const auto db = freshDatabase();
    createTable(*db, QStringLiteral("CREATE TABLE blobs (id {{ID}}, body TEXT NOT NULL)"));
    const QString row = QString(3000, QLatin1Char('x'));
    if (db->dialect() == Dialect::SQLite) {
        // Full: this connection may not grow the file beyond its current size.
        const int pages = db->scalar(QStringLiteral("PRAGMA page_count")).toInt();
        db->scalar(QStringLiteral("PRAGMA max_page_count = %1").arg(pages + 2));
        try {
            for (int i = 0; i < 100; ++i)
                db->exec(QStringLiteral("INSERT INTO blobs (body) VALUES (?)"), {row});
            QFAIL("the database never filled up");
        } catch (const DatabaseError &error) {
            QCOMPARE(error.kind(), DatabaseError::Kind::StorageFull);
            QVERIFY(error.isStorageError());
            QCOMPARE(error.httpStatus(), 507);
            QVERIFY2(error.publicMessage().contains(QLatin1String("full")),
                     qPrintable(error.publicMessage()));
            QVERIFY(!error.publicMessage().contains(QLatin1String("blobs"))); // no statement for clients
        }
        // Read-only: a second connection opened with the read-only flag reads but cannot write.
        const auto readOnly =
            DatabaseUrl::parse(db->url().toString() + QStringLiteral("?QSQLITE_OPEN_READONLY")).value();
        Database reader(readOnly);
        QVERIFY(reader.scalar(QStringLiteral("SELECT COUNT(*) FROM blobs")).toInt() > 0);
        try {
            reader.exec(QStringLiteral("INSERT INTO blobs (body) VALUES (?)"), {QStringLiteral("no")});
            QFAIL("a read-only database took a write");
        } catch (const DatabaseError &error) {
            QCOMPARE(error.kind(), DatabaseError::Kind::ReadOnly);
            QCOMPARE(error.httpStatus(), 503);
            QVERIFY2(error.publicMessage().contains(QLatin1String("read-only")),
                     qPrintable(error.publicMessage()));
        }
    } else {
        // PostgreSQL and MySQL: a session whose transactions are read-only (as on a hot standby or
        // a server with read_only set).
        const bool postgres = db->dialect() == Dialect::PostgreSQL;
        db->exec(postgres ? QStringLiteral("SET default_transaction_read_only = on")
                          : QStringLiteral("SET SESSION TRANSACTION READ ONLY"));
        try {
            db->exec(QStringLiteral("INSERT INTO blobs (body) VALUES (?)"), {row});
            QFAIL("a read-only session took a write");
        } catch (const DatabaseError &error) {
            QVERIFY2(error.kind() == DatabaseError::Kind::ReadOnly, qPrintable(error.message()));
            QCOMPARE(error.httpStatus(), 503);
        }
        db->exec(postgres ? QStringLiteral("SET default_transaction_read_only = off")
                          : QStringLiteral("SET SESSION TRANSACTION READ WRITE"));
    }
    // Other kinds keep their answers.
    QCOMPARE(DatabaseError(QStringLiteral("x"), DatabaseError::Kind::Connection).httpStatus(), 503);
    QCOMPARE(DatabaseError(QStringLiteral("x"), DatabaseError::Kind::Busy).httpStatus(), 503);
    QCOMPARE(DatabaseError(QStringLiteral("x"), DatabaseError::Kind::Storage).httpStatus(), 503);
    QCOMPARE(DatabaseError(QStringLiteral("x")).httpStatus(), 500);
    QCOMPARE(DatabaseError(QStringLiteral("x"), DatabaseError::Kind::UniqueViolation).httpStatus(), 500);
}

void TestDatabase::insertReportsAFailedCommit()
{
    // SQLite hands out the RETURNING id before its implicit transaction commits, and a commit can
    // still fail (here: the WAL may not grow past a file size limit, as on a full disk). An
    // insert that returned an id must have stored its row.
    const auto db = freshDatabase();
    createTable(*db, QStringLiteral("CREATE TABLE said_lines (id {{ID}}, body TEXT NOT NULL)"));
    const QString body = QString(2000, QLatin1Char('y'));
    db->insert(QStringLiteral("INSERT INTO said_lines (body) VALUES (?)"), {body});
    const QString wal = db->url().databaseName() + QStringLiteral("-wal");
    rlimit previous{};
    if (db->dialect() == Dialect::SQLite) {
        QVERIFY(::getrlimit(RLIMIT_FSIZE, &previous) == 0);
        std::signal(SIGXFSZ, SIG_IGN); // as every server does: EFBIG instead of death
        const rlimit limit{rlim_t(QFileInfo(wal).size() + 6000), previous.rlim_max};
        QVERIFY(::setrlimit(RLIMIT_FSIZE, &limit) == 0);
    }
    QList<qint64> returned;
    bool refused = false;
    for (int i = 0; i < 50 && !refused; ++i) {
        try {
            returned.append(db->insert(QStringLiteral("INSERT INTO said_lines (body) VALUES (?)"), {body}));
        } catch (const DatabaseError &error) {
            refused = true;
            QVERIFY2(error.isStorageError(), qPrintable(error.message()));
        }
    }
    if (db->dialect() == Dialect::SQLite) {
        QVERIFY(::setrlimit(RLIMIT_FSIZE, &previous) == 0);
        QVERIFY2(refused, "the limit never stopped a write");
    }
    for (const qint64 id : std::as_const(returned))
        QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM said_lines WHERE id = ?"), {id}).toInt(), 1);
    // And writing works again once the limit is gone.
    const qint64 after = db->insert(QStringLiteral("INSERT INTO said_lines (body) VALUES (?)"), {body});
    QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM said_lines WHERE id = ?"), {after}).toInt(), 1);
}

void TestDatabase::connectionFailure()
{
    // Nothing listens on port 1; the password must not leak into the error.
    const auto postgres =
        DatabaseUrl::parse(QStringLiteral("postgres://game:TopSecret99@127.0.0.1:1/mmo")).value();
    Database unreachable(postgres);
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("^cannot open postgres://game:\\*\\*\\*@")));
    try {
        unreachable.scalar(QStringLiteral("SELECT 1"));
        QFAIL("connected to port 1");
    } catch (const DatabaseError &error) {
        QVERIFY2(error.isConnectionError(), qPrintable(error.message()));
        QVERIFY2(!error.message().contains(QLatin1String("TopSecret99")), qPrintable(error.message()));
        QVERIFY2(error.message().contains(QLatin1String("postgres://game:***@127.0.0.1:1/mmo")),
                 qPrintable(error.message()));
    }

    // A SQLite file that cannot be created.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeFile(dir.filePath(QStringLiteral("not-a-dir")), QStringLiteral("x"));
    const auto sqlite =
        DatabaseUrl::parse(QStringLiteral("sqlite://%1/not-a-dir/game.db").arg(dir.path())).value();
    Database broken(sqlite);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^cannot create the directory")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^cannot open sqlite://")));
    try {
        broken.scalar(QStringLiteral("SELECT 1"));
        QFAIL("opened a database below a file");
    } catch (const DatabaseError &error) {
        QVERIFY2(error.isConnectionError(), qPrintable(error.message()));
    }
}

// --- threads ------------------------------------------------------------------------------------

void TestDatabase::perThreadConnections()
{
    const auto db = freshDatabase();
    createTable(*db, QStringLiteral("CREATE TABLE t (id {{ID}}, v {{BIGINT}});"));
    db->insert(QStringLiteral("INSERT INTO t (v) VALUES (?)"), {1});
    const QString mainName = db->connectionName();
    QCOMPARE(db->connection().connectionName(), mainName);
    QCOMPARE(db->connectionName(), mainName); // stable within a thread

    struct Seen
    {
        QString name;
        int count = 0;
        qint64 id = 0;
    };
    const Seen seen = onOtherThread([&db] {
        Seen result;
        result.name = db->connection().connectionName();
        result.count = db->scalar(QStringLiteral("SELECT COUNT(*) FROM t")).toInt();
        result.id = db->insert(QStringLiteral("INSERT INTO t (v) VALUES (?)"), {2});
        return result;
    });
    QVERIFY(!seen.name.isEmpty());
    QVERIFY(seen.name != mainName);
    QCOMPARE(seen.count, 1);
    QVERIFY(seen.id > 0);
    QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM t")).toInt(), 2);

    // Two Database objects on one thread have separate connections.
    const auto other = std::make_unique<Database>(db->url());
    QVERIFY(other->connectionName() != mainName);
    QCOMPARE(other->scalar(QStringLiteral("SELECT COUNT(*) FROM t")).toInt(), 2);
}

void TestDatabase::finishedThreadDropsConnection()
{
    const auto db = freshDatabase();
    createTable(*db, QStringLiteral("CREATE TABLE t (id {{ID}}, v {{BIGINT}});"));
    QString threadName;
    QString failure;
    std::unique_ptr<QThread> thread(QThread::create([&] {
        try {
            db->insert(QStringLiteral("INSERT INTO t (v) VALUES (?)"), {7});
            threadName = db->connectionName();
        } catch (const DatabaseError &error) {
            failure = error.message();
        }
    }));
    thread->start();
    QVERIFY(thread->wait(30000));
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    QVERIFY(!threadName.isEmpty());
    QVERIFY(threadName != db->connectionName());
    QVERIFY2(!QSqlDatabase::contains(threadName), "the finished thread's connection is still registered");
    QCOMPARE(db->scalar(QStringLiteral("SELECT v FROM t")).toInt(), 7);

    // And a destroyed Database takes its connections with it.
    QString name;
    {
        Database temporary(db->url());
        temporary.scalar(QStringLiteral("SELECT 1"));
        name = temporary.connectionName();
        QVERIFY(QSqlDatabase::contains(name));
    }
    QVERIFY(!QSqlDatabase::contains(name));
}

void TestDatabase::concurrentWriters()
{
    const auto db = freshDatabase();
    createTable(*db, QStringLiteral("CREATE TABLE t (id {{ID}}, worker {{BIGINT}}, n {{BIGINT}});"));
    constexpr int Workers = 4;
    constexpr int PerWorker = 25;
    QMutex mutex;
    QStringList failures;
    QList<QFuture<void>> futures;
    for (int worker = 0; worker < Workers; ++worker) {
        futures.append(QtConcurrent::run([&, worker] {
            try {
                for (int n = 0; n < PerWorker; ++n) {
                    if (n % 5 == 0) {
                        Transaction transaction(*db);
                        db->insert(QStringLiteral("INSERT INTO t (worker, n) VALUES (?, ?)"), {worker, n});
                        transaction.commit();
                    } else {
                        db->insert(QStringLiteral("INSERT INTO t (worker, n) VALUES (?, ?)"), {worker, n});
                    }
                }
            } catch (const DatabaseError &error) {
                QMutexLocker lock(&mutex);
                failures.append(error.message());
            }
        }));
    }
    for (auto &future : futures)
        future.waitForFinished();
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u'\n')));
    QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM t")).toInt(), Workers * PerWorker);
    QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(DISTINCT id) FROM t")).toInt(), Workers * PerWorker);
}

void TestDatabase::sharedInMemoryDatabase()
{
    Database memory(DatabaseUrl::parse(QStringLiteral("sqlite::memory:")).value());
    createTable(memory, QStringLiteral("CREATE TABLE t (id {{ID}}, v {{BIGINT}});"));
    memory.insert(QStringLiteral("INSERT INTO t (v) VALUES (?)"), {1});
    QCOMPARE(
        onOtherThread([&memory] { return memory.scalar(QStringLiteral("SELECT COUNT(*) FROM t")).toInt(); }),
        1);
    // A second in-memory Database is a separate database.
    Database other(DatabaseUrl::parse(QStringLiteral("sqlite::memory:")).value());
    QVERIFY(!tableExists(other, QStringLiteral("t")));
}

// --- migrations ---------------------------------------------------------------------------------

void TestDatabase::migrationStatements_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<int>("dialect");
    QTest::addColumn<QStringList>("expected");

    const QString table =
        QStringLiteral("-- a comment; with a semicolon;\n"
                       "CREATE TABLE a (\n"
                       "    id {{ID}},\n"
                       "    n {{BIGINT}}, ok {{BOOL}}, r {{DOUBLE}}, t {{TEXT}}, b {{BLOB}}\n"
                       ");\n"
                       "\n"
                       "INSERT INTO a (t) VALUES ('x;y');  \n"
                       "CREATE INDEX a_n ON a (n)");
    QTest::newRow("sqlite") << table << int(Dialect::SQLite)
                            << QStringList{QStringLiteral(
                                               "CREATE TABLE a (\n    id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
                                               "    n INTEGER, ok INTEGER, r REAL, t TEXT, b BLOB\n)"),
                                           QStringLiteral("INSERT INTO a (t) VALUES ('x;y')"),
                                           QStringLiteral("CREATE INDEX a_n ON a (n)")};
    QTest::newRow("postgres") << table << int(Dialect::PostgreSQL)
                              << QStringList{
                                     QStringLiteral("CREATE TABLE a (\n    id BIGSERIAL PRIMARY KEY,\n"
                                                    "    n BIGINT, ok BOOLEAN, r DOUBLE PRECISION, t TEXT, "
                                                    "b BYTEA\n)"),
                                     QStringLiteral("INSERT INTO a (t) VALUES ('x;y')"),
                                     QStringLiteral("CREATE INDEX a_n ON a (n)")};
    QTest::newRow("mysql")
        << table << int(Dialect::MySQL)
        << QStringList{QStringLiteral("CREATE TABLE a (\n    id BIGINT AUTO_INCREMENT PRIMARY KEY,\n"
                                      "    n BIGINT, ok BOOLEAN, r DOUBLE, t LONGTEXT, b LONGBLOB\n)"),
                       QStringLiteral("INSERT INTO a (t) VALUES ('x;y')"),
                       QStringLiteral("CREATE INDEX a_n ON a (n)")};
    QTest::newRow("only comments") << QStringLiteral("-- nothing\n\n-- here;\n") << int(Dialect::SQLite)
                                   << QStringList{};
    QTest::newRow("crlf") << QStringLiteral("SELECT 1;\r\nSELECT 2;\r\n") << int(Dialect::SQLite)
                          << QStringList{QStringLiteral("SELECT 1"), QStringLiteral("SELECT 2")};
}

void TestDatabase::migrationStatements()
{
    QFETCH(QString, sql);
    QFETCH(int, dialect);
    QFETCH(QStringList, expected);
    QCOMPARE(Migrations::statements(sql, Dialect(dialect)), expected);
}

void TestDatabase::migrationsApplyInOrder()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // Written out of order, with a number of more than one digit: the order is numeric.
    writeFile(dir.filePath(QStringLiteral("010_third.sql")),
              QStringLiteral("INSERT INTO log (step) VALUES ('third');\n"));
    writeFile(
        dir.filePath(QStringLiteral("001_first.sql")),
        QStringLiteral(
            "-- the first table\nCREATE TABLE log (\n    id {{ID}},\n    step VARCHAR(20) NOT NULL\n);\n"
            "INSERT INTO log (step) VALUES ('first');\n"));
    writeFile(dir.filePath(QStringLiteral("2_second.sql")),
              QStringLiteral("CREATE TABLE extra (id {{ID}}, flag {{BOOL}});\n"
                             "CREATE INDEX log_step ON log (step);\n"
                             "INSERT INTO log (step) VALUES ('second');\n"));
    writeFile(dir.filePath(QStringLiteral("README.txt")), QStringLiteral("not a migration"));

    const Migrations migrations(dir.path());
    const QList<Migration> loaded = migrations.load();
    QCOMPARE(loaded.size(), 3);
    QCOMPARE(loaded.at(0).version, 1);
    QCOMPARE(loaded.at(0).name, QStringLiteral("first"));
    QCOMPARE(loaded.at(1).version, 2);
    QCOMPARE(loaded.at(2).version, 10);
    QCOMPARE(loaded.at(2).fileName, QStringLiteral("010_third.sql"));

    const auto db = freshDatabase();
    QCOMPARE(Migrations::currentVersion(*db), 0);
    QCOMPARE(migrations.migrate(*db), 10);
    QCOMPARE(Migrations::currentVersion(*db), 10);

    QStringList steps;
    for (const QVariantMap &row : db->all(QStringLiteral("SELECT step FROM log ORDER BY id")))
        steps.append(row.value(QStringLiteral("step")).toString());
    QCOMPARE(steps,
             (QStringList{QStringLiteral("first"), QStringLiteral("second"), QStringLiteral("third")}));

    const QList<QVariantMap> versions =
        db->all(QStringLiteral("SELECT version, name, applied_at FROM schema_version ORDER BY version"));
    QCOMPARE(versions.size(), 3);
    QCOMPARE(versions.at(0).value(QStringLiteral("version")).toInt(), 1);
    QCOMPARE(versions.at(0).value(QStringLiteral("name")).toString(), QStringLiteral("first"));
    QCOMPARE(versions.at(2).value(QStringLiteral("version")).toInt(), 10);
    const QDateTime appliedAt = QDateTime::fromString(
        versions.at(0).value(QStringLiteral("applied_at")).toString(), Qt::ISODateWithMs);
    QVERIFY(appliedAt.isValid());
    QCOMPARE(appliedAt.timeSpec(), Qt::UTC);

    // Idempotent: nothing runs twice.
    QCOMPARE(migrations.migrate(*db), 10);
    QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM log")).toInt(), 3);
    QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM schema_version")).toInt(), 3);

    // A new migration is picked up later, by a fresh Database object as a restarted server would.
    writeFile(dir.filePath(QStringLiteral("011_fourth.sql")),
              QStringLiteral("INSERT INTO log (step) VALUES ('fourth');\n"));
    Database restarted(db->url());
    QCOMPARE(migrations.migrate(restarted), 11);
    QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM log")).toInt(), 4);
}

void TestDatabase::migrationsMissingDirectory()
{
    const auto db = freshDatabase();
    QTemporaryDir empty;
    QVERIFY(empty.isValid());
    QVERIFY(Migrations(empty.path()).load().isEmpty());
    QCOMPARE(Migrations(empty.path()).migrate(*db), 0);
    QVERIFY(Migrations(empty.filePath(QStringLiteral("no-such-dir"))).load().isEmpty());
    QVERIFY(Migrations(QStringLiteral(":/no-such-resource-dir")).load().isEmpty());
    QCOMPARE(Migrations(QStringLiteral(":/no-such-resource-dir")).migrate(*db), 0);
    // The default directory is the compiled-in resources; it loads whatever the build holds.
    QCOMPARE(Migrations().directory(), QStringLiteral(":/migrations"));
    Migrations().load();
}

void TestDatabase::migrationsRejectBadFiles()
{
    const auto db = freshDatabase();
    {
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("001_ok.sql")),
                  QStringLiteral("CREATE TABLE ok1 (id {{ID}});\n"));
        writeFile(dir.filePath(QStringLiteral("second.sql")),
                  QStringLiteral("CREATE TABLE x (id {{ID}});\n"));
        try {
            Migrations(dir.path()).migrate(*db);
            QFAIL("a badly named migration was accepted");
        } catch (const DatabaseError &error) {
            QVERIFY2(error.message().contains(QLatin1String("second.sql")), qPrintable(error.message()));
        }
    }
    {
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("001_a.sql")),
                  QStringLiteral("CREATE TABLE a1 (id {{ID}});\n"));
        writeFile(dir.filePath(QStringLiteral("01_b.sql")), QStringLiteral("CREATE TABLE b1 (id {{ID}});\n"));
        QVERIFY_THROWS_EXCEPTION(DatabaseError, Migrations(dir.path()).load());
    }
    {
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("001_a.sql")),
                  QStringLiteral("CREATE TABLE a2 (id {{ID}});\n"));
        writeFile(dir.filePath(QStringLiteral("002_typo.sql")),
                  QStringLiteral("CREATE TABLE b2 (id {{SERIAL}});\n"));
        try {
            Migrations(dir.path()).migrate(*db);
            QFAIL("an unknown token was accepted");
        } catch (const DatabaseError &error) {
            QVERIFY2(error.message().contains(QLatin1String("002_typo.sql")), qPrintable(error.message()));
            QVERIFY2(error.message().contains(QLatin1String("{{SERIAL}}")), qPrintable(error.message()));
        }
    }
    // Every file is checked before anything is applied.
    QVERIFY(!tableExists(*db, QStringLiteral("ok1")));
    QVERIFY(!tableExists(*db, QStringLiteral("a2")));
    QCOMPARE(Migrations::currentVersion(*db), 0);
}

void TestDatabase::failingMigrationRollsBack()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeFile(
        dir.filePath(QStringLiteral("001_base.sql")),
        QStringLiteral("CREATE TABLE base (id {{ID}}, v {{BIGINT}});\nINSERT INTO base (v) VALUES (1);\n"));
    writeFile(dir.filePath(QStringLiteral("002_broken.sql")),
              QStringLiteral("CREATE TABLE half (id {{ID}});\n"
                             "INSERT INTO base (v) VALUES (2);\n"
                             "INSERT INTO no_such_table (v) VALUES (3);\n"));
    writeFile(dir.filePath(QStringLiteral("003_after.sql")),
              QStringLiteral("CREATE TABLE after_broken (id {{ID}});\n"));

    const auto db = freshDatabase();
    const Migrations migrations(dir.path());
    try {
        migrations.migrate(*db);
        QFAIL("the broken migration succeeded");
    } catch (const DatabaseError &error) {
        QVERIFY2(error.message().contains(QLatin1String("002_broken.sql")), qPrintable(error.message()));
        QVERIFY2(error.message().contains(QLatin1String("no_such_table")), qPrintable(error.message()));
    }
    QCOMPARE(Migrations::currentVersion(*db), 1);
    QVERIFY(!db->inTransaction());
    // 003 never ran. Nothing of 002 remains where DDL is transactional (SQLite, PostgreSQL);
    // MySQL/MariaDB commit at every CREATE TABLE, so there its first statements stay applied
    // (docs/operators.md says so) and the operator removes them before retrying.
    QVERIFY(!tableExists(*db, QStringLiteral("after_broken")));
    if (db->dialect() == Dialect::MySQL) {
        QVERIFY(tableExists(*db, QStringLiteral("half")));
        db->exec(QStringLiteral("DROP TABLE half"));
        db->exec(QStringLiteral("DELETE FROM base WHERE v = 2"));
    }
    QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM base")).toInt(), 1);
    QVERIFY(!tableExists(*db, QStringLiteral("half")));

    // Once fixed, the migration applies.
    writeFile(dir.filePath(QStringLiteral("002_broken.sql")),
              QStringLiteral("CREATE TABLE half (id {{ID}});\nINSERT INTO base (v) VALUES (2);\n"));
    QCOMPARE(migrations.migrate(*db), 3);
    QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM base")).toInt(), 2);
    QVERIFY(tableExists(*db, QStringLiteral("after_broken")));
}

void TestDatabase::concurrentMigrations()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    constexpr int Count = 6;
    for (int i = 1; i <= Count; ++i) {
        writeFile(dir.filePath(QStringLiteral("%1_step.sql").arg(i, 3, 10, QLatin1Char('0'))),
                  QStringLiteral("CREATE TABLE step%1 (id {{ID}}, v {{BIGINT}});\n"
                                 "CREATE INDEX step%1_v ON step%1 (v);\n"
                                 "INSERT INTO step%1 (v) VALUES (%1);\n")
                      .arg(i));
    }
    const Migrations migrations(dir.path());

    // Several rounds on fresh databases: the servers of a cluster start together, each its own
    // process with its own connection, and all of them migrate.
    constexpr int Rounds = 3;
    constexpr int Migrators = 3;
    for (int round = 0; round < Rounds; ++round) {
        const auto db = freshDatabase();
        QMutex mutex;
        QStringList failures;
        QList<int> results;
        std::vector<std::unique_ptr<QThread>> threads;
        for (int m = 0; m < Migrators; ++m) {
            threads.emplace_back(QThread::create([&] {
                try {
                    Database own(db->url());
                    const int version = migrations.migrate(own);
                    QMutexLocker lock(&mutex);
                    results.append(version);
                } catch (const DatabaseError &error) {
                    QMutexLocker lock(&mutex);
                    failures.append(error.message());
                }
            }));
        }
        for (auto &thread : threads)
            thread->start();
        for (auto &thread : threads)
            QVERIFY(thread->wait(120000));
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u'\n')));
        QCOMPARE(results, QList<int>(Migrators, Count));
        QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM schema_version")).toInt(), Count);
        for (int i = 1; i <= Count; ++i)
            QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM step%1").arg(i)).toInt(), 1);
    }
}

void TestDatabase::concurrentMigrationProcesses()
{
    // The real situation: separate server processes starting at the same moment.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    constexpr int Count = 5;
    for (int i = 1; i <= Count; ++i) {
        writeFile(dir.filePath(QStringLiteral("%1_step.sql").arg(i, 3, 10, QLatin1Char('0'))),
                  QStringLiteral("CREATE TABLE pstep%1 (id {{ID}}, name VARCHAR(40) NOT NULL UNIQUE);\n"
                                 "INSERT INTO pstep%1 (name) VALUES ('only');\n")
                      .arg(i));
    }
    const auto db = freshDatabase();
    constexpr int Processes = 4;
    std::vector<std::unique_ptr<QProcess>> processes;
    for (int i = 0; i < Processes; ++i) {
        auto process = std::make_unique<QProcess>();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TST_DATABASE_MIGRATE_URL"), db->url().toString());
        env.insert(QStringLiteral("TST_DATABASE_MIGRATE_DIR"), dir.path());
        process->setProcessEnvironment(env);
        processes.push_back(std::move(process));
    }
    for (auto &process : processes)
        process->start(QCoreApplication::applicationFilePath(), {});
    for (auto &process : processes) {
        QVERIFY(process->waitForFinished(120000));
        const QByteArray errors = process->readAllStandardError();
        QVERIFY2(process->exitStatus() == QProcess::NormalExit && process->exitCode() == 0,
                 errors.constData());
        QCOMPARE(process->readAllStandardOutput().trimmed(), QByteArray::number(Count));
    }
    QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM schema_version")).toInt(), Count);
    for (int i = 1; i <= Count; ++i)
        QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM pstep%1").arg(i)).toInt(), 1);
}

// --- reconnecting -------------------------------------------------------------------------------

void TestDatabase::droppedConnectionIsReopened()
{
    const auto db = freshDatabase();
    createTable(*db, QStringLiteral("CREATE TABLE t (id {{ID}}, v {{BIGINT}});"));
    db->insert(QStringLiteral("INSERT INTO t (v) VALUES (?)"), {1});

    // Closed under our feet (SQLite has no server to lose): the next query opens it again.
    db->closeConnection();
    QVERIFY(!QSqlDatabase::database(db->connectionName(), false).isOpen());
    QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM t")).toInt(), 1);
    QVERIFY(QSqlDatabase::database(db->connectionName(), false).isOpen());

    if (db->dialect() != Dialect::PostgreSQL)
        return;
    // The server ends the session (as on a server restart or an idle timeout): the connection
    // still looks open, the next query fails with a connection error and is retried once.
    const qint64 before = db->scalar(QStringLiteral("SELECT pg_backend_pid()")).toLongLong();
    Database admin(db->url());
    QVERIFY(
        admin.scalar(QStringLiteral("SELECT pg_terminate_backend(CAST(? AS INTEGER))"), {before}).toBool());
    QTRY_COMPARE(
        admin
            .scalar(QStringLiteral("SELECT COUNT(*) FROM pg_stat_activity WHERE pid = CAST(? AS INTEGER)"),
                    {before})
            .toInt(),
        0);
    QVERIFY(QSqlDatabase::database(db->connectionName(), false).isOpen());
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^lost the connection to")));
    QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM t WHERE v = ?"), {1}).toInt(), 1);
    const qint64 after = db->scalar(QStringLiteral("SELECT pg_backend_pid()")).toLongLong();
    QVERIFY(after != before);
}

void TestDatabase::droppedConnectionInsideTransactionFails()
{
    const auto db = freshDatabase();
    createTable(*db, QStringLiteral("CREATE TABLE t (id {{ID}}, v {{BIGINT}});"));
    if (db->dialect() == Dialect::PostgreSQL) {
        Database admin(db->url());
        try {
            Transaction transaction(*db);
            db->insert(QStringLiteral("INSERT INTO t (v) VALUES (?)"), {1});
            const qint64 pid = db->scalar(QStringLiteral("SELECT pg_backend_pid()")).toLongLong();
            admin.scalar(QStringLiteral("SELECT pg_terminate_backend(CAST(? AS INTEGER))"), {pid});
            QTRY_COMPARE(
                admin
                    .scalar(QStringLiteral(
                                "SELECT COUNT(*) FROM pg_stat_activity WHERE pid = CAST(? AS INTEGER)"),
                            {pid})
                    .toInt(),
                0);
            // Retrying on a new connection would run the rest outside the transaction: it must fail.
            db->insert(QStringLiteral("INSERT INTO t (v) VALUES (?)"), {2});
            transaction.commit();
            QFAIL("the transaction went on after its connection was lost");
        } catch (const DatabaseError &error) {
            QVERIFY2(error.isConnectionError(), qPrintable(error.message()));
        }
    } else {
        try {
            Transaction transaction(*db);
            db->insert(QStringLiteral("INSERT INTO t (v) VALUES (?)"), {1});
            db->closeConnection();
            db->insert(QStringLiteral("INSERT INTO t (v) VALUES (?)"), {2});
            transaction.commit();
            QFAIL("the transaction went on after its connection was closed");
        } catch (const DatabaseError &error) {
            QVERIFY2(error.isConnectionError(), qPrintable(error.message()));
        }
    }
    QVERIFY(!db->inTransaction());
    // Nothing of the lost transaction was kept, and the database is usable again.
    QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM t")).toInt(), 0);
    db->insert(QStringLiteral("INSERT INTO t (v) VALUES (?)"), {3});
    QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM t")).toInt(), 1);
}

// Besides running the suite, the executable doubles as a migrating "server process" for
// concurrentMigrationProcesses(): with TST_DATABASE_MIGRATE_URL set it migrates and exits.
int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QString migrateUrl = qEnvironmentVariable("TST_DATABASE_MIGRATE_URL");
    if (!migrateUrl.isEmpty()) {
        try {
            Database db(DatabaseUrl::parse(migrateUrl).value());
            const int version = Migrations(qEnvironmentVariable("TST_DATABASE_MIGRATE_DIR")).migrate(db);
            printf("%d\n", version);
            return 0;
        } catch (const std::exception &error) {
            fprintf(stderr, "%s\n", error.what());
            return 1;
        }
    }
    TestDatabase test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_database.moc"
