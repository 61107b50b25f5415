// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ClusterConnection.h"

#include <QJsonArray>

namespace smmo::admin {

namespace {

// ServiceClient's own texts are English log lines; the console shows its own, translated ones.
ServiceResult translated(ServiceResult result, const QString &who, int timeoutMs)
{
    if (result.status != 0)
        return result;
    if (result.errorCode == QLatin1String("timeout"))
        result.error =
            ClusterConnection::tr("%1 did not answer within %2 s.").arg(who).arg(timeoutMs / 1000.0);
    else
        result.error = ClusterConnection::tr("%1 cannot be reached.").arg(who);
    return result;
}

} // namespace

ClusterConnection::ClusterConnection(QObject *parent) : QObject(parent)
{
    for (const Server server : {Server::Auth, Server::Char, Server::Master}) {
        m_clients[index(server)] = new ServiceClient(serverName(server), {}, this);
        m_clients[index(server)]->setTimeout(m_timeoutMs);
    }
    m_slowMaster = new ServiceClient(serverName(Server::Master), {}, this);
    m_slowMaster->setTimeout(m_slowTimeoutMs);
    m_healthTimer.setInterval(2000);
    connect(&m_healthTimer, &QTimer::timeout, this, &ClusterConnection::checkHealth);
}

QString ClusterConnection::serverName(Server server)
{
    switch (server) {
    case Server::Auth:
        return tr("AuthServer");
    case Server::Char:
        return tr("CharServer");
    case Server::Master:
        return tr("MasterZoneServer");
    }
    return {};
}

void ClusterConnection::setUrls(const ClusterUrls &urls)
{
    m_urls = urls;
    m_clients[index(Server::Auth)]->setBaseUrl(urls.auth);
    m_clients[index(Server::Char)]->setBaseUrl(urls.character);
    m_clients[index(Server::Master)]->setBaseUrl(urls.master);
    m_slowMaster->setBaseUrl(urls.master);
    for (const Server server : {Server::Auth, Server::Char, Server::Master}) {
        m_states[index(server)].healthInFlight = false;
        setState(server, State::Unknown, {});
    }
    checkHealth();
    m_healthTimer.start();
}

QUrl ClusterConnection::url(Server server) const
{
    switch (server) {
    case Server::Auth:
        return m_urls.auth;
    case Server::Char:
        return m_urls.character;
    case Server::Master:
        return m_urls.master;
    }
    return {};
}

void ClusterConnection::setTimeout(int milliseconds)
{
    m_timeoutMs = milliseconds;
    for (ServiceClient *client : m_clients)
        client->setTimeout(milliseconds);
    for (ServiceClient *client : std::as_const(m_zoneClients))
        client->setTimeout(milliseconds);
}

void ClusterConnection::setSlowTimeout(int milliseconds)
{
    m_slowTimeoutMs = milliseconds;
    m_slowMaster->setTimeout(milliseconds);
}

void ClusterConnection::setHealthInterval(int milliseconds)
{
    m_healthTimer.setInterval(milliseconds);
}

void ClusterConnection::login(const QString &user, const QString &password)
{
    const QJsonObject body{{QStringLiteral("username"), user},
                           {QStringLiteral("password"), password},
                           {QStringLiteral("format"), QStringLiteral("json")}};
    auto answered = [this, user](const ServiceResult &result) {
        if (!result.ok) {
            emit loginFailed(result.error.isEmpty() ? tr("Login failed.") : result.error);
            return;
        }
        const QJsonObject answer = result.object();
        const QByteArray token = answer.value(QStringLiteral("token")).toString().toLatin1();
        QStringList roles;
        for (const QJsonValue &role : answer.value(QStringLiteral("roles")).toArray())
            roles.append(role.toString());
        if (token.isEmpty()) {
            emit loginFailed(tr("The AuthServer answered without a token."));
            return;
        }
        if (!roles.contains(QStringLiteral("admin"))) {
            emit loginFailed(
                tr("%1 is not an administrator; the console needs an account with the admin role.")
                    .arg(user));
            return;
        }
        useToken(token, answer.value(QStringLiteral("user")).toString(user), roles);
    };
    client(Server::Auth)
        .post(QStringLiteral("/login"), body, this, tracked(Server::Auth, answered, m_timeoutMs));
}

void ClusterConnection::useToken(const QByteArray &token, const QString &user, const QStringList &roles)
{
    m_token = token;
    m_user = user;
    m_roles = roles;
    applyToken();
    emit loggedIn();
}

void ClusterConnection::logout()
{
    if (m_token.isEmpty())
        return;
    m_token.clear();
    m_user.clear();
    m_roles.clear();
    applyToken();
    emit loggedOut();
}

void ClusterConnection::applyToken()
{
    for (ServiceClient *client : m_clients)
        client->setToken(m_token);
    m_slowMaster->setToken(m_token);
    // Zone clients come and go with zones; they are made again with the current token.
    qDeleteAll(m_zoneClients);
    m_zoneClients.clear();
}

ServiceClient &ClusterConnection::zoneClient(const QUrl &zone)
{
    const QString key = zone.toString();
    ServiceClient *&client = m_zoneClients[key];
    if (!client) {
        client = new ServiceClient(QStringLiteral("zone"), zone, this);
        client->setToken(m_token);
        client->setTimeout(m_timeoutMs);
    }
    return *client;
}

void ClusterConnection::get(Server server, const QString &path, QObject *context,
                            ServiceClient::Callback callback)
{
    client(server).get(path, context, tracked(server, std::move(callback), m_timeoutMs));
}

void ClusterConnection::post(Server server, const QString &path, const QJsonObject &body, QObject *context,
                             ServiceClient::Callback callback)
{
    client(server).post(path, body, context, tracked(server, std::move(callback), m_timeoutMs));
}

void ClusterConnection::postSlow(Server server, const QString &path, const QJsonObject &body,
                                 QObject *context, ServiceClient::Callback callback)
{
    ServiceClient &target = server == Server::Master ? *m_slowMaster : client(server);
    target.post(
        path, body, context,
        tracked(server, std::move(callback), server == Server::Master ? m_slowTimeoutMs : m_timeoutMs));
}

void ClusterConnection::zoneGet(const QUrl &zone, const QString &path, QObject *context,
                                ServiceClient::Callback callback)
{
    const QString who = tr("Zone at %1").arg(zone.toString());
    const int timeoutMs = m_timeoutMs;
    QPointer<ClusterConnection> self(this);
    zoneClient(zone).get(path, context, [self, who, timeoutMs, callback](const ServiceResult &result) {
        if (self)
            self->noteSession(result);
        callback(translated(result, who, timeoutMs));
    });
}

void ClusterConnection::zonePost(const QUrl &zone, const QString &path, const QJsonObject &body,
                                 QObject *context, ServiceClient::Callback callback)
{
    const QString who = tr("Zone at %1").arg(zone.toString());
    const int timeoutMs = m_timeoutMs;
    QPointer<ClusterConnection> self(this);
    zoneClient(zone).post(path, body, context, [self, who, timeoutMs, callback](const ServiceResult &result) {
        if (self)
            self->noteSession(result);
        callback(translated(result, who, timeoutMs));
    });
}

ServiceClient::Callback ClusterConnection::tracked(Server server, ServiceClient::Callback callback,
                                                   int timeoutMs)
{
    QPointer<ClusterConnection> self(this);
    const QString who = QStringLiteral("%1 (%2)").arg(serverName(server), url(server).toString());
    return [self, server, who, timeoutMs, callback](const ServiceResult &result) {
        if (self) {
            self->note(server, result);
            self->noteSession(result);
        }
        callback(translated(result, who, timeoutMs));
    };
}

void ClusterConnection::note(Server server, const ServiceResult &result)
{
    if (result.status == 0)
        setState(server, State::Down, translated(result, serverName(server), m_timeoutMs).error);
    else if (state(server) != State::Up && result.status != 503)
        setState(server, State::Up, {});
}

void ClusterConnection::noteSession(const ServiceResult &result)
{
    if (result.status == 401 && isLoggedIn())
        emit sessionRejected(result.error);
}

void ClusterConnection::setState(Server server, State state, const QString &detail)
{
    ServerStatus &status = m_states[index(server)];
    if (status.state == state && status.detail == detail)
        return;
    status.state = state;
    status.detail = detail;
    emit stateChanged(server, state, detail);
}

void ClusterConnection::checkHealth()
{
    for (const Server server : {Server::Auth, Server::Char, Server::Master}) {
        ServerStatus &status = m_states[index(server)];
        if (status.healthInFlight || !url(server).isValid() || url(server).isEmpty())
            continue;
        status.healthInFlight = true;
        const QUrl asked = url(server);
        client(server).get(
            QStringLiteral("/health"), this, [this, server, asked](const ServiceResult &result) {
                m_states[index(server)].healthInFlight = false;
                if (asked != url(server))
                    return; // answered for URLs that have been replaced meanwhile
                if (result.status == 0)
                    setState(server, State::Down, translated(result, serverName(server), m_timeoutMs).error);
                else if (result.status == 503 || !result.object().value(QStringLiteral("ready")).toBool(true))
                    setState(server, State::NotReady, tr("not ready yet"));
                else
                    setState(server, State::Up, result.object().value(QStringLiteral("version")).toString());
            });
    }
}

} // namespace smmo::admin
