// SPDX-License-Identifier: AGPL-3.0-or-later
// Fuzz target: the `since=` parser of the zones' /objects and /messages and the master's
// /chat/global (common/SinceTime). Properties: an accepted time lies within QDateTime's range,
// the ISO-8601 text of an accepted time (to the microsecond, in UTC) parses back to the same
// value, and the epoch-milliseconds form only ever adds the all-digits texts.
#include "FuzzCheck.h"
#include "SinceTime.h"

#include <QDateTime>
#include <QString>

#include <cstdint>

using namespace smmo;

namespace {
QString isoOf(qint64 micros)
{
    const qint64 seconds = micros >= 0 ? micros / 1000000 : -((-micros + 999999) / 1000000);
    const qint64 fraction = micros - seconds * 1000000;
    const QDateTime time = QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC);
    return time.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")) +
           QStringLiteral(".%1Z").arg(fraction, 6, 10, QLatin1Char('0'));
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto times = parseSinceMicros(text, SinceForms::TimesOnly);
    const auto either = parseSinceMicros(text, SinceForms::TimesOrEpochMs);
    if (times) {
        FUZZ_CHECK(either == times, "\"%s\": the epoch form changed a time", qPrintable(text));
        // Four-digit years and offsets of less than a day keep every time within 10000 years.
        FUZZ_CHECK(*times > -62167219200000000LL - 86400000000LL &&
                       *times < 253402300800000000LL + 86400000000LL,
                   "\"%s\" is %lld us", qPrintable(text), *times);
        const QString iso = isoOf(*times);
        const auto back = parseSinceMicros(iso);
        // Years before 1 or after 9999 (an offset across the edge) have no four-digit ISO text.
        if (iso.size() == 27)
            FUZZ_CHECK(back == times, "\"%s\" -> %lld -> \"%s\" -> %lld", qPrintable(text), *times,
                       qPrintable(iso), back ? *back : -1LL);
    } else if (either) {
        FUZZ_CHECK(!text.trimmed().isEmpty(), "empty text as epoch");
        for (const QChar c : text.trimmed())
            FUZZ_CHECK(c >= QLatin1Char('0') && c <= QLatin1Char('9'), "\"%s\" taken as milliseconds",
                       qPrintable(text));
        FUZZ_CHECK(*either >= 0 && *either % 1000 == 0, "\"%s\" is %lld us", qPrintable(text), *either);
    }
    return 0;
}
