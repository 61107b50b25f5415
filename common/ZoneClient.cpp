// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ZoneClient.h"

#include <QJsonDocument>
#include <QNetworkRequest>
#include <QUrlQuery>

namespace smmo {

ZoneClient::ZoneClient(QObject *parent) : QObject(parent)
{
    connect(&m_socket, &QWebSocket::connected, this, [this] {
        const QStringList pending = std::exchange(m_pending, {});
        for (const QString &text : pending)
            m_socket.sendTextMessage(text);
        emit connected();
    });
    connect(&m_socket, &QWebSocket::disconnected, this, [this] {
        m_character.clear();
        m_selfId = 0;
        emit disconnected(int(m_socket.closeCode()), m_socket.closeReason());
    });
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &ZoneClient::received);
    connect(&m_socket, &QWebSocket::binaryMessageReceived, this,
            [this](const QByteArray &bytes) { received(QString::fromUtf8(bytes)); });
}

ZoneClient::~ZoneClient()
{
    m_socket.disconnect(this);
}

QUrl ZoneClient::streamUrl(const QUrl &zoneUrl)
{
    QUrl url = zoneUrl;
    url.setScheme(zoneUrl.scheme() == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws"));
    QString path = url.path();
    if (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path + QStringLiteral("/stream"));
    return url;
}

void ZoneClient::open(const QUrl &zoneUrl, const QByteArray &token)
{
    // Updates may carry only what changed about objects this client knows; received() completes
    // them from its mirror, so its signals show whole objects either way.
    QUrl url = streamUrl(zoneUrl);
    QUrlQuery query(url);
    query.removeAllQueryItems(QStringLiteral("updates"));
    query.addQueryItem(QStringLiteral("updates"), QStringLiteral("delta"));
    url.setQuery(query);
    QNetworkRequest request(url);
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token);
    m_socket.open(request);
}

void ZoneClient::close()
{
    m_socket.close();
}

void ZoneClient::sendText(const QString &text)
{
    if (isConnected())
        m_socket.sendTextMessage(text);
    else
        m_pending.append(text);
}

void ZoneClient::send(const QJsonObject &message)
{
    sendText(QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
}

void ZoneClient::join(const QString &character)
{
    send({{QStringLiteral("type"), QStringLiteral("join")}, {QStringLiteral("character"), character}});
}

void ZoneClient::leave()
{
    send({{QStringLiteral("type"), QStringLiteral("leave")}});
}

void ZoneClient::move(double dx, double dy, double dz)
{
    send({{QStringLiteral("type"), QStringLiteral("move")},
          {QStringLiteral("dx"), dx},
          {QStringLiteral("dy"), dy},
          {QStringLiteral("dz"), dz}});
}

void ZoneClient::say(const QString &text)
{
    send({{QStringLiteral("type"), QStringLiteral("say")}, {QStringLiteral("text"), text}});
}

void ZoneClient::tell(const QString &to, const QString &text)
{
    send({{QStringLiteral("type"), QStringLiteral("tell")},
          {QStringLiteral("to"), to},
          {QStringLiteral("text"), text}});
}

void ZoneClient::activate(qint64 id)
{
    send({{QStringLiteral("type"), QStringLiteral("activate")}, {QStringLiteral("id"), id}});
}

void ZoneClient::sendGlobal(const QString &text)
{
    send({{QStringLiteral("type"), QStringLiteral("global")}, {QStringLiteral("text"), text}});
}

void ZoneClient::correct(qint64 id, double x, double y, double z)
{
    send({{QStringLiteral("type"), QStringLiteral("correct")},
          {QStringLiteral("id"), id},
          {QStringLiteral("loc_x"), x},
          {QStringLiteral("loc_y"), y},
          {QStringLiteral("loc_z"), z}});
}

void ZoneClient::sendAction(const QString &action, QJsonObject fields)
{
    fields.insert(QStringLiteral("type"), QStringLiteral("action"));
    fields.insert(QStringLiteral("action"), action);
    send(fields);
}

void ZoneClient::store(const QJsonArray &objects)
{
    for (const auto &value : objects) {
        const QJsonObject object = value.toObject();
        m_objects.insert(qint64(object.value(QStringLiteral("id")).toDouble()), object);
    }
}

QJsonArray ZoneClient::merge(const QJsonArray &changes)
{
    QJsonArray whole;
    for (const auto &value : changes) {
        const QJsonObject change = value.toObject();
        const qint64 id = qint64(change.value(QStringLiteral("id")).toDouble());
        const auto it = m_objects.find(id);
        if (it == m_objects.end()) { // not known (cannot happen with a zone that keeps the protocol)
            m_objects.insert(id, change);
            whole.append(change);
            continue;
        }
        for (auto field = change.begin(); field != change.end(); ++field)
            it->insert(field.key(), field.value());
        whole.append(*it);
    }
    return whole;
}

void ZoneClient::received(const QString &text)
{
    m_bytesReceived += quint64(text.size());
    ++m_messagesReceived;
    QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString type = message.value(QStringLiteral("type")).toString();
    if (type == QLatin1String("update")) {
        QJsonArray changed = message.value(QStringLiteral("changed")).toArray();
        const QJsonArray entered = message.value(QStringLiteral("entered")).toArray();
        const QJsonArray left = message.value(QStringLiteral("left")).toArray();
        if (m_delta) {
            changed = merge(changed);
            message.insert(QStringLiteral("changed"), changed);
        } else {
            store(changed);
        }
        store(entered);
        for (const auto &id : left)
            m_objects.remove(qint64(id.toDouble()));
        emit updated(qint64(message.value(QStringLiteral("tick")).toDouble()), changed, entered, left);
    } else if (type == QLatin1String("chat")) {
        emit chatReceived(message);
    } else if (type == QLatin1String("event")) {
        if (message.value(QStringLiteral("event")).toString() == QLatin1String("left") &&
            message.value(QStringLiteral("character")).toString() == m_character) {
            m_character.clear();
            m_selfId = 0;
            m_objects.clear();
        }
        emit eventReceived(message);
    } else if (type == QLatin1String("joined")) {
        m_character = message.value(QStringLiteral("character")).toString();
        m_selfId = qint64(message.value(QStringLiteral("id")).toDouble());
        m_objects.clear();
        const QJsonArray objects = message.value(QStringLiteral("objects")).toArray();
        store(objects);
        emit joined(message.value(QStringLiteral("self")).toObject(), objects);
    } else if (type == QLatin1String("hello")) {
        m_role = message.value(QStringLiteral("role")).toString();
        m_zone = message.value(QStringLiteral("zone")).toString();
        m_delta = message.value(QStringLiteral("updates")).toString() == QLatin1String("delta");
        m_objects.clear();
        store(message.value(QStringLiteral("objects")).toArray());
        emit hello(message);
    } else if (type == QLatin1String("error")) {
        emit errorReceived(message.value(QStringLiteral("code")).toString(),
                           message.value(QStringLiteral("message")).toString(), message);
    }
    emit messageReceived(message);
}

} // namespace smmo
