// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "CompanionProcess.h"
#include "ZoneInstance.h"

#include <QSocketNotifier>
#include <QTimer>

#include <memory>

namespace smmo {

class ServiceClient;

/// A zone a previous master started and left running (the master crashed or was restarted):
/// it is no child of ours, so it is watched by polling its /health (and, on Linux, a pidfd that
/// reports its exit at once) and signalled by pid. start() confirms the zone still answers for
/// its id; a pid is only signalled once /proc shows it is that zone's server. The zone's
/// companions died with the previous master; once the zone is confirmed, new ones are started.
class AdoptedZone : public ZoneInstance
{
    Q_OBJECT
public:
    AdoptedZone(const QString &zoneId, const QUrl &url, qint64 pid, const QDateTime &startedAt,
                int watchIntervalMs, QObject *parent, QList<ZoneCommand> companions = {});
    ~AdoptedZone() override;

    qint64 pid() const override { return m_pidConfirmed ? m_pid : 0; }
    bool isAdopted() const override { return true; }
    bool canSignal() const override { return m_pidConfirmed; }
    QList<CompanionInfo> companions() const override { return m_companions.infos(); }

    void start() override;
    void terminate(int graceMs) override;
    void kill() override;
    void beginShutdown() override;
    void finishShutdown(const QDeadlineTimer &deadline) override;

    /// Whether a process's command line is that of the zone server for zoneId.
    static bool isZoneServer(const QStringList &arguments, const QString &zoneId);

private:
    void giveUp(const QString &reason);
    void watch();
    void checkExit();
    void exited(bool clean, const QString &detail);

    qint64 m_pid;
    int m_watchIntervalMs;
    bool m_pidConfirmed = false;
    bool m_ready = false;
    bool m_stopping = false;
    bool m_done = false;
    int m_failures = 0;
    QString m_giveUpReason; ///< set when the zone is stopped because it could not be adopted
    ServiceClient *m_health;
    QTimer m_watchTimer;
    QTimer m_killTimer;
    int m_exitFd = -1;
    std::unique_ptr<QSocketNotifier> m_exitNotifier;
    CompanionGroup m_companions;
};

} // namespace smmo
