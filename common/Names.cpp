// SPDX-License-Identifier: AGPL-3.0-or-later
#include "Names.h"

namespace smmo {

bool isWordText(const QString &text)
{
    for (const QChar c : text) {
        const ushort u = c.unicode();
        if (!((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_'))
            return false;
    }
    return true;
}

bool isValidName(const QString &name)
{
    return name.size() >= 3 && name.size() <= 32 && isWordText(name);
}

QString nameKey(const QString &name)
{
    return name.toLower();
}

bool isStorableText(const QString &text)
{
    return !text.contains(QChar(0));
}

QString nameRuleText(const QString &what)
{
    return QStringLiteral("%1 must be 3 to 32 letters, digits or underscores.").arg(what);
}

} // namespace smmo
