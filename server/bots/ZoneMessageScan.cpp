// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ZoneMessageScan.h"

#include <cctype>
#include <charconv>
#include <cmath>

namespace smmo::bots::ZoneMessageScan {

namespace {

constexpr int maxDepth = 64;

class Cursor
{
public:
    explicit Cursor(QByteArrayView json) : m_at(json.data()), m_end(json.data() + json.size()) {}

    bool atEnd()
    {
        skipSpace();
        return m_at == m_end;
    }
    /// The next non-space byte is c: consumed.
    bool take(char c)
    {
        skipSpace();
        if (m_at < m_end && *m_at == c) {
            ++m_at;
            return true;
        }
        return false;
    }
    char peek()
    {
        skipSpace();
        return m_at < m_end ? *m_at : '\0';
    }
    /// A string's raw bytes between its quotes (escapes left as they are).
    bool string(QByteArrayView *raw)
    {
        if (!take('"'))
            return false;
        const char *start = m_at;
        while (m_at < m_end && *m_at != '"') {
            if (*m_at == '\\' && ++m_at == m_end)
                return false;
            ++m_at;
        }
        if (m_at == m_end)
            return false;
        *raw = QByteArrayView(start, m_at - start);
        ++m_at;
        return true;
    }
    bool integer(qint64 *value)
    {
        skipSpace();
        const char *start = m_at;
        while (m_at < m_end && (std::isdigit(quint8(*m_at)) || *m_at == '-' || *m_at == '+' || *m_at == '.' ||
                                *m_at == 'e' || *m_at == 'E'))
            ++m_at;
        if (start == m_at)
            return false;
        const auto [end, error] = std::from_chars(start, m_at, *value);
        if (error == std::errc() && end == m_at)
            return true;
        // Written as a double (1e3, 12.0): what QJsonValue::toDouble() would give.
        double d = 0;
        const auto [dend, derror] = std::from_chars(start, m_at, d);
        if (derror != std::errc() || dend != m_at || !std::isfinite(d))
            return false;
        *value = qint64(d);
        return true;
    }
    bool skipValue(int depth = 0)
    {
        if (depth > maxDepth)
            return false;
        switch (peek()) {
        case '"': {
            QByteArrayView ignored;
            return string(&ignored);
        }
        case '{':
            ++m_at;
            if (take('}'))
                return true;
            do {
                QByteArrayView key;
                if (!string(&key) || !take(':') || !skipValue(depth + 1))
                    return false;
            } while (take(','));
            return take('}');
        case '[':
            ++m_at;
            if (take(']'))
                return true;
            do {
                if (!skipValue(depth + 1))
                    return false;
            } while (take(','));
            return take(']');
        case '\0':
            return false;
        default: { // number, true, false, null
            const char *start = m_at;
            while (m_at < m_end &&
                   (std::isalnum(quint8(*m_at)) || *m_at == '-' || *m_at == '+' || *m_at == '.'))
                ++m_at;
            return m_at != start;
        }
        }
    }

private:
    void skipSpace()
    {
        while (m_at < m_end && (*m_at == ' ' || *m_at == '\n' || *m_at == '\r' || *m_at == '\t'))
            ++m_at;
    }

    const char *m_at;
    const char *m_end;
};

/// [{"id": n, ...}, ...]: every element's top-level id.
bool objectIds(Cursor &cursor, std::vector<qint64> *ids)
{
    if (cursor.peek() != '[')
        return cursor.skipValue();
    cursor.take('[');
    if (cursor.take(']'))
        return true;
    do {
        if (cursor.peek() != '{') {
            if (!cursor.skipValue(2))
                return false;
            continue;
        }
        cursor.take('{');
        if (cursor.take('}'))
            continue;
        do {
            QByteArrayView key;
            if (!cursor.string(&key) || !cursor.take(':'))
                return false;
            qint64 id = 0;
            if (key == QByteArrayView("id") && cursor.peek() != '"' && cursor.peek() != '{' &&
                cursor.peek() != '[') {
                if (!cursor.integer(&id))
                    return false;
                ids->push_back(id);
            } else if (!cursor.skipValue(3)) {
                return false;
            }
        } while (cursor.take(','));
        if (!cursor.take('}'))
            return false;
    } while (cursor.take(','));
    return cursor.take(']');
}

bool message(QByteArrayView json, QByteArrayView *type, std::vector<qint64> *ids)
{
    Cursor cursor(json);
    if (!cursor.take('{'))
        return false;
    if (!cursor.take('}')) {
        do {
            QByteArrayView key;
            if (!cursor.string(&key) || !cursor.take(':'))
                return false;
            bool ok;
            if (key == QByteArrayView("type") && cursor.peek() == '"')
                ok = cursor.string(type);
            else if (key == QByteArrayView("changed") || key == QByteArrayView("entered"))
                ok = objectIds(cursor, ids);
            else
                ok = cursor.skipValue(1);
            if (!ok)
                return false;
        } while (cursor.take(','));
        if (!cursor.take('}'))
            return false;
    }
    return cursor.atEnd();
}

} // namespace

bool scan(QByteArrayView json, QByteArrayView *type, std::vector<qint64> *ids)
{
    *type = QByteArrayView();
    if (message(json, type, ids))
        return true;
    *type = QByteArrayView();
    return false;
}

} // namespace smmo::bots::ZoneMessageScan
