// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ZoneTime.h"

#include "SinceTime.h"

#include <QDateTime>
#include <QLocale>

#include <cstring>

namespace smmo::ZoneTime {

std::optional<qint64> parseSince(const QString &text)
{
    return parseSinceMicros(text);
}

namespace {

QString isoMicrosThroughQDateTime(qint64 epochMs)
{
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(epochMs, Qt::UTC);
    return time.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")) + QStringLiteral("000Z");
}

} // namespace

// Civil date from days since the epoch after H. Hinnant's days_from_civil inverse: QDateTime's
// toString cost more than the rest of writing an object.
bool formatIsoMicros(qint64 epochMs, char *text)
{
    constexpr qint64 msPerDay = 86400000;
    qint64 days = epochMs / msPerDay;
    qint64 msOfDay = epochMs % msPerDay;
    if (msOfDay < 0) {
        msOfDay += msPerDay;
        --days;
    }
    const qint64 z = days + 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const qint64 dayOfEra = z - era * 146097;
    const qint64 yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const qint64 shiftedMonth = (5 * dayOfYear + 2) / 153;
    const qint64 day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1;
    const qint64 month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
    const qint64 year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 1 || year > 9999)
        return false;
    const auto put = [&text](int at, qint64 value, int width) {
        for (int i = width - 1; i >= 0; --i, value /= 10)
            text[at + i] = char('0' + value % 10);
    };
    put(0, year, 4);
    text[4] = '-';
    put(5, month, 2);
    text[7] = '-';
    put(8, day, 2);
    text[10] = 'T';
    put(11, msOfDay / 3600000, 2);
    text[13] = ':';
    put(14, msOfDay / 60000 % 60, 2);
    text[16] = ':';
    put(17, msOfDay / 1000 % 60, 2);
    text[19] = '.';
    put(20, msOfDay % 1000, 3);
    std::memcpy(text + 23, "000Z", 4);
    return true;
}

QString isoMicros(qint64 epochMs)
{
    char text[isoMicrosLength];
    if (formatIsoMicros(epochMs, text))
        return QString::fromLatin1(text, isoMicrosLength);
    return isoMicrosThroughQDateTime(epochMs);
}

void appendIsoMicros(QByteArray &out, qint64 epochMs)
{
    char text[isoMicrosLength];
    if (formatIsoMicros(epochMs, text))
        out.append(text, isoMicrosLength);
    else
        out.append(isoMicrosThroughQDateTime(epochMs).toUtf8());
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
