// SPDX-License-Identifier: AGPL-3.0-or-later
// simplemmo-scriptserver: the object scripts of one zone, as a client of the zone's bus.
#include "ScriptServer.h"
#include "ServerApp.h"

int main(int argc, char **argv)
{
    const smmo::ServerSpec spec{
        QStringLiteral("scriptserver"),
        QStringLiteral("SimpleMMO ScriptServer: runs the object scripts of one zone."),
        0,
        false,
        &smmo::ScriptServer::addOptions,
        &smmo::ScriptServer::checkOptions};
    return smmo::runServer(argc, argv, spec, &smmo::ScriptServer::create);
}
