// SPDX-License-Identifier: AGPL-3.0-or-later
#include "GlobalChatStore.h"

#include "Database.h"

#include <algorithm>

namespace smmo {

QJsonObject GlobalMessage::toJson() const
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("sender"), sender},
            {QStringLiteral("body"), body},
            {QStringLiteral("sent"), sent.toUTC().toString(Qt::ISODateWithMs)},
            {QStringLiteral("player_generated"), !isFromServer()}};
}

GlobalMessage GlobalChatStore::add(const QString &sender, qint64 userId, const QString &body)
{
    GlobalMessage message;
    message.sender = sender;
    message.userId = userId;
    message.body = body;
    // Whole milliseconds, as stored, so the answer and later listings agree.
    message.sent = QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);
    message.id = m_db.insert(
        QStringLiteral("INSERT INTO global_chat (sender, user_id, body, sent_at) VALUES (?, ?, ?, ?)"),
        {sender, userId, body, dbTimestamp(message.sent)});
    return message;
}

QList<GlobalMessage> GlobalChatStore::since(const QDateTime &since, int limit)
{
    // Newest first with the limit, then turned around: the latest `limit` messages in order.
    const qint64 from = since.isValid() ? since.toMSecsSinceEpoch() : 0;
    QList<GlobalMessage> list;
    const auto rows = m_db.all(QStringLiteral("SELECT id, sender, user_id, body, sent_at FROM global_chat "
                                              "WHERE sent_at >= ? ORDER BY sent_at DESC, id DESC LIMIT ?"),
                               {from, limit});
    for (const auto &row : rows) {
        list.append(
            {row.value(QStringLiteral("id")).toLongLong(), row.value(QStringLiteral("sender")).toString(),
             row.value(QStringLiteral("user_id")).toLongLong(), row.value(QStringLiteral("body")).toString(),
             fromDbTimestamp(row.value(QStringLiteral("sent_at")))});
    }
    std::reverse(list.begin(), list.end());
    return list;
}

} // namespace smmo
