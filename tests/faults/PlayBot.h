// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "ServiceClient.h"
#include "ZoneClient.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QTimer>

namespace smmo::test {

/// One player of a fault test's play session: it finds its zone through the master, joins it on
/// the WebSocket stream, walks in a straight line (so that where it stood says when it stood
/// there) and says numbered lines, and keeps what the zone acknowledged: a chat line is
/// acknowledged when the zone echoes it, which it does only after storing it. It never
/// reconnects by itself; the test says when (the master must restart a zone without help).
class PlayBot : public QObject
{
    Q_OBJECT
public:
    /// One position of its own object as the stream showed it, and when (test clock, ms).
    struct Seen
    {
        qint64 at = 0;
        double x = 0, y = 0;
    };

    PlayBot(QString character, QString zoneId, QUrl masterUrl, int index, const QElapsedTimer &clock,
            QObject *parent = nullptr);

    QString character() const { return m_character; }
    void setToken(const QByteArray &token) { m_token = token; }
    void setMasterUrl(const QUrl &url) { m_master.setBaseUrl(url); }

    /// Asks the master where the zone is, opens the stream and joins; joined() follows.
    void connectToZone();
    /// Closes the stream (and stops playing until the next join).
    void disconnectFromZone();
    bool isJoined() const { return m_joined; }
    /// Moves and chats while joined.
    void setPlaying(bool playing) { m_playing = playing; }

    /// The lines the zone acknowledged, in order, and those sent but not (yet) acknowledged.
    const QStringList &ackedLines() const { return m_acked; }
    int pendingLines() const { return int(m_pending.size()); }
    /// Positions in the order seen; the one the last join put it at.
    const QList<Seen> &positions() const { return m_positions; }
    Seen joinedAt() const { return m_joinedAt; }
    int joins() const { return m_joins; }
    /// Stream errors other than rate limits, and the last failure to find or reach the zone.
    const QStringList &errors() const { return m_errors; }
    QString lastFailure() const { return m_lastFailure; }
    QUrl zoneUrl() const { return m_zoneUrl; }
    ZoneClient &client() { return m_client; }

    /// How long ago (ms, on the test clock) the bot stood at (x, y) for the last time, given when
    /// the zone died: the first position seen beyond (x, y) on its straight way ended it; 0 when
    /// none was (it was still there). -1 when (x, y) is not on its way at all.
    qint64 ageOf(double x, double y, qint64 diedAt) const;

signals:
    void joined();
    void lineAcked(const QString &line);

private:
    void step();
    void onMessage(const QJsonObject &message);
    void see(const QJsonObject &object);
    double along(double x, double y) const { return x * m_dx + y * m_dy; }

    QString m_character;
    QString m_zoneId;
    ServiceClient m_master;
    const QElapsedTimer &m_clock;
    ZoneClient m_client;
    QTimer m_timer;
    QByteArray m_token;
    QUrl m_zoneUrl;
    double m_dx = 0, m_dy = 0;
    bool m_joined = false;
    bool m_playing = false;
    int m_steps = 0;
    int m_nextLine = 1;
    int m_joins = 0;
    QList<qint64> m_joinTimes;
    QStringList m_acked;
    QSet<QString> m_pending;
    QList<Seen> m_positions;
    Seen m_joinedAt;
    QStringList m_errors;
    QString m_lastFailure;
};

} // namespace smmo::test
