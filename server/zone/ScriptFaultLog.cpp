// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ScriptFaultLog.h"

#include "Zone.h"
#include "ZoneTime.h"

#include <QJsonArray>

namespace smmo {

ScriptFaultLog::ScriptFaultLog(Zone &zone, int capacity, QObject *parent)
    : QObject(parent), m_zone(zone), m_capacity(qMax(1, capacity))
{
    connect(&zone, &Zone::objectEvent, this, &ScriptFaultLog::objectEvent);
    connect(&zone, &Zone::scriptsReported, this, &ScriptFaultLog::reported);
}

void ScriptFaultLog::add(QJsonObject entry)
{
    entry.insert(QStringLiteral("time"), ZoneTime::isoMicros(m_zone.now()));
    m_entries.push_back(entry);
    while (int(m_entries.size()) > m_capacity)
        m_entries.pop_front();
    ++m_total;
}

void ScriptFaultLog::objectEvent(qint64 id, const QJsonObject &event)
{
    if (event.value(QStringLiteral("event")).toString() != QLatin1String("script_error"))
        return;
    const ZoneObject *object = m_zone.world().find(id);
    add({{QStringLiteral("kind"), QStringLiteral("fault")},
         {QStringLiteral("id"), id},
         {QStringLiteral("object"), object ? object->name : QString()},
         {QStringLiteral("script"), event.value(QStringLiteral("script"))},
         {QStringLiteral("handler"), event.value(QStringLiteral("handler"))},
         {QStringLiteral("message"), event.value(QStringLiteral("message"))},
         {QStringLiteral("faults"), event.value(QStringLiteral("faults"))},
         {QStringLiteral("disabled"), event.value(QStringLiteral("disabled"))}});
}

void ScriptFaultLog::reported(const QJsonObject &message)
{
    const QJsonObject errors = message.value(QStringLiteral("errors")).toObject();
    const QJsonObject previous = m_report.value(QStringLiteral("errors")).toObject();
    const QString reason = message.value(QStringLiteral("reason")).toString();
    // A load error is news when it is new, or when a reload was asked for and it persists.
    for (auto it = errors.begin(); it != errors.end(); ++it)
        if (previous.value(it.key()) != it.value() || reason == QLatin1String("reload"))
            add({{QStringLiteral("kind"), QStringLiteral("load")},
                 {QStringLiteral("script"), it.key()},
                 {QStringLiteral("message"), it.value()}});
    m_report = {{QStringLiteral("scripts"), message.value(QStringLiteral("scripts")).toArray()},
                {QStringLiteral("errors"), errors},
                {QStringLiteral("reason"), reason},
                {QStringLiteral("reloads"), message.value(QStringLiteral("reloads"))},
                {QStringLiteral("received"), ZoneTime::isoMicros(m_zone.now())}};
}

QJsonObject ScriptFaultLog::toJson() const
{
    QJsonArray entries;
    for (const QJsonObject &entry : m_entries)
        entries.append(entry);
    return {{QStringLiteral("scriptserver"), m_report.isEmpty() ? QJsonValue() : QJsonValue(m_report)},
            {QStringLiteral("errors"), entries},
            {QStringLiteral("total"), m_total}};
}

} // namespace smmo
