// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "ServiceClient.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QStringList>
#include <QTimer>
#include <QUrl>

#include <array>

namespace smmo::admin {

/// The three servers the console is configured with; zones are found through the master.
enum class Server { Auth = 0, Char = 1, Master = 2 };

/// The console's configuration of a cluster: where its three public servers are.
struct ClusterUrls
{
    QUrl auth;
    QUrl character;
    QUrl master;
};

/// The console's one link to a cluster: the server URLs, the administrator's session token, an
/// asynchronous client per server and per zone (every call has a timeout, so a down server is
/// reported, never waited for), and whether each server currently answers.
class ClusterConnection : public QObject
{
    Q_OBJECT
public:
    enum class State { Unknown, Up, NotReady, Down };
    Q_ENUM(State)

    explicit ClusterConnection(QObject *parent = nullptr);

    void setUrls(const ClusterUrls &urls);
    ClusterUrls urls() const { return m_urls; }
    QUrl url(Server server) const;
    /// Timeout of ordinary calls (default 5000 ms); starting and stopping zones get `slowTimeout`.
    void setTimeout(int milliseconds);
    void setSlowTimeout(int milliseconds);
    /// How often each server's /health is asked while URLs are set (default 2000 ms).
    void setHealthInterval(int milliseconds);

    /// POST /login with format=json on the AuthServer; answers with loggedIn or loginFailed. Only
    /// accounts with the admin role are let in: the console's calls need it.
    void login(const QString &user, const QString &password);
    void logout();
    bool isLoggedIn() const { return !m_token.isEmpty(); }
    QString userName() const { return m_user; }
    QStringList roles() const { return m_roles; }
    bool isAdmin() const { return m_roles.contains(QStringLiteral("admin")); }
    QByteArray token() const { return m_token; }
    /// Uses a token obtained elsewhere (tests, scripts) as if login had answered it.
    void useToken(const QByteArray &token, const QString &user, const QStringList &roles);

    State state(Server server) const { return m_states[index(server)].state; }
    QString stateDetail(Server server) const { return m_states[index(server)].detail; }
    static QString serverName(Server server);

    void get(Server server, const QString &path, QObject *context, ServiceClient::Callback callback);
    void post(Server server, const QString &path, const QJsonObject &body, QObject *context,
              ServiceClient::Callback callback);
    /// A call that may take as long as a zone start (the master answers once the zone is ready).
    void postSlow(Server server, const QString &path, const QJsonObject &body, QObject *context,
                  ServiceClient::Callback callback);
    void zoneGet(const QUrl &zone, const QString &path, QObject *context, ServiceClient::Callback callback);
    void zonePost(const QUrl &zone, const QString &path, const QJsonObject &body, QObject *context,
                  ServiceClient::Callback callback);

signals:
    void loggedIn();
    void loginFailed(const QString &message);
    void loggedOut();
    /// A server refused the session (expired or signed with another secret): log in again.
    void sessionRejected(const QString &message);
    void stateChanged(smmo::admin::Server server, smmo::admin::ClusterConnection::State state,
                      const QString &detail);

private:
    struct ServerStatus
    {
        State state = State::Unknown;
        QString detail;
        bool healthInFlight = false;
    };
    static int index(Server server) { return static_cast<int>(server); }
    ServiceClient &client(Server server) { return *m_clients[index(server)]; }
    ServiceClient &zoneClient(const QUrl &zone);
    ServiceClient::Callback tracked(Server server, ServiceClient::Callback callback, int timeoutMs);
    void note(Server server, const ServiceResult &result);
    void noteSession(const ServiceResult &result);
    void setState(Server server, State state, const QString &detail);
    void checkHealth();
    void applyToken();

    ClusterUrls m_urls;
    std::array<ServiceClient *, 3> m_clients{};
    ServiceClient *m_slowMaster = nullptr;
    QHash<QString, ServiceClient *> m_zoneClients;
    std::array<ServerStatus, 3> m_states;
    QTimer m_healthTimer;
    QByteArray m_token;
    QString m_user;
    QStringList m_roles;
    int m_timeoutMs = 5000;
    int m_slowTimeoutMs = 60000;
};

} // namespace smmo::admin
