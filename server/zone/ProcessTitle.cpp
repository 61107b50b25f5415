// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ProcessTitle.h"

#include <QFile>

#include <cerrno> // program_invocation_name (glibc): argv[0], where the argument area starts
#include <cstring>

namespace smmo::ProcessTitle {

bool replaceArgument(const QByteArray &prefix, const QByteArrayList &replacement)
{
    QFile file(QStringLiteral("/proc/self/cmdline"));
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray cmdline = file.readAll();
    char *area = program_invocation_name;
    if (cmdline.isEmpty() || !area)
        return false;
    for (const QByteArray &part : replacement)
        if (part.contains('\0'))
            return false;
    // The kernel's view and our memory must agree byte for byte (compared one by one, so that a
    // mismatch stops the reading before it could leave the string).
    for (qsizetype i = 0; i < cmdline.size(); ++i)
        if (area[i] != cmdline.at(i))
            return false;

    qsizetype start = 0;
    while (start < cmdline.size()) {
        const qsizetype end = cmdline.indexOf('\0', start);
        const qsizetype stop = end < 0 ? cmdline.size() : end;
        if (cmdline.mid(start, stop - start).startsWith(prefix)) {
            const qsizetype room = stop - start; // the argument's bytes; its NUL stays
            const QByteArray text = replacement.join('\0');
            if (text.size() > room)
                return false;
            std::memset(area + start, 0, size_t(room));
            std::memcpy(area + start, text.constData(), size_t(text.size()));
            return true;
        }
        start = stop + 1;
    }
    return false;
}

} // namespace smmo::ProcessTitle
