// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QHash>
#include <QtGlobal>

#include <vector>

namespace smmo {

/// A uniform grid over the x/y plane that answers "which ids lie in this rectangle" without
/// looking at every object; the zone rebuilds it when objects have moved, or moves single ids.
class SpatialGrid
{
public:
    explicit SpatialGrid(double cellSize) : m_cellSize(cellSize) {}

    void clear() { m_cells.clear(); }
    /// Puts id into every cell the box [minX, maxX] x [minY, maxY] touches.
    void insert(qint64 id, double minX, double minY, double maxX, double maxY);
    void insertPoint(qint64 id, double x, double y) { insert(id, x, y, x, y); }
    /// Takes id out of every cell the box touches (the box it was inserted with).
    void remove(qint64 id, double minX, double minY, double maxX, double maxY);
    /// Calls visit(id) for each id in a cell the box touches; an id inserted into several cells
    /// may be visited more than once.
    template <typename Visit>
    void visit(double minX, double minY, double maxX, double maxY, Visit visit) const;
    double cellSize() const { return m_cellSize; }

private:
    static qint64 key(qint64 column, qint64 row) { return (column << 32) ^ (row & 0xffffffffLL); }
    qint64 cellOf(double coordinate) const;

    double m_cellSize;
    QHash<qint64, std::vector<qint64>> m_cells;
};

template <typename Visit>
void SpatialGrid::visit(double minX, double minY, double maxX, double maxY, Visit visit) const
{
    const qint64 firstColumn = cellOf(minX), lastColumn = cellOf(maxX);
    const qint64 firstRow = cellOf(minY), lastRow = cellOf(maxY);
    // A box larger than the occupied grid: walking the occupied cells is cheaper.
    if ((lastColumn - firstColumn + 1) * (lastRow - firstRow + 1) > qint64(m_cells.size())) {
        for (auto it = m_cells.cbegin(); it != m_cells.cend(); ++it) {
            const qint64 column = it.key() >> 32;
            const qint64 row = qint64(qint32(it.key() & 0xffffffffLL));
            if (column >= firstColumn && column <= lastColumn && row >= firstRow && row <= lastRow)
                for (const qint64 id : it.value())
                    visit(id);
        }
        return;
    }
    for (qint64 column = firstColumn; column <= lastColumn; ++column) {
        for (qint64 row = firstRow; row <= lastRow; ++row) {
            const auto it = m_cells.constFind(key(column, row));
            if (it != m_cells.cend())
                for (const qint64 id : it.value())
                    visit(id);
        }
    }
}

} // namespace smmo
