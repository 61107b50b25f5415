// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace smmo::test {

/// Path of a built executable (SIMPLEMMO_BIN_DIR, set by CTest).
QString binaryPath(const QString &name);

/// A real server executable started for a test: it listens on a port it picks itself (--port 0)
/// and announces its URL on stdout, which start() waits for (a signal, with a timeout).
class ServerProcess
{
public:
    ServerProcess(const QString &executable, QStringList arguments);
    ~ServerProcess();
    ServerProcess(const ServerProcess &) = delete;
    ServerProcess &operator=(const ServerProcess &) = delete;

    /// Starts and waits for the listening line. false (with output() saying why) on failure.
    bool start(int timeoutMs = 30000);
    /// SIGTERM, then waits for a graceful exit; returns the exit code (-1 if it had to be killed).
    int stop(int timeoutMs = 15000);
    void kill();
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    QUrl url() const { return m_url; }
    QString output() const { return m_output; }
    QProcess &process() { return m_process; }

private:
    void collect();
    QString m_executable;
    QStringList m_arguments;
    QProcess m_process;
    QUrl m_url;
    QString m_output;
};

} // namespace smmo::test
