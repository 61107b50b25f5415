// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QDeadlineTimer>
#include <QStringList>

namespace smmo {

/// Looking at processes that are not our QProcess children (zones adopted from a previous
/// master), through /proc and pidfds on Linux.
namespace ProcessProbe {

/// True while the process exists and has not exited (a zombie counts as exited: its parent,
/// not us, is the one to reap it).
bool isAlive(qint64 pid);
/// The process's command line (program first); empty when it is gone or unreadable.
QStringList arguments(qint64 pid);
/// A file descriptor that becomes readable when the process exits (Linux pidfd), or -1.
int openExitDescriptor(qint64 pid);
/// Waits until the process is gone or the deadline passes; true when it is gone.
bool waitForExit(qint64 pid, const QDeadlineTimer &deadline);
/// Sends a signal; false when the process does not exist or may not be signalled.
bool sendSignal(qint64 pid, int signal);

} // namespace ProcessProbe
} // namespace smmo
