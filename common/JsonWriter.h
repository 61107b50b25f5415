// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QStringList>
#include <QStringView>

namespace smmo {

/// Compact JSON appended straight to a QByteArray, byte for byte as QJsonDocument::Compact writes
/// the same values, without building a QJsonObject first. The zone writes every object that
/// changed each tick, and the QJsonObject round trip (a CBOR container, key look-ups, UTF-16
/// strings) cost several times the writing itself.
namespace JsonWriter {

/// A JSON string: quotes, `\"`, `\\`, `\b \f \n \r \t`, other control characters and unpaired
/// surrogates as `\u00xx`, everything else as UTF-8.
void appendString(QByteArray &out, QStringView text);
/// A JSON number as QJsonValue(double) writes it: integral values within 2^53 as integers,
/// others in the shortest form that reads back exactly, non-finite ones as null.
void appendNumber(QByteArray &out, double value);
void appendInteger(QByteArray &out, qint64 value);
void appendBool(QByteArray &out, bool value);
/// An array of strings.
void appendStringList(QByteArray &out, const QStringList &list);

} // namespace JsonWriter

} // namespace smmo
