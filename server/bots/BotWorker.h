// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "BotStats.h"
#include "BotTransport.h"
#include "RandomWalk.h"
#include "RunOptions.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <memory>
#include <random>
#include <vector>

namespace smmo::bots {

class LatencyBoard;

/// The bots of one thread: it starts them at the ramp's pace, then every 10 ms sends the moves
/// and chat lines that are due, and turns what the transports report into BotStats. Everything
/// but the constructor runs on the worker's own thread.
class BotWorker : public QObject, public BotEvents
{
    Q_OBJECT
public:
    /// Bots first .. first + count - 1 of the swarm's options.bots.
    BotWorker(const RunOptions &options, int first, int count, LatencyBoard *board,
              const std::atomic<bool> *measuring);
    ~BotWorker() override;

    BotStats &stats() { return m_stats; }

public slots:
    void begin();
    /// Stops every bot (leave, close) and deletes their connections.
    void finish();

public:
    // BotEvents
    void ready(int bot, qint64 selfId) override;
    void failed(int bot, const QString &stage, const QString &message) override;
    void updateReceived(int bot, int objects) override;
    void objectSeen(int bot, qint64 id) override;
    void chatReceived(int bot, const QString &text) override;
    void errorReceived(int bot, const QString &code) override;
    void disconnected(int bot, const QString &reason) override;

    /// A chat line carrying its send time, and the time read back from one (0: not a bot's line).
    static QString chatLine(int bot, std::int64_t sentNs);
    static std::int64_t chatSentNs(const QString &text);

private:
    enum class State { Waiting, Starting, Ready, Failed };
    struct Bot
    {
        std::unique_ptr<BotTransport> transport;
        RandomWalk walk;
        State state = State::Waiting;
        std::int64_t nextMoveNs = 0;
    };

    Bot &local(int bot) { return m_bots[size_t(bot - m_first)]; }
    void tick();
    std::unique_ptr<BotTransport> makeTransport(int bot);

    RunOptions m_options;
    int m_first;
    LatencyBoard *m_board;
    const std::atomic<bool> *m_measuring;
    BotStats m_stats;
    std::vector<Bot> m_bots;
    std::unique_ptr<QObject> m_endpoints; // SimpleMmoCluster or ColyseusServer
    QTimer *m_timer = nullptr;
    std::int64_t m_lastTickNs = 0;
    int m_nextToStart = 0;
    double m_startCredit = 0;
    double m_chatCredit = 0;
    std::int64_t m_movePeriodNs = 0;
    std::mt19937 m_random;
    std::vector<int> m_readyBots;
};

} // namespace smmo::bots
