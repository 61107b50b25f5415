// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "HttpReply.h"
#include "HttpRequest.h"

namespace smmo {

class CharacterStore;
class HttpServer;

/// The CharServer's HTTP API over CharacterStore: one method per endpoint.
class CharactersController
{
public:
    explicit CharactersController(CharacterStore &store) : m_store(store) {}
    void registerRoutes(HttpServer &http);

    /// POST /new (session) `character_name` -> the new name (text). 400 taken/invalid.
    HttpReply newAction(const HttpRequest &request);
    /// GET /<name>/zone -> {"zone": "<zoneid>"}. 404 unknown.
    HttpReply zoneAction(const HttpRequest &request);
    /// GET /<name> -> the character's record; owner and inventory only for its owner, admins and
    /// zone servers. 404 unknown.
    HttpReply infoAction(const HttpRequest &request);
    /// POST /<name> (service or admin) JSON {zone, loc_x, loc_y, loc_z, stats, inventory, online},
    /// any subset -> the updated record. 400 on any bad field (nothing written), 403 for players.
    HttpReply updateAction(const HttpRequest &request);
    /// GET /characters (session) -> JSON array of the caller's character names.
    HttpReply mineAction(const HttpRequest &request);
    /// GET /admin/characters (admin) [?owner=<account>][&name=<prefix>][&limit=n] -> the matching
    /// characters' full records, by name (default 100, at most 1000). 400 bad owner, prefix or
    /// limit; 404 no such account.
    HttpReply searchAction(const HttpRequest &request);

private:
    CharacterStore &m_store;
};

} // namespace smmo
