// SPDX-License-Identifier: AGPL-3.0-or-later
#include "AuthServer.h"

#include "ApiError.h"
#include "Config.h"
#include "Logging.h"
#include "Names.h"
#include "PasswordHasher.h"
#include "ServerApp.h"

#include <QTextStream>

#include <cstdio>

namespace smmo {

namespace {

// Creates the account, or adds `roles` to it when it exists.
void ensureAccount(AccountStore &accounts, const QString &name, const QString &password, const QStringList &roles,
                   int iterations)
{
    if (auto existing = accounts.find(name)) {
        QStringList merged = existing->roles;
        for (const auto &role : roles)
            if (!merged.contains(role))
                merged.append(role);
        if (merged != existing->roles)
            accounts.setRoles(existing->id, merged);
        return;
    }
    if (!isValidName(name))
        throw ApiError::badRequest(nameRuleText(QStringLiteral("A user name")));
    if (password.isEmpty())
        throw ApiError::badRequest(QStringLiteral("A password is required."));
    accounts.create(name, PasswordHasher::hash(password, iterations), {}, roles);
}

} // namespace

AuthServer::AuthServer(ServerContext &context)
    : m_accounts(*context.database),
      m_characters(*context.database, context.config.value(QStringLiteral("start-zone"))),
      m_controller(m_accounts, m_characters, context.secret, settingsFrom(context.config))
{
    ensureConfiguredAccounts(context.config);
    m_controller.registerRoutes(context.http);
}

void AuthServer::addOptions(Config &config)
{
    config.addOption({QStringLiteral("session-hours"), QStringLiteral("How long a login stays valid."),
                      QStringLiteral("24"), QStringLiteral("hours")});
    config.addOption({QStringLiteral("hash-iterations"), QStringLiteral("PBKDF2 iterations for new password hashes."),
                      QString::number(PasswordHasher::defaultIterations), QStringLiteral("n")});
    config.addOption({QStringLiteral("admins"), QStringLiteral("Comma-separated account names with the admin role."),
                      QString(), QStringLiteral("names")});
    config.addOption({QStringLiteral("dev-account"),
                      QStringLiteral("Development only: an account name:password created at start."), QString(),
                      QStringLiteral("name:password")});
    config.addOption({QStringLiteral("login-max-failures"),
                      QStringLiteral("Failed logins per account within login-window before 429."), QStringLiteral("5"),
                      QStringLiteral("n")});
    config.addOption({QStringLiteral("login-max-failures-per-address"),
                      QStringLiteral("Failed logins per client address within login-window before 429."),
                      QStringLiteral("30"), QStringLiteral("n")});
    config.addOption({QStringLiteral("login-window"), QStringLiteral("Window for counting failed logins."),
                      QStringLiteral("900"), QStringLiteral("seconds")});
    config.addOption({QStringLiteral("create-admin"),
                      QStringLiteral("Create (or promote) an administrator account and exit. Password from "
                                     "SIMPLEMMO_ADMIN_PASSWORD or standard input."),
                      QString(), QStringLiteral("name")});
    config.addOption({QStringLiteral("start-zone"),
                      QStringLiteral("Zone a new character starts in (in its own player instance)."),
                      QStringLiteral("GhibliHills"), QStringLiteral("zone")});
}

AuthSettings AuthServer::settingsFrom(const Config &config)
{
    AuthSettings s;
    s.hashIterations = std::clamp(config.intValue(QStringLiteral("hash-iterations"), PasswordHasher::defaultIterations),
                                  PasswordHasher::minIterations, PasswordHasher::maxIterations);
    s.sessionLifetime = std::chrono::hours(std::max(1, config.intValue(QStringLiteral("session-hours"), 24)));
    s.admins = config.value(QStringLiteral("admins")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    s.maxFailuresPerAccount = std::max(1, config.intValue(QStringLiteral("login-max-failures"), 5));
    s.maxFailuresPerAddress = std::max(1, config.intValue(QStringLiteral("login-max-failures-per-address"), 30));
    s.failureWindowMs = qint64(std::max(1, config.intValue(QStringLiteral("login-window"), 900))) * 1000;
    return s;
}

void AuthServer::ensureConfiguredAccounts(const Config &config)
{
    const auto settings = settingsFrom(config);
    for (const auto &admin : settings.admins) {
        if (auto account = m_accounts.find(admin.trimmed()); account && !account->roles.contains(QStringLiteral("admin")))
            m_accounts.setRoles(account->id, account->roles + QStringList{QStringLiteral("admin")});
    }
    const QString dev = config.value(QStringLiteral("dev-account"));
    if (!dev.isEmpty()) {
        const auto colon = dev.indexOf(QLatin1Char(':'));
        const QString name = dev.left(colon);
        if (!m_accounts.find(name)) {
            ensureAccount(m_accounts, name, colon > 0 ? dev.mid(colon + 1) : QString(), m_controller.rolesFor(name),
                          settings.hashIterations);
            qCWarning(lcAuth, "created the development account %s (dev-account is set: not for production)",
                      qPrintable(name));
        }
    }
}

std::optional<int> AuthServer::createAdminCommand(ServerContext &context)
{
    const QString name = context.config.value(QStringLiteral("create-admin"));
    if (name.isEmpty())
        return std::nullopt;
    QString password = qEnvironmentVariable("SIMPLEMMO_ADMIN_PASSWORD");
    AccountStore accounts(*context.database);
    if (password.isEmpty() && !accounts.find(name)) {
        QTextStream(stderr) << "Password for " << name << ": " << Qt::flush;
        password = QTextStream(stdin).readLine();
    }
    try {
        ensureAccount(accounts, name, password, {QStringLiteral("admin")}, settingsFrom(context.config).hashIterations);
    } catch (const ApiError &error) {
        QTextStream(stderr) << error.message() << Qt::endl;
        return 1;
    }
    QTextStream(stdout) << name << " is an administrator." << Qt::endl;
    return 0;
}

} // namespace smmo
