// SPDX-License-Identifier: AGPL-3.0-or-later
// common/HeapTrimmer: memory freed in the middle of the heap stays resident until trimmed; the
// trimmer gives it back only when enough is free.
#include "HeapTrimmer.h"

#include <QFile>
#include <QtTest>

#include <cstdlib>
#include <cstring>
#include <vector>

using namespace smmo;

namespace {

qint64 residentBytes()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields[1].toLongLong() * 4096 : -1;
}

} // namespace

class TestHeapTrimmer : public QObject
{
    Q_OBJECT

private slots:
    void givesFreedMemoryBack()
    {
        HeapTrimmer trimmer(3600 * 1000, 16 * 1024 * 1024);
        trimmer.trimIfWorthIt(); // start from a trimmed heap
        QVERIFY(!trimmer.trimIfWorthIt());

        // 64 MB in blocks small enough for the heap (not mmap), each written so it is resident,
        // then freed below a block that stays: glibc cannot shrink the heap's top past it.
        std::vector<void *> blocks;
        for (int i = 0; i < 4096; ++i) {
            void *block = std::malloc(16 * 1024);
            std::memset(block, 1, 16 * 1024);
            blocks.push_back(block);
        }
        void *keeper = std::malloc(64);
        const qint64 before = residentBytes();
        for (void *block : blocks)
            std::free(block);
        const qint64 freed = residentBytes();
        QVERIFY2(before - freed < 32 * 1024 * 1024,
                 qPrintable(QStringLiteral("glibc gave back %1 bytes by itself").arg(before - freed)));

        QVERIFY(trimmer.trimIfWorthIt());
        const qint64 trimmed = residentBytes();
        QVERIFY2(freed - trimmed > 24 * 1024 * 1024,
                 qPrintable(QStringLiteral("resident %1 -> %2 bytes").arg(freed).arg(trimmed)));
        QVERIFY(!trimmer.trimIfWorthIt()); // nothing worth it left
        std::free(keeper);
    }
};

QTEST_GUILESS_MAIN(TestHeapTrimmer)
#include "tst_heaptrimmer.moc"
