// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace smmo {

class Database;

/// One global chat message.
struct GlobalMessage
{
    qint64 id = 0;
    QString sender;    ///< the character who said it, or serverSender
    qint64 userId = 0; ///< the sender's account; 0 for a line an administrator sent as the server
    QString body;
    QDateTime sent;

    /// The sender of lines sent as the server (zones' broadcasts use the same name).
    static inline const QString serverSender = QStringLiteral("Server");

    /// Not said by a player: sent by an administrator as the server.
    bool isFromServer() const { return userId == 0; }
    /// {id, sender, body, sent, player_generated}: sent as ISO-8601 UTC with milliseconds. The
    /// account stays private.
    QJsonObject toJson() const;
};

/// The global chat's messages (table global_chat), as the master stores and lists them.
class GlobalChatStore
{
public:
    explicit GlobalChatStore(Database &database) : m_db(database) {}

    GlobalMessage add(const QString &sender, qint64 userId, const QString &body);
    /// Messages sent at or after `since` (all when invalid), oldest first; at most `limit`, the
    /// most recent ones when there are more.
    QList<GlobalMessage> since(const QDateTime &since, int limit);

private:
    Database &m_db;
};

} // namespace smmo
