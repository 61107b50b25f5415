// SPDX-License-Identifier: AGPL-3.0-or-later
// Zone: zone chat, tells and global chat.
#include "Zone.h"

#include "ApiError.h"
#include "Logging.h"
#include "Names.h"

namespace smmo {

QString Zone::checkedText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        throw ApiError::badRequest(QStringLiteral("The text is empty."));
    if (trimmed.size() > ChatMessage::maxLength)
        throw ApiError::badRequest(
            QStringLiteral("The text is longer than %1 characters.").arg(ChatMessage::maxLength));
    if (!isStorableText(trimmed))
        throw ApiError::badRequest(QStringLiteral("The text contains a NUL character."));
    return trimmed;
}

ChatMessage Zone::store(ChatMessage message)
{
    message = m_store.addMessage(message);
    if (++m_messageCount > m_settings.maxMessages)
        m_messageCount -= m_store.pruneMessages(m_settings.maxMessages, m_messageCount);
    return message;
}

ChatMessage Zone::say(const QString &name, const QString &text)
{
    const QString body = checkedText(text);
    const ZoneObject &object = requirePresent(name);
    takeToken(m_chatBudgets, name, m_settings.maxChatPerSecond, QStringLiteral("chat lines"));
    noteActivity();
    ChatMessage message;
    message.sender = object.owner;
    message.body = body;
    message.locX = object.locX;
    message.locY = object.locY;
    message.locZ = object.locZ;
    message.sent = now();
    message = store(message);
    emit chatPosted(message);
    return message;
}

ChatMessage Zone::announce(const QString &sender, const QString &text, double x, double y, double z,
                           qint64 objectId)
{
    ChatMessage message;
    message.sender = sender;
    message.objectId = objectId;
    message.body = checkedText(text);
    message.locX = x;
    message.locY = y;
    message.locZ = z;
    message.playerGenerated = false;
    message.sent = now();
    message = store(message);
    emit chatPosted(message);
    return message;
}

void Zone::tell(const QString &from, const QString &to, const QString &text, const Done &done)
{
    const QString body = checkedText(text);
    const ZoneObject &sender = requirePresent(from);
    if (to.trimmed().isEmpty())
        throw ApiError::badRequest(QStringLiteral("Whom to tell is required."));
    takeToken(m_chatBudgets, from, m_settings.maxChatPerSecond, QStringLiteral("chat lines"));
    noteActivity();
    ChatMessage message;
    message.scope = ChatMessage::Scope::Tell;
    message.sender = sender.owner;
    message.recipient = to.trimmed();
    message.body = body;
    message.locX = sender.locX;
    message.locY = sender.locY;
    message.locZ = sender.locZ;
    message.sent = now();

    const ZoneObject *recipient = m_world.findCharacter(message.recipient);
    if (recipient && recipient->isOnline()) {
        message.recipient = recipient->owner;
        message = store(message);
        emit tellPosted(message);
        done(200, message.toStreamJson(), {});
        return;
    }
    if (!m_master) {
        done(404, {}, QStringLiteral("%1 is not online.").arg(message.recipient));
        return;
    }
    m_master->setToken(serviceToken());
    m_master->post(QStringLiteral("/tell"),
                   {{QStringLiteral("from"), message.sender},
                    {QStringLiteral("to"), message.recipient},
                    {QStringLiteral("text"), body}},
                   this, [this, message, done](const ServiceResult &result) {
                       if (result.ok) {
                           emit tellPosted(message);
                           done(200, message.toStreamJson(), {});
                       } else if (result.status == 404) {
                           done(404, {}, QStringLiteral("%1 is not online.").arg(message.recipient));
                       } else {
                           done(503, {},
                                QStringLiteral("The tell could not be routed: %1").arg(result.error));
                       }
                   });
}

bool Zone::receiveTell(const QString &from, const QString &to, const QString &text)
{
    const ZoneObject *recipient = m_world.findCharacter(to);
    if (!recipient || !recipient->isOnline())
        return false;
    ChatMessage message;
    message.scope = ChatMessage::Scope::Tell;
    message.sender = from;
    message.recipient = recipient->owner;
    message.body = checkedText(text);
    message.locX = recipient->locX;
    message.locY = recipient->locY;
    message.locZ = recipient->locZ;
    message.sent = now();
    message = store(message);
    emit tellPosted(message);
    return true;
}

void Zone::sendGlobal(const QString &from, const QString &text, const Done &done)
{
    const QString body = checkedText(text);
    const ZoneObject &sender = requirePresent(from);
    takeToken(m_chatBudgets, from, m_settings.maxChatPerSecond, QStringLiteral("chat lines"));
    noteActivity();
    if (!m_master) {
        // A zone without a master is its own cluster.
        done(200, receiveGlobal(sender.owner, body).toStreamJson(), {});
        return;
    }
    m_master->setToken(serviceToken());
    m_master->post(QStringLiteral("/global"),
                   {{QStringLiteral("sender"), sender.owner}, {QStringLiteral("text"), body}}, this,
                   [done](const ServiceResult &result) {
                       if (result.ok)
                           done(200, true, {});
                       else
                           done(503, {}, QStringLiteral("Global chat is unavailable: %1").arg(result.error));
                   });
}

ChatMessage Zone::receiveGlobal(const QString &sender, const QString &text, bool playerGenerated)
{
    ChatMessage message;
    message.scope = ChatMessage::Scope::Global;
    message.sender = sender;
    message.playerGenerated = playerGenerated;
    message.body = checkedText(text);
    message.sent = now();
    emit globalPosted(message);
    return message;
}

QList<ChatMessage> Zone::messagesSince(qint64 sinceMicros)
{
    return m_store.messagesSince(sinceMicros, m_settings.maxMessages);
}

QByteArray Zone::serviceToken() const
{
    return SessionToken::issue(SessionToken::makeClaims(0, QStringLiteral("zone:") + m_id,
                                                        {QStringLiteral("service")}, std::chrono::hours(1)),
                               m_secret);
}

} // namespace smmo
