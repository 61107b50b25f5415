// SPDX-License-Identifier: AGPL-3.0-or-later
#include "AccountsController.h"

#include "AccountStore.h"
#include "ApiError.h"
#include "CharacterStore.h"
#include "DatabaseError.h"
#include "HttpServer.h"
#include "Logging.h"
#include "Names.h"
#include "PasswordHasher.h"
#include "SessionToken.h"

#include <QFuture>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QRegularExpression>

#include <cmath>

namespace smmo {

namespace {

constexpr int maxPasswordLength = 1024;

bool wantsJson(const HttpRequest &request)
{
    return request.header("Accept").contains("application/json")
           || request.field(QStringLiteral("format")) == QLatin1String("json");
}

} // namespace

AccountsController::AccountsController(AccountStore &accounts, CharacterStore &characters, QByteArray secret,
                                       AuthSettings settings, QObject *parent)
    : QObject(parent), m_accounts(accounts), m_characters(characters), m_secret(std::move(secret)),
      m_settings(std::move(settings)), m_accountFailures(m_settings.maxFailuresPerAccount, m_settings.failureWindowMs),
      m_addressFailures(m_settings.maxFailuresPerAddress, m_settings.failureWindowMs)
{
    m_dummyHash = PasswordHasher::hash(QString::number(QRandomGenerator::system()->generate64()),
                                       m_settings.hashIterations);
}

void AccountsController::registerRoutes(HttpServer &http)
{
    http.routeAsync({"POST"}, QStringLiteral("/register"),
                    [this](const HttpRequest &r, HttpResponder responder) { registerAction(r, responder); });
    http.routeAsync({"POST"}, QStringLiteral("/login"),
                    [this](const HttpRequest &r, HttpResponder responder) { loginAction(r, responder); });
    http.route({"GET", "POST"}, QStringLiteral("/logout"), [this](const HttpRequest &r) { return logoutAction(r); });
    http.get(QStringLiteral("/characters"), [this](const HttpRequest &r) { return charactersAction(r); });
    http.post(QStringLiteral("/characters"), [this](const HttpRequest &r) { return createCharacterAction(r); });
    http.get(QStringLiteral("/whoami"), [this](const HttpRequest &r) { return whoamiAction(r); });
}

QStringList AccountsController::rolesFor(const QString &name) const
{
    for (const auto &admin : m_settings.admins)
        if (nameKey(admin.trimmed()) == nameKey(name))
            return {QStringLiteral("admin")};
    return {};
}

void AccountsController::registerAction(const HttpRequest &request, HttpResponder responder)
{
    const QString name = request.requireField(QStringLiteral("username"), QStringLiteral("A user name is required."));
    const QString password = request.requireField(QStringLiteral("password"), QStringLiteral("A password is required."));
    const QString email = request.field(QStringLiteral("email")).trimmed();
    if (!isValidName(name))
        throw ApiError::badRequest(nameRuleText(QStringLiteral("A user name")));
    if (password.size() > maxPasswordLength)
        throw ApiError::badRequest(QStringLiteral("A password may have at most %1 characters.").arg(maxPasswordLength));
    static const QRegularExpression emailPattern(QStringLiteral("^[^@\\s]+@[^@\\s]+$"));
    if (!email.isEmpty() && (email.size() > 254 || !emailPattern.match(email).hasMatch()))
        throw ApiError::badRequest(QStringLiteral("That is not an email address."));
    // Answer a taken name at once instead of hashing first; the unique index still decides races.
    if (m_accounts.find(name))
        throw ApiError::conflict(QStringLiteral("User already exists."));

    PasswordHasher::hashAsync(password, m_settings.hashIterations).then(this, [=, this](const QString &hash) {
        responder.sendResultOf([&] {
            m_accounts.create(name, hash, email, rolesFor(name));
            qCInfo(lcAuth, "registered %s", qPrintable(name));
            return HttpReply::text(QStringLiteral("Registration successful."));
        });
    });
}

void AccountsController::loginAction(const HttpRequest &request, HttpResponder responder)
{
    const QString name = request.requireField(QStringLiteral("username"), QStringLiteral("A user name is required."));
    const QString password = request.requireField(QStringLiteral("password"), QStringLiteral("A password is required."));
    const QString accountKey = nameKey(name);
    const QString addressKey = request.remoteAddress().toString();

    const qint64 waitMs =
        std::max(m_accountFailures.retryAfterMs(accountKey), m_addressFailures.retryAfterMs(addressKey));
    if (waitMs > 0) {
        const auto seconds = qint64(std::ceil(double(waitMs) / 1000.0));
        throw ApiError(429, QStringLiteral("Too many failed logins; try again in %1 seconds.").arg(seconds))
            .withHeader("Retry-After", QByteArray::number(seconds));
    }

    // Unknown users are checked against a dummy hash of the same cost: both answers take as long.
    const auto account = password.size() <= maxPasswordLength ? m_accounts.find(name) : std::nullopt;
    const QString encoded = account ? account->passwordHash : m_dummyHash;
    const bool json = wantsJson(request);

    PasswordHasher::verifyAsync(password, encoded).then(this, [=, this](bool matches) {
        responder.sendResultOf([&] {
            if (!account || !matches) {
                m_accountFailures.record(accountKey);
                m_addressFailures.record(addressKey);
                m_addressFailures.prune();
                qCInfo(lcAuth, "failed login for %s from %s", qPrintable(name), qPrintable(addressKey));
                throw ApiError::unauthorized(QStringLiteral("Login failed."));
            }
            m_accountFailures.reset(accountKey);
            try {
                m_accounts.recordLogin(account->id);
            } catch (const DatabaseError &error) {
                // The login is valid all the same: a full or read-only disk must not lock players
                // out; only the time of their last login goes unrecorded.
                if (!error.isStorageError())
                    throw;
                qCWarning(lcAuth, "login of %s not recorded: %s", qPrintable(name), error.what());
            }
            if (PasswordHasher::needsRehash(account->passwordHash, m_settings.hashIterations)) {
                const qint64 id = account->id;
                PasswordHasher::hashAsync(password, m_settings.hashIterations).then(this, [this, id](const QString &h) {
                    m_accounts.setPasswordHash(id, h);
                });
            }

            const auto claims = SessionToken::makeClaims(account->id, account->name, account->roles,
                                                         m_settings.sessionLifetime);
            const QByteArray token = SessionToken::issue(claims, m_secret);
            const qint64 maxAge = m_settings.sessionLifetime.count();
            const bool isAdmin = claims.hasRole(QStringLiteral("admin"));
            HttpReply reply = json ? HttpReply::json(QJsonObject{
                                         {QStringLiteral("message"), QStringLiteral("Login successful.")},
                                         {QStringLiteral("token"), QString::fromLatin1(token)},
                                         {QStringLiteral("user"), account->name},
                                         {QStringLiteral("roles"), QJsonArray::fromStringList(account->roles)},
                                         {QStringLiteral("expires"), claims.expiresAt.toString(Qt::ISODate)}})
                                   : HttpReply::text(QStringLiteral("Login successful."));
            reply.setCookie("user", token, maxAge);
            // The admin cookie is the same signed token: servers trust the roles inside it, never
            // the cookie's presence.
            reply.setCookie("admin", isAdmin ? token : QByteArray(), isAdmin ? maxAge : 0);
            qCInfo(lcAuth, "login %s", qPrintable(account->name));
            return reply;
        });
    });
}

HttpReply AccountsController::logoutAction(const HttpRequest &)
{
    HttpReply reply = HttpReply::text(QStringLiteral("Logout successful."));
    reply.setCookie("user", QByteArray(), 0);
    reply.setCookie("admin", QByteArray(), 0);
    return reply;
}

HttpReply AccountsController::charactersAction(const HttpRequest &request)
{
    return HttpReply::json(QJsonArray::fromStringList(m_characters.namesOwnedBy(request.requireSession().userId)));
}

HttpReply AccountsController::createCharacterAction(const HttpRequest &request)
{
    const auto &session = request.requireSession();
    const QString name =
        request.requireField(QStringLiteral("character_name"), QStringLiteral("A character name is required."));
    const auto character = m_characters.create(name, session.userId);
    return HttpReply::json(
        QJsonObject{{QStringLiteral("name"), character.name}, {QStringLiteral("zone"), character.zone}});
}

HttpReply AccountsController::whoamiAction(const HttpRequest &request)
{
    const auto &session = request.requireSession();
    return HttpReply::json(QJsonObject{{QStringLiteral("id"), session.userId},
                                       {QStringLiteral("name"), session.userName},
                                       {QStringLiteral("roles"), QJsonArray::fromStringList(session.roles)},
                                       {QStringLiteral("expires"), session.expiresAt.toString(Qt::ISODate)}});
}

} // namespace smmo
