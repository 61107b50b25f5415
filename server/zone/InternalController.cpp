// SPDX-License-Identifier: AGPL-3.0-or-later
#include "InternalController.h"

#include "ApiError.h"
#include "HttpServer.h"
#include "Zone.h"
#include "ZoneStream.h"

namespace smmo {

void InternalController::registerRoutes(HttpServer &http)
{
    http.post(QStringLiteral("/internal/tell"), [this](const HttpRequest &r) { return tellAction(r); });
    http.post(QStringLiteral("/internal/global"), [this](const HttpRequest &r) { return globalAction(r); });
}

HttpReply InternalController::tellAction(const HttpRequest &request)
{
    request.requireRole(QStringLiteral("service"));
    const QString from = request.requireField(QStringLiteral("from"), QStringLiteral("from is required."));
    const QString to = request.requireField(QStringLiteral("to"), QStringLiteral("to is required."));
    const QString text = Zone::checkedText(request.field(QStringLiteral("text")));
    if (!m_zone.receiveTell(from, to, text))
        throw ApiError::notFound(QStringLiteral("%1 is not online in this zone.").arg(to));
    return HttpReply::jsonValue(true);
}

HttpReply InternalController::globalAction(const HttpRequest &request)
{
    request.requireRole(QStringLiteral("service"));
    const QString sender =
        request.requireField(QStringLiteral("sender"), QStringLiteral("sender is required."));
    // The master sends the line as `text` and as `body`.
    const QString text = request.hasField(QStringLiteral("text")) ? request.field(QStringLiteral("text"))
                                                                  : request.field(QStringLiteral("body"));
    // A line an administrator sent as the server says so (absent: a player's, as from older masters).
    const bool playerGenerated = request.field(QStringLiteral("player_generated")) != QLatin1String("false");
    m_zone.receiveGlobal(sender, text, playerGenerated);
    return HttpReply::json(QJsonObject{{QStringLiteral("delivered"), m_stream.joinedPlayers()}});
}

} // namespace smmo
