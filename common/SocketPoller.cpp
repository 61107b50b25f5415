// SPDX-License-Identifier: AGPL-3.0-or-later
#include "SocketPoller.h"

#include "Logging.h"

#include <QThreadStorage>

#include <sys/epoll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace smmo {

namespace {

constexpr int batch = 256; ///< events taken per epoll_wait; the rest come with the next wake-up

quint32 eventsFor(bool write)
{
    return EPOLLIN | EPOLLRDHUP | (write ? quint32(EPOLLOUT) : 0u);
}

} // namespace

SocketPoller &SocketPoller::forThread()
{
    // Owned by the thread's storage: destroyed when the thread ends (the main thread: at exit).
    static thread_local std::unique_ptr<SocketPoller> poller;
    if (!poller)
        poller.reset(new SocketPoller);
    return *poller;
}

SocketPoller::SocketPoller() : m_readBuffer(std::make_unique_for_overwrite<char[]>(readBufferBytes))
{
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    if (m_epoll < 0) {
        qCCritical(lcHttp, "epoll_create1: %s", std::strerror(errno));
        return;
    }
    m_notifier = std::make_unique<QSocketNotifier>(m_epoll, QSocketNotifier::Read);
    connect(m_notifier.get(), &QSocketNotifier::activated, this, &SocketPoller::dispatch);
}

SocketPoller::~SocketPoller()
{
    m_notifier.reset();
    if (m_epoll >= 0)
        ::close(m_epoll);
}

bool SocketPoller::add(int fd, Client *client, bool write)
{
    epoll_event event{};
    event.events = eventsFor(write);
    event.data.fd = fd;
    if (m_epoll < 0 || epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event) != 0) {
        qCWarning(lcHttp, "epoll_ctl(ADD, %d): %s", fd, std::strerror(errno));
        return false;
    }
    if (size_t(fd) >= m_clients.size())
        m_clients.resize(size_t(fd) + 1, nullptr);
    m_clients[size_t(fd)] = client;
    ++m_count;
    return true;
}

void SocketPoller::watchWrite(int fd, bool write)
{
    epoll_event event{};
    event.events = eventsFor(write);
    event.data.fd = fd;
    if (epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &event) != 0)
        qCWarning(lcHttp, "epoll_ctl(MOD, %d): %s", fd, std::strerror(errno));
}

void SocketPoller::remove(int fd)
{
    if (!clientOf(fd))
        return;
    m_clients[size_t(fd)] = nullptr;
    --m_count;
    epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
}

void SocketPoller::dispatch()
{
    epoll_event events[batch];
    const int ready = epoll_wait(m_epoll, events, batch, 0);
    for (int i = 0; i < ready; ++i) {
        const int fd = events[i].data.fd;
        // Looked up for each event: a client handled earlier in this batch may have removed
        // another (a player dropped because of what someone else said).
        Client *client = clientOf(fd);
        if (!client)
            continue;
        if (events[i].events & EPOLLOUT) {
            client->readyWrite();
            client = clientOf(fd);
            if (!client)
                continue;
        }
        if (events[i].events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))
            client->readyRead();
    }
}

} // namespace smmo
