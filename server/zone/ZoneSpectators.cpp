// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ZoneSpectators.h"

#include "HttpServer.h"
#include "Logging.h"
#include "Zone.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrlQuery>

namespace smmo {

namespace {

constexpr qint64 maxIncomingMessageBytes = 4 * 1024;

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray errorJson(const QString &code, const QString &message)
{
    return compact({{QStringLiteral("type"), QStringLiteral("error")},
                    {QStringLiteral("code"), code},
                    {QStringLiteral("message"), message}});
}

} // namespace

ZoneSpectators::ZoneSpectators(HttpServer &http, Zone &zone, QObject *parent)
    : QObject(parent), m_zone(zone),
      m_bytesOut(http.metrics().counter("simplemmo_zone_spectator_bytes_total",
                                        "Bytes sent to administrators watching the zone."))
{
    http.metrics().addGauge("simplemmo_zone_spectators", "Administrators watching the zone's stream.",
                            [this] { return double(count()); });
    http.addHealthFields(
        [this](QJsonObject &health) { health.insert(QStringLiteral("spectators"), count()); });

    connect(&zone, &Zone::chatPosted, this, &ZoneSpectators::deliverChat);
    connect(&zone, &Zone::tellPosted, this, &ZoneSpectators::deliverChat);
    connect(&zone, &Zone::globalPosted, this, &ZoneSpectators::deliverChat);
    connect(&zone, &Zone::busEvent, this, &ZoneSpectators::deliverBusEvent);
    connect(&zone, &Zone::objectEvent, this, [this](qint64, const QJsonObject &event) {
        if (!m_spectators.empty())
            sendToAll(compact(event));
    });
}

ZoneSpectators::~ZoneSpectators()
{
    for (auto &spectator : m_spectators)
        spectator->socket->disconnect(this);
}

bool ZoneSpectators::wantsToSpectate(const QNetworkRequest &request)
{
    return QUrlQuery(request.url()).queryItemValue(QStringLiteral("role")) == QLatin1String("spectator");
}

void ZoneSpectators::refuse(std::unique_ptr<WebSocketConnection> socket, const QString &code,
                            const QString &message)
{
    socket->sendText(errorJson(code, message));
    socket->close(websocket::ClosePolicyViolated, QStringLiteral("%1: %2").arg(code, message).left(120));
    WebSocketConnection *raw = socket.release();
    connect(raw, &WebSocketConnection::disconnected, raw, &QObject::deleteLater);
}

void ZoneSpectators::adopt(std::unique_ptr<WebSocketConnection> socket, const SessionClaims &claims)
{
    if (!claims.hasRole(QStringLiteral("admin"))) {
        refuse(std::move(socket), QStringLiteral("forbidden"),
               QStringLiteral("Only administrators may spectate."));
        return;
    }
    auto spectator = std::make_unique<Spectator>();
    spectator->user = claims.userName;
    WebSocketConnection *raw = socket.get();
    spectator->socket = std::move(socket);
    raw->setMaxIncomingMessageBytes(maxIncomingMessageBytes);
    connect(raw, &WebSocketConnection::textMessageReceived, this,
            [this, raw](const QString &text) { received(raw, text); });
    connect(raw, &WebSocketConnection::binaryMessageReceived, this,
            [this, raw](const QByteArray &bytes) { received(raw, QString::fromUtf8(bytes)); });
    // Queued: spectators are only removed from the event loop, never while a loop walks them.
    connect(
        raw, &WebSocketConnection::disconnected, this, [this, raw] { disconnected(raw); },
        Qt::QueuedConnection);
    m_spectators.push_back(std::move(spectator));

    QJsonArray objects;
    for (const auto &object : m_zone.world().objects())
        objects.append(object.toJson());
    send(*m_spectators.back(), compact({{QStringLiteral("type"), QStringLiteral("hello")},
                                        {QStringLiteral("zone"), m_zone.id()},
                                        {QStringLiteral("role"), QStringLiteral("spectator")},
                                        {QStringLiteral("user"), claims.userName},
                                        {QStringLiteral("tick_hz"), m_zone.settings().tickHz},
                                        {QStringLiteral("aoi_radius"), m_zone.settings().aoiRadius},
                                        {QStringLiteral("objects"), objects}}));
    qCInfo(lcZone, "%s is watching %s", qPrintable(claims.userName), qPrintable(m_zone.id()));
}

ZoneSpectators::Spectator *ZoneSpectators::find(WebSocketConnection *socket)
{
    for (auto &spectator : m_spectators)
        if (spectator->socket.get() == socket)
            return spectator.get();
    return nullptr;
}

void ZoneSpectators::received(WebSocketConnection *socket, const QString &)
{
    if (Spectator *spectator = find(socket))
        send(*spectator,
             errorJson(QStringLiteral("forbidden"),
                       QStringLiteral("A spectator only watches; it sends nothing to the zone.")));
}

void ZoneSpectators::disconnected(WebSocketConnection *socket)
{
    for (auto it = m_spectators.begin(); it != m_spectators.end(); ++it) {
        if ((*it)->socket.get() != socket)
            continue;
        std::unique_ptr<Spectator> gone = std::move(*it);
        m_spectators.erase(it);
        // Deleting a socket inside its own signal is not allowed.
        gone->socket->disconnect(this);
        gone->socket.release()->deleteLater();
        return;
    }
}

void ZoneSpectators::send(Spectator &spectator, const QByteArray &json)
{
    WebSocketConnection *socket = spectator.socket.get();
    if (spectator.dropped || !socket->isOpen())
        return;
    // As for players: a spectator that does not keep up is dropped, not buffered without bound.
    const qint64 queued = socket->bytesToWrite();
    if (queued > m_zone.settings().maxClientBuffer) {
        spectator.dropped = true;
        qCWarning(lcZone, "dropping spectator %s: %lld bytes waiting", qPrintable(spectator.user), queued);
        socket->close(websocket::ClosePolicyViolated,
                      QStringLiteral("too slow: %1 bytes waiting to be sent").arg(queued));
        return;
    }
    socket->sendText(json);
    m_bytesOut += quint64(json.size());
}

void ZoneSpectators::sendToAll(const QByteArray &json)
{
    for (auto &spectator : m_spectators)
        send(*spectator, json);
}

void ZoneSpectators::publish(qint64 tick, const WorldModel::TickChanges &changes)
{
    if (m_spectators.empty() ||
        (changes.added.isEmpty() && changes.changed.isEmpty() && changes.removed.isEmpty()))
        return;
    const auto objectsJson = [this](const QSet<qint64> &ids) {
        QByteArray json = "[";
        for (const qint64 id : ids) {
            if (const ZoneObject *object = m_zone.world().find(id)) {
                if (json.size() > 1)
                    json += ',';
                json += object->toCompactJson(false);
            }
        }
        return json + ']';
    };
    QByteArray left = "[";
    for (const qint64 id : changes.removed) {
        if (left.size() > 1)
            left += ',';
        left += QByteArray::number(id);
    }
    left += ']';
    sendToAll("{\"type\":\"update\",\"tick\":" + QByteArray::number(tick) +
              ",\"changed\":" + objectsJson(changes.changed) + ",\"entered\":" + objectsJson(changes.added) +
              ",\"left\":" + left + '}');
}

void ZoneSpectators::deliverChat(const ChatMessage &message)
{
    if (!m_spectators.empty())
        sendToAll(compact(message.toStreamJson()));
}

void ZoneSpectators::deliverBusEvent(const QJsonObject &event)
{
    // Characters entering and leaving; not the bus's own business (activation requests, reloads).
    const QString name = event.value(QStringLiteral("event")).toString();
    if (!m_spectators.empty() && (name == QLatin1String("entered") || name == QLatin1String("left")))
        sendToAll(compact(event));
}

void ZoneSpectators::closeAll(const QString &reason)
{
    for (auto &spectator : m_spectators) {
        spectator->socket->disconnect(this);
        spectator->socket->close(websocket::CloseGoingAway, reason.left(120));
    }
    m_spectators.clear();
}

} // namespace smmo
