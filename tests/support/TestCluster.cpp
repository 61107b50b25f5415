// SPDX-License-Identifier: AGPL-3.0-or-later
#include "TestCluster.h"

#include "HttpTestClient.h"
#include "SessionToken.h"
#include "TestDatabase.h"

#include <QJsonObject>

namespace smmo::test {

TestCluster::TestCluster(QByteArray secret) : m_secret(std::move(secret)), m_database(databaseUrlForTest()) {}

TestCluster::~TestCluster()
{
    stop();
}

QStringList TestCluster::serverArgs() const
{
    return {QStringLiteral("--port=0"),
            QStringLiteral("--data-dir"),
            m_data.path(),
            QStringLiteral("--database"),
            m_database,
            QStringLiteral("--secret"),
            QString::fromLatin1(m_secret)};
}

bool TestCluster::start(const QStringList &authArgs, const QStringList &charArgs)
{
    m_auth =
        std::make_unique<ServerProcess>(binaryPath(QStringLiteral("simplemmo-authserver")),
                                        serverArgs() << QStringLiteral("--hash-iterations=1000") << authArgs);
    m_chars = std::make_unique<ServerProcess>(binaryPath(QStringLiteral("simplemmo-charserver")),
                                              serverArgs() << charArgs);
    for (ServerProcess *server : {m_auth.get(), m_chars.get()})
        if (!server->start()) {
            qWarning("a server did not start: %s", qPrintable(server->output()));
            return false;
        }
    return true;
}

bool TestCluster::startMaster(const QStringList &extraArgs)
{
    m_master = std::make_unique<ServerProcess>(binaryPath(QStringLiteral("simplemmo-masterzoneserver")),
                                               serverArgs() << QStringLiteral("--char-url")
                                                            << m_chars->url().toString() << extraArgs);
    if (m_master->start())
        return true;
    qWarning("the master did not start: %s", qPrintable(m_master->output()));
    return false;
}

std::unique_ptr<ServerProcess> TestCluster::startZone(const QString &zoneId,
                                                      const QStringList &extraArgs) const
{
    QStringList args = serverArgs() << QStringLiteral("--zone") << zoneId << QStringLiteral("--char-url")
                                    << m_chars->url().toString();
    if (m_master)
        args << QStringLiteral("--master-url") << m_master->url().toString();
    auto zone = std::make_unique<ServerProcess>(binaryPath(QStringLiteral("simplemmo-zoneserver")),
                                                args << extraArgs);
    if (!zone->start())
        qWarning("the zone did not start: %s", qPrintable(zone->output()));
    return zone;
}

QByteArray TestCluster::player(const QString &name, const QString &password, const QStringList &characters)
{
    HttpTestClient auth(m_auth->url());
    const QJsonObject credentials{{QStringLiteral("username"), name}, {QStringLiteral("password"), password}};
    const auto registered = auth.postJson(QStringLiteral("/register"), credentials);
    QJsonObject asJson = credentials;
    asJson.insert(QStringLiteral("format"), QStringLiteral("json"));
    const auto login = auth.postJson(QStringLiteral("/login"), asJson);
    const QByteArray token = login.json().object().value(QStringLiteral("token")).toString().toUtf8();
    if (token.isEmpty()) {
        qWarning("cannot register or log in %s: %d %s / %d %s", qPrintable(name), registered.status,
                 registered.body.constData(), login.status, login.body.constData());
        return {};
    }
    HttpTestClient chars(m_chars->url());
    chars.setBearer(token);
    for (const QString &character : characters) {
        const auto created =
            chars.postJson(QStringLiteral("/new"), {{QStringLiteral("character_name"), character}});
        if (created.status != 200) {
            qWarning("cannot create %s: %d %s", qPrintable(character), created.status,
                     created.body.constData());
            return {};
        }
    }
    return token;
}

QByteArray TestCluster::tokenWithRoles(const QString &name, const QStringList &roles) const
{
    return SessionToken::issue(SessionToken::makeClaims(0, name, roles, std::chrono::hours(1)), m_secret);
}

QStringList TestCluster::stop()
{
    QStringList failures;
    const std::pair<const char *, std::unique_ptr<ServerProcess> *> servers[] = {
        {"master", &m_master}, {"char", &m_chars}, {"auth", &m_auth}};
    for (const auto &[name, server] : servers) {
        if (*server && (*server)->isRunning())
            if (const int code = (*server)->stop(); code != 0)
                failures << QStringLiteral("%1: %2").arg(QLatin1String(name)).arg(code);
    }
    return failures;
}

} // namespace smmo::test
