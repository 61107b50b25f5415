// SPDX-License-Identifier: AGPL-3.0-or-later
// simplemmo-authserver: accounts, logins, session tokens.
#include "AuthServer.h"
#include "ServerApp.h"

int main(int argc, char **argv)
{
    const smmo::ServerSpec spec{QStringLiteral("authserver"),
                                QStringLiteral("SimpleMMO AuthServer: accounts, logins, session tokens."), 1234, true,
                                &smmo::AuthServer::addOptions, &smmo::AuthServer::createAdminCommand};
    return smmo::runServer(argc, argv, spec,
                           [](smmo::ServerContext &context) { return std::make_unique<smmo::AuthServer>(context); });
}
