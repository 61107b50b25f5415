// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QHash>
#include <QtGlobal>

#include <vector>

namespace smmo {

/// Points (an id and where it is) in a uniform grid over the x/y plane, answering "which ids lie
/// within r of here" from the few cells around the place. Each point keeps its position in its
/// cell, so a query never looks an object up: every player's area of interest is asked for on
/// every tick. The zone refills it once per tick when something moved.
class PointGrid
{
public:
    explicit PointGrid(double cellSize) : m_cellSize(cellSize) {}

    /// Takes every point out (keeping the cells' storage for the next fill).
    void clear();
    void insert(qint64 id, double x, double y);
    /// Appends to ids those points whose distance from (x, y) is at most radius, in no order.
    void within(double x, double y, double radius, std::vector<qint64> &ids) const;
    double cellSize() const { return m_cellSize; }

private:
    struct Point
    {
        qint64 id;
        double x, y;
    };
    static qint64 key(qint64 column, qint64 row) { return (column << 32) ^ (row & 0xffffffffLL); }
    qint64 cellOf(double coordinate) const;

    double m_cellSize;
    QHash<qint64, std::vector<Point>> m_cells;
    qsizetype m_occupied = 0; ///< cells that hold points
};

} // namespace smmo
