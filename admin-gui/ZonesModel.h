// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "ZoneEntry.h"

#include <QAbstractTableModel>
#include <QList>

namespace smmo::admin {

/// The zones table: one row per zone the master lists. New lists are merged in place (rows
/// inserted, removed or changed), so selections and scroll positions survive every refresh.
/// Other views of the same rows (HealthModel) derive from it and show other columns.
class ZonesModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Id, State, Url, Pid, Players, Objects, TickMs, Uptime, ColumnCount };
    /// Raw values for sorting (numbers as numbers).
    static constexpr int SortRole = Qt::UserRole;
    /// The zone id of a row, whatever the column.
    static constexpr int ZoneIdRole = Qt::UserRole + 1;

    explicit ZonesModel(QObject *parent = nullptr);

    void setZones(const QList<ZoneEntry> &zones);
    const QList<ZoneEntry> &zones() const { return m_zones; }
    int rowOf(const QString &zoneId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString stateText(const QString &state);
    static QString durationText(double seconds);

private:
    QVariant display(const ZoneEntry &zone, int column) const;
    QVariant sortValue(const ZoneEntry &zone, int column) const;

    QList<ZoneEntry> m_zones;
};

} // namespace smmo::admin
