// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QTimer>
#include <QUrl>

namespace smmo::admin {

class ClusterConnection;

/// Follows one zone's objects over HTTP: `GET /objects` once for everything, then `GET
/// /objects?since=T` at the zone's tick rate for what changed, one request at a time. Destroyed
/// objects do not show up in `since` answers, so a full read every `resyncInterval` removes them.
class ObjectFeed : public QObject
{
    Q_OBJECT
public:
    explicit ObjectFeed(ClusterConnection &connection, QObject *parent = nullptr);

    /// Starts following the zone at `url`; an empty URL stops.
    void setZone(const QUrl &url);
    QUrl zone() const { return m_zone; }
    /// Between the starts of two polls (default 100 ms: the zone's 10 Hz).
    void setInterval(int milliseconds) { m_intervalMs = milliseconds; }
    void setResyncInterval(int milliseconds) { m_resyncMs = milliseconds; }
    /// The `since` of the next poll: the newest last_modified seen.
    QString since() const { return m_since; }

signals:
    /// Every object the zone has; the ones not listed have gone.
    void snapshot(const QList<QJsonObject> &objects);
    /// Objects modified since the previous poll.
    void changed(const QList<QJsonObject> &objects);
    void failed(const QString &message);
    /// One poll's round trip.
    void polled(int milliseconds, int objects);

private:
    void poll();
    void schedule();

    ClusterConnection &m_connection;
    QUrl m_zone;
    QObject *m_session = nullptr; // parent of the current zone's requests
    QTimer m_timer;
    QElapsedTimer m_sinceResync;
    QElapsedTimer m_pollClock;
    QString m_since;
    int m_intervalMs = 100;
    int m_resyncMs = 5000;
    bool m_inFlight = false;
};

} // namespace smmo::admin
