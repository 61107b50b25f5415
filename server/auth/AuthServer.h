// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "AccountStore.h"
#include "AccountsController.h"
#include "CharacterStore.h"

#include <QObject>

#include <optional>

namespace smmo {

class Config;
struct ServerContext;

/// The AuthServer role: accounts, logins and the session tokens every server verifies.
class AuthServer : public QObject
{
    Q_OBJECT
public:
    explicit AuthServer(ServerContext &context);
    static void addOptions(Config &config);
    static AuthSettings settingsFrom(const Config &config);
    /// `--create-admin NAME`: creates the account (password from SIMPLEMMO_ADMIN_PASSWORD or the
    /// first line of standard input) or gives an existing one the admin role, then exits.
    static std::optional<int> createAdminCommand(ServerContext &context);

private:
    void ensureConfiguredAccounts(const Config &config);

    AccountStore m_accounts;
    CharacterStore m_characters;
    AccountsController m_controller;
};

} // namespace smmo
