// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonValue>

namespace smmo::bots {

/// The part of MessagePack (msgpack.org) the Colyseus transport needs, over JSON values: nil,
/// booleans, integers (as the smallest msgpack form), doubles (float 64), strings, arrays and
/// maps with string keys. Decoding also reads float 32, binary (as a string of its bytes) and
/// skips extension types (as null).
namespace MsgPack {

QByteArray encode(const QJsonValue &value);
void encodeInto(QByteArray &out, const QJsonValue &value);
void encodeString(QByteArray &out, const QString &text);

/// Reads one value from data at *offset and moves *offset past it; false (and *offset unchanged)
/// when the data is truncated or not MessagePack.
bool decode(const QByteArray &data, qsizetype *offset, QJsonValue *value);
/// The whole of data as one value; an undefined QJsonValue when it is not exactly one value.
QJsonValue decode(const QByteArray &data);

/// Reads MessagePack where it lies, building nothing (the bots' hot path): headers of arrays and
/// maps, integers, strings as views of their bytes, and skipping any other value. Each call is
/// false (and moves nothing) when the next value is not of its kind or is truncated.
class Scanner
{
public:
    explicit Scanner(QByteArrayView data, qsizetype offset = 0) : m_data(data), m_at(offset) {}
    qsizetype at() const { return m_at; }
    bool atEnd() const { return m_at >= m_data.size(); }

    bool arrayHeader(quint64 *size);
    bool mapHeader(quint64 *size);
    bool string(QByteArrayView *bytes);
    /// An integer, or a float that holds a whole number.
    bool integer(qint64 *value);
    bool skip(int depth = 0);

private:
    bool big(qsizetype at, int bytes, quint64 *value) const;
    bool header(quint8 fixBase, quint8 fixMask, quint8 code16, quint64 *size);

    QByteArrayView m_data;
    qsizetype m_at;
};

} // namespace MsgPack

} // namespace smmo::bots
