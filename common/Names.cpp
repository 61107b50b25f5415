// SPDX-License-Identifier: AGPL-3.0-or-later
#include "Names.h"

namespace smmo {

bool isValidName(const QString &name)
{
    if (name.size() < 3 || name.size() > 32)
        return false;
    for (const QChar c : name) {
        const ushort u = c.unicode();
        const bool ok = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_';
        if (!ok)
            return false;
    }
    return true;
}

QString nameKey(const QString &name)
{
    return name.toLower();
}

QString nameRuleText(const QString &what)
{
    return QStringLiteral("%1 must be 3 to 32 letters, digits or underscores.").arg(what);
}

} // namespace smmo
