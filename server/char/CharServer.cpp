// SPDX-License-Identifier: AGPL-3.0-or-later
#include "CharServer.h"

#include "Config.h"
#include "ServerApp.h"

namespace smmo {

CharServer::CharServer(ServerContext &context)
    : m_store(*context.database, context.config.value(QStringLiteral("start-zone"))), m_controller(m_store)
{
    m_controller.registerRoutes(context.http);
}

void CharServer::addOptions(Config &config)
{
    config.addOption({QStringLiteral("start-zone"),
                      QStringLiteral("Zone a new character starts in (in its own player instance)."),
                      QStringLiteral("GhibliHills"), QStringLiteral("zone")});
}

} // namespace smmo
