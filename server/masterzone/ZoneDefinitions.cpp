// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ZoneDefinitions.h"

#include <QCoreApplication>
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
    const QStringList candidates = {
        QDir(QCoreApplication::applicationDirPath())
            .filePath(QStringLiteral("../share/simplemmo/scripts/zones")),
        QStringLiteral(SIMPLEMMO_SOURCE_ZONES_DIR),
    };
    for (const auto &candidate : candidates)
        if (QFileInfo(candidate).isDir())
            return QFileInfo(candidate).canonicalFilePath();
    return candidates.last();
}

} // namespace smmo
