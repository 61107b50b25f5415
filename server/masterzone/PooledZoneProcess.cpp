// SPDX-License-Identifier: AGPL-3.0-or-later
#include "PooledZoneProcess.h"

#include "ServerApp.h"

#include <QDir>
#include <QFileInfo>

#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

namespace smmo {

namespace {
constexpr int killWaitMs = 5000;
} // namespace

PooledZoneProcess::PooledZoneProcess(ZoneCommand command, QObject *parent)
    : QObject(parent), m_command(std::move(command)), m_process(new QProcess(this))
{
    connect(m_process, &QProcess::readyReadStandardOutput, this, &PooledZoneProcess::readStdout);
    connect(m_process, &QProcess::finished, this, [this](int exitCode, QProcess::ExitStatus status) {
        emit died(status == QProcess::CrashExit ? QStringLiteral("killed by a signal or crashed")
                                                : QStringLiteral("exit code %1").arg(exitCode));
    });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            emit died(QStringLiteral("could not be run: %1").arg(m_process->errorString()));
    });
}

PooledZoneProcess::~PooledZoneProcess()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(killWaitMs);
    }
}

void PooledZoneProcess::start()
{
    m_startedAt = QDateTime::currentDateTimeUtc();
    m_command.prepare(*m_process);
    const pid_t master = ::getpid();
    m_process->setChildProcessModifier([master] {
        // In the child, before exec: die with the master (it may have died already).
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != master)
            ::raise(SIGTERM);
    });
    m_process->start(m_command.program, m_command.arguments);
    m_pid = m_process->processId();
}

void PooledZoneProcess::readStdout()
{
    const QByteArray chunk = m_process->readAllStandardOutput();
    if (!m_url.isEmpty())
        return; // nothing else is expected; reading keeps the pipe from filling up
    m_stdout += chunk;
    const qsizetype end = m_stdout.lastIndexOf('\n');
    for (const QByteArray &line : m_stdout.left(end < 0 ? 0 : end + 1).split('\n')) {
        if (!line.startsWith(listeningMarker))
            continue;
        const QUrl announced(QString::fromUtf8(line.mid(qsizetype(qstrlen(listeningMarker))).trimmed()));
        m_stdout.clear();
        if (!announced.isValid() || announced.scheme().isEmpty()) {
            m_process->kill(); // died() follows
            return;
        }
        m_url = announced;
        emit ready();
        return;
    }
    if (m_stdout.size() > 64 * 1024)
        m_stdout = m_stdout.right(4096);
}

QProcess *PooledZoneProcess::release(QObject *newParent)
{
    QProcess *process = std::exchange(m_process, nullptr);
    if (process) {
        process->disconnect(this);
        process->setParent(newParent);
    }
    return process;
}

void PooledZoneProcess::beginShutdown()
{
    if (!m_process)
        return;
    m_process->disconnect(this);
    if (m_process->state() != QProcess::NotRunning)
        m_process->terminate();
}

void PooledZoneProcess::finishShutdown(const QDeadlineTimer &deadline)
{
    if (!m_process || m_process->state() == QProcess::NotRunning)
        return;
    if (!m_process->waitForFinished(int(qMax<qint64>(deadline.remainingTime(), 0)))) {
        m_process->kill();
        m_process->waitForFinished(killWaitMs);
    }
}

} // namespace smmo
