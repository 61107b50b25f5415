// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ZoneId.h"

#include "Names.h"

#include <QStringList>

namespace smmo {

namespace {
bool isPart(const QString &part)
{
    return !part.isEmpty() && part.size() <= 64 && isWordText(part);
}
} // namespace

std::optional<ZoneId> ZoneId::parse(const QString &text)
{
    const QStringList parts = text.split(QLatin1Char('-'));
    if (parts.size() != 3)
        return std::nullopt;
    for (const auto &part : parts)
        if (!isPart(part))
            return std::nullopt;
    return ZoneId{parts[0], parts[1], parts[2]};
}

} // namespace smmo
