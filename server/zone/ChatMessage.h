// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QString>

namespace smmo {

/// One line of chat as a zone stores and delivers it: zone chat, a private tell or a global line.
struct ChatMessage
{
    enum class Scope { Zone, Tell, Global };

    qint64 id = 0; ///< 0 until stored (global lines are not stored)
    Scope scope = Scope::Zone;
    QString sender;
    QString recipient; ///< tells only
    QString body;
    double locX = 0, locY = 0, locZ = 0;
    bool playerGenerated = true;
    qint64 objectId = 0; ///< the object that spoke (scripts); not stored, 0 for people
    qint64 sent = 0;     ///< milliseconds since the epoch

    /// The classic message JSON of GET /messages: id, sender, body, loc_*, player_generated, sent.
    QJsonObject toJson() const;
    /// The stream's `chat` message: the classic fields plus type, scope, (tells) to and (lines
    /// objects said) object, the speaker's id.
    QJsonObject toStreamJson() const;

    static QString scopeName(Scope scope);
    /// Longest accepted chat line, in characters.
    static constexpr int maxLength = 500;
};

} // namespace smmo
