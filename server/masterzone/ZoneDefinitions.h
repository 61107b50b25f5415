// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QString>

namespace smmo {

/// The folder of zone definitions (`<zonename>.json`): which zones exist at all.
class ZoneDefinitions
{
public:
    explicit ZoneDefinitions(QString directory) : m_directory(std::move(directory)) {}

    QString directory() const { return m_directory; }
    /// True when `<directory>/<zoneName>.json` is a file. zoneName must already be a valid zone
    /// id part (letters, digits, underscores), so it cannot climb out of the folder.
    bool exists(const QString &zoneName) const;

    /// The configured folder, else `../share/simplemmo/scripts/zones` beside the installed
    /// binaries, else the source tree's scripts/zones (for runs from the build tree).
    static QString find(const QString &configured);

private:
    QString m_directory;
};

} // namespace smmo
