// SPDX-License-Identifier: AGPL-3.0-or-later
// ZoneStream: what goes out to many connections at once, the tick's updates, chat and events.
#include "ZoneStream.h"

#include "Zone.h"

#include <QJsonDocument>

#include <cmath>

namespace smmo {

namespace {

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

QByteArray ZoneStream::objectsJson(const QList<qint64> &ids, QHash<qint64, QByteArray> &cache, bool bus) const
{
    QByteArray json = "[";
    bool first = true;
    for (const qint64 id : ids) {
        auto it = cache.find(id);
        if (it == cache.end()) {
            const ZoneObject *object = m_zone.world().find(id);
            if (!object)
                continue;
            it = cache.insert(id, object->toCompactJson(bus));
        }
        if (!first)
            json += ',';
        json += it.value();
        first = false;
    }
    json += ']';
    return json;
}

void ZoneStream::publish(qint64 tick, const WorldModel::TickChanges &changes)
{
    if (changes.isEmpty() || m_sessions.empty())
        return;
    // Each object is serialised once per tick, however many clients receive it.
    QHash<qint64, QByteArray> cache;
    const QByteArray head = "{\"type\":\"update\",\"tick\":" + QByteArray::number(tick);
    const auto idsJson = [](const QList<qint64> &ids) {
        QByteArray json = "[";
        for (int i = 0; i < ids.size(); ++i)
            json += (i ? "," : "") + QByteArray::number(ids.at(i));
        return json + ']';
    };

    QByteArray busMessage;
    const WorldModel &world = m_zone.world();
    const double radius = m_zone.settings().aoiRadius;
    QList<Session *> sessions;
    sessions.reserve(int(m_sessions.size()));
    for (auto &[socket, session] : m_sessions)
        sessions.append(session.get());

    for (Session *session : sessions) {
        if (session->dropped)
            continue;
        if (session->bus) {
            if (busMessage.isEmpty()) {
                QHash<qint64, QByteArray> busCache; // the bus's objects carry their data
                busMessage =
                    head + ",\"changed\":" +
                    objectsJson(changes.changed.values() + changes.dataChanged.values(), busCache, true) +
                    ",\"entered\":" + objectsJson(changes.added.values(), busCache, true) +
                    ",\"left\":" + idsJson(changes.removed.values()) + '}';
            }
            send(*session, busMessage);
            continue;
        }
        if (session->character.isEmpty())
            continue;
        const ZoneObject *self = world.find(session->objectId);
        if (!self)
            continue;
        const QList<qint64> nowVisible = world.within(self->locX, self->locY, radius);
        QList<qint64> changed, entered, left;
        QSet<qint64> visible;
        visible.reserve(nowVisible.size());
        for (const qint64 id : nowVisible) {
            visible.insert(id);
            if (!session->visible.contains(id))
                entered.append(id);
            else if (changes.changed.contains(id) || changes.added.contains(id))
                changed.append(id);
        }
        for (const qint64 id : std::as_const(session->visible))
            if (!visible.contains(id))
                left.append(id);
        session->visible.swap(visible);
        if (changed.isEmpty() && entered.isEmpty() && left.isEmpty())
            continue;
        send(*session, head + ",\"changed\":" + objectsJson(changed, cache, false) + ",\"entered\":" +
                           objectsJson(entered, cache, false) + ",\"left\":" + idsJson(left) + '}');
    }
}

// Chat and events --------------------------------------------------------------------------------

void ZoneStream::deliverChat(const ChatMessage &message)
{
    const QByteArray json = compact(message.toStreamJson());
    const double radius = m_zone.settings().chatRadius;
    for (auto &[socket, session] : m_sessions) {
        if (session->bus) {
            send(*session, json);
            continue;
        }
        if (session->character.isEmpty())
            continue;
        const ZoneObject *self = m_zone.world().find(session->objectId);
        if (radius <= 0 ||
            (self && std::hypot(self->locX - message.locX, self->locY - message.locY) <= radius))
            send(*session, json);
    }
}

void ZoneStream::deliverTell(const ChatMessage &message)
{
    const QByteArray json = compact(message.toStreamJson());
    Session *recipient = sessionOf(message.recipient);
    Session *sender = sessionOf(message.sender);
    if (recipient)
        send(*recipient, json);
    if (sender && sender != recipient)
        send(*sender, json);
}

void ZoneStream::deliverGlobal(const ChatMessage &message)
{
    const QByteArray json = compact(message.toStreamJson());
    for (auto &[socket, session] : m_sessions)
        if (!session->bus && !session->character.isEmpty())
            send(*session, json);
}

void ZoneStream::deliverBusEvent(const QJsonObject &event)
{
    const QByteArray json = compact(event);
    for (auto &[socket, session] : m_sessions)
        if (session->bus)
            send(*session, json);
}

void ZoneStream::deliverObjectEvent(qint64 id, const QJsonObject &event)
{
    const QByteArray json = compact(event);
    for (auto &[socket, session] : m_sessions)
        if (session->bus || session->visible.contains(id))
            send(*session, json);
}

} // namespace smmo
