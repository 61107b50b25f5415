// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QObject>

#include <deque>

namespace smmo {

class Zone;

/// What administrators need to know about a zone's scripts, kept by the zone because its
/// ScriptServer has no public address: the latest report of the ScriptServer on the bus (scripts
/// loaded, scripts that fail to load, why it reported) and the most recent script errors, both
/// faults of a script on an object (`script_error` events) and scripts that failed to load. Served
/// at `GET /admin/scripts`.
class ScriptFaultLog : public QObject
{
    Q_OBJECT
public:
    explicit ScriptFaultLog(Zone &zone, int capacity = 100, QObject *parent = nullptr);

    /// {"scriptserver": the latest report or null, "errors": [oldest first], "total": all errors
    /// seen since the zone started}.
    QJsonObject toJson() const;
    int size() const { return int(m_entries.size()); }

private:
    void objectEvent(qint64 id, const QJsonObject &event);
    void reported(const QJsonObject &report);
    void add(QJsonObject entry);

    Zone &m_zone;
    int m_capacity;
    std::deque<QJsonObject> m_entries;
    QJsonObject m_report;
    qint64 m_total = 0;
};

} // namespace smmo
