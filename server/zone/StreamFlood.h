// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QtGlobal>

namespace smmo {

/// How many messages one player connection of the stream may send: at most `perSecond` in each
/// second. Beyond that messages are refused (the client is told once per second), and a client
/// that sends more than twice the limit within a second is flooding: its connection is closed,
/// so one client cannot keep the zone's single thread busy for the others.
class StreamFlood
{
public:
    enum class Verdict { Accept, Refuse, RefuseAndWarn, Close };

    explicit StreamFlood(int perSecond = 50) : m_perSecond(perSecond) {}

    /// The verdict on one more message arriving at nowMs (a monotonic clock).
    Verdict take(qint64 nowMs);

private:
    int m_perSecond;
    qint64 m_windowStart = -1;
    int m_count = 0;
};

} // namespace smmo
