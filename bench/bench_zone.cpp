// SPDX-License-Identifier: AGPL-3.0-or-later
// bench_zone: one real ZoneServer (zone defaultzone, SQLite in a temporary directory) and N bots,
// each a ZoneClient joined as its own character and moving at 10 Hz, for N = 100, 500, 1000
// (further with --max). For each N it prints: the time from process start to /health ready, the
// p50/p99 time from a bot sending a move until another bot's stream shows it, moves per second,
// the zone's CPU (from /proc/<pid>/stat), RSS and memory per bot, stream bytes out per second,
// tick p99 and overruns, and the bots' own CPU: bots that saturate their core add their own
// queueing to the latency, so the zone is pinned to one CPU and the bots (spread over threads)
// to the others. --zone-wrapper, --on-window-start and --on-window-end run the zone under a
// profiler and switch it on for the measured window only, e.g.
//   bench_zone --counts 16 --spacing 20 --zone-wrapper "valgrind --tool=callgrind --instr-atstart=no"
//              --on-window-start "callgrind_control -i on %p" --on-window-end "callgrind_control -i off %p"
// Usage: bench_zone [--seconds N] [--max N] [--counts a,b,c] [--spacing M] [--chat-per-minute N]
//                   [--zone-cpus L] [--bot-cpus L] [--bot-threads N] [--zone-option O]... [--bin-dir DIR]
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
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <memory>
#include <vector>

#include <sched.h>
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

// Waits (on the event loop, sleeping between events) until done() holds or the time runs out.
// It must not spin: the main thread shares its CPU with the bots.
bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    QTimer wake; // an event every 20 ms to look at done() again
    wake.start(20);
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return true;
}

// A set of CPU numbers as taskset takes them ("1", "0,2", "1-3"); empty text: no pinning.
std::vector<int> parseCpus(const QString &text)
{
    std::vector<int> cpus;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QStringList range = part.split(QLatin1Char('-'));
        const int first = range.value(0).toInt();
        const int last = range.size() > 1 ? range.value(1).toInt() : first;
        for (int cpu = first; cpu <= last; ++cpu)
            cpus.push_back(cpu);
    }
    return cpus;
}

// Pins the calling thread (and the threads it starts later, or the program it executes) to cpus.
void pinTo(const std::vector<int> &cpus)
{
    if (cpus.empty())
        return;
    cpu_set_t set;
    CPU_ZERO(&set);
    for (const int cpu : cpus)
        CPU_SET(cpu, &set);
    sched_setaffinity(0, sizeof(set), &set);
}

struct Bot
{
    std::unique_ptr<ZoneClient> client;
    QString name;
    QByteArray token;
    double homeX = 0, homeY = 0;
    double x = 0, y = 0;
};

// Runs f on the thread of context and waits for it.
template <typename F> void runOn(QObject *context, F f)
{
    QMetaObject::invokeMethod(context, std::move(f), Qt::BlockingQueuedConnection);
}

// One thread's share of the bots. Their ZoneClients, their mover timer and their latency samples
// live on that thread; the main thread reads only the counters, and the samples once it stopped.
// A move is timed until another bot of the same group sees it: bots are handed out in blocks of
// neighbouring homes, so nearly every bot has watchers in its own group.
class BotGroup
{
public:
    BotGroup(std::vector<Bot> bots, const QElapsedTimer &clock) : m_bots(std::move(bots)), m_clock(clock)
    {
        m_context.moveToThread(&m_thread);
        m_thread.start();
    }
    ~BotGroup()
    {
        runOn(&m_context, [this] {
            m_mover.reset();
            for (Bot &bot : m_bots)
                bot.client.reset();
            m_context.moveToThread(QCoreApplication::instance()->thread());
        });
        m_thread.quit();
        m_thread.wait();
    }

    void open(const QUrl &url)
    {
        runOn(&m_context, [this, url] {
            for (Bot &bot : m_bots) {
                bot.client = std::make_unique<ZoneClient>();
                ZoneClient *client = bot.client.get();
                QObject::connect(client, &ZoneClient::updated, client,
                                 [this, client](qint64, const QJsonArray &changed, const QJsonArray &entered,
                                                const QJsonArray &) { seen(client, changed, entered); });
                QObject::connect(client, &ZoneClient::joined, client, [this] { ++m_joined; });
                QObject::connect(client, &ZoneClient::chatReceived, client, [this] { ++m_chatsReceived; });
                QObject::connect(client, &ZoneClient::errorReceived, client, [this] { ++m_errors; });
                QObject::connect(client, &ZoneClient::disconnected, client, [this] { ++m_disconnected; });
                client->open(url, bot.token);
                client->join(bot.name);
            }
        });
    }

    // Every bot moves ten times a second (a tenth of them in each 10 ms slot) near its home, and
    // says a line chatPerMinute times a minute on average. A timer that fires late makes up the
    // slots it missed (up to a second's worth), so a busy bot thread shows as latency, not as
    // fewer moves.
    void startMoving(double chatPerMinute)
    {
        runOn(&m_context, [this, chatPerMinute] {
            m_mover = std::make_unique<QTimer>();
            m_mover->setTimerType(Qt::PreciseTimer);
            m_moving.start();
            m_slotsDone = 0;
            QObject::connect(m_mover.get(), &QTimer::timeout, [this, chatPerMinute] {
                const qint64 due = m_moving.elapsed() / 10;
                m_slotsDone = qMax(m_slotsDone, due - 10);
                for (; m_slotsDone < due; ++m_slotsDone)
                    moveTenth(int(m_slotsDone % 10), chatPerMinute);
            });
            m_mover->start(10);
        });
    }

    void stop()
    {
        runOn(&m_context, [this] { m_mover.reset(); });
    }

    void close()
    {
        runOn(&m_context, [this] {
            for (Bot &bot : m_bots)
                bot.client->close();
        });
    }

    void setMeasuring(bool measuring) { m_measuring = measuring; }
    int size() const { return int(m_bots.size()); }
    int joined() const { return m_joined; }
    int disconnected() const { return m_disconnected; }
    qint64 moves() const { return m_moves; }
    qint64 chats() const { return m_chats; }
    qint64 chatsReceived() const { return m_chatsReceived; }
    qint64 errors() const { return m_errors; }
    qint64 bytesReceived()
    {
        qint64 sum = 0;
        runOn(&m_context, [&] {
            for (const Bot &bot : m_bots)
                sum += qint64(bot.client->bytesReceived());
        });
        return sum;
    }
    std::vector<double> samples()
    {
        std::vector<double> copy;
        runOn(&m_context, [&] { copy = m_samples; });
        return copy;
    }

private:
    void moveTenth(int phase, double chatPerMinute)
    {
        auto *random = QRandomGenerator::global();
        const bool measuring = m_measuring;
        for (size_t i = size_t(phase); i < m_bots.size(); i += 10) {
            Bot &bot = m_bots[i];
            if (bot.client->selfId() == 0)
                continue;
            double dx = random->bounded(2.0) - 1, dy = random->bounded(2.0) - 1;
            if (std::abs(bot.x + dx - bot.homeX) > 5)
                dx = -dx;
            if (std::abs(bot.y + dy - bot.homeY) > 5)
                dy = -dy;
            bot.x += dx;
            bot.y += dy;
            bot.client->move(dx, dy, 0);
            if (!m_pendingSince.contains(bot.client->selfId()))
                m_pendingSince.insert(bot.client->selfId(), m_clock.nsecsElapsed());
            if (chatPerMinute > 0 && random->bounded(600.0) < chatPerMinute) {
                bot.client->say(QStringLiteral("hello from %1").arg(bot.name));
                if (measuring)
                    ++m_chats;
            }
            if (measuring)
                ++m_moves;
        }
    }

    // The first update to another bot that shows a bot's object ends that bot's pending sample.
    void seen(ZoneClient *client, const QJsonArray &changed, const QJsonArray &entered)
    {
        const qint64 now = m_clock.nsecsElapsed();
        const bool measuring = m_measuring;
        for (const QJsonArray *list : {&changed, &entered}) {
            for (const auto &value : *list) {
                const qint64 id = qint64(value.toObject().value(QStringLiteral("id")).toDouble());
                if (id == client->selfId())
                    continue;
                const auto it = m_pendingSince.find(id);
                if (it == m_pendingSince.end())
                    continue;
                if (measuring)
                    m_samples.push_back(double(now - it.value()) / 1e6);
                m_pendingSince.erase(it);
            }
        }
    }

    std::vector<Bot> m_bots;
    const QElapsedTimer &m_clock;
    QThread m_thread;
    QObject m_context;
    std::unique_ptr<QTimer> m_mover;
    QElapsedTimer m_moving;
    qint64 m_slotsDone = 0;               ///< 10 ms slots whose bots have moved
    QHash<qint64, qint64> m_pendingSince; ///< object id -> ns of its earliest move nobody saw yet
    std::vector<double> m_samples;
    std::atomic<bool> m_measuring{false};
    std::atomic<int> m_joined{0}, m_disconnected{0};
    std::atomic<qint64> m_moves{0}, m_chats{0}, m_chatsReceived{0}, m_errors{0};
};

struct Options
{
    QString binDir;
    QString dataDir;
    QString databaseUrl;
    int seconds = 10;
    double spacing = 28;
    int threads = 1;
    double chatPerMinute = 0;
    std::vector<int> zoneCpus;
    QStringList zoneWrapper;            ///< e.g. valgrind --tool=callgrind ...: the zone runs under it
    QStringList zoneArguments;          ///< extra zone options
    QString onWindowStart, onWindowEnd; ///< shell commands; %p is the zone's pid
};

struct Row
{
    int bots = 0;
    int joined = 0;
    double startMs = 0;
    double p50 = 0, p99 = 0;
    qint64 samples = 0;
    double movesPerSecond = 0;
    double chatsPerSecond = 0;
    double cpuPercent = 0;
    double botsCpuPercent = 0;
    double idleRss = 0;
    double rss = 0;
    double bytesPerSecond = 0;
    double botBytesPerSecond = 0;
    double tickP99 = 0;
    double overruns = 0;
    qint64 errors = 0;
};

// Accounts and characters for `count` bots, each character standing on a grid `spacing` apart
// (recorded as being in the zone already, so it reappears there).
std::vector<Bot> prepareBots(Database &database, const QString &zone, int count, double spacing)
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
        bot.token = SessionToken::issue(
            SessionToken::makeClaims(account.id, bot.name, {}, std::chrono::hours(2)), secret);
        bots.push_back(std::move(bot));
    }
    transaction.commit();
    return bots;
}

void runHook(const QString &command, qint64 pid)
{
    if (command.isEmpty())
        return;
    QString line = command;
    line.replace(QStringLiteral("%p"), QString::number(pid));
    QProcess::execute(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), line});
}

Row run(const Options &options, Database &database, int count)
{
    Row row;
    row.bots = count;
    const QString zone = QStringLiteral("public-defaultzone-bench%1").arg(count);
    std::vector<Bot> bots = prepareBots(database, zone, count, options.spacing);

    QStringList arguments = options.zoneWrapper;
    arguments << options.binDir + QStringLiteral("/simplemmo-zoneserver") << QStringLiteral("--port=0")
              << QStringLiteral("--data-dir") << options.dataDir << QStringLiteral("--database")
              << options.databaseUrl << QStringLiteral("--secret") << QString::fromLatin1(secret)
              << QStringLiteral("--zone") << zone << QStringLiteral("--idle-timeout") << QStringLiteral("0")
              << options.zoneArguments;
    const QString program = arguments.takeFirst();
    ServerProcess process(program, arguments);
    const std::vector<int> zoneCpus = options.zoneCpus;
    process.process().setChildProcessModifier([zoneCpus] { pinTo(zoneCpus); });
    QElapsedTimer startup;
    startup.start();
    if (!process.start(120000)) {
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
    row.idleRss = rssMegabytes(pid);

    // Neighbouring homes go to the same thread (see BotGroup).
    QElapsedTimer clock;
    clock.start();
    std::vector<std::unique_ptr<BotGroup>> groups;
    const size_t perGroup = (bots.size() + size_t(options.threads) - 1) / size_t(options.threads);
    for (size_t first = 0; first < bots.size(); first += perGroup) {
        std::vector<Bot> share;
        for (size_t i = first; i < std::min(bots.size(), first + perGroup); ++i)
            share.push_back(std::move(bots[i]));
        groups.push_back(std::make_unique<BotGroup>(std::move(share), clock));
    }
    const auto total = [&](auto count) {
        qint64 sum = 0;
        for (const auto &group : groups)
            sum += qint64(count(*group));
        return sum;
    };
    for (const auto &group : groups)
        group->open(process.url());
    waitFor([&] { return total([](const BotGroup &g) { return g.joined(); }) == count; }, 300000);
    row.joined = int(total([](const BotGroup &g) { return g.joined(); }));

    for (const auto &group : groups)
        group->startMoving(options.chatPerMinute);

    // Warm up, then measure.
    waitFor([] { return false; }, 2000);
    runHook(options.onWindowStart, pid);
    const QByteArray metricsBefore = http.get(QStringLiteral("/metrics")).body;
    const qint64 ticksBefore = cpuTicks(pid);
    const qint64 botTicksBefore = cpuTicks(QCoreApplication::applicationPid());
    const qint64 bytesBefore = total([](BotGroup &g) { return g.bytesReceived(); });
    QElapsedTimer window;
    window.start();
    for (const auto &group : groups)
        group->setMeasuring(true);
    waitFor([] { return false; }, options.seconds * 1000);
    for (const auto &group : groups)
        group->setMeasuring(false);
    const double elapsed = double(window.nsecsElapsed()) / 1e9;
    const qint64 ticksAfter = cpuTicks(pid);
    const qint64 botTicksAfter = cpuTicks(QCoreApplication::applicationPid());
    const qint64 bytesAfter = total([](BotGroup &g) { return g.bytesReceived(); });
    const QByteArray metricsAfter = http.get(QStringLiteral("/metrics")).body;
    runHook(options.onWindowEnd, pid);
    for (const auto &group : groups)
        group->stop();

    std::vector<double> samples;
    for (const auto &group : groups) {
        const std::vector<double> part = group->samples();
        samples.insert(samples.end(), part.begin(), part.end());
    }
    row.samples = qint64(samples.size());
    row.p50 = percentile(samples, 0.50);
    row.p99 = percentile(samples, 0.99);
    row.movesPerSecond = double(total([](const BotGroup &g) { return g.moves(); })) / elapsed;
    row.chatsPerSecond = double(total([](const BotGroup &g) { return g.chats(); })) / elapsed;
    const double tickSeconds = double(sysconf(_SC_CLK_TCK)) * elapsed;
    row.cpuPercent = 100.0 * double(ticksAfter - ticksBefore) / tickSeconds;
    row.botsCpuPercent = 100.0 * double(botTicksAfter - botTicksBefore) / tickSeconds;
    row.rss = rssMegabytes(pid);
    row.bytesPerSecond = (metric(metricsAfter, QStringLiteral("simplemmo_zone_stream_bytes_total")) -
                          metric(metricsBefore, QStringLiteral("simplemmo_zone_stream_bytes_total"))) /
                         elapsed;
    row.botBytesPerSecond = double(bytesAfter - bytesBefore) / elapsed;
    row.overruns = metric(metricsAfter, QStringLiteral("simplemmo_zone_tick_overruns_total")) -
                   metric(metricsBefore, QStringLiteral("simplemmo_zone_tick_overruns_total"));
    row.tickP99 =
        http.get(QStringLiteral("/health")).json().object().value(QStringLiteral("tick_ms_p99")).toDouble();
    row.errors = total([](const BotGroup &g) { return g.errors(); });

    for (const auto &group : groups)
        group->close();
    waitFor([&] { return total([](const BotGroup &g) { return g.disconnected(); }) >= row.joined; }, 60000);
    groups.clear();
    process.stop(120000);
    return row;
}

} // namespace

int main(int argc, char **argv)
{
    // Thousands of sockets in one process: Qt's poll() dispatcher, as the servers use
    // (common/ServerApp.cpp explains why GLib's costs too much here).
    if (qEnvironmentVariableIsEmpty("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
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
    parser.addOption({QStringLiteral("chat-per-minute"),
                      QStringLiteral("Zone chat lines each bot says per minute, on average."),
                      QStringLiteral("n"), QStringLiteral("0")});
    const int cores = int(sysconf(_SC_NPROCESSORS_ONLN));
    const bool twoCores = cores >= 2;
    parser.addOption({QStringLiteral("zone-cpus"),
                      QStringLiteral("CPUs the zone may run on (taskset syntax; empty: any)."),
                      QStringLiteral("list"), twoCores ? QStringLiteral("0") : QString()});
    parser.addOption({QStringLiteral("bot-cpus"),
                      QStringLiteral("CPUs the bots may run on (taskset syntax; empty: any)."),
                      QStringLiteral("list"), twoCores ? QStringLiteral("1-%1").arg(cores - 1) : QString()});
    parser.addOption({QStringLiteral("bot-threads"),
                      QStringLiteral("Threads the bots are spread over (default: one per bot CPU)."),
                      QStringLiteral("n")});
    parser.addOption({QStringLiteral("zone-wrapper"),
                      QStringLiteral("Run the zone under this command (valgrind --tool=callgrind ...)."),
                      QStringLiteral("command")});
    parser.addOption({QStringLiteral("zone-option"),
                      QStringLiteral("An extra option for the zone (repeatable), e.g. --chat-radius=50."),
                      QStringLiteral("option")});
    parser.addOption({QStringLiteral("on-window-start"),
                      QStringLiteral("Shell command run as measuring starts; %p is the zone's pid."),
                      QStringLiteral("command")});
    parser.addOption({QStringLiteral("on-window-end"),
                      QStringLiteral("Shell command run as measuring ends; %p is the zone's pid."),
                      QStringLiteral("command")});
    parser.addOption({QStringLiteral("bin-dir"), QStringLiteral("Where the servers are."),
                      QStringLiteral("dir"),
                      QCoreApplication::applicationDirPath() + QStringLiteral("/../bin")});
    parser.process(app);

    Options options;
    options.binDir = parser.value(QStringLiteral("bin-dir"));
    options.seconds = parser.value(QStringLiteral("seconds")).toInt();
    options.spacing = parser.value(QStringLiteral("spacing")).toDouble();
    options.chatPerMinute = parser.value(QStringLiteral("chat-per-minute")).toDouble();
    options.zoneCpus = parseCpus(parser.value(QStringLiteral("zone-cpus")));
    const std::vector<int> botCpus = parseCpus(parser.value(QStringLiteral("bot-cpus")));
    options.threads = parser.isSet(QStringLiteral("bot-threads"))
                          ? qMax(1, parser.value(QStringLiteral("bot-threads")).toInt())
                          : qMax(1, int(botCpus.size()));
    options.zoneWrapper = QProcess::splitCommand(parser.value(QStringLiteral("zone-wrapper")));
    options.zoneArguments = parser.values(QStringLiteral("zone-option"));
    options.onWindowStart = parser.value(QStringLiteral("on-window-start"));
    options.onWindowEnd = parser.value(QStringLiteral("on-window-end"));
    // Before any thread starts, so that every bot thread inherits it.
    pinTo(botCpus);

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
    options.dataDir = data.path();
    options.databaseUrl = QStringLiteral("sqlite:bench.db");
    Database database(*DatabaseUrl::parse(options.databaseUrl, data.path()));
    Migrations().migrate(database);

    out << "SimpleMMO zone benchmark (" << QSysInfo::prettyProductName() << ", " << cores
        << " cores; zone on CPUs "
        << (options.zoneCpus.empty() ? QStringLiteral("any") : parser.value(QStringLiteral("zone-cpus")))
        << ", bots on CPUs "
        << (botCpus.empty() ? QStringLiteral("any") : parser.value(QStringLiteral("bot-cpus"))) << " in "
        << options.threads << " threads; SQLite; " << options.seconds << " s per row; homes "
        << options.spacing << " m apart, AOI 50 m, 10 moves/s and " << options.chatPerMinute
        << " chat lines/min per bot, tick 10 Hz)\n";
    out << "bots CPU % is the bot process (100 = one core busy); zone us/move = zone CPU time / moves; "
           "kB/bot = (RSS - RSS before the bots "
           "came) / bots\n";
    out << "  bots joined  start ms  move->seen p50 ms  p99 ms   samples  moves/s  chats/s  zone CPU %  "
           "zone us/move  bots CPU %  RSS MB  kB/bot   out MB/s  bots in MB/s  tick p99 ms  overruns  "
           "errors\n";
    out.flush();
    for (const int count : counts) {
        const Row r = run(options, database, count);
        out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9 %10 %11 %12 %13 %14 %15 %16 %17 %18\n")
                   .arg(r.bots, 6)
                   .arg(r.joined, 6)
                   .arg(r.startMs, 9, 'f', 1)
                   .arg(r.p50, 18, 'f', 1)
                   .arg(r.p99, 7, 'f', 1)
                   .arg(r.samples, 9)
                   .arg(r.movesPerSecond, 8, 'f', 0)
                   .arg(r.chatsPerSecond, 8, 'f', 1)
                   .arg(r.cpuPercent, 11, 'f', 1)
                   .arg(r.movesPerSecond > 0 ? r.cpuPercent * 1e4 / r.movesPerSecond : 0.0, 13, 'f', 1)
                   .arg(r.botsCpuPercent, 11, 'f', 1)
                   .arg(r.rss, 7, 'f', 1)
                   .arg(r.bots > 0 ? (r.rss - r.idleRss) * 1024.0 / r.bots : 0.0, 7, 'f', 1)
                   .arg(r.bytesPerSecond / 1e6, 10, 'f', 2)
                   .arg(r.botBytesPerSecond / 1e6, 13, 'f', 2)
                   .arg(r.tickP99, 12, 'f', 2)
                   .arg(r.overruns, 9, 'f', 0)
                   .arg(r.errors, 7);
        out.flush();
    }
    return 0;
}
