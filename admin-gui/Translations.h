// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

namespace smmo::admin {

/// Installs the console's translation (embedded under :/i18n) and Qt's own (qtbase, if the
/// system has it) for the user's locale: LANGUAGE, LC_ALL, LC_MESSAGES, LANG. Call it after the
/// application object exists and before any window is made. Without a match the texts stay English.
void installTranslations();

} // namespace smmo::admin
