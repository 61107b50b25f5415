// SPDX-License-Identifier: AGPL-3.0-or-later
#include "MoveMessage.h"

#include <charconv>

namespace smmo {

namespace {

// A cursor over the text that gives up (nullopt up the line) on anything unexpected.
class Reader
{
public:
    explicit Reader(QStringView text) : m_at(text.utf16()), m_end(m_at + text.size()) {}

    bool atEnd() const { return m_at == m_end; }
    void skipSpace()
    {
        while (m_at < m_end && (*m_at == u' ' || *m_at == u'\t' || *m_at == u'\n' || *m_at == u'\r'))
            ++m_at;
    }
    bool take(char16_t c)
    {
        if (m_at == m_end || *m_at != c)
            return false;
        ++m_at;
        return true;
    }
    bool take(QStringView word)
    {
        if (QStringView(m_at, m_end).startsWith(word)) {
            m_at += word.size();
            return true;
        }
        return false;
    }
    /// A string without escapes or control characters (the opening quote already taken).
    std::optional<QStringView> plainString()
    {
        const char16_t *start = m_at;
        while (m_at < m_end && *m_at != u'"') {
            if (*m_at == u'\\' || *m_at < 0x20)
                return std::nullopt;
            ++m_at;
        }
        if (m_at == m_end)
            return std::nullopt;
        return QStringView(start, m_at++);
    }
    /// A number in JSON's grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
    std::optional<double> number()
    {
        char digits[64];
        int length = 0;
        const auto put = [&](char16_t c) {
            if (length == int(sizeof digits))
                return false;
            digits[length++] = char(c);
            return true;
        };
        const auto isDigit = [this] { return m_at < m_end && *m_at >= u'0' && *m_at <= u'9'; };
        const auto runOfDigits = [&] {
            if (!isDigit())
                return false;
            while (isDigit())
                if (!put(*m_at++))
                    return false;
            return true;
        };
        if (m_at < m_end && *m_at == u'-' && !put(*m_at++))
            return std::nullopt;
        if (m_at < m_end && *m_at == u'0') {
            put(*m_at++);
            if (isDigit())
                return std::nullopt; // no leading zeros
        } else if (!runOfDigits()) {
            return std::nullopt;
        }
        if (m_at < m_end && *m_at == u'.') {
            put(*m_at++);
            if (!runOfDigits())
                return std::nullopt;
        }
        if (m_at < m_end && (*m_at == u'e' || *m_at == u'E')) {
            put(*m_at++);
            if (m_at < m_end && (*m_at == u'+' || *m_at == u'-') && !put(*m_at++))
                return std::nullopt;
            if (!runOfDigits())
                return std::nullopt;
        }
        double value = 0;
        const auto result = std::from_chars(digits, digits + length, value);
        if (result.ec != std::errc() || result.ptr != digits + length)
            return std::nullopt; // out of range: the full parser says what it thinks of it
        return value;
    }

private:
    const char16_t *m_at;
    const char16_t *m_end;
};

} // namespace

std::optional<MoveMessage> MoveMessage::parse(QStringView text)
{
    Reader reader(text);
    MoveMessage move;
    enum : unsigned { Type = 1, Dx = 2, Dy = 4, Dz = 8 };
    unsigned seen = 0;
    reader.skipSpace();
    if (!reader.take(u'{'))
        return std::nullopt;
    do {
        reader.skipSpace();
        if (!reader.take(u'"'))
            return std::nullopt;
        const auto key = reader.plainString();
        if (!key)
            return std::nullopt;
        unsigned field = 0;
        double *target = nullptr;
        if (*key == u"type")
            field = Type;
        else if (*key == u"dx")
            field = Dx, target = &move.dx;
        else if (*key == u"dy")
            field = Dy, target = &move.dy;
        else if (*key == u"dz")
            field = Dz, target = &move.dz;
        if (field == 0 || (seen & field))
            return std::nullopt; // another key, or one given twice
        seen |= field;
        reader.skipSpace();
        if (!reader.take(u':'))
            return std::nullopt;
        reader.skipSpace();
        if (field == Type) {
            if (!reader.take(u'"'))
                return std::nullopt;
            const auto type = reader.plainString();
            if (!type || *type != u"move")
                return std::nullopt;
        } else if (!reader.take(u"null")) { // null counts as 0, as for the full parser's reader
            const auto value = reader.number();
            if (!value)
                return std::nullopt;
            *target = *value;
        }
        reader.skipSpace();
    } while (reader.take(u','));
    if (!reader.take(u'}'))
        return std::nullopt;
    reader.skipSpace();
    if (!reader.atEnd() || !(seen & Type))
        return std::nullopt;
    return move;
}

} // namespace smmo
