// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "ServiceClient.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QTimer>

namespace smmo::test {

/// The game's side of character records in a fault test: like a quest giver, it keeps updating
/// the characters on the CharServer (POST /<name> with a service token, one request at a time),
/// each update a new stats key, and keeps the keys the CharServer acknowledged (HTTP 200): those
/// must all be in the record afterwards, whatever was killed.
class CharacterUpdater : public QObject
{
    Q_OBJECT
public:
    CharacterUpdater(QUrl charUrl, QByteArray serviceToken, QStringList characters,
                     QObject *parent = nullptr);

    void setRunning(bool running);
    /// Acknowledged stats keys by character.
    const QHash<QString, QStringList> &acked() const { return m_acked; }
    int ackedCount() const;
    int failures() const { return m_failures; }
    /// Status codes of refused updates (0: no answer), with how often each came.
    const QHash<int, int> &failureStatuses() const { return m_statuses; }
    QString lastError() const { return m_lastError; }

    /// The acknowledged keys that are not in the characters' records on the CharServer (as
    /// "<character>.<key>"), read with an administrator's token.
    static QStringList missing(const QUrl &charUrl, const QByteArray &adminToken,
                               const QHash<QString, QStringList> &acked);
    static int count(const QHash<QString, QStringList> &acked);

signals:
    void acknowledged();

private:
    void sendNext();

    ServiceClient m_client;
    QStringList m_characters;
    QTimer m_timer;
    QHash<QString, QStringList> m_acked;
    QHash<int, int> m_statuses;
    bool m_busy = false;
    int m_next = 1;
    int m_failures = 0;
    QString m_lastError;
};

} // namespace smmo::test
