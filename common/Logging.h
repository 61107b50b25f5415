// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QLoggingCategory>

// Logging categories, one per role and per shared subsystem. Enable with QT_LOGGING_RULES,
// e.g. QT_LOGGING_RULES="simplemmo.http.debug=true" for one line per request.
Q_DECLARE_LOGGING_CATEGORY(lcConfig)
Q_DECLARE_LOGGING_CATEGORY(lcHttp)
Q_DECLARE_LOGGING_CATEGORY(lcDb)
Q_DECLARE_LOGGING_CATEGORY(lcService)
Q_DECLARE_LOGGING_CATEGORY(lcAuth)
Q_DECLARE_LOGGING_CATEGORY(lcChar)
Q_DECLARE_LOGGING_CATEGORY(lcMaster)
Q_DECLARE_LOGGING_CATEGORY(lcZone)
Q_DECLARE_LOGGING_CATEGORY(lcScript)
Q_DECLARE_LOGGING_CATEGORY(lcPhysics)
Q_DECLARE_LOGGING_CATEGORY(lcLauncher)

namespace smmo {
// One message format for every executable: time, level, category, text.
void installLogFormat();
} // namespace smmo
