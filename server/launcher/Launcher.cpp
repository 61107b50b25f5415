// SPDX-License-Identifier: AGPL-3.0-or-later
#include "Launcher.h"

#include "Logging.h"
#include "ServerApp.h"

#include <QElapsedTimer>
#include <QFile>

namespace smmo {

Launcher::Launcher(QString binDir, QString logDir, QObject *parent)
    : QObject(parent), m_binDir(std::move(binDir)), m_logDir(std::move(logDir))
{
}

Launcher::~Launcher()
{
    stop();
}

void Launcher::add(const QString &role, const QStringList &arguments)
{
    Child child;
    child.role = role;
    child.executable = QDir(m_binDir).filePath(QStringLiteral("simplemmo-") + role);
    child.arguments = arguments;
    m_children.push_back(std::move(child));
}

bool Launcher::start(int timeoutMs)
{
    QDir().mkpath(m_logDir);
    for (auto &child : m_children) {
        const QString log = QDir(m_logDir).filePath(child.role + QStringLiteral(".log"));
        child.process = std::make_unique<QProcess>();
        auto *process = child.process.get();
        // stdout carries only the listening line; everything the server logs goes to its file.
        process->setStandardErrorFile(log, QIODevice::Append);
        process->start(child.executable, child.arguments);
        if (!process->waitForStarted(timeoutMs)) {
            m_error = QStringLiteral("Cannot start %1: %2").arg(child.executable, process->errorString());
            return false;
        }
        QElapsedTimer timer;
        timer.start();
        QByteArray output;
        while (child.url.isEmpty() && timer.elapsed() < timeoutMs) {
            if (!process->waitForReadyRead(int(timeoutMs - timer.elapsed())))
                break;
            output += process->readAllStandardOutput();
            for (const QByteArray &line : output.split('\n'))
                if (line.startsWith(listeningMarker))
                    child.url = QUrl(QString::fromUtf8(line.mid(int(qstrlen(listeningMarker))).trimmed()));
        }
        if (child.url.isEmpty()) {
            QFile file(log);
            QString tail;
            if (file.open(QIODevice::ReadOnly))
                tail = QString::fromUtf8(file.readAll()).right(800);
            m_error = QStringLiteral("%1 did not start. Its log (%2) ends with:\n%3").arg(child.role, log, tail);
            return false;
        }
        const QString role = child.role;
        connect(process, &QProcess::finished, this, [this, role](int exitCode) {
            if (!m_stopping)
                emit childDied(role, exitCode);
        });
        qCInfo(lcLauncher, "%s listening on %s (log: %s)", qPrintable(child.role), qPrintable(child.url.toString()),
               qPrintable(log));
    }
    return true;
}

void Launcher::stop(int graceMs)
{
    m_stopping = true;
    // Stop in reverse order: the servers that depend on others go first.
    for (auto it = m_children.rbegin(); it != m_children.rend(); ++it)
        if (it->process && it->process->state() != QProcess::NotRunning)
            it->process->terminate();
    for (auto it = m_children.rbegin(); it != m_children.rend(); ++it) {
        if (!it->process || it->process->state() == QProcess::NotRunning)
            continue;
        if (!it->process->waitForFinished(graceMs)) {
            qCWarning(lcLauncher, "%s did not stop in time; killing it", qPrintable(it->role));
            it->process->kill();
            it->process->waitForFinished(graceMs);
        }
    }
}

} // namespace smmo
