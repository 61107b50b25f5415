// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QObject>

#include <vector>

class QSocketNotifier;

namespace smmo::bots {

class LeanWebSocket;

/// The bots' WebSocket connections of one thread in one epoll set, which Qt's event loop watches
/// as a single file descriptor. Qt's own loop polls every socket it has a notifier for on every
/// pass and switches a socket's write notifier on and off for every message sent; with thousands
/// of bots on one thread that bookkeeping, not the messages, was most of the bots' cost.
/// Linux only (epoll), like the rest of the servers' deployment.
class BotSocketLoop : public QObject
{
    Q_OBJECT
public:
    explicit BotSocketLoop(QObject *parent = nullptr);
    ~BotSocketLoop() override;
    BotSocketLoop(const BotSocketLoop &) = delete;
    BotSocketLoop &operator=(const BotSocketLoop &) = delete;

    /// Watches fd for reading, and for writing too while wantWrite; false when epoll refuses.
    bool add(int fd, LeanWebSocket *socket, bool wantWrite);
    void setWantWrite(int fd, bool wantWrite);
    void remove(int fd);

    /// Scratch space for one read (shared: every socket reads into it, then keeps only the tail
    /// of a message that has not fully arrived).
    char *readBuffer() { return m_readBuffer.data(); }
    qsizetype readBufferSize() const { return m_readBuffer.size(); }

private:
    void dispatch();

    int m_epoll = -1;
    QSocketNotifier *m_notifier = nullptr;
    std::vector<LeanWebSocket *> m_byFd; ///< index: file descriptor
    QByteArray m_readBuffer;
};

} // namespace smmo::bots
