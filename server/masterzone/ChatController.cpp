// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ChatController.h"

#include "ApiError.h"
#include "CharacterStore.h"
#include "GlobalChatStore.h"
#include "Logging.h"
#include "Names.h"
#include "ServiceClient.h"
#include "SinceTime.h"
#include "ZoneClients.h"
#include "ZoneRegistry.h"

#include <QJsonArray>

#include <optional>

namespace smmo {

ChatController::ChatController(CharacterStore &characters, GlobalChatStore &chat, ZoneRegistry &registry,
                               ZoneClients &clients, Limits limits, QObject *parent)
    : QObject(parent), m_characters(characters), m_chat(chat), m_registry(registry), m_clients(clients),
      m_limits(limits), m_rate(limits.perWindow, limits.windowMs)
{}

void ChatController::registerRoutes(HttpServer &http)
{
    http.post(QStringLiteral("/chat/global"), [this](const HttpRequest &r) { return postGlobalAction(r); });
    http.get(QStringLiteral("/chat/global"), [this](const HttpRequest &r) { return listGlobalAction(r); });
    http.post(QStringLiteral("/chat/broadcast"),
              [this](const HttpRequest &r) { return serverBroadcastAction(r); });
    http.post(QStringLiteral("/global"), [this](const HttpRequest &r) { return zoneGlobalAction(r); });
    http.routeAsync({"POST"}, QStringLiteral("/tell"),
                    [this](const HttpRequest &r, HttpResponder s) { tellAction(r, std::move(s)); });
}

HttpReply ChatController::postGlobalAction(const HttpRequest &request)
{
    const auto &session = request.requireSession();
    const QString name =
        request.requireField(QStringLiteral("character"), QStringLiteral("A character is required."));
    const QString text =
        request.requireField(QStringLiteral("text"), QStringLiteral("A message text is required."));
    return publish(name, text, session.userId);
}

HttpReply ChatController::zoneGlobalAction(const HttpRequest &request)
{
    request.requireRole(QStringLiteral("service"));
    const QString name =
        request.requireField(QStringLiteral("sender"), QStringLiteral("sender is required."));
    const QString text =
        request.requireField(QStringLiteral("text"), QStringLiteral("A message text is required."));
    return publish(name, text, std::nullopt);
}

HttpReply ChatController::serverBroadcastAction(const HttpRequest &request)
{
    const auto &session = request.requireRole(QStringLiteral("admin"));
    const QString text = checkedText(
        request.requireField(QStringLiteral("text"), QStringLiteral("A message text is required.")));
    // Administrators are not rate-limited; the log keeps who spoke for the server.
    qCInfo(lcMaster, "global line as the server from administrator %s", qPrintable(session.userName));
    return storeAndFanOut(GlobalMessage::serverSender, 0, text);
}

QString ChatController::checkedText(const QString &rawText) const
{
    const QString text = rawText.trimmed();
    if (text.isEmpty())
        throw ApiError::badRequest(QStringLiteral("A message text is required."));
    if (text.size() > m_limits.maxLength)
        throw ApiError::badRequest(
            QStringLiteral("A message may be at most %1 characters.").arg(m_limits.maxLength));
    return text;
}

HttpReply ChatController::storeAndFanOut(const QString &sender, qint64 userId, const QString &text)
{
    const GlobalMessage message = m_chat.add(sender, userId, text);
    QJsonObject json = message.toJson();
    json.insert(QStringLiteral("zones"), fanOut(message));
    return HttpReply::json(json);
}

HttpReply ChatController::publish(const QString &sender, const QString &rawText,
                                  const std::optional<qint64> &userId)
{
    const QString text = checkedText(rawText);
    const auto character = isValidName(sender) ? m_characters.find(sender) : std::nullopt;
    if (!character)
        throw ApiError::notFound(QStringLiteral("No such character: %1").arg(sender.left(64)));
    // A player speaks only as their own character; a zone (service) speaks for whoever is in it.
    if (userId && character->ownerId != *userId)
        throw ApiError::forbidden(QStringLiteral("%1 is not your character.").arg(character->name));

    const QString key = QString::number(character->ownerId);
    if (const qint64 wait = m_rate.retryAfterMs(key); wait > 0)
        throw ApiError(429, QStringLiteral("Too many messages; wait a moment."),
                       QStringLiteral("rate_limited"))
            .withHeader("Retry-After", QByteArray::number((wait + 999) / 1000));
    if (m_rate.trackedKeys() > 10000)
        m_rate.prune(); // bound the memory of users who have gone quiet
    m_rate.record(key);
    return storeAndFanOut(character->name, character->ownerId, text);
}

int ChatController::fanOut(const GlobalMessage &message)
{
    QJsonObject body = message.toJson();
    body.insert(QStringLiteral("text"), message.body); // the zones' name for the body
    int zones = 0;
    for (const auto &zone : m_registry.zones()) {
        if (zone.state != ZoneState::Running)
            continue;
        ++zones;
        const QString zoneId = zone.id;
        m_clients.forZone(zone.url).post(QStringLiteral("/internal/global"), body, this,
                                         [zoneId](const ServiceResult &result) {
                                             if (!result.ok)
                                                 qCWarning(lcMaster, "global chat to %s: %s",
                                                           qPrintable(zoneId), qPrintable(result.error));
                                         });
    }
    return zones;
}

HttpReply ChatController::listGlobalAction(const HttpRequest &request)
{
    request.requireSession();
    QDateTime since;
    if (request.hasQuery(QStringLiteral("since"))) {
        const auto micros =
            parseSinceMicros(request.query(QStringLiteral("since")), SinceForms::TimesOrEpochMs);
        if (!micros)
            throw ApiError::badRequest(
                QStringLiteral("since must be milliseconds since the epoch or an ISO-8601 time."));
        // Down to the millisecond the messages carry: "at or after" keeps one sent in that millisecond.
        since = QDateTime::fromMSecsSinceEpoch(*micros / 1000 - (*micros % 1000 < 0 ? 1 : 0), Qt::UTC);
    }
    const int limit = request.queryNumber(QStringLiteral("limit"), 100, 1, 1000);
    QJsonArray list;
    for (const auto &message : m_chat.since(since, limit))
        list.append(message.toJson());
    return HttpReply::json(list);
}

void ChatController::tellAction(const HttpRequest &request, HttpResponder responder)
{
    request.requireRole(QStringLiteral("service"));
    const QString from = request.requireField(QStringLiteral("from"), QStringLiteral("from is required."));
    const QString to = request.requireField(QStringLiteral("to"), QStringLiteral("to is required."));
    const QString text =
        request.requireField(QStringLiteral("text"), QStringLiteral("A message text is required."));
    if (text.size() > m_limits.maxLength)
        throw ApiError::badRequest(
            QStringLiteral("A message may be at most %1 characters.").arg(m_limits.maxLength));
    const QString notOnline = QStringLiteral("%1 is not online").arg(to.left(64));
    const auto character = isValidName(to) ? m_characters.find(to) : std::nullopt;
    if (!character)
        throw ApiError::notFound(notOnline);
    const auto zone = m_registry.zone(character->zone);
    if (!zone || zone->state != ZoneState::Running)
        throw ApiError::notFound(notOnline);

    const QJsonObject body{{QStringLiteral("from"), from},
                           {QStringLiteral("to"), character->name},
                           {QStringLiteral("text"), text}};
    const QString zoneId = zone->id;
    m_clients.forZone(zone->url).post(
        QStringLiteral("/internal/tell"), body, this,
        [responder, zoneId, notOnline](const ServiceResult &result) {
            if (result.ok) {
                QJsonObject answer = result.json.isObject() ? result.object() : QJsonObject();
                answer.insert(QStringLiteral("delivered"), true);
                answer.insert(QStringLiteral("zone"), zoneId);
                responder.send(HttpReply::json(answer));
            } else if (result.status == 404) {
                responder.send(HttpReply::error(404, notOnline));
            } else {
                responder.send(HttpReply::error(
                    502,
                    QStringLiteral("The zone %1 did not take the message: %2").arg(zoneId, result.error)));
            }
        });
}

} // namespace smmo
