// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QString>

namespace smmo {

/// Installs a program's translation `<catalog>_<language>.qm` (embedded under :/i18n) and Qt's own
/// (qtbase, if the system has it) for the user's locale: LANGUAGE, LC_ALL, LC_MESSAGES, LANG.
/// Call it after the application object exists and before any text is made. Without a match the
/// texts stay English.
void installTranslations(const QString &catalog);

} // namespace smmo
