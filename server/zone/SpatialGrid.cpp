// SPDX-License-Identifier: AGPL-3.0-or-later
#include "SpatialGrid.h"

#include <algorithm>
#include <cmath>

namespace smmo {

qint64 SpatialGrid::cellOf(double coordinate) const
{
    // Coordinates are bounded by ZoneObject::maxCoordinate; the clamp keeps queries with huge
    // radii (a zone-wide chat) in range as well.
    const double cell = std::floor(coordinate / m_cellSize);
    return qint64(qBound(-1e9, cell, 1e9));
}

void SpatialGrid::insert(qint64 id, double minX, double minY, double maxX, double maxY)
{
    for (qint64 column = cellOf(minX); column <= cellOf(maxX); ++column)
        for (qint64 row = cellOf(minY); row <= cellOf(maxY); ++row)
            m_cells[key(column, row)].push_back(id);
}

void SpatialGrid::remove(qint64 id, double minX, double minY, double maxX, double maxY)
{
    for (qint64 column = cellOf(minX); column <= cellOf(maxX); ++column)
        for (qint64 row = cellOf(minY); row <= cellOf(maxY); ++row) {
            const auto it = m_cells.find(key(column, row));
            if (it == m_cells.end())
                continue;
            std::vector<qint64> &ids = it.value();
            const auto found = std::find(ids.begin(), ids.end(), id);
            if (found != ids.end()) {
                *found = ids.back();
                ids.pop_back();
            }
            if (ids.empty())
                m_cells.erase(it);
        }
}

} // namespace smmo
