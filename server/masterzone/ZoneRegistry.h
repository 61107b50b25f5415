// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "ZoneInstance.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

#include <functional>
#include <optional>

namespace smmo {

/// Where a zone is in its life. A zone that is not listed is not running at all.
enum class ZoneState { Starting, Running, Stopping, Crashed };
QString zoneStateName(ZoneState state);

/// The answer to a request about a zone: 200 with its URL, or an HTTP error status and message.
struct ZoneOutcome
{
    int status = 200;
    QString message;
    QUrl url;

    bool isOk() const { return status == 200; }
};

/// What the registry knows about one zone.
struct ZoneInfo
{
    QString id;
    ZoneState state = ZoneState::Starting;
    QUrl url;
    qint64 pid = 0;
    QDateTime startedAt;
    bool adopted = false;
    bool fromPool = false; ///< a pooled process of the master serves it (a warm start)
    QString lastError;     ///< why it crashed, for a crashed zone
    QList<CompanionInfo> companions;
};

/// The master's table of zone instances: which runs where, in which state. It starts a missing
/// zone once however many requests for it arrive meanwhile (they wait in one list and are
/// answered together), marks a crashed zone and starts it again (after a back-off when automatic
/// restarts are on, else on the next request), forgets a zone that exits cleanly (idle or
/// stopped), and stops, kills and restarts zones on request.
/// Processes come from a ZoneLauncher, so the rules are tested without real processes.
class ZoneRegistry : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const ZoneOutcome &)>;

    explicit ZoneRegistry(ZoneLauncher &launcher, QObject *parent = nullptr);
    ~ZoneRegistry() override;

    /// Grace period of a graceful stop before SIGKILL.
    void setStopGraceMs(int ms) { m_stopGraceMs = ms; }
    /// A zone that crashes is started again by itself after ms (doubling with each crash up to
    /// maxCrashRestartDelayMs, back to ms once it had run for stableRunMs), so that players who
    /// reconnect find it running; 0 (the default) leaves it crashed until the next request.
    void setCrashRestartDelayMs(int ms) { m_crashRestartDelayMs = qMax(0, ms); }
    static constexpr int maxCrashRestartDelayMs = 30000;
    static constexpr int stableRunMs = 60000;

    /// The URL of the zone once it is ready: at once when it runs, else after starting it.
    void request(const QString &zoneId, Callback callback);
    /// Graceful stop (the zone checkpoints); answered once the process has ended. 404 unknown.
    void stop(const QString &zoneId, Callback callback);
    /// SIGKILL; answered once the process has ended. 404 unknown.
    void kill(const QString &zoneId, Callback callback);
    /// Graceful stop, then start; answered when the new process is ready.
    void restart(const QString &zoneId, Callback callback);
    /// Takes on a zone a previous master started; it counts as starting until it has answered
    /// /health, and is forgotten if it does not (a request waiting for it then starts a new one).
    void adopt(const QString &zoneId, const QUrl &url, qint64 pid, const QDateTime &startedAt);

    QList<ZoneInfo> zones() const;
    std::optional<ZoneInfo> zone(const QString &zoneId) const;
    int count(ZoneState state) const;

    /// For the master's exit: answers waiting requests with 503, stops every zone (SIGTERM, then
    /// SIGKILL after graceMs) and waits for them. Blocks.
    void shutdown(int graceMs);

signals:
    /// A zone process was started (its pid is known, its URL not yet): the master records it at
    /// once, so that a successor can clean it up should this master die before it is ready.
    void zoneLaunched(const ZoneInfo &zone);
    /// A zone process is up (started or adopted): the master records it with its URL.
    void zoneRunning(const ZoneInfo &zone);
    /// A zone process is gone (exited, crashed, stopped or never came up): the record goes.
    void zoneEnded(const QString &zoneId);
    /// A start by this master became ready after `seconds`.
    void zoneStarted(const ZoneInfo &zone, double seconds);
    void zoneCrashed(const QString &zoneId, const QString &detail);
    /// A crashed zone is being started again by the registry itself (automatic restart).
    void zoneRestarting(const QString &zoneId, int afterMs);
    void zoneStartFailed(const QString &zoneId, int status, const QString &message);

private:
    struct Entry
    {
        ZoneState state = ZoneState::Starting;
        QPointer<ZoneInstance> instance;
        bool adopting = false;         ///< an adopted zone not yet confirmed by /health
        bool restartAfterStop = false; ///< start again once the stop has completed
        QList<Callback> waiting;       ///< answered when the zone is ready or cannot start
        QList<Callback> stopWaiting;   ///< answered when the process has ended
        QElapsedTimer timer;
        QString lastError;
        int crashes = 0;            ///< crashes so far; a scheduled restart checks it is still due
        int nextRestartDelayMs = 0; ///< the back-off of the next automatic restart
    };

    void launch(const QString &zoneId, Entry &entry, ZoneInstance *instance);
    void onReady(ZoneInstance *instance);
    void onStartFailed(ZoneInstance *instance, int status, const QString &message);
    void onFinished(ZoneInstance *instance, bool clean, const QString &detail);
    void completeStop(const QString &zoneId);
    void scheduleCrashRestart(const QString &zoneId, Entry &entry);
    void endStop(const QString &zoneId, Callback callback, bool hard);
    Entry *entryOf(ZoneInstance *instance);
    ZoneInfo infoOf(const QString &zoneId, const Entry &entry) const;
    static void answerAll(QList<Callback> &callbacks, const ZoneOutcome &outcome);

    ZoneLauncher &m_launcher;
    QHash<QString, Entry> m_entries;
    int m_stopGraceMs = 15000;
    int m_crashRestartDelayMs = 0;
    bool m_shuttingDown = false;
};

} // namespace smmo
