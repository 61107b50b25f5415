// SPDX-License-Identifier: AGPL-3.0-or-later
#include "SimpleMmoTransport.h"

#include "ZoneClient.h"
#include "ZoneMessageScan.h"

#include <QJsonArray>
#include <QUrlQuery>

#include <charconv>
#include <cstring>

namespace smmo::bots {

SimpleMmoCluster::SimpleMmoCluster(const QUrl &auth, const QUrl &chars, const QUrl &master, QString zoneId,
                                   QByteArray adminToken, QObject *parent)
    : QObject(parent), m_auth(QStringLiteral("the AuthServer"), auth, this),
      m_chars(QStringLiteral("the CharServer"), chars, this),
      m_master(QStringLiteral("the MasterZoneServer"), master, this),
      m_zone(QStringLiteral("the zone"), QUrl(), this), m_zoneId(std::move(zoneId)),
      m_adminToken(std::move(adminToken))
{
    // A crowd logging in queues behind the AuthServer's hashing; a zone starting takes seconds.
    for (ServiceClient *client : {&m_auth, &m_chars, &m_master, &m_zone})
        client->setTimeout(60000);
}

ServiceClient &SimpleMmoCluster::zone(const QUrl &url)
{
    if (m_zone.baseUrl() != url)
        m_zone.setBaseUrl(url);
    return m_zone;
}

SimpleMmoTransport::SimpleMmoTransport(Identity identity, BotEvents *events, SimpleMmoCluster *cluster)
    : BotTransport(std::move(identity), events), m_cluster(cluster)
{}

SimpleMmoTransport::~SimpleMmoTransport()
{
    stop();
}

void SimpleMmoTransport::fail(const QString &stage, const ServiceResult &result)
{
    m_events->failed(m_identity.index, stage,
                     result.error.isEmpty() ? QString::fromUtf8(result.body) : result.error);
}

void SimpleMmoTransport::start()
{
    // Register first: an existing account answers 409 without a password hash, where a failed
    // login would count against the address's login limit.
    const QJsonObject body{{QStringLiteral("username"), m_identity.account},
                           {QStringLiteral("password"), m_identity.password}};
    m_cluster->auth().post(QStringLiteral("/register"), body, this, [this](const ServiceResult &r) {
        if (!r.ok && r.status != 409)
            return fail(QStringLiteral("register"), r);
        login();
    });
}

void SimpleMmoTransport::login()
{
    const QJsonObject body{{QStringLiteral("username"), m_identity.account},
                           {QStringLiteral("password"), m_identity.password},
                           {QStringLiteral("format"), QStringLiteral("json")}};
    m_cluster->auth().post(QStringLiteral("/login"), body, this, [this](const ServiceResult &r) {
        if (!r.ok)
            return fail(QStringLiteral("login"), r);
        m_token = r.object().value(QStringLiteral("token")).toString().toLatin1();
        createCharacter();
    });
}

void SimpleMmoTransport::createCharacter()
{
    const QJsonObject body{{QStringLiteral("character_name"), m_identity.account}};
    m_cluster->chars().requestAs(m_token, "POST", QStringLiteral("/new"),
                                 QJsonDocument(body).toJson(QJsonDocument::Compact), this,
                                 [this](const ServiceResult &r) {
                                     // 400 is also "already exists", from an earlier run: joining tells
                                     // whether it is ours.
                                     if (!r.ok && r.status != 400)
                                         return fail(QStringLiteral("character"), r);
                                     findZone();
                                 });
}

void SimpleMmoTransport::findZone()
{
    m_cluster->master().requestAs(m_token, "GET", QLatin1Char('/') + m_cluster->zoneId(), {}, this,
                                  [this](const ServiceResult &r) {
                                      if (!r.ok)
                                          return fail(QStringLiteral("zone"), r);
                                      join(QUrl(QString::fromUtf8(r.body).trimmed()));
                                  });
}

void SimpleMmoTransport::join(const QUrl &zoneUrl)
{
    m_zoneUrl = zoneUrl;
    // The URL ZoneClient would open: updates carry only what changed about known objects.
    QUrl url = ZoneClient::streamUrl(zoneUrl);
    QUrlQuery query(url);
    query.removeAllQueryItems(QStringLiteral("updates"));
    query.addQueryItem(QStringLiteral("updates"), QStringLiteral("delta"));
    url.setQuery(query);
    m_stream = std::make_unique<WebSocketClient>(static_cast<WebSocketClient::Handler *>(this));
    WebSocketClient::Headers headers;
    if (!m_token.isEmpty())
        headers.append({"Authorization", "Bearer " + m_token});
    sendJson({{QStringLiteral("type"), QStringLiteral("join")},
              {QStringLiteral("character"), m_identity.account}});
    m_stream->open(url, headers);
}

void SimpleMmoTransport::sendJson(const QJsonObject &message)
{
    if (m_stream)
        m_stream->sendText(QJsonDocument(message).toJson(QJsonDocument::Compact));
}

void SimpleMmoTransport::messageReceived(QByteArrayView payload, bool)
{
    const int bot = m_identity.index;
    QByteArrayView type;
    m_ids.clear();
    if (ZoneMessageScan::scan(payload, &type, &m_ids) && type == QByteArrayView("update")) {
        int objects = 0;
        for (const qint64 id : m_ids) {
            if (id == m_selfId)
                continue;
            ++objects;
            m_events->objectSeen(bot, id);
        }
        return m_events->updateReceived(bot, objects);
    }
    // Everything else is rare enough to be read whole.
    const QJsonObject message = QJsonDocument::fromJson(payload.toByteArray()).object();
    const QString kind = message.value(QLatin1String("type")).toString();
    if (kind == QLatin1String("joined")) {
        m_selfId = qint64(message.value(QLatin1String("id")).toDouble());
        place();
    } else if (kind == QLatin1String("chat")) {
        m_events->chatReceived(bot, message.value(QLatin1String("body")).toString());
    } else if (kind == QLatin1String("error")) {
        if (!m_ready)
            return m_events->failed(bot, QStringLiteral("join"),
                                    message.value(QLatin1String("message")).toString());
        m_events->errorReceived(bot, message.value(QLatin1String("code")).toString());
    } else if (kind.isEmpty()) {
        m_events->errorReceived(bot, QStringLiteral("malformed"));
    }
}

void SimpleMmoTransport::closed(int code, const QString &reason)
{
    connectionClosed(code, reason);
}

void SimpleMmoTransport::place()
{
    const qint64 self = m_selfId;
    if (m_cluster->adminToken().isEmpty()) {
        m_ready = true;
        return m_events->ready(m_identity.index, self);
    }
    // An administrator's teleport puts the character at its home at once, wherever an earlier
    // run left it (a walk there would cross the whole crowd).
    const QJsonObject body{
        {QStringLiteral("command"), QStringLiteral("teleport")},
        {QStringLiteral("args"), QJsonArray{m_identity.account, m_identity.homeX, m_identity.homeY, 0}}};
    m_cluster->zone(m_zoneUrl).requestAs(m_cluster->adminToken(), "POST", QStringLiteral("/admin"),
                                         QJsonDocument(body).toJson(QJsonDocument::Compact), this,
                                         [this, self](const ServiceResult &r) {
                                             if (!r.ok)
                                                 return fail(QStringLiteral("place"), r);
                                             m_ready = true;
                                             m_events->ready(m_identity.index, self);
                                         });
}

void SimpleMmoTransport::move(double dx, double dy)
{
    if (!m_stream)
        return;
    // {"type":"move","dx":..,"dy":..,"dz":0}, written directly: one a tenth of a second per bot.
    char text[128];
    char *at = text;
    const auto put = [&at](const char *literal) {
        const size_t n = std::strlen(literal);
        std::memcpy(at, literal, n);
        at += n;
    };
    put(R"({"type":"move","dx":)");
    at = std::to_chars(at, text + sizeof text, dx).ptr;
    put(R"(,"dy":)");
    at = std::to_chars(at, text + sizeof text, dy).ptr;
    put(R"(,"dz":0})");
    m_stream->sendText(QByteArrayView(text, at - text));
}

void SimpleMmoTransport::say(const QString &text)
{
    sendJson({{QStringLiteral("type"), QStringLiteral("say")}, {QStringLiteral("text"), text}});
}

void SimpleMmoTransport::stop()
{
    m_stopping = true;
    m_ready = false;
    if (m_stream)
        m_stream->close();
}

} // namespace smmo::bots
