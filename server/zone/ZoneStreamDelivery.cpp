// SPDX-License-Identifier: AGPL-3.0-or-later
// ZoneStream: what goes out to many connections at once, the tick's updates, chat and events.
#include "ZoneStream.h"

#include "JsonWriter.h"
#include "Zone.h"

#include <QJsonDocument>

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <utility>
#include <vector>

namespace smmo {

namespace {

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

QByteArray ZoneStream::busUpdate(const QByteArray &head, const WorldModel::TickChanges &changes,
                                 bool delta) const
{
    const WorldModel &world = m_zone.world();
    QByteArray message;
    {
        JsonWriter out(message);
        // Changed objects as their changed fields (delta) or whole; created ones always whole.
        const auto objects = [&](std::initializer_list<const QSet<qint64> *> sets, bool changed) {
            bool first = true;
            for (const QSet<qint64> *ids : sets) {
                for (const qint64 id : *ids) {
                    const ZoneObject *object = world.find(id);
                    if (!object)
                        continue;
                    if (!std::exchange(first, false))
                        out.raw(',');
                    object->writeJson(out, true,
                                      changed && delta ? changes.fields.value(id) : ZoneObject::AllFields);
                }
            }
        };
        out.raw(head);
        out.raw(",\"changed\":[");
        objects({&changes.changed, &changes.dataChanged}, true);
        out.raw("],\"entered\":[");
        objects({&changes.added}, false);
        out.raw("],\"left\":[");
        bool first = true;
        for (const qint64 id : changes.removed) {
            if (!std::exchange(first, false))
                out.raw(',');
            out.integer(id);
        }
        out.raw("]}");
    }
    return message;
}

void ZoneStream::publish(qint64 tick, const WorldModel::TickChanges &changes)
{
    sendQueued(); // before the update: what was said or happened since the last tick
    if (changes.isEmpty() || m_sessions.empty())
        return;
    const QByteArray head = "{\"type\":\"update\",\"tick\":" + QByteArray::number(tick);
    const WorldModel &world = m_zone.world();
    const double radius = m_zone.settings().aoiRadius;

    // Every object a player receives this tick is written once, however many receive it. The
    // ones that changed are entered up front, so that one look-up per visible object tells both
    // whether it changed and what to send. Node-based: pieces point into it while it grows.
    struct Written
    {
        QByteArray json;  ///< the whole object
        QByteArray delta; ///< its changed fields
        bool changed = false;
    };
    std::unordered_map<qint64, Written> written;
    written.reserve(size_t(changes.changed.size() + changes.added.size()));
    for (const QSet<qint64> *ids : {&changes.changed, &changes.added})
        for (const qint64 id : *ids)
            written[id].changed = true;
    const auto json = [&world, &changes](qint64 id, Written &entry, bool delta) -> const QByteArray * {
        QByteArray &text = delta ? entry.delta : entry.json;
        if (text.isEmpty())
            if (const ZoneObject *object = world.find(id))
                object->appendCompactJson(text, false,
                                          delta ? changes.fields.value(id) : ZoneObject::AllFields);
        return text.isEmpty() ? nullptr : &text;
    };

    QByteArray busMessages[2]; // full, delta
    std::vector<const QByteArray *> changed, entered;
    std::vector<qint64> left;
    QList<Session *> sessions;
    sessions.reserve(int(m_sessions.size()));
    for (auto &[socket, session] : m_sessions)
        sessions.append(session.get());

    for (Session *session : sessions) {
        if (session->dropped)
            continue;
        if (session->bus) {
            QByteArray &busMessage = busMessages[session->delta ? 1 : 0];
            if (busMessage.isEmpty())
                busMessage = busUpdate(head, changes, session->delta);
            send(*session, busMessage);
            continue;
        }
        if (session->character.isEmpty())
            continue;
        const ZoneObject *self = world.find(session->objectId);
        if (!self)
            continue;

        // Both lists are sorted: one pass tells what entered, what stayed and what left.
        world.nearest(self->locX, self->locY, radius, m_zone.settings().aoiMaxObjects, m_nowVisible);
        const std::vector<qint64> &before = session->visible;
        changed.clear();
        entered.clear();
        left.clear();
        size_t i = 0, j = 0;
        while (i < before.size() || j < m_nowVisible.size()) {
            if (j == m_nowVisible.size() || (i < before.size() && before[i] < m_nowVisible[j])) {
                left.push_back(before[i++]);
            } else if (i == before.size() || m_nowVisible[j] < before[i]) {
                const qint64 id = m_nowVisible[j++];
                if (const QByteArray *piece = json(id, written[id], false))
                    entered.push_back(piece);
            } else {
                const qint64 id = m_nowVisible[j++];
                ++i;
                const auto it = written.find(id);
                // Objects added this tick that a player saw already are rare; they go whole.
                if (it != written.end() && it->second.changed)
                    if (const QByteArray *piece =
                            json(id, it->second, session->delta && changes.fields.contains(id)))
                        changed.push_back(piece);
            }
        }
        keepVisible(*session, m_nowVisible);
        if (changed.empty() && entered.empty() && left.empty())
            continue;

        qsizetype size = head.size() + 48 + qsizetype(left.size()) * 21;
        for (const auto *pieces : {&changed, &entered})
            for (const QByteArray *piece : *pieces)
                size += piece->size() + 1;
        QByteArray message;
        message.reserve(size);
        {
            JsonWriter out(message);
            out.raw(head);
            for (const auto &[key, pieces] :
                 {std::pair{",\"changed\":[", &changed}, {"],\"entered\":[", &entered}}) {
                out.raw(QByteArrayView(key));
                for (size_t k = 0; k < pieces->size(); ++k) {
                    if (k > 0)
                        out.raw(',');
                    out.raw(*(*pieces)[k]);
                }
            }
            out.raw("],\"left\":[");
            for (size_t k = 0; k < left.size(); ++k) {
                if (k > 0)
                    out.raw(',');
                out.integer(left[k]);
            }
            out.raw("]}");
        }
        send(*session, message);
    }
}

void ZoneStream::keepVisible(Session &session, const std::vector<qint64> &ids)
{
    // Copied, not swapped with the scratch list: swapping would hand every player's list the
    // capacity of the largest crowd anyone saw. A list far larger than its contents (everyone
    // stood at the spawn point when they joined) gives the memory back: with thousands of
    // players those lists were most of the zone's memory.
    session.visible.assign(ids.begin(), ids.end());
    if (session.visible.capacity() > 2 * session.visible.size() + 64)
        session.visible.shrink_to_fit();
}

// Chat and events --------------------------------------------------------------------------------

void ZoneStream::deliverChat(const ChatMessage &message)
{
    const QByteArray json = compact(message.toStreamJson());
    const double radius = m_zone.settings().chatRadius;
    // The speaker's copy is the acknowledgement: it goes at once.
    const Session *speaker = message.playerGenerated ? sessionOf(message.sender) : nullptr;
    for (auto &[socket, session] : m_sessions) {
        if (session->bus || session.get() == speaker) {
            send(*session, json);
            continue;
        }
        if (session->character.isEmpty())
            continue;
        const ZoneObject *self = m_zone.world().find(session->objectId);
        if (radius <= 0 ||
            (self && std::hypot(self->locX - message.locX, self->locY - message.locY) <= radius))
            queue(*session, json);
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
    const Session *speaker = sessionOf(message.sender);
    for (auto &[socket, session] : m_sessions) {
        if (session->bus || session->character.isEmpty())
            continue;
        if (session.get() == speaker)
            send(*session, json);
        else
            queue(*session, json);
    }
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
    for (auto &[socket, session] : m_sessions) {
        if (session->bus)
            send(*session, json);
        else if (std::binary_search(session->visible.begin(), session->visible.end(), id))
            queue(*session, json);
    }
}

} // namespace smmo
