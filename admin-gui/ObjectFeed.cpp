// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ObjectFeed.h"

#include "ClusterConnection.h"

#include <QJsonArray>

namespace smmo::admin {

ObjectFeed::ObjectFeed(ClusterConnection &connection, QObject *parent)
    : QObject(parent), m_connection(connection)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ObjectFeed::poll);
}

void ObjectFeed::setZone(const QUrl &url)
{
    if (url == m_zone && m_session)
        return;
    m_timer.stop();
    delete m_session; // answers for the previous zone are dropped
    m_session = nullptr;
    m_inFlight = false;
    m_since.clear();
    m_zone = url;
    if (url.isEmpty())
        return;
    m_session = new QObject(this);
    poll();
}

void ObjectFeed::schedule()
{
    // The interval counts from the start of the poll: a slow answer is not followed by a pause.
    const qint64 left = m_intervalMs - m_pollClock.elapsed();
    m_timer.start(int(qMax<qint64>(0, left)));
}

void ObjectFeed::poll()
{
    if (m_inFlight || !m_session)
        return;
    const bool full = m_since.isEmpty() || !m_sinceResync.isValid() || m_sinceResync.elapsed() >= m_resyncMs;
    QString path = QStringLiteral("/objects");
    if (!full)
        path += QStringLiteral("?since=") + QString::fromLatin1(QUrl::toPercentEncoding(m_since));
    m_inFlight = true;
    m_pollClock.start();
    m_connection.zoneGet(m_zone, path, m_session, [this, full](const ServiceResult &result) {
        m_inFlight = false;
        if (!result.ok || !result.json.isArray()) {
            emit failed(result.error.isEmpty()
                            ? tr("The zone answered something that is not a list of objects.")
                            : result.error);
            m_timer.start(qMax(m_intervalMs, 1000)); // a zone in trouble is not asked ten times a second
            return;
        }
        const QJsonArray array = result.json.array();
        QList<QJsonObject> objects;
        objects.reserve(array.size());
        for (const QJsonValue &value : array) {
            const QJsonObject object = value.toObject();
            const QString modified = object.value(QStringLiteral("last_modified")).toString();
            if (modified > m_since) // same format everywhere, so text order is time order
                m_since = modified;
            objects.append(object);
        }
        if (full) {
            m_sinceResync.start();
            emit snapshot(objects);
        } else if (!objects.isEmpty()) {
            emit changed(objects);
        }
        emit polled(int(m_pollClock.elapsed()), int(objects.size()));
        schedule();
    });
}

} // namespace smmo::admin
