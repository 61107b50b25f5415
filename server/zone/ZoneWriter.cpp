// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ZoneWriter.h"

#include "Logging.h"
#include "ZoneStore.h"

#include <QElapsedTimer>
#include <QMetaObject>

namespace smmo {

ZoneWriter::ZoneWriter(ZoneStore &store, QObject *parent) : QObject(parent), m_store(store)
{
    // One thread that never expires: jobs run in order, and its database connection stays open.
    m_pool.setMaxThreadCount(1);
    m_pool.setExpiryTimeout(-1);
}

ZoneWriter::~ZoneWriter()
{
    m_pool.waitForDone();
}

void ZoneWriter::enqueue(const QString &what, std::function<void()> job)
{
    ++m_pending;
    m_pool.start([this, what, job = std::move(job)] {
        try {
            job();
        } catch (const std::exception &error) {
            qCWarning(lcZone, "%s failed: %s", qPrintable(what), error.what());
        }
        --m_pending;
    });
}

void ZoneWriter::runNow(const QString &what, const std::function<void()> &job)
{
    waitForIdle();
    try {
        job();
    } catch (const std::exception &error) {
        qCWarning(lcZone, "%s failed: %s", qPrintable(what), error.what());
    }
}

void ZoneWriter::checkpoint(WorldModel::Dirty dirty, std::function<void(const WorldModel::Dirty &)> failed)
{
    ++m_pending;
    m_pool.start([this, dirty = std::move(dirty), failed = std::move(failed)] {
        QElapsedTimer timer;
        timer.start();
        try {
            m_store.checkpoint(dirty.objects, dirty.removed);
            const double seconds = double(timer.nsecsElapsed()) / 1e9;
            QMetaObject::invokeMethod(
                this,
                [this, count = int(dirty.objects.size()), seconds] {
                    emit checkpointWritten(count, seconds);
                },
                Qt::QueuedConnection);
        } catch (const std::exception &error) {
            qCWarning(lcZone, "checkpoint failed, will retry: %s", error.what());
            QMetaObject::invokeMethod(
                this, [failed, dirty] { failed(dirty); }, Qt::QueuedConnection);
        }
        --m_pending;
    });
}

void ZoneWriter::checkpointNow(const WorldModel::Dirty &dirty)
{
    waitForIdle();
    QElapsedTimer timer;
    timer.start();
    m_store.checkpoint(dirty.objects, dirty.removed);
    emit checkpointWritten(int(dirty.objects.size()), double(timer.nsecsElapsed()) / 1e9);
}

void ZoneWriter::waitForIdle()
{
    m_pool.waitForDone();
}

} // namespace smmo
