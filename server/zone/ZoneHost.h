// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "HttpReply.h"
#include "HttpRequest.h"
#include "ZoneServer.h"
#include "ZoneSettings.h"

#include <QObject>

#include <memory>
#include <optional>

namespace smmo {

class Config;
class HttpServer;
struct ServerContext;

/// The zone server process's role object. Started with --zone it serves that zone at once (a
/// ZoneServer). Started with --pooled it is one of a MasterZoneServer's warm pool: everything
/// that does not depend on the zone is done (process and Qt start, options, secret, database and
/// migrations, listening), /health says `"ready": false, "pooled": true`, and it waits until the
/// master assigns it a zone with POST /internal/assign, which loads the zone and answers once it
/// is ready. docs/protocol.md, "The warm pool".
class ZoneHost : public QObject
{
    Q_OBJECT
public:
    ZoneHost(ServerContext &context, const ZoneSettings &settings);
    ~ZoneHost() override;

    static void addOptions(Config &config);
    /// runServer's command hook: refuses to start (exit code 2, a line on stderr) without a valid
    /// zone id and definition (unless pooled), before anything listens.
    static std::optional<int> checkOptions(ServerContext &context);
    /// runServer's role factory.
    static std::unique_ptr<QObject> create(ServerContext &context);

    /// POST /internal/assign (service) `zone` -> {"zone", "ready": true} once the zone is loaded
    /// and serves. The same zone again answers the same (a retried call); 409 another zone; 400
    /// malformed id; 404 no definition; 500 the zone could not be loaded (the process then exits).
    HttpReply assignAction(const HttpRequest &request);

    /// The zone served, null while pooled and unassigned.
    ZoneServer *server() { return m_server.get(); }

private:
    void startServing(const ZoneSettings &settings);
    /// A pooled process's stderr is the pool's log; an assigned one continues in the zone's own
    /// log, the file the master gives a zone it starts itself.
    void moveLogToZone(const QString &zoneId);

    ServerContext &m_context;
    ZoneSettings m_settings;
    std::unique_ptr<ZoneServer> m_server;
};

} // namespace smmo
