// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QStringList>
#include <QStringView>

namespace smmo {

/// Compact JSON appended straight to a QByteArray, byte for byte as QJsonDocument::Compact writes
/// the same values, without building a QJsonObject first. The zone writes every object that
/// changed each tick, and the QJsonObject round trip (a CBOR container, key look-ups, UTF-16
/// strings) cost several times the writing itself; so does QByteArray::append per piece, which
/// is why it writes through a pointer into space it reserved. `out` must not be touched while
/// the writer lives; it is trimmed to what was written when the writer goes.
class JsonWriter
{
public:
    explicit JsonWriter(QByteArray &out);
    ~JsonWriter();
    Q_DISABLE_COPY_MOVE(JsonWriter)

    /// Text as it is (keys, punctuation).
    void raw(const char *text, qsizetype length);
    template <qsizetype N> void raw(const char (&text)[N]) { raw(text, N - 1); }
    void raw(QByteArrayView text) { raw(text.data(), text.size()); }
    void raw(char c);
    /// A JSON string: quotes, `\"`, `\\`, `\b \f \n \r \t`, other control characters and unpaired
    /// surrogates as `\u00xx`, everything else as UTF-8.
    void string(QStringView text);
    /// A JSON number as QJsonValue(double) writes it: integral values within 2^53 as integers,
    /// others in the shortest form that reads back exactly (decimal unless the exponent form is
    /// shorter), non-finite ones as null.
    void number(double value);
    void integer(qint64 value);
    void boolean(bool value);
    /// An array of strings.
    void stringList(const QStringList &list);

    // One value at the end of out, for callers that write a single piece.
    static void appendString(QByteArray &out, QStringView text);
    static void appendNumber(QByteArray &out, double value);
    static void appendInteger(QByteArray &out, qint64 value);
    static void appendBool(QByteArray &out, bool value);
    static void appendStringList(QByteArray &out, const QStringList &list);

private:
    /// Makes room for `bytes` more.
    void need(qsizetype bytes)
    {
        if (m_end - m_at < bytes)
            grow(bytes);
    }
    void grow(qsizetype bytes);

    QByteArray &m_out;
    char *m_at = nullptr;
    char *m_end = nullptr;
};

} // namespace smmo
