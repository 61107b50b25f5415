// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ZoneTime.h"

#include "SinceTime.h"

#include <QDateTime>
#include <QLocale>

namespace smmo::ZoneTime {

std::optional<qint64> parseSince(const QString &text)
{
    return parseSinceMicros(text);
}

QString isoMicros(qint64 epochMs)
{
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(epochMs, Qt::UTC);
    return time.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")) + QStringLiteral("000Z");
}

QByteArray httpDate(qint64 epochMs)
{
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(epochMs, Qt::UTC);
    return QLocale::c().toString(time, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'")).toLatin1();
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace smmo::ZoneTime
