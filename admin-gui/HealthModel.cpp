// SPDX-License-Identifier: AGPL-3.0-or-later
#include "HealthModel.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

namespace smmo::admin {

HealthModel::HealthModel(QObject *parent) : ZonesModel(parent) {}

int HealthModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString HealthModel::companionText(const ZoneEntry &zone, const QString &role)
{
    const auto state = zone.companionState(role);
    if (!state)
        return zone.reportsCompanions() && zone.isRunning() ? tr("not started") : tr("not available");
    // The master's words for its companions, in the console's language.
    if (*state == QLatin1String("running"))
        return tr("running");
    if (*state == QLatin1String("restarting"))
        return tr("restarting");
    if (*state == QLatin1String("failed"))
        return tr("failed");
    if (*state == QLatin1String("stopped"))
        return tr("stopped");
    if (*state == QLatin1String("connected"))
        return tr("connected");
    if (*state == QLatin1String("not connected"))
        return tr("not connected");
    return *state;
}

QString HealthModel::companionToolTip(const ZoneEntry &zone, const QString &role)
{
    if (!zone.companionState(role))
        return zone.reportsCompanions() ? tr("The master did not start this program for the zone (it is not "
                                             "installed beside the master, "
                                             "or not listed in zone-companions).")
                                        : tr("Neither the master nor the zone reports this program's state.");
    const QJsonObject details = zone.companionDetails(role);
    QStringList lines;
    if (details.value(QStringLiteral("pid")).isDouble())
        lines.append(tr("PID %1").arg(details.value(QStringLiteral("pid")).toInteger()));
    if (details.value(QStringLiteral("restarts")).toInt() > 0)
        lines.append(tr("restarts: %1").arg(details.value(QStringLiteral("restarts")).toInt()));
    if (!details.value(QStringLiteral("last_exit")).toString().isEmpty())
        lines.append(tr("last exit: %1").arg(details.value(QStringLiteral("last_exit")).toString()));
    return lines.join(QLatin1Char('\n'));
}

QVariant HealthModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= zones().size())
        return {};
    const ZoneEntry &zone = zones().at(index.row());
    const QJsonValue connections = zone.health.value(QStringLiteral("connections"));
    if (role == Qt::DisplayRole || role == SortRole) {
        const bool sorting = role == SortRole;
        switch (index.column()) {
        case Id:
            return zone.id;
        case State:
            return stateText(zone.state);
        case Players:
            return zone.players ? QVariant(*zone.players) : (sorting ? QVariant(-1) : QVariant());
        case Objects:
            return zone.objects ? QVariant(*zone.objects) : (sorting ? QVariant(-1) : QVariant());
        case Connections:
            return connections.isDouble() ? QVariant(connections.toInt())
                                          : (sorting ? QVariant(-1) : QVariant());
        case TickMs:
            if (sorting)
                return zone.tickMsP99.value_or(-1);
            return zone.tickMsP99 ? QVariant(QLocale().toString(*zone.tickMsP99, 'g', 3)) : QVariant();
        case Scripts:
            return companionText(zone, QStringLiteral("scriptserver"));
        case Physics:
            return companionText(zone, QStringLiteral("physicsserver"));
        case Health:
            if (!zone.healthError.isEmpty())
                return tr("no answer");
            if (!zone.isRunning())
                return QVariant();
            return zone.health.value(QStringLiteral("ready")).toBool() ? tr("ready") : tr("not ready");
        }
        return {};
    }
    if (role == ZoneIdRole)
        return zone.id;
    if (role == Qt::TextAlignmentRole && index.column() >= Players && index.column() <= TickMs)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Health && !zone.healthError.isEmpty())
        return zone.healthError;
    if (role == Qt::ToolTipRole && index.column() == Scripts)
        return companionToolTip(zone, QStringLiteral("scriptserver"));
    if (role == Qt::ToolTipRole && index.column() == Physics)
        return companionToolTip(zone, QStringLiteral("physicsserver"));
    if (role == Qt::ForegroundRole && (index.column() == Scripts || index.column() == Physics)) {
        const auto state = zone.companionState(index.column() == Scripts ? QStringLiteral("scriptserver")
                                                                         : QStringLiteral("physicsserver"));
        if (state == QStringLiteral("failed") || state == QStringLiteral("restarting"))
            return QBrush(QColor(0xc0, 0x20, 0x20));
        if (state == QStringLiteral("running") || state == QStringLiteral("connected"))
            return QBrush(QColor(0x20, 0x80, 0x30));
        return {};
    }
    if (role == Qt::ForegroundRole && index.column() == Health && !zone.healthError.isEmpty())
        return QBrush(QColor(0xc0, 0x20, 0x20));
    return {};
}

QVariant HealthModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Id:
        return tr("Zone");
    case State:
        return tr("State");
    case Players:
        return tr("Players");
    case Objects:
        return tr("Objects");
    case Connections:
        return tr("Streams");
    case TickMs:
        return tr("Tick p99 (ms)");
    case Scripts:
        return tr("ScriptServer");
    case Physics:
        return tr("PhysicsServer");
    case Health:
        return tr("Health");
    }
    return {};
}

} // namespace smmo::admin
