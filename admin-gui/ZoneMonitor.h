// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "ZoneEntry.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>

#include <optional>

namespace smmo::admin {

class ClusterConnection;

/// Keeps the console's picture of the cluster's zones: it asks the master's `GET /zones` every
/// interval (one request at a time), and keeps a short history of each zone's tick time and
/// players for the charts. Every page that shows zones reads it instead of asking itself.
class ZoneMonitor : public QObject
{
    Q_OBJECT
public:
    /// One point of a zone's history.
    struct Sample
    {
        qint64 atMs = 0; ///< since the monitor started
        double tickMs = 0;
        int players = 0;
    };

    explicit ZoneMonitor(ClusterConnection &connection, QObject *parent = nullptr);

    void setInterval(int milliseconds);
    int interval() const { return m_timer.interval(); }
    /// How many samples each zone keeps (default 240: four minutes at one per second).
    void setHistoryLength(int samples) { m_historyLength = samples; }
    void start();
    void stop();
    /// Asks now (or as soon as the request in flight has answered).
    void refreshNow();

    const QList<ZoneEntry> &zones() const { return m_zones; }
    std::optional<ZoneEntry> zone(const QString &id) const;
    QStringList runningZoneIds() const;
    QUrl urlOf(const QString &id) const;
    /// Zones with history, running or not any more, in the order they were first seen.
    QStringList historyZoneIds() const { return m_historyOrder; }
    QList<Sample> history(const QString &zoneId) const { return m_history.value(zoneId); }
    qint64 elapsedMs() const { return m_clock.elapsed(); }
    bool hasAnswered() const { return m_answered; }

signals:
    void zonesUpdated();
    void pollFailed(const QString &message);

private:
    void poll();
    void apply(const QList<ZoneEntry> &zones);

    ClusterConnection &m_connection;
    QTimer m_timer;
    QElapsedTimer m_clock;
    QList<ZoneEntry> m_zones;
    QHash<QString, QList<Sample>> m_history;
    QStringList m_historyOrder;
    int m_historyLength = 240;
    bool m_inFlight = false;
    bool m_again = false;
    bool m_answered = false;
    QObject *m_session = nullptr; // parent of a run's requests: deleting it drops their answers
};

} // namespace smmo::admin
