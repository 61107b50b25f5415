// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "ServerProcess.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

namespace smmo::test {

/// The servers an integration test plays against, started for real on loopback ports: an
/// AuthServer and a CharServer, and on demand a MasterZoneServer and ZoneServers, all on one data
/// directory and one database of the backend under test, sharing one cluster secret. Players are
/// made the way clients make them: registered, logged in and given characters over HTTP.
class TestCluster
{
public:
    explicit TestCluster(QByteArray secret);
    ~TestCluster();

    /// --port=0, the data directory, the database and the secret: what every server here gets.
    QStringList serverArgs() const;
    QString dataDir() const { return m_data.path(); }
    QString databaseUrl() const { return m_database; }
    QByteArray secret() const { return m_secret; }

    /// Starts the AuthServer (cheap password hashing) and the CharServer, each with its extra
    /// arguments; false (with a warning saying why) when one does not start.
    bool start(const QStringList &authArgs = {}, const QStringList &charArgs = {});
    /// A MasterZoneServer that starts zones of scripts/zones on demand.
    bool startMaster(const QStringList &extraArgs = {});
    /// A ZoneServer for the zone id, started directly (not through the master).
    std::unique_ptr<ServerProcess> startZone(const QString &zoneId, const QStringList &extraArgs = {}) const;

    ServerProcess &auth() { return *m_auth; }
    ServerProcess &chars() { return *m_chars; }
    ServerProcess &master() { return *m_master; }

    /// Registers the account, logs in and creates its characters; the session token, empty on
    /// any failure (with a warning).
    QByteArray player(const QString &name, const QString &password, const QStringList &characters = {});
    /// A token the cluster would accept for a user with these roles (e.g. "admin").
    QByteArray tokenWithRoles(const QString &name, const QStringList &roles) const;

    /// Stops every server (gracefully); the exit codes that were not 0, as "name: code".
    QStringList stop();

private:
    QByteArray m_secret;
    QTemporaryDir m_data;
    QString m_database;
    std::unique_ptr<ServerProcess> m_auth, m_chars, m_master;
};

} // namespace smmo::test
