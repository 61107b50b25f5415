// SPDX-License-Identifier: AGPL-3.0-or-later
#include "JsonWriter.h"

#include <QLocale>

#include <charconv>
#include <cmath>

namespace smmo::JsonWriter {

namespace {

void appendEscape(QByteArray &out, char16_t unit)
{
    static constexpr char hex[] = "0123456789abcdef";
    const char escape[6] = {
        '\\', 'u', hex[(unit >> 12) & 0xf], hex[(unit >> 8) & 0xf], hex[(unit >> 4) & 0xf], hex[unit & 0xf]};
    out.append(escape, 6);
}

} // namespace

void appendString(QByteArray &out, QStringView text)
{
    out.reserve(out.size() + text.size() + 2);
    out.append('"');
    const char16_t *unit = text.utf16();
    const char16_t *end = unit + text.size();
    while (unit < end) {
        const char16_t c = *unit++;
        if (c < 0x80) {
            if (c >= 0x20 && c != u'"' && c != u'\\') {
                out.append(char(c));
                continue;
            }
            switch (c) {
            case u'"':
                out.append("\\\"", 2);
                break;
            case u'\\':
                out.append("\\\\", 2);
                break;
            case u'\b':
                out.append("\\b", 2);
                break;
            case u'\f':
                out.append("\\f", 2);
                break;
            case u'\n':
                out.append("\\n", 2);
                break;
            case u'\r':
                out.append("\\r", 2);
                break;
            case u'\t':
                out.append("\\t", 2);
                break;
            default:
                appendEscape(out, c);
            }
        } else if (c < 0x800) {
            const char bytes[2] = {char(0xc0 | (c >> 6)), char(0x80 | (c & 0x3f))};
            out.append(bytes, 2);
        } else if (QChar::isHighSurrogate(c) && unit < end && QChar::isLowSurrogate(*unit)) {
            const char32_t code = QChar::surrogateToUcs4(c, *unit++);
            const char bytes[4] = {char(0xf0 | (code >> 18)), char(0x80 | ((code >> 12) & 0x3f)),
                                   char(0x80 | ((code >> 6) & 0x3f)), char(0x80 | (code & 0x3f))};
            out.append(bytes, 4);
        } else if (QChar::isSurrogate(c)) {
            appendEscape(out, c); // unpaired: not representable in UTF-8
        } else {
            const char bytes[3] = {char(0xe0 | (c >> 12)), char(0x80 | ((c >> 6) & 0x3f)),
                                   char(0x80 | (c & 0x3f))};
            out.append(bytes, 3);
        }
    }
    out.append('"');
}

void appendInteger(QByteArray &out, qint64 value)
{
    char digits[24];
    const auto result = std::to_chars(digits, digits + sizeof digits, value);
    out.append(digits, result.ptr - digits);
}

void appendNumber(QByteArray &out, double value)
{
    if (!std::isfinite(value)) {
        out.append("null", 4);
        return;
    }
    // QJsonValue keeps a double that holds an integer exactly as that integer.
    constexpr double maxExactInteger = 9007199254740992.0; // 2^53
    if (std::abs(value) <= maxExactInteger && std::trunc(value) == value) {
        appendInteger(out, qint64(value));
        return;
    }
    out.append(QByteArray::number(value, 'g', QLocale::FloatingPointShortest));
}

void appendBool(QByteArray &out, bool value)
{
    if (value)
        out.append("true", 4);
    else
        out.append("false", 5);
}

void appendStringList(QByteArray &out, const QStringList &list)
{
    out.append('[');
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (i > 0)
            out.append(',');
        appendString(out, list.at(i));
    }
    out.append(']');
}

} // namespace smmo::JsonWriter
