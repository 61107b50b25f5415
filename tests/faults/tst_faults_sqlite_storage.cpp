// SPDX-License-Identifier: AGPL-3.0-or-later
// SQLite on a disk that fills up, and on a database that only allows reading, under real
// servers: writes get a clear error (507 insufficient_storage for a full disk, 503 for a
// read-only one, with the error envelope; the zone stream says the same), reads and logins go on,
// nothing half-written stays (every acknowledged write is there, every refused one is not), the
// database passes PRAGMA integrity_check, and writing works again once space returns.
//
// How the disk fills (the first method that works here is used; neither is ever skipped):
// - As root, the database lives on a small tmpfs mounted for the test, and a filler file takes
//   its last byte: SQLite's writes then fail with ENOSPC, exactly as on a full disk.
// - Otherwise (no privilege to mount) each server's file size limit is lowered to what the files
//   have now (prlimit RLIMIT_FSIZE, as `ulimit -f` would): writes that would grow them fail with
//   EFBIG, which SQLite reports as an I/O error (503). Space "returns" when the limit is raised.
// Read-only: the servers open the database with SQLite's read-only flag (?QSQLITE_OPEN_READONLY
// in the URL), what a read-only file system gives them; root ignores file modes, and a mounted
// file system cannot be remounted read-only while the servers hold the file open for writing.
#include "Database.h"
#include "DatabaseUrl.h"
#include "HttpTestClient.h"
#include "PlayBot.h"
#include "TestCluster.h"

#include <QDir>
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

using namespace smmo;
using namespace smmo::test;

namespace {

constexpr int timeoutMs = 60000;
const QString zoneId = QStringLiteral("public-GhibliHills-diskfull");

QString integrityOf(const QString &url)
{
    Database database(DatabaseUrl::parse(url).value());
    return database.scalar(QStringLiteral("PRAGMA integrity_check")).toString();
}

// The disk the database lives on, and a way to fill it up and free it again.
class FullDisk
{
public:
    FullDisk()
    {
        // SIMPLEMMO_TEST_NO_MOUNT=1 tries the other method as root too.
        if (::geteuid() == 0 && qEnvironmentVariableIntValue("SIMPLEMMO_TEST_NO_MOUNT") == 0) {
            QDir().mkpath(m_mountPoint.path());
            QProcess mount;
            mount.start(QStringLiteral("mount"),
                        {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                         QStringLiteral("size=24m,mode=0700"), QStringLiteral("tmpfs"), m_mountPoint.path()});
            m_mounted = mount.waitForFinished(30000) && mount.exitStatus() == QProcess::NormalExit &&
                        mount.exitCode() == 0;
            if (!m_mounted)
                qInfo("cannot mount a tmpfs (%s); using file size limits instead",
                      mount.readAllStandardError().trimmed().constData());
        }
    }
    ~FullDisk()
    {
        if (m_mounted)
            QProcess::execute(QStringLiteral("umount"), {QStringLiteral("-l"), m_mountPoint.path()});
    }
    FullDisk(const FullDisk &) = delete;
    FullDisk &operator=(const FullDisk &) = delete;

    bool isTmpfs() const { return m_mounted; }
    QString method() const
    {
        return m_mounted ? QStringLiteral("tmpfs filled to the last byte (ENOSPC)")
                         : QStringLiteral("file size limit of the servers (EFBIG)");
    }
    QString databaseUrl() const
    {
        return QStringLiteral("sqlite://%1/simplemmo.db").arg(m_mountPoint.path());
    }
    QString databaseFile() const { return m_mountPoint.filePath(QStringLiteral("simplemmo.db")); }
    // The status a write gets while it is full: SQLite says SQLITE_FULL for ENOSPC, an I/O error
    // for EFBIG.
    int fullStatus() const { return m_mounted ? 507 : 503; }

    /// No more space for the processes writing the database (pids: for the file size limit).
    bool fill(const QList<qint64> &pids, QString *error)
    {
        if (m_mounted) {
            const QByteArray path = QFile::encodeName(m_mountPoint.filePath(QStringLiteral("filler")));
            const int fd = ::open(path.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            if (fd < 0) {
                *error = QString::fromLocal8Bit(strerror(errno));
                return false;
            }
            // Big pieces first, then small ones: not a byte is left.
            for (const qsizetype chunk : {qsizetype(1 << 20), qsizetype(4096), qsizetype(1)}) {
                const QByteArray block(chunk, 'F');
                while (::write(fd, block.constData(), size_t(block.size())) == block.size()) {
                }
            }
            const bool full = errno == ENOSPC;
            ::fsync(fd);
            ::close(fd);
            if (!full)
                *error = QStringLiteral("filling stopped with: ") + QString::fromLocal8Bit(strerror(errno));
            return full;
        }
        const auto size = [&](const QString &suffix) { return QFileInfo(databaseFile() + suffix).size(); };
        const rlim_t limit = rlim_t(qMax(size(QString()), size(QStringLiteral("-wal"))));
        for (const qint64 pid : pids) {
            const rlimit lowered{limit, RLIM_INFINITY};
            if (::prlimit(pid_t(pid), RLIMIT_FSIZE, &lowered, nullptr) != 0) {
                *error =
                    QStringLiteral("prlimit %1: %2").arg(pid).arg(QString::fromLocal8Bit(strerror(errno)));
                return false;
            }
        }
        m_limited = pids;
        return true;
    }
    /// Space returns.
    void free()
    {
        if (m_mounted)
            QFile::remove(m_mountPoint.filePath(QStringLiteral("filler")));
        for (const qint64 pid : std::as_const(m_limited)) {
            const rlimit unlimited{RLIM_INFINITY, RLIM_INFINITY};
            ::prlimit(pid_t(pid), RLIMIT_FSIZE, &unlimited, nullptr);
        }
        m_limited.clear();
    }

private:
    QTemporaryDir m_mountPoint{QDir::tempPath() + QStringLiteral("/simplemmo-disk-XXXXXX")};
    bool m_mounted = false;
    QList<qint64> m_limited;
};

} // namespace

class TestFaultsSqliteStorage : public QObject
{
    Q_OBJECT

    QElapsedTimer m_clock;

    // A storage error as clients get it: the status, the envelope's code and a message that
    // says what happened.
    static bool storageRefusal(const HttpResult &result, int status)
    {
        if (result.status != status)
            return false;
        if (status == 507)
            return result.errorCode() == QLatin1String("insufficient_storage") &&
                   result.errorMessage().contains(QLatin1String("full"));
        return result.errorCode() == QLatin1String("unavailable") &&
               (result.errorMessage().contains(QLatin1String("storage")) ||
                result.errorMessage().contains(QLatin1String("read-only")));
    }

private slots:
    void initTestCase() { m_clock.start(); }

    void diskFull()
    {
        FullDisk disk;
        qInfo("disk full by: %s", qPrintable(disk.method()));
        TestCluster::Options options;
        options.database = disk.databaseUrl();
        options.configText = QStringLiteral("[zoneserver]\ncheckpoint-ms=300\nmax-messages=100000\n");
        TestCluster cluster(options);
        QVERIFY2(cluster.start(), qPrintable(cluster.why()));
        const QByteArray token = cluster.player(QStringLiteral("diskbot"), QStringLiteral("DiskBot"));
        QVERIFY2(!token.isEmpty(), qPrintable(cluster.why()));
        PlayBot bot(QStringLiteral("DiskBot"), zoneId, cluster.masterUrl(), 0, m_clock);
        bot.setToken(token);
        bot.connectToZone();
        QVERIFY2(QTest::qWaitFor([&] { return bot.isJoined(); }, timeoutMs), qPrintable(bot.lastFailure()));
        bot.setPlaying(true);
        QVERIFY(QTest::qWaitFor([&] { return bot.ackedLines().size() >= 3; }, timeoutMs));

        const QJsonObject zone = cluster.zoneEntry(zoneId);
        const QUrl zoneUrl(zone.value(QStringLiteral("url")).toString());
        const QList<qint64> writers{
            cluster.pid(TestCluster::Role::Auth), cluster.pid(TestCluster::Role::Char),
            cluster.pid(TestCluster::Role::Master), qint64(zone.value(QStringLiteral("pid")).toDouble())};
        HttpTestClient chars(cluster.charUrl());
        chars.setBearer(cluster.serviceToken(QStringLiteral("zone:quests")));
        HttpTestClient auth(cluster.authUrl());
        const QString filling = QString(3000, QLatin1Char('x'));
        QStringList ackedKeys, refusedKeys, ackedUsers, refusedUsers;
        int serial = 0;
        // One write of each kind: a character update (a few pages) and now and then an account.
        const auto writeOnce = [&](int expectedStatus) {
            const QString key = QStringLiteral("load_%1").arg(++serial);
            const HttpResult update = chars.postJson(
                QStringLiteral("/DiskBot"), {{QStringLiteral("stats"), QJsonObject{{key, filling + key}}}});
            if (update.status == 200) {
                ackedKeys << key;
            } else {
                refusedKeys << key;
                if (!storageRefusal(update, expectedStatus))
                    return QStringLiteral("update: ") + update.summary() + QLatin1Char('\n') +
                           cluster.process(TestCluster::Role::Char).output().right(1500);
            }
            if (serial % 5 == 0) {
                const QString user = QStringLiteral("filler%1").arg(serial);
                const HttpResult registered =
                    auth.postForm(QStringLiteral("/register"),
                                  HttpTestClient::form({{QStringLiteral("username"), user},
                                                        {QStringLiteral("password"), QStringLiteral("pw")}}));
                if (registered.status == 200) {
                    ackedUsers << user;
                } else {
                    refusedUsers << user;
                    if (!storageRefusal(registered, expectedStatus))
                        return QStringLiteral("register: ") + registered.summary() + QLatin1Char('\n') +
                               cluster.process(TestCluster::Role::Auth).output().right(1500);
                }
            }
            return QString();
        };

        // The disk fills up; writes go on until they are refused (what the database had
        // allocated already takes a few more).
        QString error;
        QVERIFY2(disk.fill(writers, &error), qPrintable(error));
        const int ackedBeforeFull = int(ackedKeys.size());
        while (refusedKeys.size() < 5 && serial < 3000) {
            const QString unexpected = writeOnce(disk.fullStatus());
            QVERIFY2(unexpected.isEmpty(), qPrintable(unexpected));
        }
        QVERIFY2(refusedKeys.size() >= 5, "the disk never filled up");
        const int refusedAt = int(ackedKeys.size());

        // The zone refuses chat it cannot store, with the same code, and goes on running.
        const QString streamCode = disk.fullStatus() == 507 ? QStringLiteral("insufficient_storage: ")
                                                            : QStringLiteral("unavailable: ");
        QVERIFY2(QTest::qWaitFor([&] { return !bot.errors().filter(streamCode).isEmpty(); }, timeoutMs),
                 qPrintable(bot.errors().join(QLatin1Char('\n'))));
        HttpTestClient zoneHttp(zoneUrl);
        zoneHttp.setBearer(token);
        HttpResult r =
            zoneHttp.postForm(QStringLiteral("/say"),
                              HttpTestClient::form({{QStringLiteral("character"), QStringLiteral("DiskBot")},
                                                    {QStringLiteral("text"), QStringLiteral("full?")}}));
        QVERIFY2(storageRefusal(r, disk.fullStatus()), qPrintable(r.summary()));

        // A checkpoint asked for now is refused the same way, and kept for later.
        HttpTestClient zoneAdmin(zoneUrl);
        zoneAdmin.setBearer(cluster.adminToken());
        const QJsonObject checkpoint{{QStringLiteral("command"), QStringLiteral("checkpoint")},
                                     {QStringLiteral("args"), QJsonArray()}};
        r = zoneAdmin.postJson(QStringLiteral("/admin"), checkpoint);
        QVERIFY2(storageRefusal(r, disk.fullStatus()), qPrintable(r.summary()));

        // Reading and logging in go on.
        QCOMPARE(chars.get(QStringLiteral("/DiskBot")).status, 200);
        QCOMPARE(zoneHttp.get(QStringLiteral("/objects")).status, 200);
        QCOMPARE(zoneHttp.get(QStringLiteral("/messages")).status, 200);
        QVERIFY2(!cluster.login(QStringLiteral("diskbot")).isEmpty(), qPrintable(cluster.why()));
        for (const qint64 pid : writers)
            QVERIFY2(TestCluster::isAlive(pid), qPrintable(QString::number(pid)));

        // Space returns: writing works again by itself.
        const int linesBeforeFree = int(bot.ackedLines().size());
        disk.free();
        QVERIFY(QTest::qWaitFor(
            [&] { return writeOnce(disk.fullStatus()).isEmpty() && ackedKeys.size() > refusedAt; },
            timeoutMs));
        QVERIFY(QTest::qWaitFor([&] { return bot.ackedLines().size() >= linesBeforeFree + 2; }, timeoutMs));
        const QString lateUser = QStringLiteral("afterwards");
        QCOMPARE(auth.postForm(QStringLiteral("/register"),
                               HttpTestClient::form({{QStringLiteral("username"), lateUser},
                                                     {QStringLiteral("password"), QStringLiteral("pw")}}))
                     .status,
                 200);
        ackedUsers << lateUser;
        r = zoneAdmin.postJson(QStringLiteral("/admin"), checkpoint);
        QCOMPARE(r.status, 200);

        // Nothing half-written: what was acknowledged is there, what was refused is not.
        chars.setBearer(cluster.adminToken());
        const QJsonObject stats =
            chars.get(QStringLiteral("/DiskBot")).json().object().value(QStringLiteral("stats")).toObject();
        for (const QString &key : std::as_const(ackedKeys))
            QVERIFY2(stats.value(key).toString() == filling + key, qPrintable(key));
        for (const QString &key : std::as_const(refusedKeys))
            QVERIFY2(!stats.contains(key), qPrintable(key + QStringLiteral(" was refused but is stored")));
        Database database(DatabaseUrl::parse(disk.databaseUrl()).value());
        for (const QString &user : std::as_const(ackedUsers))
            QCOMPARE(database.scalar(QStringLiteral("SELECT COUNT(*) FROM accounts WHERE name = ?"), {user})
                         .toInt(),
                     1);
        for (const QString &user : std::as_const(refusedUsers))
            QCOMPARE(database.scalar(QStringLiteral("SELECT COUNT(*) FROM accounts WHERE name = ?"), {user})
                         .toInt(),
                     0);
        QSet<QString> stored;
        for (const auto &value : zoneHttp.get(QStringLiteral("/messages")).json().array())
            stored.insert(value.toObject().value(QStringLiteral("body")).toString());
        for (const QString &line : bot.ackedLines())
            QVERIFY2(stored.contains(line), qPrintable(line));
        QCOMPARE(integrityOf(disk.databaseUrl()), QStringLiteral("ok"));

        bot.setPlaying(false);
        bot.disconnectFromZone();
        cluster.stop();
        QCOMPARE(integrityOf(disk.databaseUrl()), QStringLiteral("ok"));
        qInfo("%s: %d writes taken after the disk was full (already allocated pages), then refused with %d; "
              "%d updates and %d accounts acknowledged and present, %d updates and %d accounts refused and "
              "absent; %d chat lines acknowledged and present; integrity_check ok",
              qPrintable(disk.method()), refusedAt - ackedBeforeFull, disk.fullStatus(),
              int(ackedKeys.size()), int(ackedUsers.size()), int(refusedKeys.size()),
              int(refusedUsers.size()), int(bot.ackedLines().size()));
    }

    void readOnlyDatabase()
    {
        QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/simplemmo-readonly-XXXXXX"));
        const QString url = QStringLiteral("sqlite://%1/simplemmo.db").arg(dir.path());
        {
            // A cluster that played before: an account, a character with stats.
            TestCluster::Options options;
            options.database = url;
            TestCluster cluster(options);
            QVERIFY2(cluster.start(), qPrintable(cluster.why()));
            QVERIFY2(!cluster.player(QStringLiteral("reader"), QStringLiteral("ReadOnlyHero")).isEmpty(),
                     qPrintable(cluster.why()));
            HttpTestClient chars(cluster.charUrl());
            chars.setBearer(cluster.adminToken());
            QCOMPARE(chars
                         .postJson(QStringLiteral("/ReadOnlyHero"),
                                   {{QStringLiteral("stats"), QJsonObject{{QStringLiteral("gold"), 42}}}})
                         .status,
                     200);
        }
        Database before(DatabaseUrl::parse(url).value());
        const int accounts = before.scalar(QStringLiteral("SELECT COUNT(*) FROM accounts")).toInt();
        const int characters = before.scalar(QStringLiteral("SELECT COUNT(*) FROM characters")).toInt();

        // The same database, read-only: every server still starts and serves what only reads.
        TestCluster::Options options;
        options.database = url + QStringLiteral("?QSQLITE_OPEN_READONLY");
        TestCluster cluster(options);
        QVERIFY2(cluster.start(), qPrintable(cluster.why()));
        const QByteArray token = cluster.login(QStringLiteral("reader"));
        QVERIFY2(!token.isEmpty(), qPrintable(cluster.why()));
        HttpTestClient chars(cluster.charUrl());
        chars.setBearer(token);
        HttpResult r = chars.get(QStringLiteral("/ReadOnlyHero"));
        QCOMPARE(r.status, 200);
        QCOMPARE(
            r.json().object().value(QStringLiteral("stats")).toObject().value(QStringLiteral("gold")).toInt(),
            42);

        // Every write is refused with 503 and says why.
        HttpTestClient auth(cluster.authUrl());
        r = auth.postForm(QStringLiteral("/register"),
                          HttpTestClient::form({{QStringLiteral("username"), QStringLiteral("newcomer")},
                                                {QStringLiteral("password"), QStringLiteral("pw")}}));
        QVERIFY2(storageRefusal(r, 503) && r.errorMessage().contains(QLatin1String("read-only")),
                 qPrintable(r.summary()));
        r = chars.postForm(QStringLiteral("/new"), HttpTestClient::form({{QStringLiteral("character_name"),
                                                                          QStringLiteral("Another")}}));
        QVERIFY2(storageRefusal(r, 503), qPrintable(r.summary()));
        HttpTestClient admin(cluster.charUrl());
        admin.setBearer(cluster.adminToken());
        r = admin.postJson(QStringLiteral("/ReadOnlyHero"),
                           {{QStringLiteral("stats"), QJsonObject{{QStringLiteral("gold"), 1}}}});
        QVERIFY2(storageRefusal(r, 503), qPrintable(r.summary()));
        HttpTestClient master(cluster.masterUrl());
        master.setBearer(token);
        QCOMPARE(master.get(QStringLiteral("/chat/global")).status, 200);
        r = master.postForm(
            QStringLiteral("/chat/global"),
            HttpTestClient::form({{QStringLiteral("character"), QStringLiteral("ReadOnlyHero")},
                                  {QStringLiteral("text"), QStringLiteral("hello?")}}));
        QVERIFY2(storageRefusal(r, 503), qPrintable(r.summary()));
        for (const auto role : {TestCluster::Role::Auth, TestCluster::Role::Char, TestCluster::Role::Master})
            QVERIFY(cluster.process(role).isRunning());
        cluster.stop();

        // Nothing was written, and the file is sound.
        QCOMPARE(before.scalar(QStringLiteral("SELECT COUNT(*) FROM accounts")).toInt(), accounts);
        QCOMPARE(before.scalar(QStringLiteral("SELECT COUNT(*) FROM characters")).toInt(), characters);
        QCOMPARE(integrityOf(url), QStringLiteral("ok"));

        // Writable again (the operator fixed the file system and restarted): writes work.
        TestCluster::Options writable;
        writable.database = url;
        TestCluster again(writable);
        QVERIFY2(again.start(), qPrintable(again.why()));
        QVERIFY2(!again.player(QStringLiteral("newcomer"), QStringLiteral("Another")).isEmpty(),
                 qPrintable(again.why()));
    }
};

QTEST_GUILESS_MAIN(TestFaultsSqliteStorage)
#include "tst_faults_sqlite_storage.moc"
