// SPDX-License-Identifier: AGPL-3.0-or-later
#include "PointGrid.h"

#include <cmath>

namespace smmo {

qint64 PointGrid::cellOf(double coordinate) const
{
    // Coordinates are bounded by ZoneObject::maxCoordinate; the clamp keeps queries with huge
    // radii (a zone-wide chat) in range as well.
    return qint64(qBound(-1e9, std::floor(coordinate / m_cellSize), 1e9));
}

void PointGrid::clear()
{
    // Cells the points have left stay allocated for the next fill, unless they have become
    // most of the grid (the crowd wandered off).
    if (m_cells.size() > 2 * m_occupied + 64) {
        m_cells.clear();
    } else {
        for (auto &cell : m_cells)
            cell.clear();
    }
    m_occupied = 0;
}

void PointGrid::insert(qint64 id, double x, double y)
{
    std::vector<Point> &cell = m_cells[key(cellOf(x), cellOf(y))];
    if (cell.empty())
        ++m_occupied;
    cell.push_back({id, x, y});
}

void PointGrid::within(double x, double y, double radius, std::vector<qint64> &ids) const
{
    const double radiusSquared = radius * radius;
    const auto take = [&](const std::vector<Point> &cell) {
        for (const Point &point : cell) {
            const double dx = point.x - x, dy = point.y - y;
            if (dx * dx + dy * dy <= radiusSquared)
                ids.push_back(point.id);
        }
    };
    const qint64 firstColumn = cellOf(x - radius), lastColumn = cellOf(x + radius);
    const qint64 firstRow = cellOf(y - radius), lastRow = cellOf(y + radius);
    // A box larger than the occupied grid: walking the cells there are is cheaper.
    if ((lastColumn - firstColumn + 1) * (lastRow - firstRow + 1) > qint64(m_cells.size())) {
        for (const auto &cell : m_cells)
            take(cell);
        return;
    }
    for (qint64 column = firstColumn; column <= lastColumn; ++column) {
        for (qint64 row = firstRow; row <= lastRow; ++row) {
            const auto it = m_cells.constFind(key(column, row));
            if (it != m_cells.cend())
                take(it.value());
        }
    }
}

} // namespace smmo
