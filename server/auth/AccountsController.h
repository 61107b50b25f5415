// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "HttpReply.h"
#include "HttpRequest.h"
#include "RateLimiter.h"

#include <QObject>
#include <QStringList>

#include <chrono>

namespace smmo {

class AccountStore;
class CharacterStore;
class HttpResponder;
class HttpServer;

/// Tunables of the AuthServer, from its configuration.
struct AuthSettings
{
    int hashIterations = 0;
    std::chrono::seconds sessionLifetime{24 * 3600};
    QStringList admins; ///< account names (any case) that get the admin role
    int maxFailuresPerAccount = 5;
    int maxFailuresPerAddress = 30;
    qint64 failureWindowMs = 15 * 60 * 1000;
};

/// The AuthServer's HTTP API: accounts, logins, sessions, and the user's characters.
/// Password hashing runs on the thread pool; the answer is sent from this object's thread.
class AccountsController : public QObject
{
    Q_OBJECT
public:
    AccountsController(AccountStore &accounts, CharacterStore &characters, QByteArray secret, AuthSettings settings,
                       QObject *parent = nullptr);
    void registerRoutes(HttpServer &http);

    /// POST /register `username`, `password`, optional `email` -> "Registration successful."
    /// 400 missing/invalid fields, 409 "User already exists."
    void registerAction(const HttpRequest &request, HttpResponder responder);
    /// POST /login `username`, `password` -> "Login successful." (or JSON with the token when the
    /// client sends Accept: application/json), cookies `user` (and `admin` for administrators).
    /// 401 "Login failed." for unknown users and wrong passwords alike; 429 with Retry-After.
    void loginAction(const HttpRequest &request, HttpResponder responder);
    /// GET or POST /logout -> clears the cookies. Tokens themselves expire (session-hours).
    HttpReply logoutAction(const HttpRequest &request);
    /// GET /characters (session) -> JSON array of the user's character names.
    HttpReply charactersAction(const HttpRequest &request);
    /// POST /characters (session) `character_name` -> {"name", "zone"}; same rules as CharServer /new.
    HttpReply createCharacterAction(const HttpRequest &request);
    /// GET /whoami (session) -> {"id", "name", "roles", "expires"}.
    HttpReply whoamiAction(const HttpRequest &request);

    /// Gives `name` the admin role if it is listed in settings.admins (at start and registration).
    QStringList rolesFor(const QString &name) const;

private:
    AccountStore &m_accounts;
    CharacterStore &m_characters;
    QByteArray m_secret;
    AuthSettings m_settings;
    QString m_dummyHash; ///< verified against for unknown users, so timing does not tell
    RateLimiter m_accountFailures;
    RateLimiter m_addressFailures;
};

} // namespace smmo
