// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ProcessZoneLauncher.h"

#include "AdoptedZone.h"
#include "Config.h"
#include "DatabaseUrl.h"
#include "ZonePool.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace smmo {

namespace {

QString siblingProgram(const QString &name)
{
    if (QFileInfo(name).isAbsolute())
        return name;
    return QDir(QCoreApplication::applicationDirPath()).filePath(name);
}

} // namespace

ZoneLaunchSettings ZoneLaunchSettings::fromConfig(const Config &config, const QString &zonesDir)
{
    ZoneLaunchSettings s;
    s.zoneExecutable = siblingProgram(config.value(QStringLiteral("zone-executable")));
    for (const QString &name :
         config.value(QStringLiteral("zone-companions")).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString program = siblingProgram(name.trimmed());
        if (QFileInfo(program).isExecutable())
            s.companions.append(program);
    }
    if (!config.value(QStringLiteral("config")).isEmpty())
        s.configFile = QFileInfo(config.value(QStringLiteral("config"))).absoluteFilePath();
    s.dataDir = config.dataDir();
    s.logDir = QDir(s.dataDir).filePath(QStringLiteral("logs"));
    s.database = config.databaseUrl();
    if (const auto url = DatabaseUrl::parse(s.database, s.dataDir))
        s.databaseHasPassword = !url->password().isEmpty();
    s.secret = config.value(QStringLiteral("secret"));
    s.secretFile = config.value(QStringLiteral("secret-file"));
    if (s.secret.isEmpty() && s.secretFile.isEmpty())
        s.secretFile =
            QDir(s.dataDir).filePath(QStringLiteral("cluster.secret")); // Config::clusterSecret's default
    if (!s.secretFile.isEmpty())
        s.secretFile = QFileInfo(s.secretFile).absoluteFilePath();
    s.bind = config.value(QStringLiteral("zone-bind"));
    if (s.bind.isEmpty())
        s.bind = config.value(QStringLiteral("bind"));
    s.charUrl = config.value(QStringLiteral("char-url"));
    s.zonesDir = zonesDir;
    s.idleTimeoutSeconds = config.intValue(QStringLiteral("zone-idle-timeout"), 300);
    s.startTimeoutMs = int(config.value(QStringLiteral("zone-start-timeout")).toDouble() * 1000.0);
    if (s.startTimeoutMs <= 0)
        s.startTimeoutMs = 20000;
    s.watchIntervalMs = qMax(100, config.intValue(QStringLiteral("zone-watch-interval"), 2000));
    return s;
}

QString ProcessZoneLauncher::companionLogName(const QString &program, const QString &zoneId)
{
    // simplemmo-scriptserver -> scriptserver-<id>.log
    QString role = QFileInfo(program).fileName();
    if (role.startsWith(QLatin1String("simplemmo-")))
        role = role.mid(10);
    return role + QLatin1Char('-') + zoneId + QStringLiteral(".log");
}

QProcessEnvironment ProcessZoneLauncher::childEnvironment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // Settings that belong to the master alone must not leak into the zone through inheritance.
    for (const char *name : {"SIMPLEMMO_PORT", "SIMPLEMMO_PUBLIC_URL", "SIMPLEMMO_SECRET",
                             "SIMPLEMMO_SECRET_FILE", "SIMPLEMMO_DATABASE", "SIMPLEMMO_SOURCE_ARCHIVE"})
        env.remove(QLatin1String(name));
    // Secrets travel in the environment, readable only by the same user, not on the command line.
    if (!m_settings.secret.isEmpty())
        env.insert(QStringLiteral("SIMPLEMMO_SECRET"), m_settings.secret);
    if (m_settings.databaseHasPassword)
        env.insert(QStringLiteral("SIMPLEMMO_DATABASE"), m_settings.database);
    return env;
}

ZoneCommand ProcessZoneLauncher::zoneCommand(const QString &zoneId) const
{
    return command({QStringLiteral("--zone"), zoneId}, QStringLiteral("zone-%1.log").arg(zoneId));
}

ZoneCommand ProcessZoneLauncher::pooledCommand() const
{
    // Room for "--zone" NUL <id>: a zone id is at most 3 x 64 characters and two dashes.
    const QString room = QStringLiteral("--pooled=unassigned") + QString(240, QLatin1Char(' '));
    return command({room}, QStringLiteral("zone-pool.log"));
}

void ProcessZoneLauncher::setPool(ZonePool *pool, std::function<QByteArray()> serviceToken)
{
    m_pool = pool;
    m_serviceToken = std::move(serviceToken);
}

ZoneCommand ProcessZoneLauncher::command(const QStringList &identity, const QString &logName) const
{
    ZoneCommand command;
    command.program = m_settings.zoneExecutable;
    QStringList &args = command.arguments;
    args << identity << QStringLiteral("--port") << QStringLiteral("0");
    if (!m_settings.configFile.isEmpty())
        args << QStringLiteral("--config") << m_settings.configFile;
    args << QStringLiteral("--bind") << m_settings.bind << QStringLiteral("--data-dir") << m_settings.dataDir;
    if (!m_settings.databaseHasPassword && !m_settings.database.isEmpty())
        args << QStringLiteral("--database") << m_settings.database;
    if (m_settings.secret.isEmpty())
        args << QStringLiteral("--secret-file") << m_settings.secretFile;
    if (!m_settings.masterUrl.isEmpty())
        args << QStringLiteral("--master-url") << m_settings.masterUrl;
    if (!m_settings.charUrl.isEmpty())
        args << QStringLiteral("--char-url") << m_settings.charUrl;
    args << QStringLiteral("--zones-dir") << m_settings.zonesDir << QStringLiteral("--idle-timeout")
         << QString::number(m_settings.idleTimeoutSeconds);
    command.environment = childEnvironment();
    command.logFile = QDir(m_settings.logDir).filePath(logName);
    return command;
}

QList<ZoneCommand> ProcessZoneLauncher::companionCommands(const QString &zoneId) const
{
    QList<ZoneCommand> commands;
    for (const QString &program : m_settings.companions) {
        ZoneCommand command;
        command.program = program;
        command.arguments << QStringLiteral("--zone") << zoneId;
        if (!m_settings.configFile.isEmpty())
            command.arguments << QStringLiteral("--config") << m_settings.configFile;
        command.arguments << QStringLiteral("--data-dir") << m_settings.dataDir;
        if (m_settings.secret.isEmpty())
            command.arguments << QStringLiteral("--secret-file") << m_settings.secretFile;
        command.environment = childEnvironment();
        command.logFile = QDir(m_settings.logDir).filePath(companionLogName(program, zoneId));
        commands.append(command); // --zone-url <url> is added once the zone is up
    }
    return commands;
}

ZoneInstance *ProcessZoneLauncher::launch(const QString &zoneId, QObject *parent)
{
    if (m_pool) {
        ZoneProcess::Pooled pooled;
        pooled.process = m_pool->take(parent, &pooled.url);
        if (pooled.process) {
            pooled.serviceToken = m_serviceToken ? m_serviceToken() : QByteArray();
            return new ZoneProcess(zoneId, zoneCommand(zoneId), companionCommands(zoneId),
                                   m_settings.startTimeoutMs, parent, std::move(pooled));
        }
    }
    return new ZoneProcess(zoneId, zoneCommand(zoneId), companionCommands(zoneId), m_settings.startTimeoutMs,
                           parent);
}

ZoneInstance *ProcessZoneLauncher::adopt(const QString &zoneId, const QUrl &url, qint64 pid,
                                         const QDateTime &startedAt, QObject *parent)
{
    return new AdoptedZone(zoneId, url, pid, startedAt, m_settings.watchIntervalMs, parent,
                           companionCommands(zoneId));
}

} // namespace smmo
