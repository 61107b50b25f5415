// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "ChatMessage.h"
#include "SessionToken.h"
#include "WorldModel.h"

#include "WebSocketConnection.h"
#include <QJsonObject>
#include <QObject>

#include <memory>
#include <vector>

class QNetworkRequest;

namespace smmo {

class HttpServer;
class Zone;

/// Administrators watching a zone over its WebSocket (`/stream?role=spectator`, docs/protocol.md):
/// read-only connections without a character that see every object regardless of any area of
/// interest, every tick's changes, all chat including tells, and the events about objects
/// (collisions, script errors) and characters entering and leaving. They do not keep a zone from
/// going idle. Kept apart from ZoneStream, whose players and bus it leaves untouched.
class ZoneSpectators : public QObject
{
    Q_OBJECT
public:
    ZoneSpectators(HttpServer &http, Zone &zone, QObject *parent = nullptr);
    ~ZoneSpectators() override;

    /// Whether a stream connection asks to watch rather than play (`?role=spectator`).
    static bool wantsToSpectate(const QNetworkRequest &request);
    /// Takes over an authenticated stream connection that asked to spectate: an administrator gets
    /// the hello with every object; anyone else an error `forbidden` and a close with 1008.
    void adopt(std::unique_ptr<WebSocketConnection> socket, const SessionClaims &claims);

    /// Sends one tick's changes: every changed, created and destroyed object.
    void publish(qint64 tick, const WorldModel::TickChanges &changes);
    /// Closes every spectator's connection (the zone is stopping).
    void closeAll(const QString &reason);
    int count() const { return int(m_spectators.size()); }

private:
    struct Spectator
    {
        std::unique_ptr<WebSocketConnection> socket;
        QString user;
        bool dropped = false;
    };

    void sendToAll(const QByteArray &json);
    void send(Spectator &spectator, const QByteArray &json);
    void refuse(std::unique_ptr<WebSocketConnection> socket, const QString &code, const QString &message);
    void received(WebSocketConnection *socket, const QString &text);
    void disconnected(WebSocketConnection *socket);
    Spectator *find(WebSocketConnection *socket);

    void deliverChat(const ChatMessage &message);
    void deliverBusEvent(const QJsonObject &event);

    Zone &m_zone;
    std::vector<std::unique_ptr<Spectator>> m_spectators;
    quint64 &m_bytesOut;
};

} // namespace smmo
