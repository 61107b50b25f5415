// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ColyseusTransport.h"

#include "MsgPack.h"

#include <QJsonArray>
#include <QUrlQuery>

namespace smmo::bots {

namespace ColyseusProtocol {

QByteArray roomData(const QString &type, const QJsonValue &payload)
{
    QByteArray frame(1, char(RoomData));
    MsgPack::encodeString(frame, type);
    MsgPack::encodeInto(frame, payload);
    return frame;
}

void appendMove(QByteArray &frame, double dx, double dy)
{
    frame.append(char(RoomData));
    frame.append("\xa4move", 5);
    frame.append(char(0x82)); // a map of two
    frame.append("\xa2"
                 "dx",
                 3);
    MsgPack::encodeInto(frame, QJsonValue(dx));
    frame.append("\xa2"
                 "dy",
                 3);
    MsgPack::encodeInto(frame, QJsonValue(dy));
}

bool parseRoomData(const QByteArray &frame, QString *type, QJsonValue *payload)
{
    if (frame.isEmpty() || (quint8(frame[0]) & CodeMask) != RoomData)
        return false;
    qsizetype offset = 1;
    QJsonValue typeValue;
    if (!MsgPack::decode(frame, &offset, &typeValue) || !(typeValue.isString() || typeValue.isDouble()))
        return false;
    *type = typeValue.isString() ? typeValue.toString() : QString::number(typeValue.toInteger());
    *payload = QJsonValue();
    if (offset < frame.size() && !MsgPack::decode(frame, &offset, payload))
        return false;
    return offset == frame.size();
}

bool scanRoomData(QByteArrayView frame, QByteArrayView *type, std::vector<qint64> *ids)
{
    *type = QByteArrayView();
    if (frame.isEmpty() || (quint8(frame[0]) & CodeMask) != RoomData)
        return false;
    MsgPack::Scanner scan(frame, 1);
    qint64 numeric = 0;
    if (!scan.string(type))
        return scan.integer(&numeric);
    if (*type != QByteArrayView("update"))
        return true;
    // {"tick": n, "changed": [[id, x, y], ...], "entered": [...], "left": [ids]}
    quint64 keys = 0;
    if (!scan.mapHeader(&keys))
        return false;
    for (quint64 k = 0; k < keys; ++k) {
        QByteArrayView key;
        if (!scan.string(&key))
            return false;
        if (key != QByteArrayView("changed") && key != QByteArrayView("entered")) {
            if (!scan.skip())
                return false;
            continue;
        }
        quint64 entries = 0;
        if (!scan.arrayHeader(&entries))
            return false;
        for (quint64 e = 0; e < entries; ++e) {
            quint64 fields = 0;
            qint64 id = 0;
            if (!scan.arrayHeader(&fields) || fields < 1 || !scan.integer(&id))
                return false;
            ids->push_back(id);
            for (quint64 f = 1; f < fields; ++f)
                if (!scan.skip())
                    return false;
        }
    }
    return scan.atEnd();
}

QUrl roomUrl(const QUrl &serverUrl, const QJsonObject &reservation)
{
    const QJsonObject room = reservation.contains(QLatin1String("room"))
                                 ? reservation.value(QLatin1String("room")).toObject()
                                 : reservation;
    QUrl url = serverUrl;
    url.setScheme(serverUrl.scheme() == QLatin1String("https") ? QStringLiteral("wss")
                                                               : QStringLiteral("ws"));
    url.setPath(QStringLiteral("/%1/%2").arg(room.value(QLatin1String("processId")).toString(),
                                             room.value(QLatin1String("roomId")).toString()));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("sessionId"), reservation.value(QLatin1String("sessionId")).toString());
    url.setQuery(query);
    return url;
}

} // namespace ColyseusProtocol

using namespace ColyseusProtocol;

ColyseusServer::ColyseusServer(const QUrl &url, QString roomName, QObject *parent)
    : QObject(parent), m_url(url), m_roomName(std::move(roomName)),
      m_http(QStringLiteral("Colyseus"), url, this)
{
    m_http.setTimeout(60000);
}

ColyseusTransport::ColyseusTransport(Identity identity, BotEvents *events, ColyseusServer *server)
    : BotTransport(std::move(identity), events), m_server(server), m_socket(this)
{}

void ColyseusTransport::closed(int code, const QString &reason)
{
    connectionClosed(code, reason);
}

ColyseusTransport::~ColyseusTransport()
{
    stop();
}

void ColyseusTransport::start()
{
    const QJsonObject options{{QStringLiteral("name"), m_identity.account},
                              {QStringLiteral("x"), m_identity.homeX},
                              {QStringLiteral("y"), m_identity.homeY}};
    m_server->http().post(QStringLiteral("/matchmake/joinOrCreate/") + m_server->roomName(), options, this,
                          [this](const ServiceResult &r) {
                              if (!r.ok || !r.json.isObject())
                                  return m_events->failed(m_identity.index, QStringLiteral("matchmake"),
                                                          r.error.isEmpty() ? QString::fromUtf8(r.body)
                                                                            : r.error);
                              m_socket.open(roomUrl(m_server->url(), r.object()));
                          });
}

void ColyseusTransport::messageReceived(QByteArrayView frame, bool)
{
    if (frame.isEmpty())
        return;
    const quint8 code = quint8(frame[0]) & CodeMask;
    if (code == JoinRoom) {
        // The server's handshake (reconnection token, serializer, state reflection); the client
        // acknowledges it with the bare code, after which the room sends what onJoin queued.
        const char ack = char(JoinRoom);
        m_socket.sendBinary(QByteArrayView(&ack, 1));
    } else if (code == RoomData) {
        QByteArrayView type;
        m_ids.clear();
        if (!scanRoomData(frame, &type, &m_ids))
            return m_events->errorReceived(m_identity.index, QStringLiteral("malformed"));
        if (type == QByteArrayView("update")) {
            int objects = 0;
            for (const qint64 id : m_ids) {
                if (id == m_selfId)
                    continue;
                ++objects;
                m_events->objectSeen(m_identity.index, id);
            }
            return m_events->updateReceived(m_identity.index, objects);
        }
        // Everything else is rare enough to be read whole.
        QString name;
        QJsonValue payload;
        if (parseRoomData(frame.toByteArray(), &name, &payload))
            roomMessage(name, payload);
        else
            m_events->errorReceived(m_identity.index, QStringLiteral("malformed"));
    } else if (code == Error) {
        if (!m_ready)
            return m_events->failed(m_identity.index, QStringLiteral("join"), QStringLiteral("room error"));
        m_events->errorReceived(m_identity.index, QStringLiteral("room_error"));
    } else if (code == Ping) {
        const char pong = char(Ping);
        m_socket.sendBinary(QByteArrayView(&pong, 1));
    }
    // ROOM_STATE / ROOM_STATE_PATCH: the bench room keeps no synchronised state.
}

void ColyseusTransport::roomMessage(const QString &type, const QJsonValue &payload)
{
    const int bot = m_identity.index;
    if (type == QLatin1String("chat")) {
        m_events->chatReceived(bot, payload.toObject().value(QLatin1String("text")).toString());
    } else if (type == QLatin1String("joined")) {
        m_selfId = payload.toObject().value(QLatin1String("id")).toInteger();
        m_ready = true;
        m_events->ready(bot, m_selfId);
    } else if (type == QLatin1String("error")) {
        m_events->errorReceived(bot, payload.toObject().value(QLatin1String("code")).toString());
    }
}

void ColyseusTransport::move(double dx, double dy)
{
    if (!m_ready)
        return;
    m_frame.resize(0); // keeps its capacity: no allocation per move
    appendMove(m_frame, dx, dy);
    m_socket.sendBinary(m_frame);
}

void ColyseusTransport::say(const QString &text)
{
    if (m_ready)
        m_socket.sendBinary(roomData(QStringLiteral("say"), QJsonObject{{QStringLiteral("text"), text}}));
}

void ColyseusTransport::stop()
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_ready = false;
    if (m_socket.isOpen()) {
        const char leave = char(LeaveRoom);
        m_socket.sendBinary(QByteArrayView(&leave, 1));
    }
    m_socket.close();
}

} // namespace smmo::bots
