// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "CompanionProcess.h"
#include "ZoneInstance.h"

#include <QProcess>
#include <QStringList>
#include <QTimer>

#include <memory>
#include <vector>

namespace smmo {

class ServiceClient;

/// A ZoneServer the master runs as a child process. Started cold, it reads the
/// `SIMPLEMMO_LISTENING <url>` line from the child's stdout and polls `<url>/health` until it says
/// ready. Started warm, from a process of the pool that already listens, it assigns it the zone
/// (POST /internal/assign, answered once the zone is loaded); should that fail it kills the
/// pooled process and starts cold after all. Either way it gives up after the start timeout
/// (killing the child), then starts the zone's companions with `--zone-url <url>` and restarts
/// any of them that dies while the zone runs. Stopping the zone stops its companions too.
class ZoneProcess : public ZoneInstance
{
    Q_OBJECT
public:
    ZoneProcess(const QString &zoneId, ZoneCommand zone, QList<ZoneCommand> companions, int startTimeoutMs,
                QObject *parent);
    /// A warm start: `pooled` is a running zone server of the pool listening at `pooledUrl`
    /// (this object takes it over); serviceToken authorises the assignment.
    struct Pooled
    {
        QProcess *process = nullptr;
        QUrl url;
        QByteArray serviceToken;
    };
    ZoneProcess(const QString &zoneId, ZoneCommand zone, QList<ZoneCommand> companions, int startTimeoutMs,
                QObject *parent, Pooled pooled);
    ~ZoneProcess() override;

    qint64 pid() const override { return m_process ? m_process->processId() : 0; }
    bool fromPool() const override { return m_warm; }
    void start() override;
    void terminate(int graceMs) override;
    void kill() override;
    void beginShutdown() override;
    void finishShutdown(const QDeadlineTimer &deadline) override;

    /// The running companion processes' pids (for the admin list and the tests).
    QList<qint64> companionPids() const;
    QList<CompanionInfo> companions() const override;

private:
    void watch(QProcess *process);
    void startCold();
    void assign();
    void fallBackToCold(const QString &reason);
    void becomeReady();
    void readStdout();
    void pollHealth();
    void onExited(int exitCode, QProcess::ExitStatus status);
    void fail(int status, const QString &message);
    QString logTail() const;

    ZoneCommand m_command;
    CompanionGroup m_companions;
    int m_startTimeoutMs;
    QProcess *m_process = nullptr; ///< a child of this object
    bool m_warm = false;           ///< served by a pooled process (until a fallback to cold)
    QByteArray m_serviceToken;
    ServiceClient *m_health = nullptr;
    QTimer m_startTimer;
    QTimer m_killTimer;
    QByteArray m_stdout;
    bool m_ready = false;
    bool m_failed = false;
    bool m_stopping = false;
    bool m_exited = false;
};

} // namespace smmo
