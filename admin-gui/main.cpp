// SPDX-License-Identifier: AGPL-3.0-or-later
// simplemmo-admin: the operator console (the program is in the simplemmo_admin library).
#include "AdminApp.h"

int main(int argc, char **argv)
{
    return smmo::admin::runAdminConsole(argc, argv);
}
