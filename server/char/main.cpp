// SPDX-License-Identifier: AGPL-3.0-or-later
// simplemmo-charserver: characters (zone, position, stats, inventory).
#include "CharServer.h"
#include "ServerApp.h"

int main(int argc, char **argv)
{
    const smmo::ServerSpec spec{QStringLiteral("charserver"), QStringLiteral("SimpleMMO CharServer: characters."),
                                1235, true, &smmo::CharServer::addOptions, {}};
    return smmo::runServer(argc, argv, spec,
                           [](smmo::ServerContext &context) { return std::make_unique<smmo::CharServer>(context); });
}
