// SPDX-License-Identifier: AGPL-3.0-or-later
#include "SpatialGrid.h"

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

} // namespace smmo
