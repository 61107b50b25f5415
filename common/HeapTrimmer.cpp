// SPDX-License-Identifier: AGPL-3.0-or-later
#include "HeapTrimmer.h"

#include "Logging.h"

#include <malloc.h>

namespace smmo {

HeapTrimmer::HeapTrimmer(int intervalMs, qint64 minFreeBytes, QObject *parent)
    : QObject(parent), m_minFreeBytes(minFreeBytes)
{
    connect(&m_timer, &QTimer::timeout, this, &HeapTrimmer::trimIfWorthIt);
    m_timer.start(intervalMs);
}

bool HeapTrimmer::trimIfWorthIt()
{
#if defined(__GLIBC__)
    const struct mallinfo2 info = mallinfo2();
    const qint64 free = qint64(info.fordblks);
    // Trimmed chunks still count as free, so what matters is how much more is free than at the
    // last trim (or than the least free since: memory reused and freed again is resident again).
    if (free < m_freeAfterTrim + m_minFreeBytes) {
        m_freeAfterTrim = qMin(m_freeAfterTrim, free);
        return false;
    }
    malloc_trim(0);
    m_freeAfterTrim = free;
    qCDebug(lcHttp, "returned freed memory to the system (%lld bytes were free)", free);
    return true;
#else
    return false;
#endif
}

} // namespace smmo
