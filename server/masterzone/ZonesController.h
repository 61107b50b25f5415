// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "HttpServer.h"

#include <QJsonObject>

namespace smmo {

class ZoneAccess;
class ZoneClients;
class ZonePool;
class ZoneRegistry;
struct ZoneInfo;
struct ZoneOutcome;

/// The master's zone endpoints: the classic look-up that starts a zone on a miss, and the
/// administrators' JSON API over the registry. One method per endpoint.
class ZonesController
{
public:
    ZonesController(ZoneRegistry &registry, const ZoneAccess &access, ZoneClients &clients,
                    const ZonePool &pool)
        : m_registry(registry), m_access(access), m_clients(clients), m_pool(pool)
    {}
    void registerRoutes(HttpServer &http);

    /// GET /<zoneid> (session) -> the zone's base URL as text, once it is ready. 400 malformed id,
    /// 404 no definition, 403 another user's player instance, 504 not ready in time.
    void lookupAction(const HttpRequest &request, HttpResponder responder);
    /// GET /zones (admin) -> [{id, url, pid, state, adopted, from_pool, started, uptime, players, objects,
    /// tick_ms, health}], live figures read from each running zone's /health.
    void listAction(const HttpRequest &request, HttpResponder responder);
    /// GET /zones/pool (admin) -> {size, ready, starting, processes: [{pid, url, state, started}]}:
    /// the warm pool's processes, which are no zones yet and so not in GET /zones.
    HttpReply poolAction(const HttpRequest &request) const;
    /// POST /zones/<zoneid>/start (admin) -> the zone's entry once it is ready.
    void startAction(const HttpRequest &request, HttpResponder responder);
    /// POST /zones/<zoneid>/stop (admin): SIGTERM, the zone checkpoints and exits -> {id, state}.
    void stopAction(const HttpRequest &request, HttpResponder responder);
    /// POST /zones/<zoneid>/kill (admin): SIGKILL -> {id, state}.
    void killAction(const HttpRequest &request, HttpResponder responder);
    /// POST /zones/<zoneid>/restart (admin): graceful stop, then start -> the new entry.
    void restartAction(const HttpRequest &request, HttpResponder responder);

    /// The admin API's JSON for a zone, without live figures.
    static QJsonObject toJson(const ZoneInfo &zone);

private:
    void answerEntry(const QString &zoneId, const ZoneOutcome &outcome, const HttpResponder &responder) const;
    static void answerStopped(const QString &zoneId, const ZoneOutcome &outcome,
                              const HttpResponder &responder);

    ZoneRegistry &m_registry;
    const ZoneAccess &m_access;
    ZoneClients &m_clients;
    const ZonePool &m_pool;
};

} // namespace smmo
