// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QObject>
#include <QSocketNotifier>

#include <memory>
#include <vector>

namespace smmo {

/// Watches many sockets through one epoll set, which the thread's event loop watches as a single
/// descriptor. Qt's poll() dispatcher walks every QSocketNotifier on every wake-up, so a zone with
/// thousands of connections paid for all of them each time one spoke; epoll reports only the ones
/// ready. One poller per thread (forThread()); level-triggered. Used by both ends of the project's
/// WebSockets: the zone's connections (WebSocketConnection) and the bots' (WebSocketClient).
class SocketPoller : public QObject
{
    Q_OBJECT
public:
    /// What the poller calls when a socket is ready.
    class Client
    {
    public:
        virtual ~Client() = default;
        virtual void readyRead() = 0;
        virtual void readyWrite() = 0;
    };

    /// The current thread's poller (made on first use, deleted with the thread's last object).
    static SocketPoller &forThread();

    ~SocketPoller() override;

    /// Starts watching fd for reading (and writing too if asked). False if epoll refused it.
    bool add(int fd, Client *client, bool write = false);
    /// Whether to report fd writable (only while there is something to write).
    void watchWrite(int fd, bool write);
    /// Stops watching fd; no call reaches its client afterwards, even from the current batch.
    void remove(int fd);
    int count() const { return m_count; }

    /// Scratch space for one read, shared by every socket of the thread: a socket reads into it
    /// and keeps bytes of its own only when a message arrived in part. readBufferBytes long.
    char *readBuffer() { return m_readBuffer.get(); }
    static constexpr qsizetype readBufferBytes = 64 * 1024;

private:
    SocketPoller();
    void dispatch();

    Client *clientOf(int fd) const { return size_t(fd) < m_clients.size() ? m_clients[size_t(fd)] : nullptr; }

    int m_epoll = -1;
    std::unique_ptr<QSocketNotifier> m_notifier;
    /// Indexed by file descriptor (the kernel hands out the lowest free ones): a lookup per event
    /// is an index, not a hash.
    std::vector<Client *> m_clients;
    int m_count = 0;
    std::unique_ptr<char[]> m_readBuffer;
};

} // namespace smmo
