// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ChatFeed.h"

#include "ClusterConnection.h"

#include <QJsonArray>

namespace smmo::admin {

ChatFeed::ChatFeed(ClusterConnection &connection, QObject *parent) : QObject(parent), m_connection(connection)
{
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &ChatFeed::poll);
}

void ChatFeed::followZone(const QUrl &zone)
{
    if (!m_global && zone == m_zone && m_session)
        return;
    stop();
    m_zone = zone;
    if (!zone.isEmpty())
        start();
}

void ChatFeed::followGlobal()
{
    if (m_global && m_session)
        return;
    stop();
    m_global = true;
    start();
}

void ChatFeed::stop()
{
    m_timer.stop();
    delete m_session;
    m_session = nullptr;
    m_inFlight = false;
    m_again = false;
    m_since.clear();
    m_global = false;
    m_zone.clear();
}

void ChatFeed::start()
{
    m_session = new QObject(this);
    emit restarted();
    m_timer.start();
    poll();
}

void ChatFeed::pollNow()
{
    if (m_inFlight)
        m_again = true;
    else
        poll();
}

void ChatFeed::poll()
{
    if (m_inFlight || !m_session)
        return;
    m_inFlight = true;
    QString path = m_global ? QStringLiteral("/chat/global") : QStringLiteral("/messages");
    if (!m_since.isEmpty())
        path += QStringLiteral("?since=") + QString::fromLatin1(QUrl::toPercentEncoding(m_since));
    auto answered = [this](const ServiceResult &result) {
        m_inFlight = false;
        if (!result.ok || !result.json.isArray()) {
            emit failed(result.error.isEmpty() ? tr("The answer is not a list of messages.") : result.error);
        } else {
            QList<ChatLine> lines;
            for (const QJsonValue &value : result.json.array()) {
                ChatLine line = ChatLine::fromJson(value.toObject());
                if (line.sentText > m_since) // one format per source, so text order is time order
                    m_since = line.sentText;
                lines.append(line);
            }
            if (!lines.isEmpty())
                emit received(lines);
        }
        if (m_again) {
            m_again = false;
            poll();
        }
    };
    if (m_global)
        m_connection.get(Server::Master, path, m_session, answered);
    else
        m_connection.zoneGet(m_zone, path, m_session, answered);
}

} // namespace smmo::admin
