// SPDX-License-Identifier: AGPL-3.0-or-later
// bench_zone: one real ZoneServer (zone defaultzone, SQLite in a temporary directory) and N bots,
// each a ZoneClient joined as its own character and moving at 10 Hz, for N = 100, 500, 1000
// (further with --max). For each N it prints: the time from process start to /health ready, the
// p50/p99 time from a bot sending a move until another bot's stream shows it, moves per second,
// the zone's CPU (from /proc/<pid>/stat) and RSS, stream bytes out per second, tick p99 and overruns.
// Usage: bench_zone [--seconds N] [--max N] [--counts a,b,c] [--spacing M] [--bin-dir DIR]
#include "AccountStore.h"
#include "CharacterStore.h"
#include "Database.h"
#include "HttpTestClient.h"
#include "Migrations.h"
#include "ServerProcess.h"
#include "SessionToken.h"
#include "ZoneClient.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include <unistd.h>

using namespace smmo;
using namespace smmo::test;

namespace {

QTextStream out(stdout);
const QByteArray secret = "bench-zone-secret-0123456789abcdef";

// CPU ticks (user + system) of a process, from /proc/<pid>/stat.
qint64 cpuTicks(qint64 pid)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray stat = file.readAll();
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    return fields.value(11).toLongLong() + fields.value(12).toLongLong(); // utime, stime
}

double rssMegabytes(qint64 pid)
{
    QFile file(QStringLiteral("/proc/%1/status").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : file.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    return 0;
}

double metric(const QByteArray &text, const QString &name)
{
    const QRegularExpression line(QStringLiteral("^%1\\{[^}]*\\} (\\S+)$").arg(name),
                                  QRegularExpression::MultilineOption);
    return line.match(QString::fromUtf8(text)).captured(1).toDouble();
}

double percentile(std::vector<double> values, double q)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, size_t(q * double(values.size())))];
}

// Waits (on the event loop) until done() holds or the time runs out.
bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    }
    return true;
}

struct Bot
{
    std::unique_ptr<ZoneClient> client;
    QString name;
    double homeX = 0, homeY = 0;
    double x = 0, y = 0;
};

struct Row
{
    int bots = 0;
    int joined = 0;
    double startMs = 0;
    double p50 = 0, p99 = 0;
    qint64 samples = 0;
    double movesPerSecond = 0;
    double cpuPercent = 0;
    double rss = 0;
    double bytesPerSecond = 0;
    double tickP99 = 0;
    double overruns = 0;
    qint64 errors = 0;
};

// Accounts and characters for `count` bots, each character standing on a grid `spacing` apart
// (recorded as being in the zone already, so it reappears there).
std::vector<Bot> prepareBots(Database &database, const QString &zone, int count, double spacing,
                             QList<QByteArray> &tokens)
{
    AccountStore accounts(database);
    CharacterStore characters(database, QStringLiteral("GhibliHills"));
    const int columns = int(std::ceil(std::sqrt(double(count))));
    std::vector<Bot> bots;
    Transaction transaction(database);
    for (int i = 0; i < count; ++i) {
        Bot bot;
        bot.name = QStringLiteral("bot%1_%2").arg(count).arg(i);
        const Account account = accounts.create(bot.name, QStringLiteral("x"), QString(), {});
        characters.create(bot.name, account.id);
        bot.homeX = bot.x = 100 + (i % columns) * spacing;
        bot.homeY = bot.y = 100 + (i / columns) * spacing;
        CharacterUpdate update;
        update.zone = zone;
        update.x = bot.x;
        update.y = bot.y;
        characters.update(bot.name, update);
        tokens.append(SessionToken::issue(
            SessionToken::makeClaims(account.id, bot.name, {}, std::chrono::hours(2)), secret));
        bots.push_back(std::move(bot));
    }
    transaction.commit();
    return bots;
}

Row run(const QString &binDir, const QString &dataDir, const QString &databaseUrl, Database &database,
        int count, int seconds, double spacing)
{
    Row row;
    row.bots = count;
    const QString zone = QStringLiteral("public-defaultzone-bench%1").arg(count);
    QList<QByteArray> tokens;
    std::vector<Bot> bots = prepareBots(database, zone, count, spacing, tokens);

    ServerProcess process(binDir + QStringLiteral("/simplemmo-zoneserver"),
                          {QStringLiteral("--port=0"), QStringLiteral("--data-dir"), dataDir,
                           QStringLiteral("--database"), databaseUrl, QStringLiteral("--secret"),
                           QString::fromLatin1(secret), QStringLiteral("--zone"), zone,
                           QStringLiteral("--idle-timeout"), QStringLiteral("0")});
    QElapsedTimer startup;
    startup.start();
    if (!process.start()) {
        out << "zone did not start:\n" << process.output() << Qt::endl;
        return row;
    }
    HttpTestClient http(process.url());
    waitFor(
        [&] {
            return http.get(QStringLiteral("/health"))
                .json()
                .object()
                .value(QStringLiteral("ready"))
                .toBool();
        },
        30000);
    row.startMs = double(startup.nsecsElapsed()) / 1e6;
    const qint64 pid = process.process().processId();

    // Latency: when a bot sends a move, remember when (the earliest not yet seen by anyone else);
    // the first update to another bot that shows the bot's object ends the sample.
    QElapsedTimer clock;
    clock.start();
    QHash<qint64, qint64> pendingSince; // object id -> ns
    std::vector<double> samples;
    bool measuring = false;
    qint64 moves = 0;
    qint64 errors = 0;

    for (size_t i = 0; i < bots.size(); ++i) {
        Bot &bot = bots[i];
        bot.client = std::make_unique<ZoneClient>();
        ZoneClient *client = bot.client.get();
        QObject::connect(
            client, &ZoneClient::updated, client,
            [&, client](qint64, const QJsonArray &changed, const QJsonArray &entered, const QJsonArray &) {
                const qint64 now = clock.nsecsElapsed();
                for (const QJsonArray *list : {&changed, &entered}) {
                    for (const auto &value : *list) {
                        const qint64 id = qint64(value.toObject().value(QStringLiteral("id")).toDouble());
                        if (id == client->selfId())
                            continue;
                        const auto it = pendingSince.find(id);
                        if (it == pendingSince.end())
                            continue;
                        if (measuring)
                            samples.push_back(double(now - it.value()) / 1e6);
                        pendingSince.erase(it);
                    }
                }
            });
        QObject::connect(client, &ZoneClient::errorReceived, client, [&] { ++errors; });
        client->open(process.url(), tokens.at(qsizetype(i)));
        client->join(bot.name);
    }
    waitFor(
        [&] {
            return std::all_of(bots.begin(), bots.end(),
                               [](const Bot &bot) { return bot.client->selfId() != 0; });
        },
        120000);
    row.joined = int(
        std::count_if(bots.begin(), bots.end(), [](const Bot &bot) { return bot.client->selfId() != 0; }));

    // Every bot moves ten times a second: a tenth of them every 10 ms, wandering near home.
    int phase = 0;
    QTimer mover;
    mover.setTimerType(Qt::PreciseTimer);
    QObject::connect(&mover, &QTimer::timeout, [&] {
        for (size_t i = size_t(phase); i < bots.size(); i += 10) {
            Bot &bot = bots[i];
            if (bot.client->selfId() == 0)
                continue;
            auto *random = QRandomGenerator::global();
            double dx = random->bounded(2.0) - 1, dy = random->bounded(2.0) - 1;
            if (std::abs(bot.x + dx - bot.homeX) > 5)
                dx = -dx;
            if (std::abs(bot.y + dy - bot.homeY) > 5)
                dy = -dy;
            bot.x += dx;
            bot.y += dy;
            bot.client->move(dx, dy, 0);
            if (!pendingSince.contains(bot.client->selfId()))
                pendingSince.insert(bot.client->selfId(), clock.nsecsElapsed());
            if (measuring)
                ++moves;
        }
        phase = (phase + 1) % 10;
    });
    mover.start(10);

    // Warm up, then measure.
    waitFor([] { return false; }, 2000);
    const QByteArray metricsBefore = http.get(QStringLiteral("/metrics")).body;
    const qint64 ticksBefore = cpuTicks(pid);
    QElapsedTimer window;
    window.start();
    measuring = true;
    waitFor([] { return false; }, seconds * 1000);
    measuring = false;
    const double elapsed = double(window.nsecsElapsed()) / 1e9;
    const qint64 ticksAfter = cpuTicks(pid);
    const QByteArray metricsAfter = http.get(QStringLiteral("/metrics")).body;
    mover.stop();

    row.samples = qint64(samples.size());
    row.p50 = percentile(samples, 0.50);
    row.p99 = percentile(samples, 0.99);
    row.movesPerSecond = double(moves) / elapsed;
    row.cpuPercent = 100.0 * double(ticksAfter - ticksBefore) / double(sysconf(_SC_CLK_TCK)) / elapsed;
    row.rss = rssMegabytes(pid);
    row.bytesPerSecond = (metric(metricsAfter, QStringLiteral("simplemmo_zone_stream_bytes_total")) -
                          metric(metricsBefore, QStringLiteral("simplemmo_zone_stream_bytes_total"))) /
                         elapsed;
    row.overruns = metric(metricsAfter, QStringLiteral("simplemmo_zone_tick_overruns_total")) -
                   metric(metricsBefore, QStringLiteral("simplemmo_zone_tick_overruns_total"));
    row.tickP99 =
        http.get(QStringLiteral("/health")).json().object().value(QStringLiteral("tick_ms_p99")).toDouble();
    row.errors = errors;

    for (Bot &bot : bots)
        bot.client->close();
    waitFor(
        [&] {
            return std::none_of(bots.begin(), bots.end(),
                                [](const Bot &b) { return b.client->isConnected(); });
        },
        30000);
    process.stop(60000);
    return row;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Zone benchmark: N bots moving at 10 Hz in one zone."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("seconds"), QStringLiteral("Measuring time per N."), QStringLiteral("n"),
                      QStringLiteral("10")});
    parser.addOption({QStringLiteral("max"),
                      QStringLiteral("Go on doubling N after 1000 up to this many bots."),
                      QStringLiteral("n"), QStringLiteral("1000")});
    parser.addOption({QStringLiteral("counts"),
                      QStringLiteral("Comma-separated bot counts instead of 100,500,1000."),
                      QStringLiteral("list")});
    parser.addOption({QStringLiteral("spacing"),
                      QStringLiteral("Metres between bots' homes (the area of interest is 50 m)."),
                      QStringLiteral("m"), QStringLiteral("28")});
    parser.addOption({QStringLiteral("bin-dir"), QStringLiteral("Where the servers are."),
                      QStringLiteral("dir"),
                      QCoreApplication::applicationDirPath() + QStringLiteral("/../bin")});
    parser.process(app);
    const int seconds = parser.value(QStringLiteral("seconds")).toInt();
    const double spacing = parser.value(QStringLiteral("spacing")).toDouble();
    QList<int> counts = {100, 500, 1000};
    if (parser.isSet(QStringLiteral("counts"))) {
        counts.clear();
        for (const QString &text : parser.value(QStringLiteral("counts")).split(QLatin1Char(',')))
            counts.append(text.toInt());
    }
    for (int n = 2000; n <= parser.value(QStringLiteral("max")).toInt(); n *= 2)
        counts.append(n);
    if (!counts.contains(parser.value(QStringLiteral("max")).toInt()) &&
        parser.value(QStringLiteral("max")).toInt() > 1000)
        counts.append(parser.value(QStringLiteral("max")).toInt());

    QTemporaryDir data;
    const QString databaseUrl = QStringLiteral("sqlite:bench.db");
    Database database(*DatabaseUrl::parse(databaseUrl, data.path()));
    Migrations().migrate(database);

    out << "SimpleMMO zone benchmark (" << QSysInfo::prettyProductName() << ", "
        << QThread::idealThreadCount() << " cores; bots and zone share them; SQLite; " << seconds
        << " s per row; homes " << spacing << " m apart, AOI 50 m, 10 moves/s per bot, tick 10 Hz)\n";
    out << "  bots joined  start ms  move->seen p50 ms  p99 ms   samples  moves/s  zone CPU %  RSS MB   out "
           "MB/s  "
           "tick p99 ms  overruns  errors\n";
    out.flush();
    for (const int count : counts) {
        const Row r = run(parser.value(QStringLiteral("bin-dir")), data.path(), databaseUrl, database, count,
                          seconds, spacing);
        out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9 %10 %11 %12 %13\n")
                   .arg(r.bots, 6)
                   .arg(r.joined, 6)
                   .arg(r.startMs, 9, 'f', 1)
                   .arg(r.p50, 18, 'f', 1)
                   .arg(r.p99, 7, 'f', 1)
                   .arg(r.samples, 9)
                   .arg(r.movesPerSecond, 8, 'f', 0)
                   .arg(r.cpuPercent, 11, 'f', 1)
                   .arg(r.rss, 7, 'f', 1)
                   .arg(r.bytesPerSecond / 1e6, 10, 'f', 2)
                   .arg(r.tickP99, 12, 'f', 2)
                   .arg(r.overruns, 9, 'f', 0)
                   .arg(r.errors, 7);
        out.flush();
    }
    return 0;
}
