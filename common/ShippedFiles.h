// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QString>

namespace smmo {

/// Finds a file or directory SimpleMMO ships (zone definitions, object scripts, the source
/// archive): beside the running binary (`<bin>/../share/simplemmo/<relative>`, an installed or
/// relocated tree), then in the install prefix chosen at build time, then `developmentPath` (the
/// source or build tree, for programs run from a build directory). Empty when none exists.
QString findShippedPath(const QString &relative, const QString &developmentPath);

/// The source tree the program was built from, for development fallbacks.
QString sourceTreePath(const QString &relative);

} // namespace smmo
