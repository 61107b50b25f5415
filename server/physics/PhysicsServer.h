// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "BusConnection.h"
#include "PhysicsSettings.h"
#include "PhysicsWorld.h"
#include "StepLoop.h"

#include <QObject>
#include <QTimer>

#include <memory>
#include <optional>
#include <vector>

namespace smmo {

class Config;
class Histogram;
class HttpServer;
struct ServerContext;

/// The PhysicsServer role: the Box2D world of one zone, kept in step with the zone through its
/// bus. It mirrors the zone's objects, steps at a fixed rate while the bus is up, and sends back
/// position corrections and collision events; when the zone is gone it waits and resynchronises
/// from the next hello's snapshot.
class PhysicsServer : public QObject
{
    Q_OBJECT
public:
    PhysicsServer(ServerContext &context, const PhysicsSettings &settings);
    ~PhysicsServer() override;

    static void addOptions(Config &config);
    /// runServer's command hook: exit code 2 and a line on stderr for a bad option.
    static std::optional<int> checkOptions(ServerContext &context);
    /// runServer's role factory.
    static std::unique_ptr<QObject> create(ServerContext &context);

    const PhysicsWorld &world() const { return m_world; }

private:
    void synced(const QJsonArray &objects);
    void updated(const QJsonArray &changed, const QJsonArray &entered, const QJsonArray &left);
    void lost();
    void step();
    void send(const PhysicsWorld::StepResult &result);
    void everySecond();
    void addMetrics(HttpServer &http);
    double recentStepP99Ms() const;

    HttpServer &m_http;
    PhysicsSettings m_settings;
    PhysicsWorld m_world;
    BusConnection m_bus;
    StepLoop m_loop;
    QTimer m_second;
    Histogram *m_stepSeconds = nullptr;
    quint64 *m_corrections = nullptr;
    quint64 *m_collisions = nullptr;
    quint64 m_correctionsAtLastSecond = 0;
    double m_correctionsPerSecond = 0;
    std::vector<double> m_recentStepsMs; ///< ring of the last recentStepCount step times
    size_t m_nextRecent = 0;
    static constexpr size_t recentStepCount = 600;
};

} // namespace smmo
