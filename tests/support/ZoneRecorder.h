// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "ZoneClient.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>
#include <memory>

namespace smmo::test {

using MessagePredicate = std::function<bool(const QJsonObject &)>;

/// A ZoneClient that keeps every message it received (and how its connection closed), so tests
/// can wait for a message with QTRY_VERIFY(recorder.has(...)).
struct ZoneRecorder
{
    std::unique_ptr<ZoneClient> client = std::make_unique<ZoneClient>();
    QList<QJsonObject> messages;
    int closeCode = -1;
    QString closeReason;

    ZoneRecorder()
    {
        QObject::connect(client.get(), &ZoneClient::messageReceived,
                         [this](const QJsonObject &message) { messages.append(message); });
        QObject::connect(client.get(), &ZoneClient::disconnected, [this](int code, const QString &reason) {
            closeCode = code;
            closeReason = reason;
        });
    }
    /// The first message from index `from` on that matches, or an empty object.
    QJsonObject find(const MessagePredicate &predicate, int from = 0) const
    {
        for (int i = from; i < messages.size(); ++i)
            if (predicate(messages.at(i)))
                return messages.at(i);
        return {};
    }
    bool has(const MessagePredicate &predicate, int from = 0) const
    {
        return !find(predicate, from).isEmpty();
    }
    QList<QJsonObject> all(const MessagePredicate &predicate) const
    {
        QList<QJsonObject> found;
        for (const auto &message : messages)
            if (predicate(message))
                found.append(message);
        return found;
    }
};

} // namespace smmo::test
