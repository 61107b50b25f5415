// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace smmo {

/// The zone's timestamps as clients see them: `since=` parsing (ISO-8601 and the classic
/// `YYYY-MM-DD HH:MM:SS:ffffff`), ISO-8601 with microseconds, and HTTP dates for Last-Modified.
namespace ZoneTime {

/// Microseconds since the Unix epoch (UTC) for a `since` value, nullopt when it is not a time.
/// Accepted: `2024-05-01T12:30:00`, with `.ffffff` (1 to 9 digits), `Z` or `+hh:mm`, and the classic
/// `2024-05-01 12:30:00:123456`. A time without zone is UTC.
std::optional<qint64> parseSince(const QString &text);
/// `2024-05-01T12:30:00.123000Z` for milliseconds since the epoch.
QString isoMicros(qint64 epochMs);
/// The same, appended to out as UTF-8 (every object in every tick's update carries one).
void appendIsoMicros(QByteArray &out, qint64 epochMs);
constexpr int isoMicrosLength = 27;
/// The same into text (isoMicrosLength characters, no terminator) for years 1 to 9999; false for
/// other years, which only isoMicros() writes.
bool formatIsoMicros(qint64 epochMs, char *text);
/// `Wed, 01 May 2024 12:30:00 GMT`.
QByteArray httpDate(qint64 epochMs);
/// Milliseconds since the epoch, now.
qint64 nowMs();

} // namespace ZoneTime

} // namespace smmo
