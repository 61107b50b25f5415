// SPDX-License-Identifier: AGPL-3.0-or-later
#include "BusActions.h"

#include "ZoneClient.h"

namespace smmo {

void BusActions::say(qint64 id, const QString &text)
{
    ++m_sent;
    m_bus.sendAction(QStringLiteral("say"), {{QStringLiteral("id"), id}, {QStringLiteral("text"), text}});
}

void BusActions::move(qint64 id, double dx, double dy, double dz)
{
    ++m_sent;
    m_bus.sendAction(QStringLiteral("move"), {{QStringLiteral("id"), id},
                                              {QStringLiteral("dx"), dx},
                                              {QStringLiteral("dy"), dy},
                                              {QStringLiteral("dz"), dz}});
}

void BusActions::set(qint64 id, const QJsonObject &fields)
{
    ++m_sent;
    m_bus.sendAction(QStringLiteral("set"), {{QStringLiteral("id"), id}, {QStringLiteral("fields"), fields}});
}

void BusActions::spawn(const QJsonObject &object, const QString &ref)
{
    ++m_sent;
    m_bus.sendAction(QStringLiteral("spawn"),
                     {{QStringLiteral("object"), object}, {QStringLiteral("ref"), ref}});
}

void BusActions::destroy(qint64 id)
{
    ++m_sent;
    m_bus.sendAction(QStringLiteral("destroy"), {{QStringLiteral("id"), id}});
}

void BusActions::event(qint64 id, const QString &name, const QJsonObject &data)
{
    ++m_sent;
    m_bus.sendAction(
        QStringLiteral("event"),
        {{QStringLiteral("id"), id}, {QStringLiteral("event"), name}, {QStringLiteral("data"), data}});
}

} // namespace smmo
