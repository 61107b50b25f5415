// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ZoneServer.h"

#include "Config.h"
#include "Database.h"
#include "Logging.h"
#include "ServerApp.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>

#include <algorithm>
#include <stdexcept>

namespace smmo {

ZoneServer::ZoneServer(ServerContext &context, const ZoneSettings &settings)
    : m_http(context.http), m_zone(settings, *context.database, context.secret),
      m_spectators(context.http, m_zone), m_scriptLog(m_zone), m_stream(context.http, m_zone),
      m_objects(m_zone), m_player(m_zone), m_admin(m_zone, m_scriptLog), m_internal(m_zone, m_stream)
{
    m_http.setReady(false);
    m_stream.setSpectators(&m_spectators);
    m_zone.load();
    registerRoutes(m_http);
    addMetrics(m_http);

    m_tickTimer.setTimerType(Qt::PreciseTimer);
    m_tickTimer.setInterval(1000 / settings.tickHz);
    connect(&m_tickTimer, &QTimer::timeout, this, &ZoneServer::tick);
    m_tickTimer.start();

    m_checkpointTimer.setInterval(settings.checkpointMs);
    connect(&m_checkpointTimer, &QTimer::timeout, &m_zone, &Zone::checkpoint);
    m_checkpointTimer.start();
    connect(&m_zone.writer(), &ZoneWriter::checkpointWritten, this,
            [this](int, double seconds) { m_checkpointSeconds->observe(seconds); });

    if (settings.idleTimeoutSeconds > 0) {
        m_idleTimer.setInterval(qBound(100, settings.idleTimeoutSeconds * 250, 5000));
        connect(&m_idleTimer, &QTimer::timeout, this, &ZoneServer::checkIdle);
        m_idleTimer.start();
    }
    m_http.setReady(true);
}

ZoneServer::~ZoneServer()
{
    m_tickTimer.stop();
    m_checkpointTimer.stop();
    m_idleTimer.stop();
    m_stream.closeAll(QStringLiteral("the zone is stopping"));
    m_spectators.closeAll(QStringLiteral("the zone is stopping"));
    m_zone.shutdown();
}

void ZoneServer::registerRoutes(HttpServer &http)
{
    m_objects.registerRoutes(http);
    m_player.registerRoutes(http);
    m_admin.registerRoutes(http);
    m_internal.registerRoutes(http);
    // GET /stream (WebSocket) is registered by ZoneStream on the underlying QHttpServer.
}

void ZoneServer::addMetrics(HttpServer &http)
{
    Metrics &metrics = http.metrics();
    m_tickSeconds = &metrics.histogram(
        "simplemmo_zone_tick_seconds", "Time one tick took.",
        {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1});
    m_checkpointSeconds =
        &metrics.histogram("simplemmo_zone_checkpoint_seconds", "Time one checkpoint write took.");
    m_tickOverruns = &metrics.counter("simplemmo_zone_tick_overruns_total",
                                      "Ticks that took longer than the tick period.");
    metrics.addGauge("simplemmo_zone_players", "Characters online in the zone.",
                     [this] { return m_zone.onlineCount(); });
    metrics.addGauge("simplemmo_zone_objects", "Objects in the zone.",
                     [this] { return m_zone.world().size(); });
    metrics.addGauge("simplemmo_zone_connections", "Open WebSocket connections (players and bus).",
                     [this] { return m_stream.playerConnections() + m_stream.busConnections(); });
    metrics.addGauge("simplemmo_zone_tick", "Ticks since the zone started.",
                     [this] { return double(m_tick); });

    http.addHealthFields([this](QJsonObject &health) {
        health.insert(QStringLiteral("zone"), m_zone.id());
        health.insert(QStringLiteral("players"), m_zone.onlineCount());
        health.insert(QStringLiteral("objects"), m_zone.world().size());
        health.insert(QStringLiteral("connections"),
                      m_stream.playerConnections() + m_stream.busConnections());
        health.insert(QStringLiteral("tick_ms_p99"), recentTickP99Ms());
    });
}

void ZoneServer::tick()
{
    QElapsedTimer timer;
    timer.start();
    const WorldModel::TickChanges changes = m_zone.worldForTick().takeTickChanges();
    m_stream.publish(++m_tick, changes);
    m_spectators.publish(m_tick, changes);
    const qint64 nanoseconds = timer.nsecsElapsed();
    m_tickSeconds->observe(double(nanoseconds) / 1e9);
    const double milliseconds = double(nanoseconds) / 1e6;
    if (m_recentTicksMs.size() < recentTickCount)
        m_recentTicksMs.push_back(milliseconds);
    else
        m_recentTicksMs[size_t(m_tick) % recentTickCount] = milliseconds;
    if (nanoseconds > qint64(m_tickTimer.interval()) * 1000000)
        ++*m_tickOverruns;
}

double ZoneServer::recentTickP99Ms() const
{
    if (m_recentTicksMs.empty())
        return 0;
    std::vector<double> sorted = m_recentTicksMs;
    const size_t index = std::min(sorted.size() - 1, size_t(0.99 * double(sorted.size())));
    std::nth_element(sorted.begin(), sorted.begin() + qsizetype(index), sorted.end());
    return sorted[index];
}

void ZoneServer::checkIdle()
{
    if (m_stream.hasPlayers()) {
        m_zone.noteActivity();
        return;
    }
    const qint64 idleLimitMs = qint64(m_zone.settings().idleTimeoutSeconds) * 1000;
    if (m_zone.idleMs() < idleLimitMs)
        return;
    qCInfo(lcZone, "zone %s: no players for %d s, shutting down", qPrintable(m_zone.id()),
           m_zone.settings().idleTimeoutSeconds);
    m_idleTimer.stop();
    m_http.setReady(false);
    QCoreApplication::exit(0);
}

} // namespace smmo
