// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "BotTransport.h"
#include "ServiceClient.h"
#include "WebSocketClient.h"

#include <QObject>
#include <QUrl>

#include <memory>
#include <vector>

namespace smmo::bots {

/// The servers one thread's SimpleMMO bots talk to, shared by all of them (one connection pool
/// per server, each request carrying its bot's own session token).
class SimpleMmoCluster : public QObject
{
    Q_OBJECT
public:
    SimpleMmoCluster(const QUrl &auth, const QUrl &chars, const QUrl &master, QString zoneId,
                     QByteArray adminToken, QObject *parent = nullptr);

    ServiceClient &auth() { return m_auth; }
    ServiceClient &chars() { return m_chars; }
    ServiceClient &master() { return m_master; }
    /// The zone's HTTP API (for an administrator's teleport), at the URL the master gave.
    ServiceClient &zone(const QUrl &url);
    QString zoneId() const { return m_zoneId; }
    /// Empty when the bots run without an administrator: they then stay where the zone puts them.
    QByteArray adminToken() const { return m_adminToken; }

private:
    ServiceClient m_auth;
    ServiceClient m_chars;
    ServiceClient m_master;
    ServiceClient m_zone;
    QString m_zoneId;
    QByteArray m_adminToken;
};

/// A SimpleMMO player as docs/protocol.md describes the play flow: register (an existing account
/// is fine), log in, create its character (an existing one is fine), ask the master for the zone,
/// join the zone's stream (`?updates=delta`, as common/ZoneClient asks) and, with an
/// administrator's token, be teleported to its home.
///
/// The stream is read the lean way (WebSocketClient, ZoneMessageScan): an update's object ids are
/// read from its bytes, without a mirror of the objects, which only ZoneClient's other users
/// need. Rarer messages (joined, chat, error) are parsed whole.
class SimpleMmoTransport : public QObject, public BotTransport, private WebSocketClient::Handler
{
    Q_OBJECT
public:
    SimpleMmoTransport(Identity identity, BotEvents *events, SimpleMmoCluster *cluster);
    ~SimpleMmoTransport() override;

    void start() override;
    void move(double dx, double dy) override;
    void say(const QString &text) override;
    void stop() override;

private:
    void login();
    void createCharacter();
    void findZone();
    void join(const QUrl &zoneUrl);
    void place();
    void fail(const QString &stage, const ServiceResult &result);
    void sendJson(const QJsonObject &message);

    // WebSocketClient::Handler
    void opened() override {}
    void messageReceived(QByteArrayView payload, bool text) override;
    void closed(int code, const QString &reason) override;

    SimpleMmoCluster *m_cluster;
    QByteArray m_token;
    QUrl m_zoneUrl;
    std::unique_ptr<WebSocketClient> m_stream;
    std::vector<qint64> m_ids; ///< scratch: one update's object ids
    qint64 m_selfId = 0;
};

} // namespace smmo::bots
