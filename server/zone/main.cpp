// SPDX-License-Identifier: AGPL-3.0-or-later
// simplemmo-zoneserver: one zone instance (objects, characters present, chat, live stream).
#include "ServerApp.h"
#include "ZoneServer.h"

int main(int argc, char **argv)
{
    const smmo::ServerSpec spec{QStringLiteral("zoneserver"),
                                QStringLiteral("SimpleMMO ZoneServer: one zone instance."),
                                0,
                                true,
                                &smmo::ZoneServer::addOptions,
                                &smmo::ZoneServer::checkOptions};
    return smmo::runServer(argc, argv, spec, &smmo::ZoneServer::create);
}
