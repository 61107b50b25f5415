// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "CharacterStore.h"
#include "HttpReply.h"
#include "HttpRequest.h"
#include "HttpServer.h"

namespace smmo {

class Zone;

/// What a player does in a zone over HTTP (the classic API plus chat): every action names one of
/// the caller's characters in field `character`.
class PlayerController
{
public:
    explicit PlayerController(Zone &zone) : m_zone(zone) {}
    void registerRoutes(HttpServer &http);

    /// POST /setstatus (session) `character`, `status` online|offline -> true; false for another
    /// status. 403 not your character.
    HttpReply setStatusAction(const HttpRequest &request);
    /// POST /movement (session) `character`, `x`, `y`, `z` in [-1, 1] -> the moved object, or false
    /// when it would collide (nothing changes). 400 bad numbers, 403, 429 too many moves.
    HttpReply movementAction(const HttpRequest &request);
    /// POST /activate/<id> (session) `character` -> the truthy answers of the object's scripts, or
    /// false. 404 unknown object.
    void activateAction(const HttpRequest &request, HttpResponder responder);
    /// POST /say (session) `character`, `text` -> the stored message. 400 empty or too long.
    HttpReply sayAction(const HttpRequest &request);
    /// POST /tell (session) `character`, `to`, `text` -> the message; delivered here or through the
    /// master. 404 `to` is not online anywhere.
    void tellAction(const HttpRequest &request, HttpResponder responder);

private:
    /// The caller's character named in the request; it counts as player activity.
    Character ownCharacter(const HttpRequest &request);
    Zone &m_zone;
};

} // namespace smmo
