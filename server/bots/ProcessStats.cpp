// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ProcessStats.h"

#include "LatencyBoard.h"

#include <QDir>
#include <QFile>
#include <QList>

#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

namespace smmo::bots {

ProcessStats ProcessStats::read(qint64 pid)
{
    ProcessStats stats;
    stats.atNs = monotonicNs();
    const QString base = pid ? QStringLiteral("/proc/%1/").arg(pid) : QStringLiteral("/proc/self/");
    QFile statFile(base + QStringLiteral("stat"));
    if (!statFile.open(QIODevice::ReadOnly))
        return stats;
    const QByteArray stat = statFile.readAll();
    // The fields after the command name (which may hold spaces and parentheses) start after the last ')'.
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return stats;
    const double ticks = fields.at(11).toDouble() + fields.at(12).toDouble(); // utime, stime
    stats.cpuSeconds = ticks / double(sysconf(_SC_CLK_TCK));
    QFile statusFile(base + QStringLiteral("status"));
    if (statusFile.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : statusFile.readAll().split('\n'))
            if (line.startsWith("VmRSS:"))
                stats.rssKb = line.mid(6).trimmed().split(' ').value(0).toDouble();
    }
    // Run-queue wait of every thread (the second figure of each task's schedstat, nanoseconds).
    const QString tasks = base + QStringLiteral("task");
    for (const QString &task : QDir(tasks).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile schedstat(tasks + QLatin1Char('/') + task + QStringLiteral("/schedstat"));
        if (schedstat.open(QIODevice::ReadOnly))
            stats.waitSeconds += schedstat.readAll().split(' ').value(1).toDouble() / 1e9;
    }
    stats.ok = true;
    return stats;
}

double ProcessStats::waitPercent(const ProcessStats &before, const ProcessStats &after)
{
    const double seconds = double(after.atNs - before.atNs) / 1e9;
    if (!before.ok || !after.ok || seconds <= 0)
        return 0;
    return 100.0 * (after.waitSeconds - before.waitSeconds) / seconds;
}

double ProcessStats::cpuPercent(const ProcessStats &before, const ProcessStats &after)
{
    const double seconds = double(after.atNs - before.atNs) / 1e9;
    if (!before.ok || !after.ok || seconds <= 0)
        return 0;
    return 100.0 * (after.cpuSeconds - before.cpuSeconds) / seconds;
}

int ProcessStats::allowedCpus()
{
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0)
        return int(sysconf(_SC_NPROCESSORS_ONLN));
    return CPU_COUNT(&set);
}

qint64 ProcessStats::raiseFileLimit()
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return -1;
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
        getrlimit(RLIMIT_NOFILE, &limit);
    }
    return qint64(limit.rlim_cur);
}

} // namespace smmo::bots
