// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "HttpReply.h"
#include "HttpRequest.h"

namespace smmo {

class HttpServer;
class Zone;

/// Administration of a running zone over HTTP (administrators only).
class AdminController
{
public:
    explicit AdminController(Zone &zone) : m_zone(zone) {}
    void registerRoutes(HttpServer &http);

    /// POST /admin (admin) `command`, `args` (JSON array) -> the command's result:
    /// spawn [{fields}] | [name, resource, x, y, z] -> object; destroy [id] -> true;
    /// teleport [character|id, x, y, z] -> object; set [id, {fields}] -> object;
    /// broadcast [text] -> message; kick [character] -> true; players [] -> names;
    /// checkpoint [] -> true. 400 unknown command or bad args, 403 not an administrator.
    HttpReply adminAction(const HttpRequest &request);

private:
    Zone &m_zone;
};

} // namespace smmo
