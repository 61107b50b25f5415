// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ZoneSpectator.h"

#include "ClusterConnection.h"
#include "ZoneClient.h"

#include <QJsonArray>
#include <QUrlQuery>

namespace smmo::admin {

namespace {
constexpr int maxDelayMs = 10000;

QList<QJsonObject> objectsOf(const QJsonArray &array)
{
    QList<QJsonObject> objects;
    objects.reserve(array.size());
    for (const QJsonValue &value : array)
        objects.append(value.toObject());
    return objects;
}
} // namespace

ZoneSpectator::ZoneSpectator(ClusterConnection &connection, QObject *parent)
    : QObject(parent), m_connection(connection)
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &ZoneSpectator::open);
}

ZoneSpectator::~ZoneSpectator() = default;

void ZoneSpectator::setZone(const QUrl &url)
{
    if (url == m_zone && (m_client || m_retry.isActive()))
        return;
    m_retry.stop();
    m_client.reset(); // its signals go with it
    m_watching = false;
    m_delayMs = 0;
    m_zone = url;
    if (!url.isEmpty())
        open();
}

void ZoneSpectator::open()
{
    m_client = std::make_unique<ZoneClient>();
    m_refusal.clear();
    ZoneClient *client = m_client.get();
    connect(client, &ZoneClient::hello, this, [this](const QJsonObject &hello) {
        m_watching = true;
        m_delayMs = 0;
        emit watching();
        emit snapshot(objectsOf(hello.value(QStringLiteral("objects")).toArray()));
    });
    connect(
        client, &ZoneClient::updated, this,
        [this](qint64, const QJsonArray &changedObjects, const QJsonArray &entered, const QJsonArray &left) {
            if (!changedObjects.isEmpty() || !entered.isEmpty())
                emit changed(objectsOf(changedObjects) + objectsOf(entered));
            if (!left.isEmpty()) {
                QList<qint64> ids;
                for (const QJsonValue &id : left)
                    ids.append(id.toInteger());
                emit removed(ids);
            }
        });
    connect(client, &ZoneClient::eventReceived, this, &ZoneSpectator::eventReceived);
    connect(client, &ZoneClient::chatReceived, this, &ZoneSpectator::chatReceived);
    connect(client, &ZoneClient::errorReceived, this,
            [this](const QString &, const QString &message) { m_refusal = message; });
    connect(client, &ZoneClient::disconnected, this, &ZoneSpectator::closed);
    connect(&client->socket(), qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            [this, client](QAbstractSocket::SocketError) {
                // A connection that never opened emits no disconnected of its own.
                if (client->socket().state() == QAbstractSocket::UnconnectedState)
                    closed(0, client->socket().errorString());
            });

    QUrl url = m_zone;
    QUrlQuery query(url);
    query.addQueryItem(QStringLiteral("role"), QStringLiteral("spectator"));
    url.setQuery(query);
    client->open(url, m_connection.token());
}

void ZoneSpectator::closed(int code, const QString &reason)
{
    if (m_retry.isActive() || !m_client)
        return;
    m_watching = false;
    QString why = !m_refusal.isEmpty() ? m_refusal : reason;
    if (why.isEmpty())
        why = tr("the connection closed (code %1)").arg(code);
    emit failed(why);
    // Deleting the client inside its own signal is not allowed; nothing more is heard from it.
    m_client->disconnect(this);
    m_client->socket().disconnect(this);
    m_client.release()->deleteLater();
    m_delayMs = m_delayMs == 0 ? m_firstDelayMs : qMin(m_delayMs * 2, maxDelayMs);
    m_retry.start(m_delayMs);
}

} // namespace smmo::admin
