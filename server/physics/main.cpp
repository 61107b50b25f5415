// SPDX-License-Identifier: AGPL-3.0-or-later
// simplemmo-physicsserver: the Box2D world of one zone, a client of the zone's bus.
#include "PhysicsServer.h"
#include "ServerApp.h"

int main(int argc, char **argv)
{
    const smmo::ServerSpec spec{QStringLiteral("physicsserver"),
                                QStringLiteral("SimpleMMO PhysicsServer: the Box2D world of one zone."),
                                0,
                                false,
                                &smmo::PhysicsServer::addOptions,
                                &smmo::PhysicsServer::checkOptions};
    return smmo::runServer(argc, argv, spec, &smmo::PhysicsServer::create);
}
