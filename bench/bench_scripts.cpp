// SPDX-License-Identifier: AGPL-3.0-or-later
// bench_scripts: one real ZoneServer (SQLite in a temporary directory) holding N scripted objects
// and its real ScriptServer ticking them at 10 Hz, for N = 1,000 and 10,000 and two scripts:
// "idle" (each tick rolls a die and acts once in a thousand ticks: the cost of ticking itself)
// and the shipped chicken (squawks and strolls, so the zone stores and sends chat and moves).
// For each row it prints the CPU of the ScriptServer and of the zone (from /proc/<pid>/stat),
// the ticks per second the ScriptServer sustained against the 10 it aims at, handler calls and
// bus actions per second, the ScriptServer's tick p99 and its resident memory.
// Usage: bench_scripts [--seconds N] [--counts a,b] [--scripts idle,chicken] [--bin-dir DIR]
#include "HttpTestClient.h"
#include "ServerProcess.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <QTimer>

#include <cmath>

#include <unistd.h>

using namespace smmo::test;

namespace {

QTextStream out(stdout);
const QString secret = QStringLiteral("bench-scripts-secret-0123456789abcdef");

const QByteArray idleScript = R"(// One die a tick; a step once in a thousand ticks.
function onTick(self, dt) {
    if (self.roll("1d1000") === 1)
        self.wander();
}
)";

qint64 cpuTicks(qint64 pid)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray stat = file.readAll();
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    return fields.value(11).toLongLong() + fields.value(12).toLongLong(); // utime, stime
}

double metric(const QByteArray &text, const QString &name)
{
    const QRegularExpression line(QStringLiteral("^%1\\{[^}]*\\} (\\S+)$").arg(name),
                                  QRegularExpression::MultilineOption);
    return line.match(QString::fromUtf8(text)).captured(1).toDouble();
}

void wait(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

bool waitFor(const std::function<bool()> &condition, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!condition()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        wait(100);
    }
    return true;
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(content) == content.size();
}

struct Sample
{
    qint64 scriptCpu = 0, zoneCpu = 0;
    double ticks = 0, calls = 0, actions = 0;
};

Sample sample(qint64 scriptPid, qint64 zonePid, HttpTestClient &scripts)
{
    const QByteArray metrics = scripts.get(QStringLiteral("/metrics")).body;
    return {cpuTicks(scriptPid), cpuTicks(zonePid),
            metric(metrics, QStringLiteral("simplemmo_script_ticks_total")),
            metric(metrics, QStringLiteral("simplemmo_script_handler_calls_total")),
            metric(metrics, QStringLiteral("simplemmo_script_actions_total"))};
}

// One row: N objects running `script`.
bool run(const QString &binDir, const QString &sourceDir, int count, const QString &script, int seconds)
{
    QTemporaryDir dir;
    const QString zones = dir.filePath(QStringLiteral("zones"));
    const QString scripts = dir.filePath(QStringLiteral("scripts"));
    QDir().mkpath(zones);
    QDir().mkpath(scripts);
    // A square of objects 2 m apart: room to stroll, and collisions where they meet.
    const double side = 2.0 * std::ceil(std::sqrt(double(count)));
    const QString zoneName = QStringLiteral("ScriptBench%1").arg(count);
    const QJsonObject definition{
        {QStringLiteral("name"), zoneName},
        {QStringLiteral("spawn"), QJsonObject{{QStringLiteral("x"), -10}, {QStringLiteral("y"), -10}}},
        {QStringLiteral("objects"),
         QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("Chicken")},
                                {QStringLiteral("resource"), QStringLiteral("chicken")},
                                {QStringLiteral("count"), count},
                                {QStringLiteral("area"), QJsonObject{{QStringLiteral("x"), 0},
                                                                     {QStringLiteral("y"), 0},
                                                                     {QStringLiteral("width"), side},
                                                                     {QStringLiteral("height"), side}}},
                                {QStringLiteral("layout"), QStringLiteral("grid")},
                                {QStringLiteral("speed"), 1},
                                {QStringLiteral("physical"), true},
                                {QStringLiteral("scripts"), QJsonArray{script}}}}}};
    if (!writeFile(QDir(zones).filePath(zoneName + QStringLiteral(".json")),
                   QJsonDocument(definition).toJson()) ||
        !writeFile(QDir(scripts).filePath(QStringLiteral("idle.js")), idleScript) ||
        !QFile::copy(sourceDir + QStringLiteral("/scripts/objects/chicken.js"),
                     QDir(scripts).filePath(QStringLiteral("chicken.js")))) {
        out << "cannot write the benchmark's zone and scripts" << Qt::endl;
        return false;
    }

    const QString zoneId = QStringLiteral("public-%1-bench").arg(zoneName);
    const QStringList common = {QStringLiteral("--port=0"),
                                QStringLiteral("--data-dir"),
                                dir.path(),
                                QStringLiteral("--database"),
                                QStringLiteral("sqlite:bench.db"),
                                QStringLiteral("--secret"),
                                secret,
                                QStringLiteral("--zone"),
                                zoneId};
    ServerProcess zone(binDir + QStringLiteral("/simplemmo-zoneserver"),
                       common + QStringList{QStringLiteral("--zones-dir"), zones,
                                            QStringLiteral("--idle-timeout"), QStringLiteral("0")});
    if (!zone.start()) {
        out << "zone did not start:\n" << zone.output() << Qt::endl;
        return false;
    }
    ServerProcess scriptServer(binDir + QStringLiteral("/simplemmo-scriptserver"),
                               common + QStringList{QStringLiteral("--zone-url"), zone.url().toString(),
                                                    QStringLiteral("--scripts-dir"), scripts,
                                                    QStringLiteral("--seed"), QStringLiteral("1")});
    if (!scriptServer.start()) {
        out << "script server did not start:\n" << scriptServer.output() << Qt::endl;
        return false;
    }
    HttpTestClient scriptHttp(scriptServer.url());
    HttpTestClient zoneHttp(zone.url());
    if (!waitFor(
            [&] {
                return scriptHttp.get(QStringLiteral("/health"))
                           .json()
                           .object()
                           .value("scripted_objects")
                           .toInt() == count;
            },
            60000)) {
        out << "the ScriptServer did not take on " << count << " objects" << Qt::endl;
        return false;
    }
    wait(3000); // warm up: first checkpoint, caches, the engine's first garbage collection
    const qint64 scriptPid = scriptServer.process().processId();
    const qint64 zonePid = zone.process().processId();
    const Sample before = sample(scriptPid, zonePid, scriptHttp);
    QElapsedTimer elapsed;
    elapsed.start();
    wait(seconds * 1000);
    const Sample after = sample(scriptPid, zonePid, scriptHttp);
    const double secs = double(elapsed.nsecsElapsed()) / 1e9;
    const double clock = double(sysconf(_SC_CLK_TCK));
    const QJsonObject health = scriptHttp.get(QStringLiteral("/health")).json().object();
    const QJsonObject zoneHealth = zoneHttp.get(QStringLiteral("/health")).json().object();

    out << QStringLiteral("  %1  %2  %3  %4  %5  %6  %7  %8  %9")
               .arg(count, 7)
               .arg(script, -8)
               .arg(100.0 * double(after.scriptCpu - before.scriptCpu) / clock / secs, 11, 'f', 1)
               .arg(100.0 * double(after.zoneCpu - before.zoneCpu) / clock / secs, 9, 'f', 1)
               .arg((after.ticks - before.ticks) / secs, 8, 'f', 2)
               .arg((after.calls - before.calls) / secs, 9, 'f', 0)
               .arg((after.actions - before.actions) / secs, 9, 'f', 0)
               .arg(health.value("tick_ms_p99").toDouble(), 12, 'f', 2)
               .arg(health.value("memory_mb").toDouble(), 8, 'f', 1)
        << QStringLiteral("  %1").arg(zoneHealth.value("tick_ms_p99").toDouble(), 12, 'f', 2) << Qt::endl;
    scriptServer.stop(30000);
    zone.stop(60000);
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Script benchmark: N scripted objects ticking at 10 Hz in one zone and its ScriptServer."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("seconds"), QStringLiteral("Measuring time per row."),
                      QStringLiteral("n"), QStringLiteral("10")});
    parser.addOption({QStringLiteral("counts"), QStringLiteral("Comma-separated object counts."),
                      QStringLiteral("list"), QStringLiteral("1000,10000")});
    parser.addOption({QStringLiteral("scripts"), QStringLiteral("Comma-separated scripts: idle, chicken."),
                      QStringLiteral("list"), QStringLiteral("idle,chicken")});
    parser.addOption({QStringLiteral("bin-dir"), QStringLiteral("Where the servers are."),
                      QStringLiteral("dir"),
                      QCoreApplication::applicationDirPath() + QStringLiteral("/../bin")});
    parser.process(app);
    const int seconds = qMax(1, parser.value(QStringLiteral("seconds")).toInt());

    out << "SimpleMMO script benchmark (" << QSysInfo::prettyProductName() << ", "
        << QThread::idealThreadCount()
        << " cores shared by the zone, the ScriptServer and this program; SQLite; " << seconds
        << " s per row; ScriptServer at 10 Hz, budget 50 ms)\n";
    out << "  objects  script   script CPU %  zone CPU %  ticks/s  calls/s  actions/s  script tick p99 ms  "
           "RSS MB"
           "  zone tick p99 ms\n";
    bool ok = true;
    for (const QString &count : parser.value(QStringLiteral("counts")).split(QLatin1Char(',')))
        for (const QString &script : parser.value(QStringLiteral("scripts")).split(QLatin1Char(',')))
            ok = run(parser.value(QStringLiteral("bin-dir")), QStringLiteral(SIMPLEMMO_SOURCE_DIR),
                     count.toInt(), script.trimmed(), seconds) &&
                 ok;
    return ok ? 0 : 1;
}
