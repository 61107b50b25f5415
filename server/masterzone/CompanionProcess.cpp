// SPDX-License-Identifier: AGPL-3.0-or-later
#include "CompanionProcess.h"

#include "Logging.h"

#include <QDir>
#include <QFileInfo>

#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

namespace smmo {

namespace {
constexpr int killWaitMs = 5000;
constexpr int configurationErrorExitCode = 2; // every server's exit code for bad options
} // namespace

CompanionProcess::CompanionProcess(ZoneCommand command, QString zoneId, QObject *parent)
    : QObject(parent), m_command(std::move(command)), m_zoneId(std::move(zoneId))
{
    m_name = QFileInfo(m_command.program).fileName();
    if (m_name.startsWith(QLatin1String("simplemmo-")))
        m_name = m_name.mid(10);
    m_restartTimer.setSingleShot(true);
    connect(&m_restartTimer, &QTimer::timeout, this, [this] {
        if (m_stopped)
            return;
        ++m_restarts;
        launch();
        qCInfo(lcMaster, "zone %s: restarted %s (pid %lld, restart %d)", qPrintable(m_zoneId),
               qPrintable(m_name), m_process.processId(), m_restarts);
        emit restarted(m_process.processId());
    });
    connect(&m_process, &QProcess::finished, this, &CompanionProcess::onFinished);
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            onFinished(-1, QProcess::CrashExit); // no finished() follows; treat it as a death
    });
}

CompanionProcess::~CompanionProcess()
{
    m_stopped = true;
    m_process.disconnect(this);
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(killWaitMs);
    }
}

void CompanionProcess::start(const QUrl &zoneUrl)
{
    m_zoneUrl = zoneUrl;
    launch();
    qCInfo(lcMaster, "zone %s: started %s (pid %lld)", qPrintable(m_zoneId), qPrintable(m_name),
           m_process.processId());
}

void ZoneCommand::prepare(QProcess &process) const
{
    if (!logFile.isEmpty()) {
        QDir().mkpath(QFileInfo(logFile).absolutePath());
        process.setStandardErrorFile(logFile, QIODevice::Append);
    } else {
        process.setStandardErrorFile(QProcess::nullDevice());
    }
    process.setProcessEnvironment(environment);
}

void CompanionProcess::launch()
{
    m_command.prepare(m_process);
    m_process.setStandardOutputFile(QProcess::nullDevice());
    const pid_t master = ::getpid();
    m_process.setChildProcessModifier([master] {
        // In the child, before exec: die with the master (it may have died already).
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != master)
            ::raise(SIGTERM);
    });
    m_runTime.start();
    m_process.start(m_command.program, QStringList(m_command.arguments)
                                           << QStringLiteral("--zone-url") << m_zoneUrl.toString());
}

void CompanionProcess::onFinished(int exitCode, QProcess::ExitStatus status)
{
    m_lastExit = status == QProcess::CrashExit ? QStringLiteral("killed by a signal or crashed")
                                               : QStringLiteral("exit code %1").arg(exitCode);
    if (m_stopped)
        return;
    if (status == QProcess::NormalExit && exitCode == configurationErrorExitCode) {
        // Its options are wrong: starting it again would fail the same way.
        m_failed = true;
        qCWarning(lcMaster, "zone %s: %s refused its options (exit code 2); not restarting it; see logs/%s",
                  qPrintable(m_zoneId), qPrintable(m_name),
                  qPrintable(QFileInfo(m_command.logFile).fileName()));
        return;
    }
    if (m_runTime.isValid() && m_runTime.elapsed() >= stableRunMs)
        m_nextDelayMs = restartDelayMs; // it had been fine for a while: this is a new problem
    qCWarning(lcMaster, "zone %s: %s ended (%s); restarting it in %d ms", qPrintable(m_zoneId),
              qPrintable(m_name), qPrintable(m_lastExit), m_nextDelayMs);
    m_restartTimer.start(m_nextDelayMs);
    m_nextDelayMs = qMin(m_nextDelayMs * 2, maxRestartDelayMs);
}

void CompanionProcess::terminate()
{
    m_stopped = true;
    m_restartTimer.stop();
    if (m_process.state() != QProcess::NotRunning)
        m_process.terminate();
}

void CompanionProcess::kill()
{
    m_stopped = true;
    m_restartTimer.stop();
    if (m_process.state() != QProcess::NotRunning)
        m_process.kill();
}

void CompanionProcess::waitOrKill(const QDeadlineTimer &deadline)
{
    m_stopped = true;
    m_restartTimer.stop();
    if (m_process.state() == QProcess::NotRunning)
        return;
    if (!m_process.waitForFinished(int(qMax<qint64>(deadline.remainingTime(), 0)))) {
        m_process.kill();
        m_process.waitForFinished(killWaitMs);
    }
}

CompanionInfo CompanionProcess::info() const
{
    CompanionInfo info;
    info.name = m_name;
    info.pid = pid();
    info.restarts = m_restarts;
    info.lastExit = m_lastExit;
    if (isRunning())
        info.state = QStringLiteral("running");
    else if (m_failed)
        info.state = QStringLiteral("failed");
    else if (m_restartTimer.isActive())
        info.state = QStringLiteral("restarting");
    else
        info.state = QStringLiteral("stopped");
    return info;
}

CompanionGroup::CompanionGroup(QList<ZoneCommand> commands, QString zoneId)
    : m_commands(std::move(commands)), m_zoneId(std::move(zoneId))
{}

void CompanionGroup::start(const QUrl &zoneUrl)
{
    if (!m_processes.empty())
        return;
    for (const auto &command : std::as_const(m_commands)) {
        auto companion = std::make_unique<CompanionProcess>(command, m_zoneId);
        companion->start(zoneUrl);
        m_processes.push_back(std::move(companion));
    }
}

void CompanionGroup::stop(bool hard)
{
    for (auto &companion : m_processes) {
        if (hard)
            companion->kill();
        else
            companion->terminate();
    }
}

void CompanionGroup::waitOrKill(const QDeadlineTimer &deadline)
{
    for (auto &companion : m_processes)
        companion->waitOrKill(deadline);
}

QList<qint64> CompanionGroup::pids() const
{
    QList<qint64> pids;
    for (const auto &companion : m_processes)
        if (companion->isRunning())
            pids.append(companion->pid());
    return pids;
}

QList<CompanionInfo> CompanionGroup::infos() const
{
    QList<CompanionInfo> infos;
    for (const auto &companion : m_processes)
        infos.append(companion->info());
    return infos;
}

} // namespace smmo
