// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ZonePool.h"

#include "Logging.h"

#include <QFileInfo>

namespace smmo {

ZonePool::ZonePool(int size, QObject *parent) : QObject(parent), m_size(qMax(0, size))
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &ZonePool::refill);
}

ZonePool::~ZonePool()
{
    m_stopped = true;
    for (auto *process : std::as_const(m_processes))
        process->disconnect(this);
    // The processes are children: their destructors kill whatever still runs.
}

void ZonePool::start(const ZoneCommand &command)
{
    m_command = command;
    m_started = true;
    if (m_size > 0)
        qCInfo(lcMaster, "warm pool of %d zone server(s)", m_size);
    refill();
}

void ZonePool::refill()
{
    if (!m_started || m_stopped || m_retryTimer.isActive())
        return;
    while (m_processes.size() < m_size)
        launchOne();
}

void ZonePool::launchOne()
{
    auto *process = new PooledZoneProcess(m_command, this);
    m_processes.append(process);
    connect(process, &PooledZoneProcess::ready, this, [this, process] {
        m_nextRetryDelayMs = 0; // zone servers start again: no back-off for the next failure
        qCInfo(lcMaster, "pooled zone server ready (pid %lld, %s)", process->pid(),
               qPrintable(process->url().toString()));
        emit processReady(process->pid());
    });
    connect(process, &PooledZoneProcess::died, this,
            [this, process](const QString &detail) { onDied(process, detail); });
    process->start();
}

void ZonePool::onDied(PooledZoneProcess *process, const QString &detail)
{
    if (!m_processes.removeOne(process))
        return;
    const bool wasReady = process->isReady();
    const qint64 pid = process->pid();
    process->disconnect(this);
    process->deleteLater();
    ++m_died;
    emit processDied(pid, detail);
    if (m_stopped)
        return;
    if (wasReady) {
        qCWarning(lcMaster, "pooled zone server (pid %lld) ended (%s); replacing it", pid,
                  qPrintable(detail));
        refill();
        return;
    }
    // It never came up: the next one would probably fail the same way. Wait before trying again.
    m_nextRetryDelayMs =
        m_nextRetryDelayMs == 0 ? retryDelayMs : qMin(m_nextRetryDelayMs * 2, maxRetryDelayMs);
    qCWarning(lcMaster, "pooled zone server did not start (%s; see logs/%s); trying again in %d ms",
              qPrintable(detail), qPrintable(QFileInfo(m_command.logFile).fileName()), m_nextRetryDelayMs);
    m_retryTimer.start(m_nextRetryDelayMs);
}

QProcess *ZonePool::take(QObject *newParent, QUrl *url)
{
    for (auto *process : std::as_const(m_processes)) {
        if (!process->isReady())
            continue;
        m_processes.removeOne(process);
        *url = process->url();
        QProcess *running = process->release(newParent);
        process->disconnect(this);
        process->deleteLater();
        return running;
    }
    return nullptr;
}

int ZonePool::readyCount() const
{
    int n = 0;
    for (const auto *process : m_processes)
        n += process->isReady() ? 1 : 0;
    return n;
}

QList<PooledZoneInfo> ZonePool::processes() const
{
    QList<PooledZoneInfo> list;
    for (const auto *process : m_processes)
        list.append({process->pid(), process->url(), process->isReady(), process->startedAt()});
    return list;
}

void ZonePool::beginShutdown()
{
    m_stopped = true;
    m_retryTimer.stop();
    if (!m_processes.isEmpty())
        qCInfo(lcMaster, "stopping %lld pooled zone server(s)", qlonglong(m_processes.size()));
    for (auto *process : std::as_const(m_processes)) {
        process->disconnect(this);
        process->beginShutdown();
    }
}

void ZonePool::finishShutdown(const QDeadlineTimer &deadline)
{
    for (auto *process : std::as_const(m_processes))
        process->finishShutdown(deadline);
    qDeleteAll(m_processes);
    m_processes.clear();
}

} // namespace smmo
