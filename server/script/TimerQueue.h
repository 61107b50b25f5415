// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QHash>
#include <QList>
#include <QString>

#include <map>
#include <utility>

namespace smmo {

/// The scripts' named one-shot timers (setTimer), all in one ordered queue so that ten thousand
/// objects with timers cost one QTimer: the owner asks for the next due time and takes what is
/// due. A timer set again under the same name replaces the earlier one.
class TimerQueue
{
public:
    struct Due
    {
        qint64 object;
        QString name;
    };

    /// Sets object's timer `name` to fire at dueMs (any clock, as long as it is always the same).
    void set(qint64 object, const QString &name, qint64 dueMs);
    /// false when there was no such timer.
    bool cancel(qint64 object, const QString &name);
    void cancelAll(qint64 object);
    int countOf(qint64 object) const;
    bool isEmpty() const { return m_queue.empty(); }
    /// The earliest due time; only when not empty.
    qint64 nextDueMs() const { return m_queue.begin()->first; }
    /// Removes and returns every timer due at or before nowMs, earliest first.
    QList<Due> takeDue(qint64 nowMs);

private:
    using Key = std::pair<qint64, QString>;
    using Queue = std::multimap<qint64, Key>;
    Queue m_queue;
    std::map<Key, Queue::iterator> m_byKey;
};

} // namespace smmo
