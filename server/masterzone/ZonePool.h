// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "CompanionProcess.h"
#include "PooledZoneProcess.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QTimer>
#include <QUrl>

namespace smmo {

/// What the master tells about one process of its warm pool.
struct PooledZoneInfo
{
    qint64 pid = 0;
    QUrl url;           ///< empty while it starts
    bool ready = false; ///< listening and waiting for a zone
    QDateTime startedAt;
};

/// The master's warm pool: `size` zone servers started without a zone, so that a miss only waits
/// for the zone's own loading rather than for a whole process start. take() hands a ready one to
/// the zone that needs it; refill() starts what is missing (the master calls it once a start
/// from the pool has ended, so that the new process does not compete with the zone being
/// loaded). A process that dies in the pool is replaced; one that dies before it was ever ready
/// is replaced after a back-off (0.5 s doubling up to 30 s, back to nothing once one becomes
/// ready), so that a zone server that cannot start does not make the master fork in a loop.
class ZonePool : public QObject
{
    Q_OBJECT
public:
    static constexpr int retryDelayMs = 500;
    static constexpr int maxRetryDelayMs = 30000;

    ZonePool(int size, QObject *parent = nullptr);
    ~ZonePool() override;

    /// Fills the pool with processes run by `command` (the master knows it once it listens).
    void start(const ZoneCommand &command);
    /// Starts processes until there are size() (ready or starting), unless waiting for a
    /// back-off, stopped or not started.
    void refill();

    /// A ready process, released to newParent (null when none is ready: a cold start then).
    QProcess *take(QObject *newParent, QUrl *url);

    int size() const { return m_size; }
    int readyCount() const;
    int startingCount() const { return int(m_processes.size()) - readyCount(); }
    /// Processes that died in the pool (and were, or will be, replaced).
    quint64 diedCount() const { return m_died; }
    QList<PooledZoneInfo> processes() const;

    /// For the master's exit: no more refills; SIGTERM to every pooled process, then wait until
    /// the deadline and SIGKILL what is left. The second step blocks.
    void beginShutdown();
    void finishShutdown(const QDeadlineTimer &deadline);

signals:
    void processReady(qint64 pid);
    void processDied(qint64 pid, const QString &detail);

private:
    void launchOne();
    void onDied(PooledZoneProcess *process, const QString &detail);

    int m_size;
    ZoneCommand m_command;
    bool m_started = false;
    bool m_stopped = false;
    QList<PooledZoneProcess *> m_processes; ///< children of this object, ready or starting
    QTimer m_retryTimer;
    int m_nextRetryDelayMs = 0;
    quint64 m_died = 0;
};

} // namespace smmo
