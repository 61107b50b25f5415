// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "ZoneInstance.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTimer>
#include <QUrl>

#include <memory>
#include <vector>

namespace smmo {

/// How to run one program for a zone: the ZoneServer itself or a companion (ScriptServer,
/// PhysicsServer) that joins the zone once it is up.
struct ZoneCommand
{
    QString program; ///< full path
    QStringList arguments;
    QProcessEnvironment environment;
    QString logFile; ///< stderr is appended here

    /// Sets process up to run this: stderr appended to logFile (its folder made; nowhere if
    /// there is none) and the environment.
    void prepare(QProcess &process) const;
};

/// One companion program of a running zone (a ScriptServer or PhysicsServer), kept alive while
/// its zone runs: when it dies for any reason other than a configuration error (exit code 2) it
/// is started again after a back-off that doubles from restartDelayMs up to maxRestartDelayMs and
/// starts over once the program has run for stableRunMs. terminate() and kill() end it for good.
/// Unlike a zone, a companion does not outlive the master that started it (the kernel sends it
/// SIGTERM when the master dies): the next master starts fresh ones for the zones it adopts, so a
/// zone never has two ScriptServers.
class CompanionProcess : public QObject
{
    Q_OBJECT
public:
    static constexpr int restartDelayMs = 500;
    static constexpr int maxRestartDelayMs = 30000;
    static constexpr int stableRunMs = 60000;

    CompanionProcess(ZoneCommand command, QString zoneId, QObject *parent = nullptr);
    /// Kills the program if it still runs: a companion never outlives its zone's master.
    ~CompanionProcess() override;

    /// First start, with `--zone-url <zoneUrl>` appended to the command.
    void start(const QUrl &zoneUrl);
    /// SIGTERM (graceful) or SIGKILL; either way no restart follows.
    void terminate();
    void kill();
    /// For the master's exit: waits until the deadline, then SIGKILLs and waits a little more.
    void waitOrKill(const QDeadlineTimer &deadline);

    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    qint64 pid() const { return isRunning() ? m_process.processId() : 0; }
    /// running, restarting (waiting for its back-off), failed (exit code 2) or stopped.
    CompanionInfo info() const;

signals:
    /// The program was started again after it had died (not for the first start).
    void restarted(qint64 pid);

private:
    void launch();
    void onFinished(int exitCode, QProcess::ExitStatus status);

    ZoneCommand m_command;
    QString m_zoneId;
    QString m_name;
    QUrl m_zoneUrl;
    QProcess m_process;
    QTimer m_restartTimer;
    QElapsedTimer m_runTime;
    int m_nextDelayMs = restartDelayMs;
    int m_restarts = 0;
    bool m_stopped = false;
    bool m_failed = false;
    QString m_lastExit;
};

/// The companions of one zone, started together once the zone is up and stopped with it.
class CompanionGroup
{
public:
    CompanionGroup(QList<ZoneCommand> commands, QString zoneId);

    /// Starts each program with --zone-url <zoneUrl> (once; later calls do nothing).
    void start(const QUrl &zoneUrl);
    /// SIGKILL (hard) or SIGTERM, and no more restarts.
    void stop(bool hard);
    void waitOrKill(const QDeadlineTimer &deadline);
    /// Kills whatever still runs, at once.
    void clear() { m_processes.clear(); }
    QList<qint64> pids() const;
    QList<CompanionInfo> infos() const;

private:
    QList<ZoneCommand> m_commands;
    QString m_zoneId;
    std::vector<std::unique_ptr<CompanionProcess>> m_processes;
};

} // namespace smmo
