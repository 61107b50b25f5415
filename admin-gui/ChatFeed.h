// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "ChatModel.h"

#include <QObject>
#include <QTimer>
#include <QUrl>

namespace smmo::admin {

class ClusterConnection;

/// Follows one chat log by polling: a zone's `GET /messages?since=T` or the master's `GET
/// /chat/global?since=T`, T being the newest line seen (the first poll has none).
class ChatFeed : public QObject
{
    Q_OBJECT
public:
    explicit ChatFeed(ClusterConnection &connection, QObject *parent = nullptr);

    /// Follows a zone's chat; an empty URL stops.
    void followZone(const QUrl &zone);
    /// Follows global chat on the master.
    void followGlobal();
    void stop();
    void setInterval(int milliseconds) { m_timer.setInterval(milliseconds); }
    /// Polls now rather than at the next tick (after sending a line, say).
    void pollNow();

signals:
    void received(const QList<smmo::admin::ChatLine> &lines);
    void failed(const QString &message);
    /// The source changed: what was received before belongs to another log.
    void restarted();

private:
    void start();
    void poll();

    ClusterConnection &m_connection;
    QUrl m_zone;
    bool m_global = false;
    QObject *m_session = nullptr;
    QTimer m_timer;
    QString m_since;
    bool m_inFlight = false;
    bool m_again = false;
};

} // namespace smmo::admin
