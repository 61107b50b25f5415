// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ZoneRegistry.h"

#include "Logging.h"

#include <QDeadlineTimer>
#include <QTimer>

namespace smmo {

QString zoneStateName(ZoneState state)
{
    switch (state) {
    case ZoneState::Starting:
        return QStringLiteral("starting");
    case ZoneState::Running:
        return QStringLiteral("running");
    case ZoneState::Stopping:
        return QStringLiteral("stopping");
    case ZoneState::Crashed:
        return QStringLiteral("crashed");
    }
    return QStringLiteral("unknown");
}

ZoneRegistry::ZoneRegistry(ZoneLauncher &launcher, QObject *parent) : QObject(parent), m_launcher(launcher) {}

ZoneRegistry::~ZoneRegistry()
{
    // Instances are children of this object; make sure none of their last signals reaches a
    // half-destroyed registry.
    m_shuttingDown = true;
    for (auto &entry : m_entries)
        if (entry.instance)
            entry.instance->disconnect(this);
}

void ZoneRegistry::answerAll(QList<Callback> &callbacks, const ZoneOutcome &outcome)
{
    // Taken out first: a callback may call back into the registry and change the entry.
    const QList<Callback> pending = std::exchange(callbacks, {});
    for (const auto &callback : pending)
        callback(outcome);
}

ZoneRegistry::Entry *ZoneRegistry::entryOf(ZoneInstance *instance)
{
    if (!instance)
        return nullptr;
    auto it = m_entries.find(instance->zoneId());
    if (it == m_entries.end() || it->instance != instance)
        return nullptr; // a stale instance of a zone that has moved on
    return &*it;
}

ZoneInfo ZoneRegistry::infoOf(const QString &zoneId, const Entry &entry) const
{
    ZoneInfo info;
    info.id = zoneId;
    info.state = entry.state;
    info.lastError = entry.lastError;
    if (entry.instance) {
        info.url = entry.instance->url();
        info.pid = entry.instance->pid();
        info.startedAt = entry.instance->startedAt();
        info.adopted = entry.instance->isAdopted();
        info.fromPool = entry.instance->fromPool();
        info.companions = entry.instance->companions();
    }
    return info;
}

void ZoneRegistry::launch(const QString &zoneId, Entry &entry, ZoneInstance *instance)
{
    entry.instance = instance;
    entry.state = ZoneState::Starting;
    entry.restartAfterStop = false;
    entry.lastError.clear();
    entry.timer.start();
    connect(instance, &ZoneInstance::ready, this, [this, instance](const QUrl &) { onReady(instance); });
    connect(instance, &ZoneInstance::startFailed, this, [this, instance](int status, const QString &message) {
        onStartFailed(instance, status, message);
    });
    connect(instance, &ZoneInstance::finished, this,
            [this, instance](bool clean, const QString &detail) { onFinished(instance, clean, detail); });
    qCInfo(lcMaster, "%s zone %s", entry.adopting ? "adopting" : "starting", qPrintable(zoneId));
    const bool adopting = entry.adopting;
    instance->start(); // may report failure at once; the entry is looked up again afterwards
    const auto it = m_entries.find(zoneId);
    if (!adopting && it != m_entries.end() && it->instance == instance && it->state == ZoneState::Starting &&
        instance->pid() > 0)
        emit zoneLaunched(infoOf(zoneId, *it));
}

void ZoneRegistry::request(const QString &zoneId, Callback callback)
{
    if (m_shuttingDown) {
        callback({503, QStringLiteral("The master is shutting down."), {}});
        return;
    }
    auto it = m_entries.find(zoneId);
    if (it != m_entries.end() && it->state == ZoneState::Running) {
        callback({200, {}, it->instance->url()});
        return;
    }
    if (it != m_entries.end() && it->state != ZoneState::Crashed) {
        // Starting: join the others. Stopping: it is started again once it has exited.
        it->waiting.append(std::move(callback));
        if (it->state == ZoneState::Stopping)
            it->restartAfterStop = true;
        return;
    }
    if (it == m_entries.end())
        it = m_entries.insert(zoneId, Entry{});
    else
        qCInfo(lcMaster, "zone %s crashed before (%s); starting it again", qPrintable(zoneId),
               qPrintable(it->lastError));
    it->adopting = false;
    it->waiting.append(std::move(callback));
    launch(zoneId, *it, m_launcher.launch(zoneId, this));
}

void ZoneRegistry::adopt(const QString &zoneId, const QUrl &url, qint64 pid, const QDateTime &startedAt)
{
    if (m_shuttingDown || m_entries.contains(zoneId))
        return;
    auto it = m_entries.insert(zoneId, Entry{});
    it->adopting = true;
    launch(zoneId, *it, m_launcher.adopt(zoneId, url, pid, startedAt, this));
}

void ZoneRegistry::onReady(ZoneInstance *instance)
{
    Entry *entry = entryOf(instance);
    if (!entry || m_shuttingDown || entry->state != ZoneState::Starting)
        return; // being stopped meanwhile: its end comes next
    const QString zoneId = instance->zoneId();
    entry->state = ZoneState::Running;
    const bool adopted = std::exchange(entry->adopting, false);
    const double seconds = double(entry->timer.nsecsElapsed()) / 1e9;
    const ZoneInfo info = infoOf(zoneId, *entry);
    qCInfo(lcMaster, "zone %s %s at %s (pid %lld)", qPrintable(zoneId), adopted ? "adopted" : "ready",
           qPrintable(info.url.toString()), info.pid);
    const QList<Callback> waiting = std::exchange(entry->waiting, {});
    emit zoneRunning(info);
    if (!adopted)
        emit zoneStarted(info, seconds);
    for (const auto &callback : waiting)
        callback({200, {}, info.url});
}

void ZoneRegistry::onStartFailed(ZoneInstance *instance, int status, const QString &message)
{
    Entry *entry = entryOf(instance);
    if (!entry || m_shuttingDown)
        return;
    const QString zoneId = instance->zoneId();
    instance->deleteLater();
    if (entry->state == ZoneState::Stopping) {
        completeStop(zoneId);
        return;
    }
    if (entry->adopting) {
        // The recorded zone is gone: forget it, and start a fresh one if somebody is waiting.
        qCInfo(lcMaster, "recorded zone %s is gone (%s); forgetting it", qPrintable(zoneId),
               qPrintable(message));
        entry->adopting = false;
        emit zoneEnded(zoneId);
        entry = &m_entries[zoneId];
        if (entry->waiting.isEmpty()) {
            m_entries.remove(zoneId);
            return;
        }
        launch(zoneId, *entry, m_launcher.launch(zoneId, this));
        return;
    }
    qCWarning(lcMaster, "zone %s did not start: %s", qPrintable(zoneId), qPrintable(message));
    QList<Callback> waiting = std::exchange(entry->waiting, {});
    m_entries.remove(zoneId);
    emit zoneEnded(zoneId);
    emit zoneStartFailed(zoneId, status, message);
    answerAll(waiting, {status, message, {}});
}

void ZoneRegistry::onFinished(ZoneInstance *instance, bool clean, const QString &detail)
{
    Entry *entry = entryOf(instance);
    if (!entry || m_shuttingDown)
        return;
    const QString zoneId = instance->zoneId();
    instance->deleteLater();
    if (entry->state == ZoneState::Stopping) {
        completeStop(zoneId);
        return;
    }
    if (clean) {
        // An idle zone shut itself down: forget it; the next request starts it from the database.
        qCInfo(lcMaster, "zone %s exited (%s); forgetting it", qPrintable(zoneId), qPrintable(detail));
        QList<Callback> waiting = std::exchange(entry->waiting, {});
        m_entries.remove(zoneId);
        emit zoneEnded(zoneId);
        for (const auto &callback : waiting) // cannot happen for a running zone, but never drop one
            request(zoneId, callback);
        return;
    }
    qCWarning(lcMaster, "zone %s crashed: %s", qPrintable(zoneId), qPrintable(detail));
    entry->state = ZoneState::Crashed;
    entry->instance = nullptr;
    entry->lastError = detail;
    ++entry->crashes;
    const bool ranLong = entry->timer.isValid() && entry->timer.elapsed() >= stableRunMs;
    if (entry->nextRestartDelayMs == 0 || ranLong)
        entry->nextRestartDelayMs = m_crashRestartDelayMs;
    emit zoneEnded(zoneId);
    emit zoneCrashed(zoneId, detail);
    if (const auto it = m_entries.find(zoneId); it != m_entries.end() && it->state == ZoneState::Crashed)
        scheduleCrashRestart(zoneId, *it);
}

void ZoneRegistry::scheduleCrashRestart(const QString &zoneId, Entry &entry)
{
    if (m_crashRestartDelayMs <= 0 || m_shuttingDown)
        return;
    const int delay = entry.nextRestartDelayMs;
    entry.nextRestartDelayMs = qMin(delay * 2, qMax(maxCrashRestartDelayMs, m_crashRestartDelayMs));
    qCInfo(lcMaster, "zone %s: starting it again in %d ms", qPrintable(zoneId), delay);
    QTimer::singleShot(delay, this, [this, zoneId, delay, crashes = entry.crashes] {
        const auto it = m_entries.find(zoneId);
        // Not due any more: started by a request meanwhile, stopped, forgotten, or crashed again
        // (which scheduled its own restart).
        if (m_shuttingDown || it == m_entries.end() || it->state != ZoneState::Crashed ||
            it->crashes != crashes)
            return;
        qCInfo(lcMaster, "zone %s crashed before (%s); restarting it", qPrintable(zoneId),
               qPrintable(it->lastError));
        emit zoneRestarting(zoneId, delay);
        it->adopting = false;
        launch(zoneId, *it, m_launcher.launch(zoneId, this));
    });
}

void ZoneRegistry::completeStop(const QString &zoneId)
{
    auto it = m_entries.find(zoneId);
    if (it == m_entries.end())
        return;
    qCInfo(lcMaster, "zone %s stopped", qPrintable(zoneId));
    QList<Callback> stopped = std::exchange(it->stopWaiting, {});
    const bool again = it->restartAfterStop || !it->waiting.isEmpty();
    it->instance = nullptr;
    emit zoneEnded(zoneId);
    it = m_entries.find(zoneId);
    if (again && !m_shuttingDown) {
        it->adopting = false;
        launch(zoneId, *it, m_launcher.launch(zoneId, this));
    } else {
        m_entries.erase(it);
    }
    answerAll(stopped, {200, QStringLiteral("The zone %1 has stopped.").arg(zoneId), {}});
}

void ZoneRegistry::endStop(const QString &zoneId, Callback callback, bool hard)
{
    auto it = m_entries.find(zoneId);
    if (it == m_entries.end()) {
        callback({404, QStringLiteral("The zone %1 is not running.").arg(zoneId), {}});
        return;
    }
    if (it->state == ZoneState::Crashed) {
        m_entries.erase(it);
        callback({200, QStringLiteral("The zone %1 had crashed; it is forgotten.").arg(zoneId), {}});
        return;
    }
    if (!it->instance || !it->instance->canSignal()) {
        callback(
            {409,
             QStringLiteral("The zone %1 was started by another master and cannot be signalled.").arg(zoneId),
             {}});
        return;
    }
    it->stopWaiting.append(std::move(callback));
    if (it->state == ZoneState::Starting && !it->waiting.isEmpty()) {
        QList<Callback> waiting = std::exchange(it->waiting, {});
        it->state = ZoneState::Stopping;
        answerAll(waiting,
                  {503, QStringLiteral("The zone %1 was stopped before it became ready.").arg(zoneId), {}});
        it = m_entries.find(zoneId);
        if (it == m_entries.end())
            return;
    }
    it->state = ZoneState::Stopping;
    if (hard)
        it->instance->kill();
    else
        it->instance->terminate(m_stopGraceMs);
}

void ZoneRegistry::stop(const QString &zoneId, Callback callback)
{
    endStop(zoneId, std::move(callback), false);
}

void ZoneRegistry::kill(const QString &zoneId, Callback callback)
{
    endStop(zoneId, std::move(callback), true);
}

void ZoneRegistry::restart(const QString &zoneId, Callback callback)
{
    auto it = m_entries.find(zoneId);
    if (it == m_entries.end() || it->state == ZoneState::Crashed || it->state == ZoneState::Starting) {
        request(zoneId, std::move(callback));
        return;
    }
    // The new process is wanted whatever the old one does: answer the restart when it is ready.
    it->waiting.append(std::move(callback));
    it->restartAfterStop = true;
    if (it->state == ZoneState::Running)
        endStop(
            zoneId, [](const ZoneOutcome &) {}, false);
}

QList<ZoneInfo> ZoneRegistry::zones() const
{
    QList<ZoneInfo> list;
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it)
        list.append(infoOf(it.key(), *it));
    std::sort(list.begin(), list.end(), [](const ZoneInfo &a, const ZoneInfo &b) { return a.id < b.id; });
    return list;
}

std::optional<ZoneInfo> ZoneRegistry::zone(const QString &zoneId) const
{
    const auto it = m_entries.find(zoneId);
    if (it == m_entries.end())
        return std::nullopt;
    return infoOf(zoneId, *it);
}

int ZoneRegistry::count(ZoneState state) const
{
    int n = 0;
    for (const auto &entry : m_entries)
        n += entry.state == state ? 1 : 0;
    return n;
}

void ZoneRegistry::shutdown(int graceMs)
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    QStringList ids = m_entries.keys();
    for (const auto &id : ids) {
        auto &entry = m_entries[id];
        answerAll(entry.waiting, {503, QStringLiteral("The master is shutting down."), {}});
        answerAll(entry.stopWaiting, {503, QStringLiteral("The master is shutting down."), {}});
    }
    // Signal every zone first, then wait: they checkpoint in parallel.
    QList<QPointer<ZoneInstance>> instances;
    for (const auto &entry : std::as_const(m_entries)) {
        if (entry.instance) {
            entry.instance->disconnect(this);
            instances.append(entry.instance);
        }
    }
    qCInfo(lcMaster, "stopping %lld zone(s)", qlonglong(instances.size()));
    for (const auto &instance : instances)
        instance->beginShutdown();
    const QDeadlineTimer deadline(graceMs);
    for (const auto &instance : instances)
        if (instance)
            instance->finishShutdown(deadline);
    for (const auto &id : ids)
        emit zoneEnded(id);
    m_entries.clear();
}

} // namespace smmo
