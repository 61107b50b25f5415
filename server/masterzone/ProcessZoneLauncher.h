// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "ZoneInstance.h"
#include "ZoneProcess.h"

#include <QProcessEnvironment>
#include <QStringList>

#include <functional>

namespace smmo {

class Config;
class ZonePool;

/// What every zone the master starts gets, read once from the master's configuration.
struct ZoneLaunchSettings
{
    QString zoneExecutable; ///< full path of simplemmo-zoneserver
    QStringList companions; ///< full paths of the companion programs that exist
    QString configFile;     ///< the master's INI file, shared with the zones (may be empty)
    QString dataDir;
    QString logDir;   ///< <data-dir>/logs
    QString database; ///< URL as configured
    bool databaseHasPassword = false;
    QString secret; ///< inline secret, when configured so (else secretFile)
    QString secretFile;
    QString bind;
    QString charUrl;
    QString zonesDir;
    int idleTimeoutSeconds = 300;
    int startTimeoutMs = 20000;
    int watchIntervalMs = 2000;
    QString masterUrl; ///< set once the master listens

    static ZoneLaunchSettings fromConfig(const Config &config, const QString &zonesDir);
};

/// The real ZoneLauncher: runs `simplemmo-zoneserver --zone <id> --port 0 ...` per the contract in
/// docs/protocol.md, with the secret and a password-carrying database URL passed in the child's
/// environment rather than on its command line (where `ps` shows them to every user), stderr
/// appended to <data-dir>/logs/zone-<id>.log, and the companions (ScriptServer, PhysicsServer)
/// that exist started beside it.
class ProcessZoneLauncher : public ZoneLauncher
{
public:
    explicit ProcessZoneLauncher(ZoneLaunchSettings settings) : m_settings(std::move(settings)) {}

    void setMasterUrl(const QString &url) { m_settings.masterUrl = url; }
    const ZoneLaunchSettings &settings() const { return m_settings; }
    /// Where launch() takes a pre-started process from when one is ready (a warm start), and the
    /// service token that authorises assigning it a zone.
    void setPool(ZonePool *pool, std::function<QByteArray()> serviceToken);

    ZoneInstance *launch(const QString &zoneId, QObject *parent) override;
    ZoneInstance *adopt(const QString &zoneId, const QUrl &url, qint64 pid, const QDateTime &startedAt,
                        QObject *parent) override;

    /// The zone server's command (exposed for tests of the contract).
    ZoneCommand zoneCommand(const QString &zoneId) const;
    /// The command of a pooled zone server: the same without --zone, with --pooled=<room> (room
    /// in which the process writes --zone <id> once assigned), its stderr to logs/zone-pool.log.
    ZoneCommand pooledCommand() const;
    QList<ZoneCommand> companionCommands(const QString &zoneId) const;

private:
    QProcessEnvironment childEnvironment() const;
    ZoneCommand command(const QStringList &identity, const QString &logName) const;
    static QString companionLogName(const QString &program, const QString &zoneId);

    ZoneLaunchSettings m_settings;
    ZonePool *m_pool = nullptr;
    std::function<QByteArray()> m_serviceToken;
};

} // namespace smmo
