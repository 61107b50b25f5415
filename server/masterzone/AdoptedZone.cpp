// SPDX-License-Identifier: AGPL-3.0-or-later
#include "AdoptedZone.h"

#include "Logging.h"
#include "ProcessProbe.h"
#include "ServiceClient.h"

#include <QFileInfo>

#include <csignal>
#include <unistd.h>

namespace smmo {

namespace {
constexpr int failuresBeforeGivingUp = 3;
constexpr int stoppingPollMs = 100;
constexpr int killWaitMs = 5000;
} // namespace

AdoptedZone::AdoptedZone(const QString &zoneId, const QUrl &url, qint64 pid, const QDateTime &startedAt,
                         int watchIntervalMs, QObject *parent, QList<ZoneCommand> companions)
    : ZoneInstance(zoneId, parent), m_pid(pid), m_watchIntervalMs(watchIntervalMs),
      m_health(new ServiceClient(QStringLiteral("zone %1").arg(zoneId), url, this)),
      m_companions(std::move(companions), zoneId)
{
    setUrl(url);
    setStartedAt(startedAt);
    m_health->setTimeout(2000);
    m_killTimer.setSingleShot(true);
    connect(&m_watchTimer, &QTimer::timeout, this, &AdoptedZone::watch);
    connect(&m_killTimer, &QTimer::timeout, this, [this] {
        qCWarning(lcMaster, "adopted zone %s did not stop in time; killing it", qPrintable(this->zoneId()));
        kill();
    });
}

AdoptedZone::~AdoptedZone()
{
    m_exitNotifier.reset();
    if (m_exitFd >= 0)
        ::close(m_exitFd);
}

bool AdoptedZone::isZoneServer(const QStringList &arguments, const QString &zoneId)
{
    // The program, or the script an interpreter runs, must be a zone server.
    const auto isServer = [&arguments](qsizetype i) {
        return i < arguments.size() &&
               QFileInfo(arguments.at(i)).fileName().contains(QLatin1String("zoneserver"));
    };
    if (!isServer(0) && !isServer(1))
        return false;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        if ((arg == QLatin1String("--zone") && i + 1 < arguments.size() && arguments.at(i + 1) == zoneId) ||
            arg == QLatin1String("--zone=") + zoneId)
            return true;
    }
    return false;
}

void AdoptedZone::start()
{
    m_pidConfirmed = ProcessProbe::isAlive(m_pid) && isZoneServer(ProcessProbe::arguments(m_pid), zoneId());
    if (m_pidConfirmed) {
        m_exitFd = ProcessProbe::openExitDescriptor(m_pid);
        if (m_exitFd >= 0) {
            m_exitNotifier = std::make_unique<QSocketNotifier>(m_exitFd, QSocketNotifier::Read);
            connect(m_exitNotifier.get(), &QSocketNotifier::activated, this, &AdoptedZone::checkExit);
        }
    } else {
        qCWarning(lcMaster, "recorded zone %s: pid %lld is not its zone server; it cannot be signalled",
                  qPrintable(zoneId()), m_pid);
    }
    if (url().isEmpty()) {
        // Recorded when it was launched, but its master died before it was ready.
        QTimer::singleShot(0, this, [this] { giveUp(QStringLiteral("it never became ready")); });
        return;
    }
    m_health->get(QStringLiteral("/health"), this, [this](const ServiceResult &result) {
        const QString zone = result.object().value(QStringLiteral("zone")).toString();
        if (!result.ok || !result.object().value(QStringLiteral("ready")).toBool() ||
            (!zone.isEmpty() && zone != zoneId())) {
            giveUp(result.ok ? QStringLiteral("%1 answers for another zone").arg(url().toString())
                             : result.error);
            return;
        }
        m_ready = true;
        m_watchTimer.start(m_watchIntervalMs);
        if (m_pidConfirmed) // only for a zone that is really its zone server, and ours to stop
            m_companions.start(url());
        emit ready(url());
    });
}

void AdoptedZone::giveUp(const QString &reason)
{
    if (!m_pidConfirmed) {
        m_done = true;
        emit startFailed(502, reason);
        return;
    }
    // Its zone server for this id, but not usable: stop it (it checkpoints) and report only once
    // it is gone, so that no second process for the same zone runs beside it.
    qCWarning(lcMaster, "recorded zone %s (pid %lld): %s; stopping it", qPrintable(zoneId()), m_pid,
              qPrintable(reason));
    m_giveUpReason = reason;
    terminate(killWaitMs);
}

void AdoptedZone::watch()
{
    if (m_done)
        return;
    if (m_pidConfirmed && !ProcessProbe::isAlive(m_pid)) {
        checkExit();
        return;
    }
    if (m_stopping)
        return; // waiting for the process to go; /health is of no interest any more
    m_health->get(QStringLiteral("/health"), this, [this](const ServiceResult &result) {
        if (m_done || m_stopping)
            return;
        if (result.status != 0) {
            m_failures = 0; // answering at all (even 503 while it checkpoints) means alive
            return;
        }
        if (m_pidConfirmed && !ProcessProbe::isAlive(m_pid)) {
            checkExit();
            return;
        }
        if (!m_pidConfirmed) {
            exited(true, QStringLiteral("no longer answers"));
            return;
        }
        if (++m_failures >= failuresBeforeGivingUp) {
            // Alive but deaf: a hung zone. Kill it so a fresh one can take over its id.
            ProcessProbe::sendSignal(m_pid, SIGKILL);
            exited(false, QStringLiteral("stopped answering /health; killed"));
        }
    });
}

void AdoptedZone::checkExit()
{
    if (m_done || ProcessProbe::isAlive(m_pid))
        return;
    // Not our child, so its exit code is not ours to read: a zone that went away on its own is
    // taken as a clean (idle) exit.
    exited(true, m_stopping ? QStringLiteral("stopped") : QStringLiteral("exited"));
}

void AdoptedZone::exited(bool clean, const QString &detail)
{
    if (m_done)
        return;
    m_done = true;
    m_watchTimer.stop();
    m_killTimer.stop();
    m_companions.stop(false);
    if (m_exitNotifier)
        m_exitNotifier->setEnabled(false);
    if (!m_giveUpReason.isEmpty())
        emit startFailed(502, m_giveUpReason);
    else
        emit finished(clean, detail);
}

void AdoptedZone::terminate(int graceMs)
{
    m_stopping = true;
    m_companions.stop(false);
    ProcessProbe::sendSignal(m_pid, SIGTERM);
    m_killTimer.start(graceMs);
    m_watchTimer.start(stoppingPollMs); // also covers kernels without pidfd
}

void AdoptedZone::kill()
{
    m_stopping = true;
    m_companions.stop(true);
    ProcessProbe::sendSignal(m_pid, SIGKILL);
    m_watchTimer.start(stoppingPollMs);
}

void AdoptedZone::beginShutdown()
{
    m_stopping = true;
    m_watchTimer.stop();
    m_killTimer.stop();
    m_companions.stop(false);
    if (m_pidConfirmed)
        ProcessProbe::sendSignal(m_pid, SIGTERM);
}

void AdoptedZone::finishShutdown(const QDeadlineTimer &deadline)
{
    m_companions.waitOrKill(deadline);
    if (!m_pidConfirmed)
        return;
    if (!ProcessProbe::waitForExit(m_pid, deadline)) {
        ProcessProbe::sendSignal(m_pid, SIGKILL);
        ProcessProbe::waitForExit(m_pid, QDeadlineTimer(killWaitMs));
    }
    m_done = true;
}

} // namespace smmo
