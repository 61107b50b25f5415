// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "Config.h"
#include "HttpServer.h"

#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace smmo {

class Database;

/// What a role object is built from (it lives as long as the process, so roles may keep a reference): its configuration, its HTTP server (routes are added by the
/// role), the database (null for roles without one) and the cluster secret.
struct ServerContext
{
    Config &config;
    HttpServer &http;
    std::shared_ptr<Database> database;
    QByteArray secret;
    QString publicUrl; ///< filled once listening: how others reach this server
    /// Set by a role that must act once the server listens (e.g. report its URL to the master).
    std::function<void()> onListening;
};

/// Describes one server executable for runServer().
struct ServerSpec
{
    QString role;        ///< e.g. "authserver": names the INI section and the log/metrics label
    QString description; ///< first line of --help
    quint16 defaultPort = 0;
    bool needsDatabase = true;
    std::function<void(Config &)> addOptions; ///< role-specific options
    /// A one-shot command (e.g. --create-admin): runs once the database is ready; when it returns
    /// an exit code the process ends with it instead of serving.
    std::function<std::optional<int>(ServerContext &)> command;
};

/// The role object: built after the database is migrated and before listening; destroyed (so it
/// can save state) after the event loop ends.
using RoleFactory = std::function<std::unique_ptr<QObject>(ServerContext &)>;

/// The whole life of a server process: options (--help, --version), logging, database and
/// migrations, the standard routes, the role's routes, listening (port 0 picks a free one), one
/// line `SIMPLEMMO_LISTENING <url>` on stdout for whoever started the process, and a graceful stop
/// on SIGTERM/SIGINT. Returns the process exit code. main() is one call to this.
int runServer(int argc, char **argv, const ServerSpec &spec, const RoleFactory &factory);

/// The line a server prints on stdout once it listens, followed by its URL.
inline constexpr char listeningMarker[] = "SIMPLEMMO_LISTENING ";

} // namespace smmo
