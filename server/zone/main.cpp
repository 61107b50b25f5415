// SPDX-License-Identifier: AGPL-3.0-or-later
// simplemmo-zoneserver: one zone instance (objects, characters present, chat, live stream).
#include "ServerApp.h"
#include "ZoneHost.h"

int main(int argc, char **argv)
{
    const smmo::ServerSpec spec{QStringLiteral("zoneserver"),
                                QStringLiteral("SimpleMMO ZoneServer: one zone instance."),
                                0,
                                true,
                                &smmo::ZoneHost::addOptions,
                                &smmo::ZoneHost::checkOptions};
    return smmo::runServer(argc, argv, spec, &smmo::ZoneHost::create);
}
