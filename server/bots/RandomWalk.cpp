// SPDX-License-Identifier: AGPL-3.0-or-later
#include "RandomWalk.h"

#include <cmath>

namespace smmo::bots {

RandomWalk::RandomWalk(double homeX, double homeY, double radius, unsigned seed)
    : m_homeX(homeX), m_homeY(homeY), m_radius(std::max(0.0, radius)), m_x(homeX), m_y(homeY), m_random(seed)
{}

RandomWalk::Step RandomWalk::next()
{
    std::uniform_real_distribution<double> unit(-1.0, 1.0);
    // One axis at a time: a step that would leave the square turns back (it is then inside,
    // since the square is at least as wide as a step when radius >= 1, and otherwise it stays).
    const auto axis = [&](double position, double home) {
        double d = unit(m_random);
        if (std::abs(position + d - home) > m_radius)
            d = -d;
        if (std::abs(position + d - home) > m_radius)
            d = 0;
        return d;
    };
    const Step step{axis(m_x, m_homeX), axis(m_y, m_homeY)};
    m_x += step.dx;
    m_y += step.dy;
    return step;
}

void RandomWalk::gridHome(int index, int count, double spacing, double originX, double originY, double *x,
                          double *y)
{
    const int columns = std::max(1, int(std::ceil(std::sqrt(double(std::max(1, count))))));
    *x = originX + double(index % columns) * spacing;
    *y = originY + double(index / columns) * spacing;
}

} // namespace smmo::bots
