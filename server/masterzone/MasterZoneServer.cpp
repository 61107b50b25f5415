// SPDX-License-Identifier: AGPL-3.0-or-later
#include "MasterZoneServer.h"

#include "Config.h"
#include "Logging.h"
#include "ServerApp.h"

#include <QDeadlineTimer>

namespace smmo {

namespace {

int secondsOption(const Config &config, const QString &key, double fallback)
{
    bool ok = false;
    const double seconds = config.value(key).toDouble(&ok);
    return int((ok && seconds > 0 ? seconds : fallback) * 1000.0);
}

} // namespace

void MasterZoneServer::addOptions(Config &config)
{
    config.addOption({QStringLiteral("zones-dir"),
                      QStringLiteral("Folder of zone definitions <zonename>.json (default: the installed "
                                     "share/simplemmo/scripts/zones, else the source tree's)."),
                      QString(), QStringLiteral("dir")});
    config.addOption({QStringLiteral("zone-executable"), QStringLiteral("The zone server program."),
                      QStringLiteral("simplemmo-zoneserver"), QStringLiteral("program")});
    config.addOption({QStringLiteral("zone-companions"),
                      QStringLiteral("Programs started beside every zone with --zone <id> --zone-url <url>, "
                                     "comma-separated; missing ones are skipped."),
                      QStringLiteral("simplemmo-scriptserver,simplemmo-physicsserver"),
                      QStringLiteral("programs")});
    config.addOption(
        {QStringLiteral("zone-start-timeout"),
         QStringLiteral("Seconds a zone may take to become ready before the request fails (504)."),
         QStringLiteral("20"), QStringLiteral("seconds")});
    config.addOption({QStringLiteral("zone-stop-timeout"),
                      QStringLiteral("Seconds a zone may take to checkpoint and exit before it is killed."),
                      QStringLiteral("8"), QStringLiteral("seconds")});
    config.addOption({QStringLiteral("zone-idle-timeout"),
                      QStringLiteral("Seconds without players after which a zone shuts itself down."),
                      QStringLiteral("300"), QStringLiteral("seconds")});
    config.addOption(
        {QStringLiteral("zone-restart-delay"),
         QStringLiteral("Seconds after which a crashed zone is started again by itself (doubling "
                        "with each crash, up to 30 s); 0: only on the next request for it."),
         QStringLiteral("1"), QStringLiteral("seconds")});
    config.addOption({QStringLiteral("zone-watch-interval"),
                      QStringLiteral("Milliseconds between /health checks of zones adopted after a restart."),
                      QStringLiteral("2000"), QStringLiteral("ms")});
    config.addOption(
        {QStringLiteral("zone-pool-size"),
         QStringLiteral("Zone servers kept started without a zone, so that a zone not yet running starts "
                        "in the time it takes to load it; 0: none, every zone is a new process."),
         QStringLiteral("1"), QStringLiteral("count")});
    config.addOption({QStringLiteral("zone-bind"), QStringLiteral("Address zones listen on (default: bind)."),
                      QString(), QStringLiteral("address")});
    config.addOption({QStringLiteral("char-url"),
                      QStringLiteral("The CharServer's URL, passed to the zones."),
                      QStringLiteral("http://127.0.0.1:1235"), QStringLiteral("url")});
    config.addOption({QStringLiteral("chat-rate-limit"),
                      QStringLiteral("Global chat messages a user may send per 10 seconds."),
                      QStringLiteral("10"), QStringLiteral("count")});
}

MasterZoneServer::MasterZoneServer(ServerContext &context)
    : m_characters(*context.database, QStringLiteral("GhibliHills")), m_records(*context.database),
      m_chat(*context.database),
      m_pool(qBound(0, context.config.intValue(QStringLiteral("zone-pool-size"), 1), 64)),
      m_launcher(ZoneLaunchSettings::fromConfig(
          context.config, ZoneDefinitions::find(context.config.value(QStringLiteral("zones-dir"))))),
      m_registry(m_launcher), m_clients(context.secret, QStringLiteral("master")),
      m_access(ZoneDefinitions(m_launcher.settings().zonesDir),
               [this](const QString &name) -> std::optional<qint64> {
                   const auto character = m_characters.find(name);
                   return character ? std::optional(character->ownerId) : std::nullopt;
               }),
      m_zones(m_registry, m_access, m_clients, m_pool),
      m_chatController(m_characters, m_chat, m_registry, m_clients,
                       {500, qMax(1, context.config.intValue(QStringLiteral("chat-rate-limit"), 10)), 10000}),
      m_stopGraceMs(secondsOption(context.config, QStringLiteral("zone-stop-timeout"), 8))
{
    m_registry.setStopGraceMs(m_stopGraceMs);
    bool restartOk = false;
    const double restartSeconds =
        context.config.value(QStringLiteral("zone-restart-delay")).toDouble(&restartOk);
    m_registry.setCrashRestartDelayMs(restartOk && restartSeconds > 0 ? int(restartSeconds * 1000.0) : 0);
    qCInfo(lcMaster, "zone definitions in %s; zones run %s", qPrintable(m_launcher.settings().zonesDir),
           qPrintable(m_launcher.settings().zoneExecutable));

    connect(&m_registry, &ZoneRegistry::zoneLaunched, this, &MasterZoneServer::recordRunning);
    connect(&m_registry, &ZoneRegistry::zoneRunning, this, &MasterZoneServer::recordRunning);
    connect(&m_registry, &ZoneRegistry::zoneEnded, this, &MasterZoneServer::forgetRecord);

    m_zones.registerRoutes(context.http);
    m_chatController.registerRoutes(context.http);
    addHealthAndMetrics(context.http);

    // The pool is filled once the master listens: its processes are given the master's URL. A start
    // from the pool that has ended (ready, failed or stopped) makes room for the next process; it
    // is not started sooner so that it does not compete with the zone being loaded.
    m_launcher.setPool(&m_pool, [this] { return m_clients.serviceToken(); });
    connect(&m_registry, &ZoneRegistry::zoneStarted, &m_pool, &ZonePool::refill);
    connect(&m_registry, &ZoneRegistry::zoneStartFailed, &m_pool, &ZonePool::refill);
    connect(&m_registry, &ZoneRegistry::zoneEnded, &m_pool, &ZonePool::refill);
    context.onListening = [this, &context] {
        m_launcher.setMasterUrl(context.publicUrl);
        m_pool.start(m_launcher.pooledCommand());
    };
    adoptRecordedZones();
}

MasterZoneServer::~MasterZoneServer()
{
    // No orphans: every zone this master runs (started or adopted) stops with it, and so does
    // every process of the pool (they have nothing to save; they are told first).
    m_pool.beginShutdown();
    m_registry.shutdown(m_stopGraceMs);
    m_pool.finishShutdown(QDeadlineTimer(m_stopGraceMs));
}

void MasterZoneServer::adoptRecordedZones()
{
    QList<ZoneRecord> records;
    try {
        records = m_records.all();
    } catch (const std::exception &e) {
        qCWarning(lcMaster, "cannot read the recorded zones: %s", e.what());
        return;
    }
    for (const auto &record : records) {
        qCInfo(lcMaster, "recorded zone %s at %s (pid %lld): checking it", qPrintable(record.zoneId),
               qPrintable(record.url.toString()), record.pid);
        m_registry.adopt(record.zoneId, record.url, record.pid, record.startedAt);
    }
}

void MasterZoneServer::recordRunning(const ZoneInfo &zone)
{
    if (!zone.url.isEmpty())
        m_urls.insert(zone.id, zone.url);
    try {
        m_records.record({zone.id, zone.url, zone.pid, zone.startedAt});
    } catch (const std::exception &e) {
        qCWarning(lcMaster, "cannot record zone %s: %s", qPrintable(zone.id), e.what());
    }
}

void MasterZoneServer::forgetRecord(const QString &zoneId)
{
    if (const QUrl url = m_urls.take(zoneId); !url.isEmpty())
        m_clients.forget(url);
    try {
        m_records.forget(zoneId);
    } catch (const std::exception &e) {
        qCWarning(lcMaster, "cannot forget zone %s: %s", qPrintable(zoneId), e.what());
    }
}

void MasterZoneServer::addHealthAndMetrics(HttpServer &http)
{
    auto &metrics = http.metrics();
    http.addHealthFields([this](QJsonObject &health) {
        QJsonObject zones;
        for (const auto state :
             {ZoneState::Starting, ZoneState::Running, ZoneState::Stopping, ZoneState::Crashed})
            zones.insert(zoneStateName(state), m_registry.count(state));
        health.insert(QStringLiteral("zones"), zones);
        health.insert(QStringLiteral("zone_pool"),
                      QJsonObject{{QStringLiteral("size"), m_pool.size()},
                                  {QStringLiteral("ready"), m_pool.readyCount()},
                                  {QStringLiteral("starting"), m_pool.startingCount()}});
    });
    metrics.addGauge("simplemmo_master_zone_pool_size", "Zone servers the warm pool keeps (zone-pool-size).",
                     [this] { return double(m_pool.size()); });
    metrics.addGauge("simplemmo_master_zone_pool_ready", "Pooled zone servers ready to be assigned a zone.",
                     [this] { return double(m_pool.readyCount()); });
    metrics.addGauge("simplemmo_master_zone_pool_starting", "Pooled zone servers still starting.",
                     [this] { return double(m_pool.startingCount()); });
    quint64 &poolDied =
        metrics.counter("simplemmo_master_zone_pool_died_total",
                        "Pooled zone servers that ended while in the pool (and were replaced).");
    connect(&m_pool, &ZonePool::processDied, this, [&poolDied] { ++poolDied; });
    for (const auto state :
         {ZoneState::Starting, ZoneState::Running, ZoneState::Stopping, ZoneState::Crashed}) {
        const QByteArray name = "simplemmo_master_zones_" + zoneStateName(state).toLatin1();
        metrics.addGauge(name, "Zones in state " + zoneStateName(state).toLatin1() + '.',
                         [this, state] { return double(m_registry.count(state)); });
    }
    quint64 &starts =
        metrics.counter("simplemmo_master_zone_starts_total", "Zone processes started and ready.");
    quint64 &failures = metrics.counter("simplemmo_master_zone_start_failures_total",
                                        "Zone starts that failed or timed out.");
    quint64 &crashes =
        metrics.counter("simplemmo_master_zone_crashes_total", "Zones that crashed or were killed.");
    quint64 &restarts = metrics.counter("simplemmo_master_zone_restarts_total",
                                        "Crashed zones the master started again by itself.");
    const QList<double> startBuckets{0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60};
    Histogram &coldStart = metrics.histogram(
        "simplemmo_master_zone_start_seconds",
        "Cold starts: time from starting a zone process to its /health saying ready.", startBuckets);
    Histogram &warmStart = metrics.histogram(
        "simplemmo_master_zone_warm_start_seconds",
        "Warm starts: time from assigning a zone to a pooled zone server to the zone being ready.",
        startBuckets);
    connect(&m_registry, &ZoneRegistry::zoneStarted, this,
            [&starts, &coldStart, &warmStart](const ZoneInfo &zone, double seconds) {
                ++starts;
                (zone.fromPool ? warmStart : coldStart).observe(seconds);
            });
    connect(&m_registry, &ZoneRegistry::zoneStartFailed, this, [&failures] { ++failures; });
    connect(&m_registry, &ZoneRegistry::zoneCrashed, this, [&crashes] { ++crashes; });
    connect(&m_registry, &ZoneRegistry::zoneRestarting, this, [&restarts] { ++restarts; });
}

} // namespace smmo
