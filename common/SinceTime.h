// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace smmo {

/// The `since=` query parameter of the zones' `/objects` and `/messages` and the master's
/// `/chat/global`: one parser, so every server reads the same times the same way.
///
/// Accepted: ISO-8601 `2024-05-01T12:30:00` (seconds optional), with `.ffffff` (1 to 9 digits,
/// kept to the microsecond), `Z`, `+hh:mm`, `-hhmm` or nothing (= UTC); the classic
/// `2024-05-01 12:30:00:123456`; and, where the caller allows it, whole milliseconds since the
/// epoch (`1714566600000`). A `+` of an offset that arrived as a space (a form-encoded query) is
/// understood. Answers microseconds since the Unix epoch, or nullopt when the text is not a time.
enum class SinceForms { TimesOnly, TimesOrEpochMs };
std::optional<qint64> parseSinceMicros(const QString &text, SinceForms forms = SinceForms::TimesOnly);

} // namespace smmo
