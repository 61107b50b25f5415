// SPDX-License-Identifier: AGPL-3.0-or-later
#include "CliSession.h"

namespace smmo::cli {

CliSession::CliSession(const QUrl &auth, const QUrl &chars, const QUrl &master, QObject *parent)
    : QObject(parent), m_auth(QStringLiteral("the AuthServer"), auth), m_chars(QStringLiteral("the CharServer"), chars),
      m_master(QStringLiteral("the MasterZoneServer"), master), m_zone(QStringLiteral("the zone"), QUrl())
{
}

void CliSession::setLogin(const QByteArray &token, const QString &user, const QStringList &roles)
{
    m_token = token;
    m_user = user;
    m_roles = roles;
    for (auto *client : {&m_auth, &m_chars, &m_master, &m_zone})
        client->setToken(token);
}

void CliSession::clearLogin()
{
    setLogin({}, {}, {});
    m_stream.close();
    character.clear();
    zoneId.clear();
    characters.clear();
}

} // namespace smmo::cli
