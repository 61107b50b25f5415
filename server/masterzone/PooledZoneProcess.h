// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "CompanionProcess.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QObject>
#include <QProcess>
#include <QUrl>

namespace smmo {

/// One zone server the master started without a zone (`--pooled`), waiting in the warm pool:
/// ready once it has printed its listening line (it has then done everything that does not
/// depend on a zone). Like a companion, and unlike a zone, it does not outlive the master (the
/// kernel sends it SIGTERM when the master dies); the zone server lifts that once it is assigned.
class PooledZoneProcess : public QObject
{
    Q_OBJECT
public:
    PooledZoneProcess(ZoneCommand command, QObject *parent = nullptr);
    /// Kills the process if it is still ours: nothing of the pool outlives it.
    ~PooledZoneProcess() override;

    void start();
    bool isReady() const { return !m_url.isEmpty() && m_process; }
    /// The process id it was started with (still known once it has ended).
    qint64 pid() const { return m_pid; }
    QUrl url() const { return m_url; }
    QDateTime startedAt() const { return m_startedAt; }

    /// Hands the running process over (to the ZoneProcess that assigns it a zone): this object
    /// lets go of it and emits nothing more. The process's stdout must be read on.
    QProcess *release(QObject *newParent);

    /// For the master's exit: SIGTERM now; then wait until the deadline and SIGKILL what is left.
    void beginShutdown();
    void finishShutdown(const QDeadlineTimer &deadline);

signals:
    /// It listens at url() and waits for a zone.
    void ready();
    /// It ended while in the pool (before or after ready).
    void died(const QString &detail);

private:
    void readStdout();

    ZoneCommand m_command;
    QProcess *m_process; ///< a child of this object until released
    QByteArray m_stdout;
    QUrl m_url;
    QDateTime m_startedAt;
    qint64 m_pid = 0;
};

} // namespace smmo
