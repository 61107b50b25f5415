// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QDeadlineTimer>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

namespace smmo {

/// What the master tells about a companion program of a zone (ScriptServer, PhysicsServer).
struct CompanionInfo
{
    QString name;  ///< the program without `simplemmo-`, e.g. scriptserver
    QString state; ///< running, restarting, failed or stopped
    qint64 pid = 0;
    int restarts = 0;
    QString lastExit; ///< how it last ended, empty when it never did
};

/// One zone process as the registry sees it, whether the master started it (ZoneProcess), found
/// it running after a restart (AdoptedZone) or a test fakes it. The registry drives it with
/// start/terminate/kill and learns its fate from the signals; each instance emits exactly one of
/// ready() or startFailed(), and finished() at most once, after ready() or a terminate()/kill().
class ZoneInstance : public QObject
{
    Q_OBJECT
public:
    ZoneInstance(QString zoneId, QObject *parent) : QObject(parent), m_zoneId(std::move(zoneId)) {}

    QString zoneId() const { return m_zoneId; }
    QUrl url() const { return m_url; }
    /// The operating system's process id; 0 when unknown (then the zone cannot be signalled).
    virtual qint64 pid() const = 0;
    QDateTime startedAt() const { return m_startedAt; }
    /// True for a zone the master found running rather than started itself.
    virtual bool isAdopted() const { return false; }
    /// True for a zone a pooled process of the master serves (a warm start).
    virtual bool fromPool() const { return false; }
    /// The zone's companion programs as this master runs them (none for an adopted zone).
    virtual QList<CompanionInfo> companions() const { return {}; }

    /// Brings the zone up (or confirms an adopted one still answers).
    virtual void start() = 0;
    /// Graceful stop: SIGTERM (the zone checkpoints and exits), SIGKILL after graceMs.
    virtual void terminate(int graceMs) = 0;
    /// SIGKILL now.
    virtual void kill() = 0;
    /// Whether terminate() and kill() can reach the process (not for an adopted zone whose pid
    /// could not be confirmed).
    virtual bool canSignal() const { return true; }

    /// For the master's own exit, in two steps so that every zone checkpoints at the same time:
    /// SIGTERM now; then wait until the deadline, SIGKILL whatever is left and wait for it. The
    /// second step blocks and emits nothing.
    virtual void beginShutdown() = 0;
    virtual void finishShutdown(const QDeadlineTimer &deadline) = 0;

signals:
    /// The zone answers /health with ready at url.
    void ready(const QUrl &url);
    /// The zone never became ready: status 504 after the start timeout, 502 when it exited or
    /// could not be run; message says so for the client.
    void startFailed(int status, const QString &message);
    /// The zone's process ended after it was ready or after terminate()/kill(); clean means exit
    /// code 0 (an idle or requested stop), otherwise it crashed or was killed.
    void finished(bool clean, const QString &detail);

protected:
    void setUrl(const QUrl &url) { m_url = url; }
    void setStartedAt(const QDateTime &time) { m_startedAt = time; }

private:
    QString m_zoneId;
    QUrl m_url;
    QDateTime m_startedAt;
};

/// Makes ZoneInstances: the real one runs processes; tests pass a fake to exercise the registry.
class ZoneLauncher
{
public:
    virtual ~ZoneLauncher() = default;
    /// A new, not yet started zone process for zoneId.
    virtual ZoneInstance *launch(const QString &zoneId, QObject *parent) = 0;
    /// A zone a previous master started, recorded with its URL, pid and start time.
    virtual ZoneInstance *adopt(const QString &zoneId, const QUrl &url, qint64 pid,
                                const QDateTime &startedAt, QObject *parent) = 0;
};

} // namespace smmo
