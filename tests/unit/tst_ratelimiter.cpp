// SPDX-License-Identifier: AGPL-3.0-or-later
#include "RateLimiter.h"

#include <QtTest>

using smmo::RateLimiter;

class TestRateLimiter : public QObject
{
    Q_OBJECT

private slots:
    void limitsWithinWindow()
    {
        RateLimiter limiter(3, 1000);
        QCOMPARE(limiter.retryAfterMs(QStringLiteral("a"), 0), 0);
        limiter.record(QStringLiteral("a"), 0);
        limiter.record(QStringLiteral("a"), 100);
        QCOMPARE(limiter.retryAfterMs(QStringLiteral("a"), 200), 0);
        limiter.record(QStringLiteral("a"), 200);
        QCOMPARE(limiter.retryAfterMs(QStringLiteral("a"), 300), 700); // the first event leaves at 1000
        QCOMPARE(limiter.retryAfterMs(QStringLiteral("b"), 300), 0);   // keys are independent
        QCOMPARE(limiter.retryAfterMs(QStringLiteral("a"), 1000), 0);  // sliding: one slot free again
    }

    void resetAndPrune()
    {
        RateLimiter limiter(1, 1000);
        limiter.record(QStringLiteral("a"), 0);
        limiter.record(QStringLiteral("b"), 500);
        QVERIFY(limiter.retryAfterMs(QStringLiteral("a"), 10) > 0);
        limiter.reset(QStringLiteral("a"));
        QCOMPARE(limiter.retryAfterMs(QStringLiteral("a"), 10), 0);
        limiter.prune(1200); // a was reset; b (recorded at 500) stays in the window until 1500
        QCOMPARE(limiter.trackedKeys(), 1);
        limiter.prune(1600);
        QCOMPARE(limiter.trackedKeys(), 0);
    }

    void floodCostsConstantMemory()
    {
        RateLimiter limiter(5, 60000);
        for (int i = 0; i < 100000; ++i)
            limiter.record(QStringLiteral("flood"), i);
        // Still limited, and only the last five events are kept.
        QVERIFY(limiter.retryAfterMs(QStringLiteral("flood"), 100000) > 0);
        QCOMPARE(limiter.retryAfterMs(QStringLiteral("flood"), 100000), 99995 + 60000 - 100000);
    }
};

QTEST_APPLESS_MAIN(TestRateLimiter)
#include "tst_ratelimiter.moc"
