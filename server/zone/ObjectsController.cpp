// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ObjectsController.h"

#include "ApiError.h"
#include "HttpServer.h"
#include "Zone.h"
#include "ZoneTime.h"

#include <QJsonArray>

#include <limits>

namespace smmo {

void ObjectsController::registerRoutes(HttpServer &http)
{
    http.route({"GET", "HEAD"}, QStringLiteral("/objects"),
               [this](const HttpRequest &r) { return objectsAction(r); });
    http.get(QStringLiteral("/objects/<id>"), [this](const HttpRequest &r) { return objectAction(r); });
    http.get(QStringLiteral("/messages"), [this](const HttpRequest &r) { return messagesAction(r); });
}

qint64 ObjectsController::sinceOf(const HttpRequest &request) const
{
    if (!request.hasQuery(QStringLiteral("since")))
        return std::numeric_limits<qint64>::min();
    const auto since = ZoneTime::parseSince(request.query(QStringLiteral("since")));
    if (!since)
        throw ApiError::badRequest(
            QStringLiteral("since must be a time such as 2024-05-01T12:30:00.000000Z or "
                           "2024-05-01 12:30:00:000000."));
    return *since;
}

HttpReply ObjectsController::objectsAction(const HttpRequest &request)
{
    const QByteArray lastModified = ZoneTime::httpDate(m_zone.world().newestModification());
    if (request.method() == "HEAD")
        return HttpReply::bytes({}, "application/json").header("Last-Modified", lastModified);
    const auto &session = request.requireSession();
    if (!session.hasRole(QStringLiteral("service")))
        m_zone.noteActivity();
    QJsonArray objects;
    for (const ZoneObject *object : m_zone.world().modifiedSince(sinceOf(request)))
        objects.append(object->toJson());
    return HttpReply::json(objects).header("Last-Modified", lastModified);
}

HttpReply ObjectsController::objectAction(const HttpRequest &request)
{
    request.requireSession();
    bool ok = false;
    const qint64 id = request.param(QStringLiteral("id")).toLongLong(&ok);
    const ZoneObject *object = ok ? m_zone.world().find(id) : nullptr;
    if (!object)
        throw ApiError::notFound(
            QStringLiteral("No such object: %1").arg(request.param(QStringLiteral("id"))));
    return HttpReply::json(object->toJson());
}

HttpReply ObjectsController::messagesAction(const HttpRequest &request)
{
    const auto &session = request.requireSession();
    const qint64 since = sinceOf(request);
    if (!session.hasRole(QStringLiteral("service")))
        m_zone.noteActivity();
    QJsonArray messages;
    for (const auto &message : m_zone.messagesSince(since))
        messages.append(message.toJson());
    return HttpReply::json(messages);
}

} // namespace smmo
