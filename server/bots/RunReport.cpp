// SPDX-License-Identifier: AGPL-3.0-or-later
#include "RunReport.h"

#include "Version.h"

#include <QDateTime>
#include <QJsonArray>
#include <QStringList>
#include <QSysInfo>

#include <cmath>

namespace smmo::bots {

namespace {
double rounded(double value, int decimals = 2)
{
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}
} // namespace

bool RunReport::botsSaturated() const
{
    return botsCpuPercent > 90.0 * double(std::min(botsCpus, options.threads));
}

double RunReport::serverCpuPercent() const
{
    return ProcessStats::cpuPercent(serverStart, serverEnd);
}

double RunReport::serverKbPerBot() const
{
    if (!serverBefore.ok || !serverEnd.ok || joinedAtEnd <= 0)
        return 0;
    return (serverEnd.rssKb - serverBefore.rssKb) / double(joinedAtEnd);
}

QJsonObject RunReport::toJson() const
{
    const double s = windowSeconds > 0 ? windowSeconds : 1;
    QJsonObject errorKinds;
    for (auto it = histograms.errorKinds.begin(); it != histograms.errorKinds.end(); ++it)
        errorKinds.insert(it.key(), double(it.value()));
    QJsonObject json{
        {QStringLiteral("tool"), QStringLiteral("simplemmo-bots")},
        {QStringLiteral("version"), QStringLiteral(SIMPLEMMO_VERSION)},
        {QStringLiteral("date"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
        {QStringLiteral("target"), options.targetName()},
        {QStringLiteral("where"), options.target == RunOptions::Target::Colyseus
                                      ? options.colyseusUrl.toString() + QLatin1Char('/') + options.room
                                      : options.zoneId},
        {QStringLiteral("bots"), options.bots},
        {QStringLiteral("threads"), options.threads},
        {QStringLiteral("move_hz"), options.moveHz},
        {QStringLiteral("chat_rate"), options.chatPerSecond},
        {QStringLiteral("spacing"), options.spacing},
        {QStringLiteral("seconds"), rounded(windowSeconds)},
        {QStringLiteral("join_seconds"), rounded(joinSeconds)},
        {QStringLiteral("joined"), double(joinedAtEnd)},
        {QStringLiteral("join_failures"), double(total.joinFailures)},
        {QStringLiteral("moves_sent"), double(window.movesSent)},
        {QStringLiteral("moves_per_second"), rounded(double(window.movesSent) / s, 1)},
        {QStringLiteral("updates_received"), double(window.updatesReceived)},
        {QStringLiteral("updates_per_second"), rounded(double(window.updatesReceived) / s, 1)},
        {QStringLiteral("objects_seen"), double(window.objectsSeen)},
        {QStringLiteral("chat_sent"), double(window.chatSent)},
        {QStringLiteral("chat_received"), double(window.chatReceived)},
        {QStringLiteral("move_latency_ms"), histograms.move.toJson()},
        {QStringLiteral("chat_latency_ms"), histograms.chat.toJson()},
        {QStringLiteral("errors"), double(window.errors)},
        {QStringLiteral("disconnects"), double(total.disconnects)},
        {QStringLiteral("error_kinds"), errorKinds},
        {QStringLiteral("bots_cpu_percent"), rounded(botsCpuPercent, 1)},
        {QStringLiteral("bots_cpus"), botsCpus},
        {QStringLiteral("bots_cpu_wait_percent"), rounded(botsWaitPercent, 1)},
        {QStringLiteral("bots_loop_lag_ms_p99"), rounded(histograms.loopLag.percentileMs(0.99), 3)},
        {QStringLiteral("bots_saturated"), botsSaturated()},
    };
    QJsonObject server;
    if (serverEnd.ok) {
        server.insert(QStringLiteral("cpu_percent"), rounded(serverCpuPercent(), 1));
        server.insert(QStringLiteral("cpu_wait_percent"),
                      rounded(ProcessStats::waitPercent(serverStart, serverEnd), 1));
        server.insert(QStringLiteral("rss_mb_before"), rounded(serverBefore.rssKb / 1024.0));
        server.insert(QStringLiteral("rss_mb"), rounded(serverEnd.rssKb / 1024.0));
        server.insert(QStringLiteral("rss_kb_per_bot"), rounded(serverKbPerBot()));
    }
    if (options.serverPid)
        server.insert(QStringLiteral("pid"), double(options.serverPid));
    if (zoneTickP99Ms >= 0)
        server.insert(QStringLiteral("tick_ms_p99"), zoneTickP99Ms);
    if (zoneBytesPerSecond >= 0)
        server.insert(QStringLiteral("stream_bytes_per_second"), rounded(zoneBytesPerSecond, 0));
    if (zoneTickOverruns >= 0)
        server.insert(QStringLiteral("tick_overruns"), zoneTickOverruns);
    json.insert(QStringLiteral("server"), server);
    return json;
}

QString RunReport::table() const
{
    const double s = windowSeconds > 0 ? windowSeconds : 1;
    QStringList lines;
    const auto row = [&lines](const QString &what, const QString &value) {
        lines << QStringLiteral("  %1 %2").arg(what.leftJustified(34, QLatin1Char(' ')), value);
    };
    const auto latency = [](const LatencyHistogram &h) {
        if (h.count() == 0)
            return QStringLiteral("no samples");
        return QStringLiteral("p50 %1  p95 %2  p99 %3  max %4 ms  (%5 samples)")
            .arg(h.percentileMs(0.50), 0, 'f', 1)
            .arg(h.percentileMs(0.95), 0, 'f', 1)
            .arg(h.percentileMs(0.99), 0, 'f', 1)
            .arg(h.maxMs(), 0, 'f', 1)
            .arg(h.count());
    };
    lines << QStringLiteral("simplemmo-bots: %1 bots against %2 (%3), %4 s measured")
                 .arg(options.bots)
                 .arg(options.targetName(), options.target == RunOptions::Target::Colyseus
                                                ? options.colyseusUrl.toString()
                                                : options.zoneId)
                 .arg(windowSeconds, 0, 'f', 1);
    row(QStringLiteral("bots in at the end"), QStringLiteral("%1 (join failures %2, all in after %3 s)")
                                                  .arg(joinedAtEnd)
                                                  .arg(total.joinFailures)
                                                  .arg(joinSeconds, 0, 'f', 1));
    row(QStringLiteral("moves sent"),
        QStringLiteral("%1 (%2/s)").arg(window.movesSent).arg(double(window.movesSent) / s, 0, 'f', 0));
    row(QStringLiteral("updates received"), QStringLiteral("%1 (%2/s, %3 objects seen)")
                                                .arg(window.updatesReceived)
                                                .arg(double(window.updatesReceived) / s, 0, 'f', 0)
                                                .arg(window.objectsSeen));
    row(QStringLiteral("move -> seen by another bot"), latency(histograms.move));
    row(QStringLiteral("chat lines sent / received"),
        QStringLiteral("%1 / %2").arg(window.chatSent).arg(window.chatReceived));
    row(QStringLiteral("say -> received"), latency(histograms.chat));
    row(QStringLiteral("errors / disconnects"),
        QStringLiteral("%1 / %2").arg(window.errors).arg(total.disconnects));
    for (auto it = histograms.errorKinds.begin(); it != histograms.errorKinds.end(); ++it)
        row(QStringLiteral("    ") + it.key().left(60), QString::number(it.value()));
    row(QStringLiteral("bots' CPU"),
        QStringLiteral(
            "%1 % of one core, waited for a CPU %2 % (%3 threads on %4 CPUs; loop lag p99 %5 ms)%6")
            .arg(botsCpuPercent, 0, 'f', 1)
            .arg(botsWaitPercent, 0, 'f', 1)
            .arg(options.threads)
            .arg(botsCpus)
            .arg(histograms.loopLag.percentileMs(0.99), 0, 'f', 1)
            .arg(botsSaturated() ? QStringLiteral("  SATURATED") : QString()));
    if (serverEnd.ok) {
        row(QStringLiteral("server CPU"),
            QStringLiteral("%1 % of one core, waited for a CPU %2 % (pid %3)")
                .arg(serverCpuPercent(), 0, 'f', 1)
                .arg(ProcessStats::waitPercent(serverStart, serverEnd), 0, 'f', 1)
                .arg(options.serverPid));
        row(QStringLiteral("server memory"), QStringLiteral("%1 MB, %2 MB before the bots: %3 kB per bot")
                                                 .arg(serverEnd.rssKb / 1024.0, 0, 'f', 1)
                                                 .arg(serverBefore.rssKb / 1024.0, 0, 'f', 1)
                                                 .arg(serverKbPerBot(), 0, 'f', 1));
    }
    if (zoneTickP99Ms >= 0)
        row(QStringLiteral("zone tick p99 / overruns"),
            QStringLiteral("%1 ms / %2").arg(zoneTickP99Ms, 0, 'f', 2).arg(zoneTickOverruns));
    if (zoneBytesPerSecond >= 0)
        row(QStringLiteral("zone stream out"),
            QStringLiteral("%1 MB/s").arg(zoneBytesPerSecond / 1e6, 0, 'f', 2));
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace smmo::bots
