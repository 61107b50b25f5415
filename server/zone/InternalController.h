// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "HttpReply.h"
#include "HttpRequest.h"

namespace smmo {

class HttpServer;
class Zone;
class ZoneStream;

/// Calls from the MasterZoneServer (service tokens only): chat routed between zones.
class InternalController
{
public:
    InternalController(Zone &zone, ZoneStream &stream) : m_zone(zone), m_stream(stream) {}
    void registerRoutes(HttpServer &http);

    /// POST /internal/tell (service) `from`, `to`, `text` -> true when `to` is online here and the
    /// line was stored and pushed to it. 404 not online here.
    HttpReply tellAction(const HttpRequest &request);
    /// POST /internal/global (service) `sender`, `text` (or `body`) -> {"delivered": players it was
    /// pushed to}.
    HttpReply globalAction(const HttpRequest &request);

private:
    Zone &m_zone;
    ZoneStream &m_stream;
};

} // namespace smmo
