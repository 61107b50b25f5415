// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "BotTransport.h"
#include "ServiceClient.h"
#include "ZoneClient.h"

#include <QObject>
#include <QUrl>

#include <memory>

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
/// join the zone's stream through ZoneClient and, with an administrator's token, be teleported
/// to its home.
class SimpleMmoTransport : public QObject, public BotTransport
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

    SimpleMmoCluster *m_cluster;
    QByteArray m_token;
    QUrl m_zoneUrl;
    std::unique_ptr<ZoneClient> m_stream;
    bool m_stopping = false;
    bool m_ready = false;
};

} // namespace smmo::bots
