// SPDX-License-Identifier: AGPL-3.0-or-later
#include "SinceTime.h"

#include <QDateTime>
#include <QRegularExpression>

namespace smmo {

std::optional<qint64> parseSinceMicros(const QString &text, SinceForms forms)
{
    const QString trimmed = text.trimmed();
    if (forms == SinceForms::TimesOrEpochMs) {
        static const QRegularExpression digits(QStringLiteral("^\\d{1,15}$"));
        // 15 digits reach the year 33658; more would overflow once turned into microseconds.
        if (digits.match(trimmed).hasMatch())
            return trimmed.toLongLong() * 1000;
    }
    static const QRegularExpression pattern(QStringLiteral(
        R"(^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.:,](\d{1,9}))?)?(Z|[+\- ]\d{2}:?\d{2})?$)"));
    const auto match = pattern.match(trimmed);
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
        const QString offset = zone.mid(1).remove(QLatin1Char(':'));
        const int hours = offset.left(2).toInt();
        const int minutes = offset.mid(2, 2).toInt();
        if (hours > 23 || minutes > 59)
            return std::nullopt;
        offsetSeconds = (hours * 60 + minutes) * 60 * (zone.startsWith(QLatin1Char('-')) ? -1 : 1);
    }
    const QDateTime utc(date, time, Qt::UTC);
    return (utc.toSecsSinceEpoch() - offsetSeconds) * 1000000LL + micros;
}

} // namespace smmo
