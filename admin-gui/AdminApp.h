// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

namespace smmo::admin {

/// The console program: makes the application, reads the command line, opens the main window
/// (and the connect dialog unless the command line logged in), runs the event loop.
int runAdminConsole(int argc, char **argv);

} // namespace smmo::admin
