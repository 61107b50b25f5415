// SPDX-License-Identifier: AGPL-3.0-or-later
#include "BotSocketLoop.h"

#include "LeanWebSocket.h"

#include <QSocketNotifier>

#include <sys/epoll.h>
#include <unistd.h>

namespace smmo::bots {

namespace {
constexpr int eventsPerPass = 256;
constexpr qsizetype readBufferBytes = 256 * 1024;

epoll_event eventFor(int fd, bool wantWrite)
{
    epoll_event event{};
    event.events = EPOLLIN | EPOLLRDHUP | (wantWrite ? EPOLLOUT : 0u);
    event.data.fd = fd;
    return event;
}
} // namespace

BotSocketLoop::BotSocketLoop(QObject *parent)
    : QObject(parent), m_readBuffer(readBufferBytes, Qt::Uninitialized)
{
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    if (m_epoll < 0)
        qFatal("simplemmo-bots: epoll_create1 failed");
    m_notifier = new QSocketNotifier(qintptr(m_epoll), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &BotSocketLoop::dispatch);
}

BotSocketLoop::~BotSocketLoop()
{
    delete m_notifier;
    ::close(m_epoll);
}

bool BotSocketLoop::add(int fd, LeanWebSocket *socket, bool wantWrite)
{
    epoll_event event = eventFor(fd, wantWrite);
    if (epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event) != 0)
        return false;
    if (size_t(fd) >= m_byFd.size())
        m_byFd.resize(size_t(fd) + 1, nullptr);
    m_byFd[size_t(fd)] = socket;
    return true;
}

void BotSocketLoop::setWantWrite(int fd, bool wantWrite)
{
    epoll_event event = eventFor(fd, wantWrite);
    epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &event);
}

void BotSocketLoop::remove(int fd)
{
    epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
    if (size_t(fd) < m_byFd.size())
        m_byFd[size_t(fd)] = nullptr;
}

void BotSocketLoop::dispatch()
{
    // Level-triggered: what is left unread now wakes the next pass, so one pass handles at most
    // eventsPerPass sockets and the timers in between still run on time.
    epoll_event events[eventsPerPass];
    const int n = epoll_wait(m_epoll, events, eventsPerPass, 0);
    for (int i = 0; i < n; ++i) {
        const int fd = events[i].data.fd;
        // A socket closed by an earlier one's handler in this pass is gone from the table.
        LeanWebSocket *socket = size_t(fd) < m_byFd.size() ? m_byFd[size_t(fd)] : nullptr;
        if (socket)
            socket->handleEvents(events[i].events);
    }
}

} // namespace smmo::bots
