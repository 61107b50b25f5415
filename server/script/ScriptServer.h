// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "BusActions.h"
#include "ScriptEngine.h"
#include "ScriptSettings.h"
#include "ScriptWatcher.h"
#include "ZoneClient.h"
#include "ZoneMirror.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>
#include <optional>
#include <vector>

namespace smmo {

class Config;
class HttpServer;
class Histogram;
struct ServerContext;

/// The ScriptServer role: runs the object scripts of one zone as a client of that zone's bus. It
/// keeps a mirror of the zone from the bus, calls the scripts' handlers on its own tick, on chat,
/// activation, collisions, characters entering and leaving, and timers, and sends what they do
/// back as bus actions; it never touches the database. It reconnects when the bus drops, exits
/// when the zone has been gone for `zone-lost-timeout`, and exits with memoryExitCode when it grows
/// past `max-memory-mb`, for the master to start it afresh.
class ScriptServer : public QObject
{
    Q_OBJECT
public:
    /// Exit code when the process grew past its memory limit (the master restarts it).
    static constexpr int memoryExitCode = 3;

    ScriptServer(ServerContext &context, const ScriptSettings &settings);
    ~ScriptServer() override;

    static void addOptions(Config &config);
    /// runServer's command hook: refuses to start (exit code 2, a line on stderr) with bad options.
    static std::optional<int> checkOptions(ServerContext &context);
    /// runServer's role factory.
    static std::unique_ptr<QObject> create(ServerContext &context);

private:
    void connectToZone();
    void scheduleReconnect(const QString &why);
    void helloReceived(const QJsonObject &hello);
    void updated(const QJsonArray &changed, const QJsonArray &entered, const QJsonArray &left);
    void eventReceived(const QJsonObject &event);
    /// Tells the zone which scripts run and which fail to load (bus action `scripts`), for its
    /// administrators: after each hello, each reload asked for, and each change the watcher loaded.
    void reportScripts(const QString &reason);
    void tick();
    void checkMemory();
    void addHealthAndMetrics(HttpServer &http);
    double recentTickP99Ms() const;
    static qint64 residentBytes();

    ScriptSettings m_settings;
    HttpServer &m_http;
    QByteArray m_secret;
    ZoneClient m_bus;
    BusActions m_actions;
    ZoneMirror m_mirror;
    ScriptEngine m_engine;
    ScriptWatcher m_watcher;
    QTimer m_tickTimer;
    QTimer m_reconnectTimer;
    QTimer m_memoryTimer;
    QTimer m_reportTimer; ///< coalesces the reports of scripts the watcher reloaded
    QElapsedTimer m_sinceTick;
    QElapsedTimer m_zoneLost; ///< running while the bus is down
    int m_reconnectDelayMs = 0;
    bool m_joined = false; ///< the zone's hello arrived on the current connection
    qint64 m_ticks = 0;
    quint64 m_refused = 0; ///< actions the zone answered with an error
    int m_reloads = 0;     ///< reloads administrators asked for
    bool m_reloading = false;
    Histogram *m_tickSeconds = nullptr;
    std::vector<double> m_recentTicksMs;
    static constexpr size_t recentTickCount = 600;
};

} // namespace smmo
