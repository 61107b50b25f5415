// SPDX-License-Identifier: AGPL-3.0-or-later
#include "JsonWriter.h"

#include <charconv>
#include <cmath>
#include <cstring>

namespace smmo {

namespace {

constexpr qsizetype initialRoom = 256;
// The longest number: a sign, 17 digits, a point or "0." and zeros, or an exponent.
constexpr qsizetype maxNumberLength = 32;

char *writeEscape(char *at, char16_t unit)
{
    static constexpr char hex[] = "0123456789abcdef";
    at[0] = '\\';
    at[1] = 'u';
    at[2] = hex[(unit >> 12) & 0xf];
    at[3] = hex[(unit >> 8) & 0xf];
    at[4] = hex[(unit >> 4) & 0xf];
    at[5] = hex[unit & 0xf];
    return at + 6;
}

// The shortest digits that read back as value (std::to_chars), laid out as Qt's
// QByteArray::number(value, 'g', QLocale::FloatingPointShortest) does: decimal when that is not
// longer than the exponent form, which has at least two exponent digits.
char *writeShortestDouble(char *at, double value)
{
    char scientific[maxNumberLength];
    const auto result = std::to_chars(scientific, scientific + sizeof scientific, value,
                                      std::chars_format::scientific); // [-]d[.ddd]e(+|-)dd[d]
    const char *p = scientific;
    if (*p == '-')
        *at++ = *p++;
    char digits[20];
    int count = 0;
    for (; *p != 'e'; ++p)
        if (*p != '.')
            digits[count++] = *p;
    const char *exponentText = p + 1;
    int exponent = 0;
    std::from_chars(exponentText + (*exponentText == '+' ? 1 : 0), result.ptr, exponent);
    const int point = exponent + 1; // digits before the decimal point
    const int exponentDigits = std::abs(exponent) >= 100 ? 3 : 2;
    const int exponentLength = (count > 1 ? count + 1 : 1) + 2 + exponentDigits;
    const int decimalLength = point <= 0 ? 2 - point + count : point < count ? count + 1 : point;
    if (decimalLength <= exponentLength) {
        if (point <= 0) {
            *at++ = '0';
            *at++ = '.';
            for (int i = point; i < 0; ++i)
                *at++ = '0';
            std::memcpy(at, digits, size_t(count));
            at += count;
        } else if (point < count) {
            std::memcpy(at, digits, size_t(point));
            at += point;
            *at++ = '.';
            std::memcpy(at, digits + point, size_t(count - point));
            at += count - point;
        } else {
            std::memcpy(at, digits, size_t(count));
            at += count;
            for (int i = count; i < point; ++i)
                *at++ = '0';
        }
        return at;
    }
    *at++ = digits[0];
    if (count > 1) {
        *at++ = '.';
        std::memcpy(at, digits + 1, size_t(count - 1));
        at += count - 1;
    }
    *at++ = 'e';
    *at++ = exponent < 0 ? '-' : '+';
    int magnitude = std::abs(exponent);
    for (int i = exponentDigits - 1; i >= 0; --i, magnitude /= 10)
        at[i] = char('0' + magnitude % 10);
    return at + exponentDigits;
}

} // namespace

JsonWriter::JsonWriter(QByteArray &out) : m_out(out)
{
    const qsizetype used = out.size();
    out.resize(used + initialRoom);
    m_at = out.data() + used;
    m_end = out.data() + out.size();
}

JsonWriter::~JsonWriter()
{
    m_out.resize(m_at - m_out.data());
}

void JsonWriter::grow(qsizetype bytes)
{
    const qsizetype used = m_at - m_out.data();
    m_out.resize(qMax(used + bytes, 2 * m_out.size()));
    m_at = m_out.data() + used;
    m_end = m_out.data() + m_out.size();
}

void JsonWriter::raw(const char *text, qsizetype length)
{
    need(length);
    std::memcpy(m_at, text, size_t(length));
    m_at += length;
}

void JsonWriter::raw(char c)
{
    need(1);
    *m_at++ = c;
}

void JsonWriter::string(QStringView text)
{
    need(6 * text.size() + 2); // the most one UTF-16 unit becomes: \uxxxx
    char *at = m_at;
    *at++ = '"';
    const char16_t *unit = text.utf16();
    const char16_t *end = unit + text.size();
    while (unit < end) {
        const char16_t c = *unit++;
        if (c < 0x80) {
            if (c >= 0x20 && c != u'"' && c != u'\\') {
                *at++ = char(c);
                continue;
            }
            const char escaped = c == u'"'    ? '"'
                                 : c == u'\\' ? '\\'
                                 : c == u'\b' ? 'b'
                                 : c == u'\f' ? 'f'
                                 : c == u'\n' ? 'n'
                                 : c == u'\r' ? 'r'
                                 : c == u'\t' ? 't'
                                              : 0;
            if (escaped) {
                *at++ = '\\';
                *at++ = escaped;
            } else {
                at = writeEscape(at, c);
            }
        } else if (c < 0x800) {
            *at++ = char(0xc0 | (c >> 6));
            *at++ = char(0x80 | (c & 0x3f));
        } else if (QChar::isHighSurrogate(c) && unit < end && QChar::isLowSurrogate(*unit)) {
            const char32_t code = QChar::surrogateToUcs4(c, *unit++);
            *at++ = char(0xf0 | (code >> 18));
            *at++ = char(0x80 | ((code >> 12) & 0x3f));
            *at++ = char(0x80 | ((code >> 6) & 0x3f));
            *at++ = char(0x80 | (code & 0x3f));
        } else if (QChar::isSurrogate(c)) {
            at = writeEscape(at, c); // unpaired: not representable in UTF-8
        } else {
            *at++ = char(0xe0 | (c >> 12));
            *at++ = char(0x80 | ((c >> 6) & 0x3f));
            *at++ = char(0x80 | (c & 0x3f));
        }
    }
    *at++ = '"';
    m_at = at;
}

void JsonWriter::integer(qint64 value)
{
    need(maxNumberLength);
    m_at = std::to_chars(m_at, m_end, value).ptr;
}

void JsonWriter::number(double value)
{
    if (!std::isfinite(value)) {
        raw("null");
        return;
    }
    // QJsonValue keeps a double that holds an integer exactly as that integer.
    constexpr double maxExactInteger = 9007199254740992.0; // 2^53
    if (std::abs(value) <= maxExactInteger && std::trunc(value) == value) {
        integer(qint64(value));
        return;
    }
    need(maxNumberLength);
    m_at = writeShortestDouble(m_at, value);
}

void JsonWriter::boolean(bool value)
{
    if (value)
        raw("true");
    else
        raw("false");
}

void JsonWriter::stringList(const QStringList &list)
{
    raw('[');
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (i > 0)
            raw(',');
        string(list.at(i));
    }
    raw(']');
}

void JsonWriter::appendString(QByteArray &out, QStringView text)
{
    JsonWriter(out).string(text);
}

void JsonWriter::appendNumber(QByteArray &out, double value)
{
    JsonWriter(out).number(value);
}

void JsonWriter::appendInteger(QByteArray &out, qint64 value)
{
    JsonWriter(out).integer(value);
}

void JsonWriter::appendBool(QByteArray &out, bool value)
{
    JsonWriter(out).boolean(value);
}

void JsonWriter::appendStringList(QByteArray &out, const QStringList &list)
{
    JsonWriter(out).stringList(list);
}

} // namespace smmo
