// SPDX-License-Identifier: AGPL-3.0-or-later
// bench_masterzone: starts a real MasterZoneServer on a temporary SQLite database and prints how
// long a zone takes from the master's miss to ready (the answer to GET /<zoneid>), median of
// several: cold (a zone id never seen, so the definition is copied into the database), restart
// (the same id again after a graceful stop: the stored state is loaded) and a hit (already
// running: the look-up alone), first without a warm pool (--zone-pool-size=0: every start is a
// new process), then with one (the same misses served by a pre-started zone server that only
// loads the zone; each measured once the pool has refilled, as between players' requests).
// Usage: bench_masterzone [--runs N] [--zone NAME] [--bin-dir DIR] [--pool-size N]
#include "HttpTestClient.h"
#include "ServerProcess.h"
#include "SessionToken.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

#include <algorithm>

using namespace smmo;
using namespace smmo::test;

namespace {

QTextStream out(stdout);

struct Figures
{
    QList<double> ms;
    int failures = 0;

    double quantile(double q) const
    {
        if (ms.isEmpty())
            return 0;
        QList<double> sorted = ms;
        std::sort(sorted.begin(), sorted.end());
        return sorted.at(qMin(sorted.size() - 1, qsizetype(q * double(sorted.size()))));
    }
    QString line(const QString &what) const
    {
        if (ms.isEmpty())
            return QStringLiteral("%1  no successful run (%2 failures)\n")
                .arg(what.leftJustified(44))
                .arg(failures);
        return QStringLiteral("%1  median %2 ms   min %3 ms   max %4 ms   (%5 runs, %6 failures)\n")
            .arg(what.leftJustified(44))
            .arg(quantile(0.5), 7, 'f', 1)
            .arg(*std::min_element(ms.begin(), ms.end()), 7, 'f', 1)
            .arg(*std::max_element(ms.begin(), ms.end()), 7, 'f', 1)
            .arg(ms.size())
            .arg(failures);
    }
};

// Times one GET /<zoneid>; records it when it answered 200.
void timeLookup(HttpTestClient &client, const QString &zoneId, Figures &figures)
{
    QElapsedTimer timer;
    timer.start();
    const auto r = client.get(QLatin1Char('/') + zoneId);
    const double ms = double(timer.nsecsElapsed()) / 1e6;
    if (r.status == 200) {
        figures.ms.append(ms);
    } else {
        ++figures.failures;
        out << zoneId << ": " << r.status << ' ' << r.body << Qt::endl;
    }
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Zone start time through the MasterZoneServer."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("runs"), QStringLiteral("Starts per figure."), QStringLiteral("n"),
                      QStringLiteral("7")});
    parser.addOption({QStringLiteral("zone"), QStringLiteral("Zone definition to start."),
                      QStringLiteral("name"), QStringLiteral("GhibliHills")});
    parser.addOption({QStringLiteral("bin-dir"), QStringLiteral("Where the servers are."),
                      QStringLiteral("dir"),
                      QCoreApplication::applicationDirPath() + QStringLiteral("/../bin")});
    parser.addOption({QStringLiteral("zones-dir"), QStringLiteral("Zone definitions."), QStringLiteral("dir"),
                      QStringLiteral(SIMPLEMMO_SOURCE_DIR "/scripts/zones")});
    parser.addOption({QStringLiteral("pool-size"), QStringLiteral("Warm pool of the second master."),
                      QStringLiteral("n"), QStringLiteral("1")});
    parser.process(app);
    const int runs = qMax(1, parser.value(QStringLiteral("runs")).toInt());
    const QString zoneName = parser.value(QStringLiteral("zone"));
    const QString binDir = parser.value(QStringLiteral("bin-dir"));
    const int poolSize = qMax(1, parser.value(QStringLiteral("pool-size")).toInt());

    const QByteArray secret = "bench-masterzone-secret-0123456789";
    const QByteArray token =
        SessionToken::issue(SessionToken::makeClaims(1, QStringLiteral("bench"), {QStringLiteral("admin")},
                                                     std::chrono::hours(1)),
                            secret);
    // One master per configuration, each on its own database: the zone ids are new to both.
    const auto runMaster = [&](int poolSize, Figures &missNew, Figures &missStored, Figures *hit,
                               QByteArray *metrics) {
        QTemporaryDir data;
        ServerProcess master(binDir + QStringLiteral("/simplemmo-masterzoneserver"),
                             {QStringLiteral("--port=0"), QStringLiteral("--data-dir"), data.path(),
                              QStringLiteral("--secret"), QString::fromLatin1(secret),
                              QStringLiteral("--zones-dir"), parser.value(QStringLiteral("zones-dir")),
                              QStringLiteral("--zone-start-timeout=60"),
                              QStringLiteral("--zone-pool-size=%1").arg(poolSize)});
        if (!master.start()) {
            out << "the master did not start:\n" << master.output() << Qt::endl;
            return false;
        }
        HttpTestClient client(master.url());
        client.setBearer(token);
        // A miss is warm only when a pooled process is ready: wait until the pool has refilled.
        const auto waitForPool = [&] {
            QElapsedTimer waited;
            waited.start();
            while (poolSize > 0 && waited.elapsed() < 60000 &&
                   client.get(QStringLiteral("/zones/pool"))
                           .json()
                           .object()
                           .value(QStringLiteral("ready"))
                           .toInt() < poolSize)
                QThread::msleep(20);
        };
        for (int i = 0; i < runs; ++i) {
            const QString zoneId = QStringLiteral("public-%1-bench%2").arg(zoneName).arg(i);
            waitForPool();
            timeLookup(client, zoneId, missNew);
            if (hit)
                timeLookup(client, zoneId, *hit);
            client.request("POST", QStringLiteral("/zones/%1/stop").arg(zoneId));
            waitForPool();
            timeLookup(client, zoneId, missStored);
            client.request("POST", QStringLiteral("/zones/%1/stop").arg(zoneId));
        }
        *metrics = client.get(QStringLiteral("/metrics")).body;
        master.stop();
        return true;
    };

    Figures cold, restart, hit, warm, warmRestart;
    QByteArray coldMetrics, warmMetrics;
    if (!runMaster(0, cold, restart, &hit, &coldMetrics) ||
        !runMaster(poolSize, warm, warmRestart, nullptr, &warmMetrics))
        return 1;

    out << "SimpleMMO zone start through the MasterZoneServer (" << QSysInfo::prettyProductName() << ", "
        << QThread::idealThreadCount() << " cores; SQLite; zone " << zoneName << ")\n";
    out << cold.line(QStringLiteral("miss -> ready, new zone id (cold)"));
    out << restart.line(QStringLiteral("miss -> ready, stored zone (restart)"));
    out << warm.line(QStringLiteral("miss -> ready, new zone id (warm pool)"));
    out << warmRestart.line(QStringLiteral("miss -> ready, stored zone (warm pool)"));
    out << hit.line(QStringLiteral("hit (zone already running)"));
    const auto histogram = [](const QByteArray &metrics, const QByteArray &name, const char *label) {
        for (const QByteArray &line : metrics.split('\n'))
            if (line.startsWith(name + "_sum") || line.startsWith(name + "_count"))
                out << "master's own histogram (" << label << "): " << line << '\n';
    };
    histogram(coldMetrics, "simplemmo_master_zone_start_seconds", "pool size 0");
    histogram(warmMetrics, "simplemmo_master_zone_warm_start_seconds",
              qPrintable(QStringLiteral("pool size %1").arg(poolSize)));
    histogram(warmMetrics, "simplemmo_master_zone_start_seconds",
              qPrintable(QStringLiteral("pool size %1").arg(poolSize)));
    out.flush();
    return cold.failures + restart.failures + hit.failures + warm.failures + warmRestart.failures == 0 ? 0
                                                                                                       : 1;
}
