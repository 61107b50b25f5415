// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "HttpServer.h"
#include "RateLimiter.h"

#include <QObject>

#include <optional>

namespace smmo {

class CharacterStore;
class GlobalChatStore;
class ZoneClients;
class ZoneRegistry;
struct GlobalMessage;

/// Chat that crosses zones: the global channel (stored here, fanned out to every running zone,
/// which passes it to its players) and tells between players in different zones. One method per
/// endpoint.
class ChatController : public QObject
{
    Q_OBJECT
public:
    struct Limits
    {
        int maxLength = 500; ///< characters per message
        int perWindow = 10;  ///< messages per user per window
        qint64 windowMs = 10000;
    };

    ChatController(CharacterStore &characters, GlobalChatStore &chat, ZoneRegistry &registry,
                   ZoneClients &clients, Limits limits, QObject *parent = nullptr);
    void registerRoutes(HttpServer &http);

    /// POST /chat/global (session) `character`, `text` -> the stored message {id, sender, body,
    /// sent, zones}. 400 missing/too long, 403 not the caller's character, 404 unknown, 429 too many.
    HttpReply postGlobalAction(const HttpRequest &request);
    /// POST /global (service) {sender, text}: a zone passing on a player's global line; as above.
    HttpReply zoneGlobalAction(const HttpRequest &request);
    /// POST /chat/broadcast (admin) `text` -> a global line sent as the server (sender "Server",
    /// player_generated false, no character), stored and fanned out like any: {id, sender, body,
    /// sent, player_generated, zones}. 400 missing or too long.
    HttpReply serverBroadcastAction(const HttpRequest &request);
    /// GET /chat/global[?since=<ms or ISO-8601>][&limit=n] (session) -> messages, oldest first.
    HttpReply listGlobalAction(const HttpRequest &request);
    /// POST /tell (service) JSON {from, to, text} -> forwarded to the zone `to` is in, whose answer
    /// is relayed. 404 "<to> is not online" when that zone does not run here.
    void tellAction(const HttpRequest &request, HttpResponder responder);

    /// Sends a stored message to every running zone's POST /internal/global; returns how many.
    int fanOut(const GlobalMessage &message);

private:
    /// Checks, rate-limits, stores and fans out one line; the answer of both post endpoints.
    HttpReply publish(const QString &sender, const QString &text, const std::optional<qint64> &userId);
    /// The text as stored: trimmed; ApiError 400 when empty or too long.
    QString checkedText(const QString &text) const;
    /// Stores the line and sends it to every running zone; the answer of every post endpoint.
    HttpReply storeAndFanOut(const QString &sender, qint64 userId, const QString &text);

    CharacterStore &m_characters;
    GlobalChatStore &m_chat;
    ZoneRegistry &m_registry;
    ZoneClients &m_clients;
    Limits m_limits;
    RateLimiter m_rate;
};

} // namespace smmo
