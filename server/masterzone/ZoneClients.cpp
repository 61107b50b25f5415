// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ZoneClients.h"

#include "ServiceClient.h"
#include "SessionToken.h"

namespace smmo {

namespace {
constexpr auto tokenLifetime = std::chrono::hours(24);
} // namespace

ZoneClients::ZoneClients(QByteArray secret, QString serviceName, QObject *parent)
    : QObject(parent), m_secret(std::move(secret)), m_serviceName(std::move(serviceName))
{}

QByteArray ZoneClients::serviceToken()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (m_token.isEmpty() || now >= m_renewAt) {
        m_token = SessionToken::issue(
            SessionToken::makeClaims(0, m_serviceName, {QStringLiteral("service")}, tokenLifetime), m_secret);
        m_renewAt = now.addSecs(3600); // long before the 24 h run out
        for (auto *client : std::as_const(m_clients))
            client->setToken(m_token);
    }
    return m_token;
}

ServiceClient &ZoneClients::forZone(const QUrl &url)
{
    const QByteArray token = serviceToken();
    auto *&client = m_clients[url.toString()];
    if (!client) {
        client = new ServiceClient(QStringLiteral("zone at %1").arg(url.toString()), url, this);
        client->setTimeout(3000);
        client->setToken(token);
    }
    return *client;
}

void ZoneClients::forget(const QUrl &url)
{
    if (auto *client = m_clients.take(url.toString()))
        client->deleteLater();
}

} // namespace smmo
