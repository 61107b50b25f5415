// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ServerProcess.h"

#include "ServerApp.h"

#include <QDir>
#include <QEventLoop>
#include <QTimer>

#include <csignal>

#include <sys/prctl.h>

namespace smmo::test {

QString binaryPath(const QString &name)
{
    return QDir(qEnvironmentVariable("SIMPLEMMO_BIN_DIR")).filePath(name);
}

ServerProcess::ServerProcess(const QString &executable, QStringList arguments)
    : m_executable(executable), m_arguments(std::move(arguments))
{
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    // A test that crashes must not leave servers behind: each one is told to stop (SIGTERM, so a
    // master still stops its zones) when the test process dies.
    m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
    QObject::connect(&m_process, &QProcess::readyReadStandardOutput, [this] { collect(); });
    QObject::connect(&m_process, &QProcess::readyReadStandardError,
                     [this] { m_output += QString::fromUtf8(m_process.readAllStandardError()); });
}

ServerProcess::~ServerProcess()
{
    if (isRunning())
        stop();
}

void ServerProcess::collect()
{
    while (m_process.canReadLine()) {
        const QString line = QString::fromUtf8(m_process.readLine());
        m_output += line;
        if (line.startsWith(QLatin1String(listeningMarker)) && m_url.isEmpty())
            m_url = QUrl(line.mid(int(qstrlen(listeningMarker))).trimmed());
    }
}

bool ServerProcess::start(int timeoutMs)
{
    m_url.clear();
    m_process.start(m_executable, m_arguments);
    if (!m_process.waitForStarted(timeoutMs)) {
        m_output += QStringLiteral("could not start %1: %2\n").arg(m_executable, m_process.errorString());
        return false;
    }
    // Wait for the listening line or the process's end, whichever comes first.
    QEventLoop loop;
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    QObject::connect(&m_process, &QProcess::finished, &loop, &QEventLoop::quit);
    QObject::connect(&m_process, &QProcess::readyReadStandardOutput, &loop, [&] {
        collect();
        if (!m_url.isEmpty())
            loop.quit();
    });
    timeout.start(timeoutMs);
    if (m_url.isEmpty())
        loop.exec();
    collect();
    if (m_url.isEmpty()) {
        m_output += QStringLiteral("%1 did not announce its URL (exit code %2)\n")
                        .arg(m_executable)
                        .arg(m_process.state() == QProcess::NotRunning ? m_process.exitCode() : -1);
        return false;
    }
    return true;
}

int ServerProcess::stop(int timeoutMs)
{
    if (!isRunning())
        return m_process.exitCode();
    m_process.terminate();
    if (!m_process.waitForFinished(timeoutMs)) {
        m_process.kill();
        m_process.waitForFinished(timeoutMs);
        return -1;
    }
    m_output += QString::fromUtf8(m_process.readAllStandardError());
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

void ServerProcess::kill()
{
    m_process.kill();
    m_process.waitForFinished(10000);
}

} // namespace smmo::test
