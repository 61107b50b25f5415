// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "BotTransport.h"
#include "ServiceClient.h"

#include <QObject>
#include <QUrl>
#include <QWebSocket>

namespace smmo::bots {

/// Colyseus 0.18's wire format (from @colyseus/core and @colyseus/shared-types as npm installs
/// them): every WebSocket frame is binary, its first byte a protocol code; room messages are
/// [ROOM_DATA][type as a msgpack string][payload as msgpack].
namespace ColyseusProtocol {
constexpr quint8 JoinRoom = 10;
constexpr quint8 Error = 11;
constexpr quint8 LeaveRoom = 12;
constexpr quint8 RoomData = 13;
constexpr quint8 RoomState = 14;
constexpr quint8 RoomStatePatch = 15;
constexpr quint8 Ping = 18;
constexpr quint8 CodeMask = 0x1f; // the upper bits are modifiers

QByteArray roomData(const QString &type, const QJsonValue &payload);
/// A ROOM_DATA frame's type and payload; false when the frame is not one or is malformed.
bool parseRoomData(const QByteArray &frame, QString *type, QJsonValue *payload);
/// ws://host:port/<processId>/<roomId>?sessionId=<id> from the matchmaker's seat reservation
/// (`{"sessionId", "roomId", "processId", ...}`, or the older `{"sessionId", "room": {...}}`).
QUrl roomUrl(const QUrl &serverUrl, const QJsonObject &reservation);
} // namespace ColyseusProtocol

/// The Colyseus server one thread's bots use, and the room they join.
class ColyseusServer : public QObject
{
    Q_OBJECT
public:
    ColyseusServer(const QUrl &url, QString roomName, QObject *parent = nullptr);
    ServiceClient &http() { return m_http; }
    QUrl url() const { return m_url; }
    QString roomName() const { return m_roomName; }

private:
    QUrl m_url;
    QString m_roomName;
    ServiceClient m_http;
};

/// A bot in the bench's Colyseus room (bench/colyseus/room.js): matchmaking
/// (POST /matchmake/joinOrCreate/<room> with its name and home), the room's WebSocket, the join
/// handshake, then "move" {dx, dy} and "say" {text}; the room answers "joined" {id}, "update"
/// {tick, changed, entered, left} (objects as [id, x, y]) and "chat" {sender, text}.
class ColyseusTransport : public QObject, public BotTransport
{
    Q_OBJECT
public:
    ColyseusTransport(Identity identity, BotEvents *events, ColyseusServer *server);
    ~ColyseusTransport() override;

    void start() override;
    void move(double dx, double dy) override;
    void say(const QString &text) override;
    void stop() override;

private:
    void received(const QByteArray &frame);
    void roomMessage(const QString &type, const QJsonValue &payload);

    ColyseusServer *m_server;
    QWebSocket m_socket;
    qint64 m_selfId = 0;
    bool m_ready = false;
    bool m_stopping = false;
};

} // namespace smmo::bots
