// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ZoneDefinitions.h"

#include "ShippedFiles.h"

#include <QDir>
#include <QFileInfo>

namespace smmo {

bool ZoneDefinitions::exists(const QString &zoneName) const
{
    return !zoneName.isEmpty() &&
           QFileInfo(QDir(m_directory).filePath(zoneName + QStringLiteral(".json"))).isFile();
}

QString ZoneDefinitions::find(const QString &configured)
{
    if (!configured.isEmpty())
        return QFileInfo(configured).absoluteFilePath();
    // Nothing found: name the source tree's folder, so the error says where zones were expected.
    const QString found = findShippedPath(QStringLiteral("scripts/zones"), sourceTreePath(QStringLiteral("scripts/zones")));
    return found.isEmpty() ? sourceTreePath(QStringLiteral("scripts/zones")) : found;
}

} // namespace smmo
