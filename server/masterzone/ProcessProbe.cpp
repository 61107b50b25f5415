// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ProcessProbe.h"

#include <QFile>
#include <QThread>

#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace smmo::ProcessProbe {

bool isAlive(qint64 pid)
{
    if (pid <= 0)
        return false;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    // "<pid> (<comm>) <state> ...": comm may contain spaces and parentheses, so read after the last ')'.
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    if (close < 0 || close + 2 >= text.size())
        return false;
    const char state = text.at(close + 2);
    return state != 'Z' && state != 'X';
}

QStringList arguments(qint64 pid)
{
    QFile file(QStringLiteral("/proc/%1/cmdline").arg(pid));
    if (pid <= 0 || !file.open(QIODevice::ReadOnly))
        return {};
    QStringList list;
    for (const QByteArray &part : file.readAll().split('\0'))
        if (!part.isEmpty())
            list.append(QString::fromLocal8Bit(part));
    return list;
}

int openExitDescriptor(qint64 pid)
{
#ifdef SYS_pidfd_open
    if (pid > 0)
        return int(::syscall(SYS_pidfd_open, pid_t(pid), 0));
#else
    Q_UNUSED(pid);
#endif
    return -1;
}

bool waitForExit(qint64 pid, const QDeadlineTimer &deadline)
{
    const int fd = openExitDescriptor(pid);
    if (fd >= 0) {
        pollfd entry{fd, POLLIN, 0};
        int ready = 0;
        do {
            const qint64 remaining = deadline.remainingTime();
            ready = ::poll(&entry, 1, remaining < 0 ? -1 : int(qMin<qint64>(remaining, 1 << 30)));
        } while (ready < 0 && errno == EINTR);
        ::close(fd);
        return ready > 0 || !isAlive(pid);
    }
    // No pidfd (old kernel): look again every few milliseconds.
    while (isAlive(pid)) {
        if (deadline.hasExpired())
            return false;
        QThread::msleep(20);
    }
    return true;
}

bool sendSignal(qint64 pid, int signal)
{
    return pid > 0 && ::kill(pid_t(pid), signal) == 0;
}

} // namespace smmo::ProcessProbe
