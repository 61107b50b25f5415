// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QStringView>

#include <optional>

namespace smmo {

/// The message every player sends ten times a second, {"type": "move", "dx": .., "dy": ..,
/// "dz": ..}, read without building a QJsonDocument: parsing it that way was half of what a move
/// cost the zone. Only the plain form is recognised: one object whose keys are "type" (the text
/// "move") and any of "dx", "dy", "dz" (numbers or null), each at most once, with no escapes.
/// Anything else, valid or not, gives nullopt and is left to the full JSON parser, which then
/// answers exactly as it always did.
struct MoveMessage
{
    double dx = 0, dy = 0, dz = 0;

    static std::optional<MoveMessage> parse(QStringView text);
};

} // namespace smmo
