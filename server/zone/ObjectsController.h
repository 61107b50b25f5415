// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "HttpReply.h"
#include "HttpRequest.h"

namespace smmo {

class HttpServer;
class Zone;

/// The zone's read endpoints of the classic API: objects and zone messages.
class ObjectsController
{
public:
    explicit ObjectsController(Zone &zone) : m_zone(zone) {}
    void registerRoutes(HttpServer &http);

    /// GET /objects[?since=T] (session) -> array of objects modified at or after T, newest first.
    /// HEAD /objects -> Last-Modified of the newest object. 400 bad since.
    HttpReply objectsAction(const HttpRequest &request);
    /// GET /objects/<id> (session) -> the object. 404 unknown.
    HttpReply objectAction(const HttpRequest &request);
    /// GET /messages[?since=T] (session) -> zone chat at or after T, oldest first:
    /// [{id, sender, body, loc_x, loc_y, loc_z, player_generated, sent}]. 400 bad since.
    HttpReply messagesAction(const HttpRequest &request);

private:
    qint64 sinceOf(const HttpRequest &request) const;
    Zone &m_zone;
};

} // namespace smmo
