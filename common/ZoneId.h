// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace smmo {

/// A zone instance id, `<instancetype>-<zonename>-<owner>`, e.g. `playerinstance-GhibliHills-Groxnor`.
/// Each part is 1 to 64 letters, digits or underscores; `-` only separates the parts.
struct ZoneId
{
    QString instanceType;
    QString zoneName;
    QString owner;

    static std::optional<ZoneId> parse(const QString &text);
    QString toString() const { return instanceType + QLatin1Char('-') + zoneName + QLatin1Char('-') + owner; }
    bool isPlayerInstance() const { return instanceType == QLatin1String("playerinstance"); }
};

} // namespace smmo
