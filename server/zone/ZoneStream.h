// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "ChatMessage.h"
#include "SessionToken.h"
#include "StreamFlood.h"
#include "WorldModel.h"

#include "WebSocketConnection.h"
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QSet>

#include <memory>
#include <unordered_map>
#include <vector>

namespace smmo {

class HttpServer;
class Metrics;
class Zone;
class ZoneSpectators;

/// The zone's WebSocket endpoint `/stream` (docs/protocol.md): players join as one of their
/// characters, send move/say/tell/activate and receive per-tick updates limited to their area of
/// interest, chat and events; service connections form the zone's bus and receive everything.
/// Clients that cannot keep up are dropped instead of queueing without bound.
class ZoneStream : public QObject
{
    Q_OBJECT
public:
    ZoneStream(HttpServer &http, Zone &zone, QObject *parent = nullptr);
    ~ZoneStream() override;

    /// Sends one tick's changes: to each player what changed, entered or left within its area of
    /// interest; to the bus every change.
    void publish(qint64 tick, const WorldModel::TickChanges &changes);
    /// Closes every connection (the zone is stopping).
    void closeAll(const QString &reason);
    /// Where connections that ask to spectate (`?role=spectator`) are handed once authenticated.
    void setSpectators(ZoneSpectators *spectators) { m_spectators = spectators; }

    int playerConnections() const;
    int joinedPlayers() const { return int(m_byCharacter.size()); }
    int busConnections() const;
    bool hasPlayers() const { return playerConnections() > 0; }
    /// What waits in the zone because the kernel would not take it (clients not keeping up).
    qint64 unsentBytes() const;

private:
    struct Session
    {
        std::unique_ptr<WebSocketConnection> socket;
        SessionClaims claims;
        bool bus = false;
        bool dropped = false;
        /// Asked for `updates=delta`: objects it knows come as their changed fields only.
        bool delta = false;
        QString character; ///< the joined character, empty before join
        qint64 objectId = 0;
        std::vector<qint64> visible; ///< ids the client was last told about, ascending
        StreamFlood flood;           ///< how many messages it sent lately (players only)
        /// Chat and events for this player, sent with the next tick's update (UTF-8 JSON).
        std::vector<QByteArray> queued;
    };

    void authenticate(std::unique_ptr<WebSocketConnection> socket);
    void receive(WebSocketConnection *socket, const QString &text);
    /// False when the player's connection is over its message rate (it is told, or closed).
    bool admitMessage(Session &session);
    void handlePlayer(Session &session, const QString &type, const QJsonObject &message);
    /// A move of the session's character; a refused one is answered by a `blocked` event.
    void move(Session &session, double dx, double dy, double dz);
    void join(Session &session, const QString &name);
    void unjoin(Session &session);
    void disconnected(WebSocketConnection *socket);

    void send(Session &session, const QByteArray &json);
    /// Sets what the player was told about last (sorted ids).
    void keepVisible(Session &session, const std::vector<qint64> &ids);
    /// Broadcasts to players wait for the tick: one line said in a crowded zone would otherwise
    /// cost a write to every player's socket, and the tick writes to each of them anyway.
    void queue(Session &session, const QByteArray &json);
    void sendQueued();
    void sendJson(Session &session, const QJsonObject &message);
    void sendError(Session &session, const QString &code, const QString &message, const QJsonObject &request);
    void drop(Session &session, quint16 code, const QString &reason);
    Session *find(WebSocketConnection *socket);
    Session *sessionOf(const QString &character);
    /// The bus's update for a tick: every change, objects with their data; delta: changed
    /// objects as their changed fields.
    QByteArray busUpdate(const QByteArray &head, const WorldModel::TickChanges &changes, bool delta) const;

    void deliverChat(const ChatMessage &message);
    void deliverTell(const ChatMessage &message);
    void deliverGlobal(const ChatMessage &message);
    void deliverBusEvent(const QJsonObject &event);
    void deliverObjectEvent(qint64 id, const QJsonObject &event);
    void characterLeft(const QString &name, const QString &reason);

    HttpServer &m_http;
    Zone &m_zone;
    ZoneSpectators *m_spectators = nullptr;
    std::unordered_map<WebSocketConnection *, std::unique_ptr<Session>> m_sessions;
    QHash<QString, Session *> m_byCharacter; ///< name key -> the session that joined it
    quint64 &m_bytesOut;
    quint64 &m_messagesOut;
    quint64 &m_slowDrops;
    std::vector<qint64> m_nowVisible; ///< publish's scratch, kept to save allocating it per player
};

} // namespace smmo
