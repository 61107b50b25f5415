// SPDX-License-Identifier: AGPL-3.0-or-later
#include "StreamFlood.h"

namespace smmo {

StreamFlood::Verdict StreamFlood::take(qint64 nowMs)
{
    if (m_windowStart < 0 || nowMs - m_windowStart >= 1000) {
        m_windowStart = nowMs;
        m_count = 0;
    }
    ++m_count;
    if (m_count <= m_perSecond)
        return Verdict::Accept;
    if (m_count == m_perSecond + 1)
        return Verdict::RefuseAndWarn;
    return m_count > 2 * m_perSecond ? Verdict::Close : Verdict::Refuse;
}

} // namespace smmo
