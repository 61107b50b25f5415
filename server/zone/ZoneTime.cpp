// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ZoneTime.h"

#include <QDateTime>
#include <QLocale>
#include <QRegularExpression>

namespace smmo::ZoneTime {

std::optional<qint64> parseSince(const QString &text)
{
    // A '+' of the offset arrives as a space when a client form-encoded the query string.
    static const QRegularExpression pattern(QStringLiteral(
        R"(^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.:,](\d{1,9}))?)?(Z|[+\- ]\d{2}:?\d{2})?$)"));
    const auto match = pattern.match(text.trimmed());
    if (!match.hasMatch())
        return std::nullopt;
    const QDate date(match.captured(1).toInt(), match.captured(2).toInt(), match.captured(3).toInt());
    const int seconds = match.captured(6).isEmpty() ? 0 : match.captured(6).toInt();
    const QTime time(match.captured(4).toInt(), match.captured(5).toInt(), seconds);
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    qint64 micros = 0;
    if (!match.captured(7).isEmpty())
        micros = match.captured(7).leftJustified(6, QLatin1Char('0')).left(6).toLongLong();
    int offsetSeconds = 0;
    const QString zone = match.captured(8);
    if (!zone.isEmpty() && zone != QLatin1String("Z")) {
        const QString digits = zone.mid(1).remove(QLatin1Char(':'));
        const int hours = digits.left(2).toInt();
        const int minutes = digits.mid(2, 2).toInt();
        if (hours > 23 || minutes > 59)
            return std::nullopt;
        offsetSeconds = (hours * 60 + minutes) * 60 * (zone.startsWith(QLatin1Char('-')) ? -1 : 1);
    }
    const QDateTime utc(date, time, Qt::UTC);
    return (utc.toSecsSinceEpoch() - offsetSeconds) * 1000000LL + micros;
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
