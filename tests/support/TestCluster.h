// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "ServerProcess.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <array>
#include <memory>

namespace smmo::test {

/// The core of a cluster as real processes, for integration suites: an AuthServer, a CharServer
/// and a MasterZoneServer (which starts zones with their ScriptServer and PhysicsServer) sharing
/// one database, one temporary data directory and one cluster secret. It plays systemd's part
/// too: a killed server is started again on the port it had, so zones and clients find it where
/// they knew it.
class TestCluster
{
public:
    enum class Role { Auth, Char, Master };

    struct Options
    {
        QByteArray secret;           ///< the cluster secret; empty: a fresh random one
        QString database;            ///< a database URL; empty: databaseUrlForTest()
        QString configText;          ///< INI text given to every server with --config (e.g. [zoneserver])
        QStringList authArgs;        ///< more options for the AuthServer
        QStringList charArgs;        ///< more options for the CharServer
        QStringList masterArgs;      ///< more options for the master
        int zoneIdleSeconds = 300;   ///< the master's zone-idle-timeout
        double zoneRestartDelay = 1; ///< the master's zone-restart-delay (0: only on request)
    };

    TestCluster();
    explicit TestCluster(Options options);
    explicit TestCluster(QByteArray secret);
    ~TestCluster();
    TestCluster(const TestCluster &) = delete;
    TestCluster &operator=(const TestCluster &) = delete;

    /// The options, to change before start().
    Options &options() { return m_options; }
    /// Starts auth, char and master, each waiting for its listening line. false: see why().
    bool start();
    /// Stops the master (and so its zones), then char and auth; "role: code" for each that did
    /// not exit with 0.
    QStringList stop();
    /// A ZoneServer for the zone id started directly (not through the master), on this cluster's
    /// database and secret, knowing its CharServer and master; check start() went well with
    /// isRunning().
    std::unique_ptr<ServerProcess> startZone(const QString &zoneId, const QStringList &extraArgs = {}) const;
    /// What went wrong last: the failing server's output.
    QString why() const { return m_why; }

    ServerProcess &process(Role role);
    ServerProcess &auth() { return process(Role::Auth); }
    ServerProcess &chars() { return process(Role::Char); }
    ServerProcess &master() { return process(Role::Master); }
    QUrl url(Role role) const { return m_urls[index(role)]; }
    QUrl authUrl() const { return url(Role::Auth); }
    QUrl charUrl() const { return url(Role::Char); }
    QUrl masterUrl() const { return url(Role::Master); }
    qint64 pid(Role role);
    static QString roleName(Role role);

    /// SIGKILL, and waits until the process has gone.
    void kill(Role role);
    /// Starts a server that died again on its former port (as systemd restarts a unit). false:
    /// see why().
    bool restart(Role role);

    QString dataDir() const { return m_data.path(); }
    QString database() const { return m_options.database; }
    QByteArray secret() const { return m_secret; }

    /// A token of the cluster: an administrator's, or a service's (zones, scripts use these).
    QByteArray adminToken() const;
    /// A token of the cluster for any user and roles.
    QByteArray tokenWithRoles(const QString &name, const QStringList &roles) const;
    QByteArray serviceToken(const QString &name = QStringLiteral("test:service")) const;
    /// Logs in (registering first when needed) and creates the character when given and missing;
    /// returns the session token, or empty (see why()).
    QByteArray player(const QString &user, const QString &character = {});
    /// The same with a chosen password and any number of characters.
    QByteArray player(const QString &user, const QString &password, const QStringList &characters);
    /// Logs in; the token, or empty when the AuthServer refused or did not answer.
    QByteArray login(const QString &user);
    QByteArray login(const QString &user, const QString &password);

    /// The master's GET /zones and one entry of it (empty when not listed).
    QJsonArray zones();
    QJsonObject zoneEntry(const QString &zoneId);
    /// Whether the process runs (a zombie does not).
    static bool isAlive(qint64 pid);
    /// Live zone server processes of zoneId that belong to this cluster (its data dir), from /proc.
    QList<qint64> zoneServerPids(const QString &zoneId) const;
    /// The same for any data dir (suites that start their own master), found through /proc.
    static QList<qint64> zoneServerPids(const QString &zoneId, const QString &dataDir);
    /// The pids the master's GET /zones lists: each zone's and those of its running companions.
    static QList<qint64> zoneAndCompanionPids(const QJsonArray &zones);

private:
    static std::size_t index(Role role) { return std::size_t(role); }
    QStringList sharedArguments() const; ///< data dir, database, secret, config: every server's
    QStringList argumentsFor(Role role) const;
    bool launch(Role role, int port);

    Options m_options;
    QTemporaryDir m_data;
    QByteArray m_secret;
    QString m_configFile;
    std::array<std::unique_ptr<ServerProcess>, 3> m_processes;
    std::array<QUrl, 3> m_urls;
    QString m_why;
};

} // namespace smmo::test
