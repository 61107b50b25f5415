// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QDir>
#include <QList>
#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QUrl>

#include <memory>

namespace smmo {

/// Starts the cluster's long-running servers as child processes with one shared configuration,
/// waits until each announces its URL, writes their logs to <data-dir>/logs/<role>.log, and stops
/// them all (SIGTERM, then SIGKILL after a grace period) when it stops or one of them dies.
class Launcher : public QObject
{
    Q_OBJECT
public:
    struct Child
    {
        QString role;       ///< e.g. "authserver"
        QString executable; ///< full path
        QStringList arguments;
        std::unique_ptr<QProcess> process;
        QUrl url;
    };

    Launcher(QString binDir, QString logDir, QObject *parent = nullptr);
    ~Launcher() override;

    void add(const QString &role, const QStringList &arguments);
    /// Starts every child in order and waits for each; false (with error()) when one fails.
    bool start(int timeoutMs = 30000);
    void stop(int graceMs = 10000);
    const std::vector<Child> &children() const { return m_children; }
    QString error() const { return m_error; }

signals:
    /// A child exited while the cluster was running.
    void childDied(const QString &role, int exitCode);

private:
    QString m_binDir;
    QString m_logDir;
    std::vector<Child> m_children;
    QString m_error;
    bool m_stopping = false;
};

} // namespace smmo
