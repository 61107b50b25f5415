// SPDX-License-Identifier: AGPL-3.0-or-later
#include "TimerQueue.h"

namespace smmo {

void TimerQueue::set(qint64 object, const QString &name, qint64 dueMs)
{
    cancel(object, name);
    Key key{object, name};
    m_byKey.emplace(key, m_queue.emplace(dueMs, key));
}

bool TimerQueue::cancel(qint64 object, const QString &name)
{
    const auto it = m_byKey.find(Key{object, name});
    if (it == m_byKey.end())
        return false;
    m_queue.erase(it->second);
    m_byKey.erase(it);
    return true;
}

void TimerQueue::cancelAll(qint64 object)
{
    auto it = m_byKey.lower_bound(Key{object, QString()});
    while (it != m_byKey.end() && it->first.first == object) {
        m_queue.erase(it->second);
        it = m_byKey.erase(it);
    }
}

int TimerQueue::countOf(qint64 object) const
{
    int count = 0;
    for (auto it = m_byKey.lower_bound(Key{object, QString()});
         it != m_byKey.end() && it->first.first == object; ++it)
        ++count;
    return count;
}

QList<TimerQueue::Due> TimerQueue::takeDue(qint64 nowMs)
{
    QList<Due> due;
    while (!m_queue.empty() && m_queue.begin()->first <= nowMs) {
        const Key key = m_queue.begin()->second;
        m_byKey.erase(key);
        m_queue.erase(m_queue.begin());
        due.append({key.first, key.second});
    }
    return due;
}

} // namespace smmo
