// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QByteArray>
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

} // namespace MsgPack

} // namespace smmo::bots
