// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "BotTransport.h"
#include "ServiceClient.h"
#include "WebSocketClient.h"

#include <QObject>
#include <QUrl>

#include <memory>
#include <vector>

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
/// Appends what roomData("move", {dx, dy}) is, without building the object.
void appendMove(QByteArray &frame, double dx, double dy);
/// A ROOM_DATA frame's type and payload; false when the frame is not one or is malformed.
bool parseRoomData(const QByteArray &frame, QString *type, QJsonValue *payload);
/// The bots' hot path, building nothing: a ROOM_DATA frame's type (a string type; empty for a
/// numeric one) and, for an "update", the id (first element) of every entry of its "changed" and
/// "entered" lists. false when the frame is not ROOM_DATA or the update is malformed.
bool scanRoomData(QByteArrayView frame, QByteArrayView *type, std::vector<qint64> *ids);
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
///
/// Like SimpleMmoTransport it reads its room the lean way (WebSocketClient, scanRoomData), so both
/// targets cost the bots the same kind of work per message.
class ColyseusTransport : public QObject, public BotTransport, private WebSocketClient::Handler
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
    void roomMessage(const QString &type, const QJsonValue &payload);

    // WebSocketClient::Handler
    void opened() override {}
    void messageReceived(QByteArrayView frame, bool text) override;
    void closed(int code, const QString &reason) override;

    ColyseusServer *m_server;
    WebSocketClient m_socket;
    std::vector<qint64> m_ids; ///< scratch: one update's object ids
    QByteArray m_frame;        ///< scratch: one move
    qint64 m_selfId = 0;
};

} // namespace smmo::bots
