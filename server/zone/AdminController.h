// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "HttpReply.h"
#include "HttpRequest.h"

namespace smmo {

class HttpServer;
class ScriptFaultLog;
class Zone;

/// Administration of a running zone over HTTP (administrators only).
class AdminController
{
public:
    AdminController(Zone &zone, ScriptFaultLog &scripts) : m_zone(zone), m_scripts(scripts) {}
    void registerRoutes(HttpServer &http);

    /// POST /admin (admin) `command`, `args` (JSON array) -> the command's result:
    /// spawn [{fields}] | [name, resource, x, y, z] -> object; destroy [id] -> true;
    /// teleport [character|id, x, y, z] -> object; set [id, {fields}] -> object;
    /// broadcast [text] -> message; kick [character] -> true; players [] -> names;
    /// checkpoint [] -> true; reload_scripts [] -> {bus_connections}. 400 unknown command or bad
    /// args, 403 not an administrator.
    HttpReply adminAction(const HttpRequest &request);
    /// GET /admin/scripts (admin) -> {scriptserver: {scripts, errors, reason, reloads, received} or
    /// null, errors: [recent script errors, oldest first], total}.
    HttpReply scriptsAction(const HttpRequest &request);

private:
    Zone &m_zone;
    ScriptFaultLog &m_scripts;
};

} // namespace smmo
