// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "AdminController.h"
#include "InternalController.h"
#include "ObjectsController.h"
#include "PlayerController.h"
#include "ScriptFaultLog.h"
#include "Zone.h"
#include "ZoneSpectators.h"
#include "ZoneStream.h"

#include <QObject>
#include <QTimer>

#include <memory>
#include <optional>
#include <vector>

namespace smmo {

class Config;
class Histogram;
struct ServerContext;

/// The ZoneServer role: one zone instance served over HTTP and WebSocket, with its fixed tick,
/// checkpoint timer and idle shutdown. Built by ZoneHost, at start or once a pooled process is
/// assigned its zone.
class ZoneServer : public QObject
{
    Q_OBJECT
public:
    ZoneServer(ServerContext &context, const ZoneSettings &settings);
    /// Closes every connection, lets present characters leave and writes the final checkpoint.
    ~ZoneServer() override;

    Zone &zone() { return m_zone; }

private:
    void registerRoutes(HttpServer &http);
    void addMetrics(HttpServer &http);
    void tick();
    void checkIdle();
    /// The 99th percentile of the recent ticks' durations, exact (the histogram only has buckets).
    double recentTickP99Ms() const;

    HttpServer &m_http;
    Zone m_zone;
    ZoneSpectators m_spectators;
    ScriptFaultLog m_scriptLog;
    ZoneStream m_stream;
    ObjectsController m_objects;
    PlayerController m_player;
    AdminController m_admin;
    InternalController m_internal;
    QTimer m_tickTimer;
    QTimer m_checkpointTimer;
    QTimer m_idleTimer;
    Histogram *m_tickSeconds = nullptr;
    Histogram *m_checkpointSeconds = nullptr;
    quint64 *m_tickOverruns = nullptr;
    qint64 m_tick = 0;
    std::vector<double> m_recentTicksMs; ///< ring of the last recentTickCount durations
    static constexpr size_t recentTickCount = 600;
};

} // namespace smmo
