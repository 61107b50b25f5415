// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ZonesModel.h"

#include <QBrush>
#include <QColor>
#include <QSet>

namespace smmo::admin {

ZonesModel::ZonesModel(QObject *parent) : QAbstractTableModel(parent) {}

int ZonesModel::rowOf(const QString &zoneId) const
{
    for (qsizetype row = 0; row < m_zones.size(); ++row)
        if (m_zones.at(row).id == zoneId)
            return int(row);
    return -1;
}

void ZonesModel::setZones(const QList<ZoneEntry> &zones)
{
    QSet<QString> wanted;
    for (const ZoneEntry &zone : zones)
        wanted.insert(zone.id);
    for (qsizetype row = m_zones.size() - 1; row >= 0; --row) {
        if (wanted.contains(m_zones.at(row).id))
            continue;
        beginRemoveRows({}, int(row), int(row));
        m_zones.removeAt(row);
        endRemoveRows();
    }
    // What is left is in the master's order (by id) unless the order changed; then start over.
    qsizetype next = 0;
    for (const ZoneEntry &kept : std::as_const(m_zones)) {
        while (next < zones.size() && zones.at(next).id != kept.id)
            ++next;
        if (next == zones.size()) {
            beginResetModel();
            m_zones = zones;
            endResetModel();
            return;
        }
    }
    for (qsizetype row = 0; row < zones.size(); ++row) {
        const ZoneEntry &zone = zones.at(row);
        if (row < m_zones.size() && m_zones.at(row).id == zone.id) {
            if (!(m_zones.at(row) == zone)) {
                m_zones[row] = zone;
                emit dataChanged(index(int(row), 0), index(int(row), columnCount() - 1));
            }
            continue;
        }
        beginInsertRows({}, int(row), int(row));
        m_zones.insert(row, zone);
        endInsertRows();
    }
}

int ZonesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_zones.size());
}

int ZonesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ZonesModel::stateText(const QString &state)
{
    if (state == QLatin1String("starting"))
        return tr("starting");
    if (state == QLatin1String("running"))
        return tr("running");
    if (state == QLatin1String("stopping"))
        return tr("stopping");
    if (state == QLatin1String("crashed"))
        return tr("crashed");
    return state;
}

QString ZonesModel::durationText(double seconds)
{
    const qint64 s = qint64(seconds);
    if (s < 60)
        return tr("%1 s").arg(s);
    if (s < 3600)
        return tr("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    if (s < 86400)
        return tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
    return tr("%1 d %2 h").arg(s / 86400).arg((s % 86400) / 3600);
}

QVariant ZonesModel::display(const ZoneEntry &zone, int column) const
{
    switch (column) {
    case Id:
        return zone.id;
    case State:
        return stateText(zone.state);
    case Url:
        return zone.url.toString();
    case Pid:
        return zone.pid > 0 ? QVariant(zone.pid) : QVariant();
    case Players:
        return zone.players ? QVariant(*zone.players) : QVariant();
    case Objects:
        return zone.objects ? QVariant(*zone.objects) : QVariant();
    case TickMs:
        return zone.tickMsP99 ? QVariant(QLocale().toString(*zone.tickMsP99, 'g', 3)) : QVariant();
    case Uptime:
        return zone.uptimeSeconds ? QVariant(durationText(*zone.uptimeSeconds)) : QVariant();
    }
    return {};
}

QVariant ZonesModel::sortValue(const ZoneEntry &zone, int column) const
{
    switch (column) {
    case Pid:
        return zone.pid;
    case Players:
        return zone.players.value_or(-1);
    case Objects:
        return zone.objects.value_or(-1);
    case TickMs:
        return zone.tickMsP99.value_or(-1);
    case Uptime:
        return zone.uptimeSeconds.value_or(-1);
    default:
        return display(zone, column);
    }
}

QVariant ZonesModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_zones.size())
        return {};
    const ZoneEntry &zone = m_zones.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(zone, index.column());
    case SortRole:
        return sortValue(zone, index.column());
    case ZoneIdRole:
        return zone.id;
    case Qt::TextAlignmentRole:
        if (index.column() >= Pid)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ForegroundRole:
        if (index.column() != State)
            return {};
        if (zone.state == QLatin1String("crashed"))
            return QBrush(QColor(0xc0, 0x20, 0x20));
        if (zone.state == QLatin1String("running"))
            return QBrush(QColor(0x20, 0x80, 0x30));
        return QBrush(QColor(0xb0, 0x70, 0x00));
    case Qt::ToolTipRole:
        if (!zone.error.isEmpty())
            return zone.error;
        if (!zone.healthError.isEmpty())
            return tr("No health figures: %1").arg(zone.healthError);
        if (zone.adopted)
            return tr("Adopted: the master found this zone running when it started.");
        return {};
    }
    return {};
}

QVariant ZonesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Id:
        return tr("Zone");
    case State:
        return tr("State");
    case Url:
        return tr("URL");
    case Pid:
        return tr("PID");
    case Players:
        return tr("Players");
    case Objects:
        return tr("Objects");
    case TickMs:
        return tr("Tick p99 (ms)");
    case Uptime:
        return tr("Uptime");
    }
    return {};
}

} // namespace smmo::admin
