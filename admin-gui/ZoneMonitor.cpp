// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ZoneMonitor.h"

#include "ClusterConnection.h"

#include <QJsonArray>

namespace smmo::admin {

ZoneMonitor::ZoneMonitor(ClusterConnection &connection, QObject *parent)
    : QObject(parent), m_connection(connection)
{
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &ZoneMonitor::poll);
    m_clock.start();
}

void ZoneMonitor::setInterval(int milliseconds)
{
    m_timer.setInterval(milliseconds);
}

void ZoneMonitor::start()
{
    stop();
    m_session = new QObject(this);
    m_timer.start();
    poll();
}

void ZoneMonitor::stop()
{
    m_timer.stop();
    delete m_session;
    m_session = nullptr;
    m_inFlight = false;
    m_again = false;
    m_answered = false;
    if (!m_zones.isEmpty()) {
        m_zones.clear();
        emit zonesUpdated();
    }
}

void ZoneMonitor::refreshNow()
{
    if (!m_session)
        return;
    if (m_inFlight)
        m_again = true;
    else
        poll();
}

void ZoneMonitor::poll()
{
    if (m_inFlight || !m_session)
        return;
    m_inFlight = true;
    m_connection.get(Server::Master, QStringLiteral("/zones"), m_session,
                     [this](const ServiceResult &result) {
                         m_inFlight = false;
                         if (!result.ok || !result.json.isArray()) {
                             emit pollFailed(result.error.isEmpty()
                                                 ? tr("GET /zones answered something that is not a list.")
                                                 : result.error);
                         } else {
                             QList<ZoneEntry> zones;
                             for (const QJsonValue &value : result.json.array())
                                 zones.append(ZoneEntry::fromJson(value.toObject()));
                             m_answered = true;
                             apply(zones);
                         }
                         if (m_again) {
                             m_again = false;
                             poll();
                         }
                     });
}

void ZoneMonitor::apply(const QList<ZoneEntry> &zones)
{
    m_zones = zones;
    const qint64 now = m_clock.elapsed();
    for (const ZoneEntry &zone : zones) {
        if (!zone.isRunning() || !zone.tickMsP99)
            continue;
        if (!m_history.contains(zone.id))
            m_historyOrder.append(zone.id);
        QList<Sample> &samples = m_history[zone.id];
        samples.append({now, *zone.tickMsP99, zone.players.value_or(0)});
        if (samples.size() > m_historyLength)
            samples.remove(0, samples.size() - m_historyLength);
    }
    // A zone gone for as long as the history reaches back has nothing left to draw.
    const qint64 horizon = now - qint64(m_historyLength) * m_timer.interval();
    for (qsizetype i = m_historyOrder.size() - 1; i >= 0; --i) {
        const QList<Sample> &samples = m_history[m_historyOrder.at(i)];
        if (samples.isEmpty() || samples.constLast().atMs < horizon) {
            m_history.remove(m_historyOrder.at(i));
            m_historyOrder.removeAt(i);
        }
    }
    emit zonesUpdated();
}

std::optional<ZoneEntry> ZoneMonitor::zone(const QString &id) const
{
    for (const ZoneEntry &zone : m_zones)
        if (zone.id == id)
            return zone;
    return std::nullopt;
}

QStringList ZoneMonitor::runningZoneIds() const
{
    QStringList ids;
    for (const ZoneEntry &zone : m_zones)
        if (zone.isRunning())
            ids.append(zone.id);
    return ids;
}

QUrl ZoneMonitor::urlOf(const QString &id) const
{
    const auto entry = zone(id);
    return entry ? entry->url : QUrl();
}

} // namespace smmo::admin
