// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QString>

namespace smmo {

/// True when every character is an ASCII letter, digit or underscore (the alphabet of names and
/// of zone id parts).
bool isWordText(const QString &text);
/// The rule for account and character names: 3 to 32 letters, digits or underscores. In particular
/// no '-', which separates the parts of a zone id (`<instancetype>-<zonename>-<owner>`).
bool isValidName(const QString &name);
/// The form names are compared and stored unique in: lower case.
QString nameKey(const QString &name);
/// The text a client sees when a name breaks the rule.
QString nameRuleText(const QString &what);
/// False for text with a NUL character, which no text column of PostgreSQL can hold (and no
/// client has a use for): such input is refused as bad, or found nowhere, before it reaches SQL.
bool isStorableText(const QString &text);

} // namespace smmo
