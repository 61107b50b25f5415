// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayList>

namespace smmo::ProcessTitle {

/// Rewrites one argument of this process's command line in place, as `ps` and
/// `/proc/<pid>/cmdline` show it (the setproctitle trick of PostgreSQL and nginx): the argument
/// that starts with `prefix` becomes the arguments `replacement`, padded with NUL bytes. A pooled
/// zone server uses it to read `--zone <id>` once assigned, so that operators, the master's
/// adoption check and the tests know it like a zone started with that id. The memory is only
/// written after checking it holds exactly what the kernel reports; false when it does not, when
/// no argument starts with `prefix`, or when the replacement does not fit in its room.
bool replaceArgument(const QByteArray &prefix, const QByteArrayList &replacement);

} // namespace smmo::ProcessTitle
