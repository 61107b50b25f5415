// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "ZonesModel.h"

namespace smmo::admin {

/// The health table: per zone its live figures from /health and the state of its companion
/// programs (ScriptServer, PhysicsServer) where the cluster reports them.
class HealthModel : public ZonesModel
{
    Q_OBJECT
public:
    enum Column { Id, State, Players, Objects, Connections, TickMs, Scripts, Physics, Health, ColumnCount };

    explicit HealthModel(QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString companionText(const ZoneEntry &zone, const QString &role);
    static QString companionToolTip(const ZoneEntry &zone, const QString &role);
};

} // namespace smmo::admin
