// SPDX-License-Identifier: AGPL-3.0-or-later
// Prints how many PasswordHasher::hash() calls one core manages per second at several costs, to
// choose PasswordHasher::defaultIterations and to size the AuthServer's thread pool.
#include "PasswordHasher.h"

#include <QElapsedTimer>
#include <QTextStream>

#include <cstdio>

int main()
{
    using smmo::PasswordHasher;

    // 600,000 is OWASP's figure for PBKDF2-HMAC-SHA256, shown next to the project's default.
    const int costs[] = {1000, 10000, PasswordHasher::defaultIterations, 600000};
    // Long enough per row to smooth out the noise of a shared machine, short enough to run often.
    constexpr qint64 minimumNanoseconds = 1'000'000'000;
    constexpr int minimumHashes = 3;

    QTextStream out(stdout);
    out << QStringLiteral("%1 %2 %3 %4\n")
               .arg(QStringLiteral("iterations"), 10)
               .arg(QStringLiteral("hashes"), 8)
               .arg(QStringLiteral("ms/hash"), 10)
               .arg(QStringLiteral("hashes/s"), 10);
    out.flush();

    for (const int iterations : costs) {
        int hashes = 0;
        QElapsedTimer timer;
        timer.start();
        while (hashes < minimumHashes || timer.nsecsElapsed() < minimumNanoseconds) {
            // Every hash gets a fresh salt, so nothing can be cached between rounds.
            if (PasswordHasher::hash(QStringLiteral("correct horse battery staple"), iterations).isEmpty()) {
                std::fprintf(stderr, "hashing failed at %d iterations\n", iterations);
                return 1;
            }
            ++hashes;
        }
        const double seconds = double(timer.nsecsElapsed()) / 1e9;
        out << QStringLiteral("%1 %2 %3 %4\n")
                   .arg(iterations, 10)
                   .arg(hashes, 8)
                   .arg(seconds * 1000.0 / hashes, 10, 'f', 2)
                   .arg(hashes / seconds, 10, 'f', 1);
        out.flush();
    }
    return 0;
}
