// SPDX-License-Identifier: AGPL-3.0-or-later
#include "PhysicsServer.h"

#include "Config.h"
#include "HttpServer.h"
#include "Logging.h"
#include "ServerApp.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace smmo {

namespace {

PhysicsWorld::Options worldOptions(const PhysicsSettings &settings)
{
    PhysicsWorld::Options options;
    options.stepSeconds = 1.0 / settings.stepHz;
    options.correctionThreshold = settings.correctionThreshold;
    options.teleportDistance = settings.teleportDistance;
    options.collisionCooldownSteps = int(std::ceil(settings.collisionCooldownMs * settings.stepHz / 1000.0));
    return options;
}

} // namespace

PhysicsServer::PhysicsServer(ServerContext &context, const PhysicsSettings &settings)
    : m_http(context.http), m_settings(settings), m_world(worldOptions(settings)),
      m_bus(settings.zoneUrl, settings.zone.toString(), context.secret, settings.reconnectMs),
      m_loop(settings.stepHz, settings.maxCatchUpSteps, [this] { step(); })
{
    // Ready means "simulating the zone": /health answers 503 while the bus is down.
    m_http.setReady(false);
    addMetrics(m_http);
    connect(&m_bus, &BusConnection::synced, this, &PhysicsServer::synced);
    connect(&m_bus, &BusConnection::updated, this, &PhysicsServer::updated);
    connect(&m_bus, &BusConnection::lost, this, &PhysicsServer::lost);
    m_second.setInterval(1000);
    connect(&m_second, &QTimer::timeout, this, &PhysicsServer::everySecond);
    m_second.start();
    m_bus.start();
    qCInfo(lcPhysics, "zone %s: simulating at %d Hz, bus at %s", qPrintable(settings.zone.toString()),
           settings.stepHz, qPrintable(settings.zoneUrl.toString()));
}

PhysicsServer::~PhysicsServer()
{
    m_loop.stop();
}

void PhysicsServer::addOptions(Config &config)
{
    PhysicsSettings::addOptions(config);
}

std::optional<int> PhysicsServer::checkOptions(ServerContext &context)
{
    PhysicsSettings settings;
    QString error;
    if (PhysicsSettings::fromConfig(context.config, &settings, &error))
        return std::nullopt;
    QTextStream(stderr) << error << Qt::endl;
    return 2;
}

std::unique_ptr<QObject> PhysicsServer::create(ServerContext &context)
{
    PhysicsSettings settings;
    QString error;
    if (!PhysicsSettings::fromConfig(context.config, &settings, &error))
        throw std::runtime_error(error.toStdString());
    return std::make_unique<PhysicsServer>(context, settings);
}

// The bus -------------------------------------------------------------------------------------------

void PhysicsServer::synced(const QJsonArray &objects)
{
    // Every (re)connection starts from the zone's full snapshot: whatever happened while the bus
    // was down (or this process was not running) is the zone's state now.
    m_world.load(objects);
    qCInfo(lcPhysics, "zone %s: %d bodies (%d static, %d dynamic, %d players)",
           qPrintable(m_settings.zone.toString()), m_world.bodyCount(), m_world.bodyCount(BodyKind::Static),
           m_world.bodyCount(BodyKind::Dynamic), m_world.bodyCount(BodyKind::Player));
    m_loop.start();
    m_http.setReady(true);
}

void PhysicsServer::updated(const QJsonArray &changed, const QJsonArray &entered, const QJsonArray &left)
{
    for (const auto &object : entered)
        m_world.apply(object.toObject());
    for (const auto &object : changed)
        m_world.apply(object.toObject());
    for (const auto &id : left)
        m_world.remove(qint64(id.toDouble()));
}

void PhysicsServer::lost()
{
    m_loop.stop();
    m_world.clear();
    m_http.setReady(false);
}

// Stepping -------------------------------------------------------------------------------------------

void PhysicsServer::step()
{
    QElapsedTimer timer;
    timer.start();
    const PhysicsWorld::StepResult result = m_world.step();
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    m_stepSeconds->observe(seconds);
    if (m_recentStepsMs.size() < recentStepCount)
        m_recentStepsMs.push_back(seconds * 1000);
    else
        m_recentStepsMs[m_nextRecent] = seconds * 1000;
    m_nextRecent = (m_nextRecent + 1) % recentStepCount;
    send(result);
}

void PhysicsServer::send(const PhysicsWorld::StepResult &result)
{
    // One step's corrections go out together, right after the step that produced them.
    for (const auto &correction : result.corrections)
        if (m_bus.correct(correction.id, correction.x, correction.y, correction.z))
            ++*m_corrections;
    for (const auto &collision : result.collisions) {
        const double speed = std::round(collision.speed * 1000) / 1000;
        // Both objects hear about it, each with the other's id (scripts' onCollide on either).
        bool sent = false;
        for (const auto &[id, other] :
             {std::pair(collision.id, collision.other), std::pair(collision.other, collision.id)})
            sent =
                m_bus.sendAction(QStringLiteral("event"),
                                 {{QStringLiteral("id"), id},
                                  {QStringLiteral("event"), QStringLiteral("collision")},
                                  {QStringLiteral("data"), QJsonObject{{QStringLiteral("other"), other},
                                                                       {QStringLiteral("speed"), speed}}}}) ||
                sent;
        *m_collisions += sent ? 1 : 0;
    }
}

void PhysicsServer::everySecond()
{
    m_correctionsPerSecond = double(*m_corrections - m_correctionsAtLastSecond);
    m_correctionsAtLastSecond = *m_corrections;
    const int timeout = m_settings.zoneLostTimeoutSeconds;
    if (timeout > 0 && m_bus.downForMs() > qint64(timeout) * 1000) {
        // Nothing left to simulate: the zone stopped for good (its master normally stops us first)
        // or was never reachable (a wrong URL or secret), which is an error.
        const int code = m_bus.wasEverSynced() ? 0 : 1;
        qCWarning(lcPhysics, "zone %s: bus unreachable for %d s, exiting with %d",
                  qPrintable(m_settings.zone.toString()), timeout, code);
        m_second.stop();
        m_http.setReady(false);
        QCoreApplication::exit(code);
    }
}

// Observability ----------------------------------------------------------------------------------------

void PhysicsServer::addMetrics(HttpServer &http)
{
    Metrics &metrics = http.metrics();
    m_stepSeconds = &metrics.histogram(
        "simplemmo_physics_step_seconds", "Time one simulation step took.",
        {0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1});
    m_corrections =
        &metrics.counter("simplemmo_physics_corrections_total", "Position corrections sent to the zone.");
    m_collisions = &metrics.counter("simplemmo_physics_collisions_total",
                                    "Collisions (contacts begun) reported to the zone.");
    metrics.addGauge("simplemmo_physics_corrections_per_second", "Corrections sent during the last second.",
                     [this] { return m_correctionsPerSecond; });
    metrics.addGauge("simplemmo_physics_bodies", "Bodies in the world.",
                     [this] { return m_world.bodyCount(); });
    metrics.addGauge("simplemmo_physics_static_bodies", "Static bodies (scenery).",
                     [this] { return m_world.bodyCount(BodyKind::Static); });
    metrics.addGauge("simplemmo_physics_dynamic_bodies", "Dynamic bodies (creatures).",
                     [this] { return m_world.bodyCount(BodyKind::Dynamic); });
    metrics.addGauge("simplemmo_physics_player_bodies", "Bodies of online characters.",
                     [this] { return m_world.bodyCount(BodyKind::Player); });
    metrics.addGauge("simplemmo_physics_awake_bodies", "Moving bodies not asleep.",
                     [this] { return m_world.awakeBodies(); });
    metrics.addGauge("simplemmo_physics_steps", "Simulation steps since start.",
                     [this] { return double(m_loop.steps()); });
    metrics.addGauge("simplemmo_physics_dropped_steps", "Steps dropped because the loop fell behind.",
                     [this] { return double(m_loop.droppedSteps()); });
    metrics.addGauge("simplemmo_physics_bus_synced", "1 while connected to the zone's bus with its state.",
                     [this] { return m_bus.isSynced() ? 1 : 0; });
    metrics.addGauge("simplemmo_physics_syncs", "Times the world was (re)built from the zone's snapshot.",
                     [this] { return double(m_bus.syncCount()); });

    http.addHealthFields([this](QJsonObject &health) {
        health.insert(QStringLiteral("zone"), m_settings.zone.toString());
        health.insert(QStringLiteral("zone_url"), m_settings.zoneUrl.toString());
        health.insert(QStringLiteral("bus"),
                      m_bus.isSynced() ? QStringLiteral("synced") : QStringLiteral("connecting"));
        health.insert(QStringLiteral("bodies"), m_world.bodyCount());
        health.insert(QStringLiteral("static_bodies"), m_world.bodyCount(BodyKind::Static));
        health.insert(QStringLiteral("dynamic_bodies"), m_world.bodyCount(BodyKind::Dynamic));
        health.insert(QStringLiteral("player_bodies"), m_world.bodyCount(BodyKind::Player));
        health.insert(QStringLiteral("awake_bodies"), m_world.awakeBodies());
        health.insert(QStringLiteral("step_hz"), m_settings.stepHz);
        health.insert(QStringLiteral("steps"), double(m_loop.steps()));
        health.insert(QStringLiteral("step_ms_p99"), recentStepP99Ms());
        health.insert(QStringLiteral("corrections"), double(*m_corrections));
        health.insert(QStringLiteral("corrections_per_second"), m_correctionsPerSecond);
        health.insert(QStringLiteral("collisions"), double(*m_collisions));
        health.insert(QStringLiteral("syncs"), double(m_bus.syncCount()));
    });
}

double PhysicsServer::recentStepP99Ms() const
{
    if (m_recentStepsMs.empty())
        return 0;
    std::vector<double> sorted = m_recentStepsMs;
    const size_t index = std::min(sorted.size() - 1, size_t(0.99 * double(sorted.size())));
    std::nth_element(sorted.begin(), sorted.begin() + qsizetype(index), sorted.end());
    return sorted[index];
}

} // namespace smmo
