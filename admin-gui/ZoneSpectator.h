// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <memory>

namespace smmo {
class ZoneClient;
}

namespace smmo::admin {

class ClusterConnection;

/// Watches one zone live as a spectator: the zone's WebSocket `/stream?role=spectator` with the
/// administrator's token (docs/protocol.md), which carries every object of the zone, every tick's
/// changes, all chat including tells, and the events about objects (collisions, script errors).
/// A dropped connection is opened again after a pause, starting from a fresh snapshot.
class ZoneSpectator : public QObject
{
    Q_OBJECT
public:
    explicit ZoneSpectator(ClusterConnection &connection, QObject *parent = nullptr);
    ~ZoneSpectator() override;

    /// Starts watching the zone at `url` (its HTTP base URL); an empty URL stops.
    void setZone(const QUrl &url);
    QUrl zone() const { return m_zone; }
    /// True between the zone's hello and the end of the connection.
    bool isWatching() const { return m_watching; }
    /// The pause before the first attempt to connect again (default 1000 ms, doubling to 10 s).
    void setReconnectDelay(int milliseconds) { m_firstDelayMs = milliseconds; }

signals:
    /// Every object of the zone (at the start of each connection).
    void snapshot(const QList<QJsonObject> &objects);
    /// Objects that changed or appeared in one tick.
    void changed(const QList<QJsonObject> &objects);
    /// Objects that were destroyed.
    void removed(const QList<qint64> &ids);
    /// An event: `collision`, `script_error`, a character `entered` or `left`, a script's own.
    void eventReceived(const QJsonObject &event);
    /// A chat line of any scope: `zone`, `tell` (with `to`) or `global`.
    void chatReceived(const QJsonObject &line);
    /// The connection failed or was refused; `message` says why. Another attempt follows.
    void failed(const QString &message);
    /// The zone's hello arrived.
    void watching();

private:
    void open();
    void closed(int code, const QString &reason);

    ClusterConnection &m_connection;
    QUrl m_zone;
    std::unique_ptr<ZoneClient> m_client;
    QTimer m_retry;
    int m_firstDelayMs = 1000;
    int m_delayMs = 0;
    bool m_watching = false;
    QString m_refusal; ///< the zone's error before it closed, if any
};

} // namespace smmo::admin
