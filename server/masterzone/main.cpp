// SPDX-License-Identifier: AGPL-3.0-or-later
// simplemmo-masterzoneserver: the zone registry; starts zones on demand; global chat.
#include "MasterZoneServer.h"
#include "ServerApp.h"

int main(int argc, char **argv)
{
    const smmo::ServerSpec spec{
        QStringLiteral("masterzoneserver"),
        QStringLiteral("SimpleMMO MasterZoneServer: finds and starts zones; global chat."),
        1236,
        true,
        &smmo::MasterZoneServer::addOptions,
        {}};
    return smmo::runServer(argc, argv, spec, [](smmo::ServerContext &context) {
        return std::make_unique<smmo::MasterZoneServer>(context);
    });
}
