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
    : BotTransport(std::move(identity), events), m_server(server)
{
    const int bot = m_identity.index;
    connect(&m_socket, &QWebSocket::binaryMessageReceived, this, &ColyseusTransport::received);
    connect(&m_socket, &QWebSocket::disconnected, this, [this, bot] {
        if (m_stopping)
            return;
        const QString why =
            QStringLiteral("%1 %2").arg(int(m_socket.closeCode())).arg(m_socket.closeReason()).trimmed();
        if (!m_ready)
            return m_events->failed(bot, QStringLiteral("join"), QStringLiteral("closed: ") + why);
        m_ready = false;
        m_events->disconnected(bot, why);
    });
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

void ColyseusTransport::received(const QByteArray &frame)
{
    if (frame.isEmpty())
        return;
    const quint8 code = quint8(frame[0]) & CodeMask;
    if (code == JoinRoom) {
        // The server's handshake (reconnection token, serializer, state reflection); the client
        // acknowledges it with the bare code, after which the room sends what onJoin queued.
        m_socket.sendBinaryMessage(QByteArray(1, char(JoinRoom)));
    } else if (code == RoomData) {
        QString type;
        QJsonValue payload;
        if (parseRoomData(frame, &type, &payload))
            roomMessage(type, payload);
        else
            m_events->errorReceived(m_identity.index, QStringLiteral("malformed"));
    } else if (code == Error) {
        if (!m_ready)
            return m_events->failed(m_identity.index, QStringLiteral("join"), QStringLiteral("room error"));
        m_events->errorReceived(m_identity.index, QStringLiteral("room_error"));
    } else if (code == Ping) {
        m_socket.sendBinaryMessage(QByteArray(1, char(Ping)));
    }
    // ROOM_STATE / ROOM_STATE_PATCH: the bench room keeps no synchronised state.
}

void ColyseusTransport::roomMessage(const QString &type, const QJsonValue &payload)
{
    const int bot = m_identity.index;
    if (type == QLatin1String("update")) {
        const QJsonObject update = payload.toObject();
        int objects = 0;
        for (const QLatin1String key : {QLatin1String("changed"), QLatin1String("entered")}) {
            for (const auto &entry : update.value(key).toArray()) {
                const qint64 id = entry.toArray().at(0).toInteger();
                if (id == m_selfId)
                    continue;
                ++objects;
                m_events->objectSeen(bot, id);
            }
        }
        m_events->updateReceived(bot, objects);
    } else if (type == QLatin1String("chat")) {
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
    if (m_ready)
        m_socket.sendBinaryMessage(roomData(
            QStringLiteral("move"), QJsonObject{{QStringLiteral("dx"), dx}, {QStringLiteral("dy"), dy}}));
}

void ColyseusTransport::say(const QString &text)
{
    if (m_ready)
        m_socket.sendBinaryMessage(
            roomData(QStringLiteral("say"), QJsonObject{{QStringLiteral("text"), text}}));
}

void ColyseusTransport::stop()
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_ready = false;
    if (m_socket.state() == QAbstractSocket::ConnectedState)
        m_socket.sendBinaryMessage(QByteArray(1, char(LeaveRoom)));
    m_socket.close();
}

} // namespace smmo::bots
