// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ScriptServer.h"

#include "Config.h"
#include "HttpServer.h"
#include "Logging.h"
#include "ServerApp.h"
#include "SessionToken.h"

#include <QCoreApplication>
#include <QFile>
#include <QRandomGenerator>
#include <QTextStream>

#include <algorithm>
#include <stdexcept>

#include <unistd.h>

namespace smmo {

namespace {

constexpr int firstReconnectMs = 200;
constexpr int maxReconnectMs = 5000;
constexpr int memoryCheckMs = 2000;
constexpr int reloadQuietMs = 200;
/// The exit code of a configuration problem: the master does not restart a companion for it.
constexpr int configurationExitCode = 2;

ScriptEngineSettings engineSettings(const ScriptSettings &settings)
{
    ScriptEngineSettings s;
    s.scriptsDir = settings.scriptsDir;
    s.budgetMs = settings.budgetMs;
    s.maxFaults = settings.maxFaults;
    s.seed = settings.seed ? *settings.seed : QRandomGenerator::system()->generate();
    return s;
}

} // namespace

ScriptServer::ScriptServer(ServerContext &context, const ScriptSettings &settings)
    : m_settings(settings), m_http(context.http), m_secret(context.secret), m_actions(m_bus),
      m_engine(engineSettings(settings), m_mirror, m_actions),
      m_watcher(m_engine, settings.scriptsDir, reloadQuietMs)
{
    m_http.setReady(false); // until the zone's snapshot has arrived
    m_engine.loadAll();
    qCInfo(lcScript, "scripts of zone %s from %s: %s", qPrintable(m_settings.zone.toString()),
           qPrintable(m_settings.scriptsDir), qPrintable(m_engine.scriptNames().join(QStringLiteral(", "))));
    addHealthAndMetrics(m_http);

    connect(&m_bus, &ZoneClient::hello, this, &ScriptServer::helloReceived);
    connect(&m_bus, &ZoneClient::updated, this,
            [this](qint64, const QJsonArray &changed, const QJsonArray &entered, const QJsonArray &left) {
                updated(changed, entered, left);
            });
    connect(&m_bus, &ZoneClient::chatReceived, this, [this](const QJsonObject &chat) {
        if (m_joined && chat.value(QStringLiteral("scope")).toString() == QLatin1String("zone"))
            m_engine.hear(chat);
    });
    connect(&m_bus, &ZoneClient::eventReceived, this, &ScriptServer::eventReceived);
    connect(&m_bus, &ZoneClient::errorReceived, this,
            [this](const QString &code, const QString &message, const QJsonObject &) {
                // An action about an object that went meanwhile, mostly: the zone stays right.
                ++m_refused;
                qCDebug(lcScript, "the zone refused an action: %s: %s", qPrintable(code),
                        qPrintable(message));
            });
    connect(&m_bus, &ZoneClient::disconnected, this, [this](int code, const QString &reason) {
        if (code == QWebSocketProtocol::CloseCodePolicyViolated &&
            reason.startsWith(QLatin1String("unauthorized"))) {
            qCCritical(lcScript, "zone %s refuses the ScriptServer (%s): is the cluster secret the zone's?",
                       qPrintable(m_settings.zone.toString()), qPrintable(reason));
            QCoreApplication::exit(configurationExitCode);
            return;
        }
        scheduleReconnect(reason.isEmpty() ? QStringLiteral("close code %1").arg(code) : reason);
    });
    connect(&m_bus.socket(), qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            [this](QAbstractSocket::SocketError) { scheduleReconnect(m_bus.socket().errorString()); });

    m_tickTimer.setTimerType(Qt::PreciseTimer);
    m_tickTimer.setInterval(1000 / m_settings.tickHz);
    connect(&m_tickTimer, &QTimer::timeout, this, &ScriptServer::tick);
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &ScriptServer::connectToZone);
    m_reportTimer.setSingleShot(true);
    connect(&m_reportTimer, &QTimer::timeout, this, [this] { reportScripts(QStringLiteral("changed")); });
    connect(&m_engine, &ScriptEngine::scriptLoaded, this, [this] {
        if (m_joined && !m_reloading)
            m_reportTimer.start(0);
    });
    m_memoryTimer.setInterval(memoryCheckMs);
    connect(&m_memoryTimer, &QTimer::timeout, this, &ScriptServer::checkMemory);
    m_memoryTimer.start();

    m_zoneLost.start();
    connectToZone();
}

ScriptServer::~ScriptServer()
{
    m_tickTimer.stop();
    m_bus.disconnect(this);
    m_bus.socket().disconnect(this);
    m_bus.close();
}

void ScriptServer::addOptions(Config &config)
{
    ScriptSettings::addOptions(config);
}

std::optional<int> ScriptServer::checkOptions(ServerContext &context)
{
    ScriptSettings settings;
    QString error;
    if (ScriptSettings::fromConfig(context.config, &settings, &error))
        return std::nullopt;
    QTextStream(stderr) << error << Qt::endl;
    return configurationExitCode;
}

std::unique_ptr<QObject> ScriptServer::create(ServerContext &context)
{
    ScriptSettings settings;
    QString error;
    if (!ScriptSettings::fromConfig(context.config, &settings, &error))
        throw std::runtime_error(error.toStdString());
    return std::make_unique<ScriptServer>(context, settings);
}

// The bus --------------------------------------------------------------------------------------

void ScriptServer::connectToZone()
{
    m_joined = false;
    // A fresh token on every connection: a ScriptServer may outlive any one token's lifetime.
    const QByteArray token = SessionToken::issue(
        SessionToken::makeClaims(0, QStringLiteral("script:%1").arg(m_settings.zone.toString()),
                                 {QStringLiteral("service")}, std::chrono::hours(24)),
        m_secret);
    qCInfo(lcScript, "connecting to the bus of %s at %s", qPrintable(m_settings.zone.toString()),
           qPrintable(ZoneClient::streamUrl(m_settings.zoneUrl).toString()));
    m_bus.open(m_settings.zoneUrl, token);
}

void ScriptServer::scheduleReconnect(const QString &why)
{
    if (m_reconnectTimer.isActive() || QCoreApplication::closingDown())
        return;
    if (m_joined || m_tickTimer.isActive()) {
        qCWarning(lcScript, "lost the bus of %s: %s", qPrintable(m_settings.zone.toString()),
                  qPrintable(why));
        m_zoneLost.start();
    }
    m_joined = false;
    m_tickTimer.stop();
    m_engine.setPaused(true); // scripts act on a zone they can see, or not at all
    m_http.setReady(false);
    if (m_settings.zoneLostSeconds > 0 && m_zoneLost.elapsed() > qint64(m_settings.zoneLostSeconds) * 1000) {
        qCWarning(lcScript, "zone %s has been unreachable for %d s; exiting",
                  qPrintable(m_settings.zone.toString()), m_settings.zoneLostSeconds);
        QCoreApplication::exit(0);
        return;
    }
    m_reconnectDelayMs =
        m_reconnectDelayMs == 0 ? firstReconnectMs : qMin(m_reconnectDelayMs * 2, maxReconnectMs);
    m_bus.socket().abort();
    m_reconnectTimer.start(m_reconnectDelayMs);
}

void ScriptServer::helloReceived(const QJsonObject &hello)
{
    if (hello.value(QStringLiteral("role")).toString() != QLatin1String("bus")) {
        qCCritical(lcScript, "the zone took the ScriptServer for a player; its token lacks the service role");
        QCoreApplication::exit(configurationExitCode);
        return;
    }
    if (hello.value(QStringLiteral("zone")).toString() != m_settings.zone.toString()) {
        // Another zone on that URL (a restarted cluster reusing the port): not ours to script.
        qCCritical(lcScript, "%s is zone %s, not %s", qPrintable(m_settings.zoneUrl.toString()),
                   qPrintable(hello.value(QStringLiteral("zone")).toString()),
                   qPrintable(m_settings.zone.toString()));
        QCoreApplication::exit(configurationExitCode);
        return;
    }
    m_mirror.load(hello.value(QStringLiteral("objects")).toArray());
    m_engine.syncAll();
    m_joined = true;
    m_engine.setPaused(false);
    m_reconnectDelayMs = 0;
    m_sinceTick.start();
    m_tickTimer.start();
    m_http.setReady(true);
    reportScripts(QStringLiteral("connected"));
    qCInfo(lcScript, "on the bus of %s: %d objects, %d with scripts", qPrintable(m_settings.zone.toString()),
           m_mirror.world().size(), m_engine.scriptedObjects());
}

void ScriptServer::updated(const QJsonArray &changed, const QJsonArray &entered, const QJsonArray &left)
{
    if (!m_joined)
        return;
    const ZoneMirror::Applied applied = m_mirror.apply(changed, entered, left);
    m_engine.sync(applied.upserted, applied.removed);
}

void ScriptServer::eventReceived(const QJsonObject &event)
{
    if (!m_joined)
        return;
    const QString name = event.value(QStringLiteral("event")).toString();
    const qint64 id = qint64(event.value(QStringLiteral("id")).toDouble());
    if (name == QLatin1String("activate")) {
        const QJsonArray results = m_engine.activate(id, event.value(QStringLiteral("character")).toString());
        m_bus.sendAction(QStringLiteral("activate_result"),
                         {{QStringLiteral("request"), event.value(QStringLiteral("request"))},
                          {QStringLiteral("results"), results}});
    } else if (name == QLatin1String("entered")) {
        m_engine.characterEntered(event.value(QStringLiteral("character")).toString(), id);
    } else if (name == QLatin1String("left")) {
        m_engine.characterLeft(event.value(QStringLiteral("character")).toString(), id);
    } else if (name == QLatin1String("collision")) {
        m_engine.collide(id, qint64(event.value(QStringLiteral("other")).toDouble()));
    } else if (name == QLatin1String("reload_scripts")) {
        qCInfo(lcScript, "reloading every script, as %s asked",
               qPrintable(event.value(QStringLiteral("by")).toString()));
        m_reloading = true;
        m_engine.reloadAll();
        m_reloading = false;
        ++m_reloads;
        reportScripts(QStringLiteral("reload"));
    }
}

void ScriptServer::reportScripts(const QString &reason)
{
    m_reportTimer.stop();
    QJsonObject errors;
    const auto scriptErrors = m_engine.scriptErrors();
    for (auto it = scriptErrors.begin(); it != scriptErrors.end(); ++it)
        errors.insert(it.key(), it.value());
    m_bus.sendAction(QStringLiteral("scripts"),
                     {{QStringLiteral("scripts"), QJsonArray::fromStringList(m_engine.scriptNames())},
                      {QStringLiteral("errors"), errors},
                      {QStringLiteral("reason"), reason},
                      {QStringLiteral("reloads"), m_reloads}});
}

// Running -------------------------------------------------------------------------------------

void ScriptServer::tick()
{
    const double seconds = double(m_sinceTick.nsecsElapsed()) / 1e9;
    m_sinceTick.start();
    QElapsedTimer timer;
    timer.start();
    m_engine.tick(seconds);
    ++m_ticks;
    const qint64 nanoseconds = timer.nsecsElapsed();
    m_tickSeconds->observe(double(nanoseconds) / 1e9);
    const double milliseconds = double(nanoseconds) / 1e6;
    if (m_recentTicksMs.size() < recentTickCount)
        m_recentTicksMs.push_back(milliseconds);
    else
        m_recentTicksMs[size_t(m_ticks) % recentTickCount] = milliseconds;
}

qint64 ScriptServer::residentBytes()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields.at(1).toLongLong() * sysconf(_SC_PAGESIZE) : 0;
}

void ScriptServer::checkMemory()
{
    const qint64 limit = qint64(m_settings.maxMemoryMb) * 1024 * 1024;
    if (residentBytes() <= limit)
        return;
    m_engine.jsEngine().collectGarbage();
    const qint64 resident = residentBytes();
    if (resident <= limit)
        return;
    // QJSEngine has no heap limit of its own; a clean restart brings the scripts back with their
    // data (the zone holds it), which a process swapping to death would not.
    qCCritical(lcScript,
               "resident memory %lld MiB is over the limit of %d MiB; exiting with code %d to be restarted",
               resident / (1024 * 1024), m_settings.maxMemoryMb, memoryExitCode);
    m_memoryTimer.stop();
    m_tickTimer.stop();
    QCoreApplication::exit(memoryExitCode);
}

double ScriptServer::recentTickP99Ms() const
{
    if (m_recentTicksMs.empty())
        return 0;
    std::vector<double> sorted = m_recentTicksMs;
    const size_t index = std::min(sorted.size() - 1, size_t(0.99 * double(sorted.size())));
    std::nth_element(sorted.begin(), sorted.begin() + qsizetype(index), sorted.end());
    return sorted[index];
}

void ScriptServer::addHealthAndMetrics(HttpServer &http)
{
    Metrics &metrics = http.metrics();
    m_tickSeconds = &metrics.histogram(
        "simplemmo_script_tick_seconds", "Time one tick of every onTick handler took.",
        {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1});
    metrics.addGauge("simplemmo_script_connected", "1 while the zone's bus is connected.",
                     [this] { return m_joined ? 1.0 : 0.0; });
    metrics.addGauge("simplemmo_script_objects", "Objects in the zone.",
                     [this] { return double(m_mirror.world().size()); });
    metrics.addGauge("simplemmo_script_scripted_objects", "Objects with scripts.",
                     [this] { return double(m_engine.scriptedObjects()); });
    metrics.addGauge("simplemmo_script_disabled", "Scripts disabled on an object after repeated faults.",
                     [this] { return double(m_engine.disabledScripts()); });
    metrics.addGauge("simplemmo_script_handler_calls_total", "Handler calls since the start.",
                     [this] { return double(m_engine.calls()); });
    metrics.addGauge("simplemmo_script_faults_total", "Handler calls that threw, overran or misused the API.",
                     [this] { return double(m_engine.faults()); });
    metrics.addGauge("simplemmo_script_overruns_total", "Handler calls that ran past their time budget.",
                     [this] { return double(m_engine.overruns()); });
    metrics.addGauge("simplemmo_script_actions_total", "Actions sent on the bus.",
                     [this] { return double(m_actions.sent()); });
    metrics.addGauge("simplemmo_script_actions_refused_total", "Actions the zone answered with an error.",
                     [this] { return double(m_refused); });
    metrics.addGauge("simplemmo_script_ticks_total", "Ticks since the start.",
                     [this] { return double(m_ticks); });
    metrics.addGauge("simplemmo_script_resident_bytes", "Resident memory of the process.",
                     [] { return double(residentBytes()); });

    http.addHealthFields([this](QJsonObject &health) {
        health.insert(QStringLiteral("zone"), m_settings.zone.toString());
        health.insert(QStringLiteral("connected"), m_joined);
        health.insert(QStringLiteral("objects"), m_mirror.world().size());
        health.insert(QStringLiteral("scripted_objects"), m_engine.scriptedObjects());
        health.insert(QStringLiteral("scripts"), QJsonArray::fromStringList(m_engine.scriptNames()));
        QJsonObject errors;
        const auto scriptErrors = m_engine.scriptErrors();
        for (auto it = scriptErrors.begin(); it != scriptErrors.end(); ++it)
            errors.insert(it.key(), it.value());
        health.insert(QStringLiteral("script_errors"), errors);
        health.insert(QStringLiteral("faults"), double(m_engine.faults()));
        health.insert(QStringLiteral("overruns"), double(m_engine.overruns()));
        health.insert(QStringLiteral("disabled"), m_engine.disabledScripts());
        health.insert(QStringLiteral("ticks"), double(m_ticks));
        health.insert(QStringLiteral("tick_ms_p99"), recentTickP99Ms());
        health.insert(QStringLiteral("memory_mb"), double(residentBytes()) / (1024.0 * 1024.0));
    });
}

} // namespace smmo
