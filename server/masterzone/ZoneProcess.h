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

/// A ZoneServer the master started as a child process: it reads the `SIMPLEMMO_LISTENING <url>`
/// line from the child's stdout, polls `<url>/health` until it says ready, gives up after the
/// start timeout (killing the child), then starts the zone's companions with `--zone-url <url>`
/// and restarts any of them that dies while the zone runs. Stopping the zone stops its companions
/// too.
class ZoneProcess : public ZoneInstance
{
    Q_OBJECT
public:
    ZoneProcess(const QString &zoneId, ZoneCommand zone, QList<ZoneCommand> companions, int startTimeoutMs,
                QObject *parent);
    ~ZoneProcess() override;

    qint64 pid() const override { return m_process.processId(); }
    void start() override;
    void terminate(int graceMs) override;
    void kill() override;
    void beginShutdown() override;
    void finishShutdown(const QDeadlineTimer &deadline) override;

    /// The running companion processes' pids (for the admin list and the tests).
    QList<qint64> companionPids() const;
    QList<CompanionInfo> companions() const override;

private:
    void readStdout();
    void pollHealth();
    void onExited(int exitCode, QProcess::ExitStatus status);
    void fail(int status, const QString &message);
    QString logTail() const;

    ZoneCommand m_command;
    CompanionGroup m_companions;
    int m_startTimeoutMs;
    QProcess m_process;
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
