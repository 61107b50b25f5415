// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <random>

namespace smmo::bots {

/// A bot's wandering: steps of up to one unit on each axis (the zone's move is dx, dy in [-1, 1]
/// times the character's speed), never leaving the square of half side `radius` around home, so
/// that a crowd keeps its density however long it walks.
class RandomWalk
{
public:
    struct Step
    {
        double dx = 0;
        double dy = 0;
    };

    RandomWalk(double homeX, double homeY, double radius, unsigned seed);

    /// The next step; the walk assumes it is taken (x() and y() follow it).
    Step next();

    double x() const { return m_x; }
    double y() const { return m_y; }
    double homeX() const { return m_homeX; }
    double homeY() const { return m_homeY; }
    double radius() const { return m_radius; }

    /// Where bot `index` of `count` lives: a square grid `spacing` apart from (originX, originY).
    static void gridHome(int index, int count, double spacing, double originX, double originY, double *x,
                         double *y);

private:
    double m_homeX;
    double m_homeY;
    double m_radius;
    double m_x;
    double m_y;
    std::mt19937 m_random;
};

} // namespace smmo::bots
