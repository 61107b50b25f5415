// SPDX-License-Identifier: AGPL-3.0-or-later
// Fuzz target: ZoneId::parse, which every master and zone route taking a zone id goes through.
// Properties: an accepted id has three parts of 1 to 64 ASCII letters, digits or underscores,
// prints back as the text it came from, and parses again to the same parts.
#include "FuzzCheck.h"
#include "ZoneId.h"

#include <QString>

#include <cstdint>

using namespace smmo;

namespace {
bool isWordPart(const QString &part)
{
    if (part.isEmpty() || part.size() > 64)
        return false;
    for (const QChar c : part)
        if (!(c.unicode() < 128 && (c.isLetterOrNumber() || c == QLatin1Char('_'))))
            return false;
    return true;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto id = ZoneId::parse(text);
    if (!id)
        return 0;
    FUZZ_CHECK(isWordPart(id->instanceType) && isWordPart(id->zoneName) && isWordPart(id->owner),
               "a part of \"%s\" is not 1 to 64 word characters", qPrintable(text));
    FUZZ_CHECK(id->toString() == text, "\"%s\" prints as \"%s\"", qPrintable(text),
               qPrintable(id->toString()));
    const auto again = ZoneId::parse(id->toString());
    FUZZ_CHECK(again && again->instanceType == id->instanceType && again->zoneName == id->zoneName &&
                   again->owner == id->owner,
               "\"%s\" does not parse the same twice", qPrintable(text));
    FUZZ_CHECK(id->isPlayerInstance() == (id->instanceType == QLatin1String("playerinstance")),
               "player instance flag");
    return 0;
}
