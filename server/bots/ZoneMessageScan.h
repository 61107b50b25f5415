// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QByteArrayView>

#include <vector>

namespace smmo::bots {

/// What the bots need from a zone message, read straight from its UTF-8 bytes without building
/// it: its "type" and, for an update, the id of every object in "changed" and "entered" (the
/// objects whose change or arrival the move latency is about). Every other value is skipped by
/// its syntax, so nested objects, arrays and strings with escapes anywhere are fine. Keys are
/// compared as written (the zone writes them without escapes).
namespace ZoneMessageScan {

/// false when json is not one JSON object (as far as the scan checks: it reads every byte but
/// does not convert numbers it skips or validate escapes and UTF-8); *type then is empty.
/// Ids are appended to *ids in the message's order.
bool scan(QByteArrayView json, QByteArrayView *type, std::vector<qint64> *ids);

} // namespace ZoneMessageScan

} // namespace smmo::bots
