// SPDX-License-Identifier: AGPL-3.0-or-later
#include "CharactersController.h"

#include "ApiError.h"
#include "CharacterStore.h"
#include "HttpServer.h"

#include <QJsonArray>

namespace smmo {

namespace {
// Zone servers act for the cluster with a service token; administrators may correct anything.
bool isPrivileged(const SessionClaims &claims)
{
    return claims.hasRole(QStringLiteral("service")) || claims.hasRole(QStringLiteral("admin"));
}
} // namespace

void CharactersController::registerRoutes(HttpServer &http)
{
    http.post(QStringLiteral("/new"), [this](const HttpRequest &r) { return newAction(r); });
    http.get(QStringLiteral("/characters"), [this](const HttpRequest &r) { return mineAction(r); });
    // "admin" is a reserved character name, so no character's /<name>/... is shadowed.
    http.get(QStringLiteral("/admin/characters"), [this](const HttpRequest &r) { return searchAction(r); });
    http.get(QStringLiteral("/<name>/zone"), [this](const HttpRequest &r) { return zoneAction(r); });
    http.get(QStringLiteral("/<name>"), [this](const HttpRequest &r) { return infoAction(r); });
    http.post(QStringLiteral("/<name>"), [this](const HttpRequest &r) { return updateAction(r); });
}

HttpReply CharactersController::newAction(const HttpRequest &request)
{
    const auto &session = request.requireSession();
    const QString name = request.requireField(QStringLiteral("character_name"),
                                              QStringLiteral("A character name is required."));
    return HttpReply::text(m_store.create(name, session.userId).name);
}

HttpReply CharactersController::zoneAction(const HttpRequest &request)
{
    const auto character = m_store.find(request.param(QStringLiteral("name")));
    if (!character)
        throw ApiError::notFound(
            QStringLiteral("No such character: %1").arg(request.param(QStringLiteral("name"))));
    return HttpReply::json(QJsonObject{{QStringLiteral("zone"), character->zone}});
}

HttpReply CharactersController::infoAction(const HttpRequest &request)
{
    const auto character = m_store.find(request.param(QStringLiteral("name")));
    if (!character)
        throw ApiError::notFound(
            QStringLiteral("No such character: %1").arg(request.param(QStringLiteral("name"))));
    const auto &session = request.session();
    const bool includePrivate = session && (session->userId == character->ownerId || isPrivileged(*session));
    return HttpReply::json(character->toJson(includePrivate));
}

HttpReply CharactersController::updateAction(const HttpRequest &request)
{
    const auto &session = request.requireSession();
    if (!isPrivileged(session))
        throw ApiError::forbidden(QStringLiteral("Only zone servers and administrators change characters."));
    const auto update = CharacterUpdate::fromJson(request.fields());
    return HttpReply::json(m_store.update(request.param(QStringLiteral("name")), update).toJson(true));
}

HttpReply CharactersController::mineAction(const HttpRequest &request)
{
    const auto &session = request.requireSession();
    return HttpReply::json(QJsonArray::fromStringList(m_store.namesOwnedBy(session.userId)));
}

HttpReply CharactersController::searchAction(const HttpRequest &request)
{
    request.requireRole(QStringLiteral("admin"));
    const int limit = request.queryNumber(QStringLiteral("limit"), 100, 1, 1000);
    QJsonArray list;
    for (const Character &character : m_store.search(request.query(QStringLiteral("owner")).trimmed(),
                                                     request.query(QStringLiteral("name")).trimmed(), limit))
        list.append(character.toJson(true));
    return HttpReply::json(list);
}

} // namespace smmo
