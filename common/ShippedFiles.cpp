// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ShippedFiles.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace smmo {

QString findShippedPath(const QString &relative, const QString &developmentPath)
{
    const QString share = QStringLiteral("share/simplemmo/") + relative;
    const QStringList candidates = {
        QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("../") + share),
        QDir(QStringLiteral(SIMPLEMMO_INSTALLED_DATA_DIR)).filePath(relative),
        developmentPath,
    };
    for (const auto &candidate : candidates)
        if (!candidate.isEmpty() && QFileInfo::exists(candidate))
            return QFileInfo(candidate).canonicalFilePath();
    return {};
}

QString sourceTreePath(const QString &relative)
{
    return QDir(QStringLiteral(SIMPLEMMO_SOURCE_TREE)).filePath(relative);
}

} // namespace smmo
