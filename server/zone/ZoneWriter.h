// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "WorldModel.h"

#include <QObject>
#include <QString>
#include <QThreadPool>

#include <atomic>
#include <functional>

namespace smmo {

class ZoneStore;

/// The zone's database writes (checkpoints, character records) on one worker thread, in the
/// order they were asked for, so the tick never waits for the disk and a character's record is
/// never overwritten by an older checkpoint.
class ZoneWriter : public QObject
{
    Q_OBJECT
public:
    ZoneWriter(ZoneStore &store, QObject *parent = nullptr);
    ~ZoneWriter() override;

    /// Runs job on the writer thread after everything queued before it. A job that throws is
    /// logged with `what`.
    void enqueue(const QString &what, std::function<void()> job);
    /// Runs job on the calling thread once everything queued before it has run: for writes others
    /// must see at once (a character's zone when it enters, which the master routes tells by).
    void runNow(const QString &what, const std::function<void()> &job);
    /// Writes a checkpoint on the writer thread; on failure `failed` runs on this object's thread
    /// with the content, so it can be marked dirty again.
    void checkpoint(WorldModel::Dirty dirty, std::function<void(const WorldModel::Dirty &)> failed);
    /// Writes a checkpoint on the calling thread after the queue has drained (shutdown).
    void checkpointNow(const WorldModel::Dirty &dirty);
    /// Blocks until every queued job has run.
    void waitForIdle();
    /// Jobs queued or running.
    int pending() const { return m_pending.load(); }

signals:
    void checkpointWritten(int objects, double seconds);

private:
    ZoneStore &m_store;
    QThreadPool m_pool;
    std::atomic<int> m_pending{0};
};

} // namespace smmo
