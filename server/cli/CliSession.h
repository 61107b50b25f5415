// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "ServiceClient.h"
#include "ZoneClient.h"

#include <QObject>
#include <QStringList>
#include <QUrl>

namespace smmo::cli {

/// Who the prompt is logged in as and which servers it talks to: one ServiceClient per server,
/// all carrying the session token once logged in.
class CliSession : public QObject
{
    Q_OBJECT
public:
    CliSession(const QUrl &auth, const QUrl &chars, const QUrl &master, QObject *parent = nullptr);

    ServiceClient &auth() { return m_auth; }
    ServiceClient &chars() { return m_chars; }
    ServiceClient &master() { return m_master; }
    /// The zone being played: its HTTP API and its live stream.
    ServiceClient &zone() { return m_zone; }
    ZoneClient &stream() { return m_stream; }
    const ZoneClient &stream() const { return m_stream; }

    void setLogin(const QByteArray &token, const QString &user, const QStringList &roles);
    void clearLogin();
    bool isLoggedIn() const { return !m_token.isEmpty(); }
    QByteArray token() const { return m_token; }
    QString user() const { return m_user; }
    bool isAdmin() const { return m_roles.contains(QStringLiteral("admin")); }

    QString character;    ///< the character being played, if any
    QString zoneId;       ///< its zone
    QStringList characters; ///< the user's characters, for completion

private:
    ServiceClient m_auth;
    ServiceClient m_chars;
    ServiceClient m_master;
    ServiceClient m_zone;
    ZoneClient m_stream;
    QByteArray m_token;
    QString m_user;
    QStringList m_roles;
};

} // namespace smmo::cli
