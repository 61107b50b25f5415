// SPDX-License-Identifier: AGPL-3.0-or-later
#include "BotWorker.h"

#include "ColyseusTransport.h"
#include "LatencyBoard.h"
#include "SimpleMmoTransport.h"

#include <algorithm>

namespace smmo::bots {

namespace {
constexpr int tickMs = 10;
const QLatin1String chatMarker("bots@");
} // namespace

BotWorker::BotWorker(const RunOptions &options, int first, int count, LatencyBoard *board,
                     const std::atomic<bool> *measuring)
    : m_options(options), m_first(first), m_board(board), m_measuring(measuring),
      m_random(options.seed * 7919u + unsigned(first))
{
    m_bots.reserve(size_t(count));
    for (int i = 0; i < count; ++i) {
        double x = 0, y = 0;
        RandomWalk::gridHome(first + i, options.bots, options.spacing, options.originX, options.originY, &x,
                             &y);
        m_bots.push_back(Bot{nullptr,
                             RandomWalk(x, y, options.walkRadius, options.seed + unsigned(first + i)),
                             State::Waiting, 0});
    }
    m_movePeriodNs = options.moveHz > 0 ? std::int64_t(1e9 / options.moveHz) : 0;
}

BotWorker::~BotWorker() = default;

QString BotWorker::chatLine(int bot, std::int64_t sentNs)
{
    return chatMarker + QString::number(sentNs) + QLatin1Char(' ') + QString::number(bot);
}

std::int64_t BotWorker::chatSentNs(const QString &text)
{
    if (!text.startsWith(chatMarker))
        return 0;
    const qsizetype end = text.indexOf(QLatin1Char(' '), chatMarker.size());
    bool ok = false;
    const std::int64_t ns =
        text.mid(chatMarker.size(), end < 0 ? -1 : end - chatMarker.size()).toLongLong(&ok);
    return ok ? ns : 0;
}

std::unique_ptr<BotTransport> BotWorker::makeTransport(int bot)
{
    BotTransport::Identity identity;
    identity.index = bot;
    identity.account = m_options.prefix + QString::number(bot);
    identity.password = m_options.password;
    identity.homeX = local(bot).walk.homeX();
    identity.homeY = local(bot).walk.homeY();
    if (m_options.target == RunOptions::Target::Colyseus)
        return std::make_unique<ColyseusTransport>(identity, this,
                                                   static_cast<ColyseusServer *>(m_endpoints.get()));
    return std::make_unique<SimpleMmoTransport>(identity, this,
                                                static_cast<SimpleMmoCluster *>(m_endpoints.get()));
}

void BotWorker::begin()
{
    if (m_options.target == RunOptions::Target::Colyseus)
        m_endpoints = std::make_unique<ColyseusServer>(m_options.colyseusUrl, m_options.room);
    else
        m_endpoints =
            std::make_unique<SimpleMmoCluster>(m_options.authUrl, m_options.charUrl, m_options.masterUrl,
                                               m_options.zoneId, m_options.adminToken);
    m_timer = new QTimer(this);
    m_timer->setTimerType(Qt::PreciseTimer);
    connect(m_timer, &QTimer::timeout, this, &BotWorker::tick);
    m_lastTickNs = monotonicNs();
    m_startCredit = 1; // the first bot at once
    m_timer->start(tickMs);
}

void BotWorker::finish()
{
    if (m_timer)
        m_timer->stop();
    for (Bot &bot : m_bots) {
        if (bot.transport)
            bot.transport->stop();
    }
    for (Bot &bot : m_bots)
        bot.transport.reset();
    m_endpoints.reset();
}

void BotWorker::tick()
{
    const std::int64_t now = monotonicNs();
    const std::int64_t elapsed = now - m_lastTickNs;
    m_lastTickNs = now;
    // How late this tick is: a loop that cannot keep up shows here first.
    if (m_measuring->load(std::memory_order_relaxed))
        m_stats.recordLoopLag(std::max<std::int64_t>(0, elapsed - tickMs * 1000000LL));

    // Ramp: this thread's share of the swarm-wide start rate.
    if (m_nextToStart < int(m_bots.size())) {
        const double share = double(m_bots.size()) / double(m_options.bots);
        m_startCredit += m_options.rampPerSecond * share * double(elapsed) / 1e9;
        while (m_startCredit >= 1 && m_nextToStart < int(m_bots.size())) {
            m_startCredit -= 1;
            const int bot = m_first + m_nextToStart++;
            local(bot).state = State::Starting;
            local(bot).transport = makeTransport(bot);
            local(bot).transport->start();
        }
    }

    // Moves that are due. A bot far behind (the loop stalled) skips ahead instead of bursting,
    // which the zone's rate limit would refuse.
    if (m_movePeriodNs > 0) {
        for (int bot : m_readyBots) {
            Bot &b = local(bot);
            if (b.state != State::Ready || now < b.nextMoveNs)
                continue;
            const RandomWalk::Step step = b.walk.next();
            b.transport->move(step.dx, step.dy);
            m_board->moveSent(bot, now);
            m_stats.movesSent.fetch_add(1, std::memory_order_relaxed);
            b.nextMoveNs += m_movePeriodNs;
            if (b.nextMoveNs < now)
                b.nextMoveNs = now + m_movePeriodNs;
        }
    }

    // Chat: this thread's share of the swarm-wide rate, from bots picked at random.
    if (m_options.chatPerSecond > 0 && !m_readyBots.empty()) {
        const double share = double(m_bots.size()) / double(m_options.bots);
        m_chatCredit += m_options.chatPerSecond * share * double(elapsed) / 1e9;
        while (m_chatCredit >= 1) {
            m_chatCredit -= 1;
            const int bot =
                m_readyBots[std::uniform_int_distribution<size_t>(0, m_readyBots.size() - 1)(m_random)];
            if (local(bot).state != State::Ready)
                continue;
            local(bot).transport->say(chatLine(bot, monotonicNs()));
            m_stats.chatSent.fetch_add(1, std::memory_order_relaxed);
        }
    }
}

void BotWorker::ready(int bot, qint64 selfId)
{
    Bot &b = local(bot);
    if (b.state == State::Ready)
        return;
    b.state = State::Ready;
    m_board->setObject(bot, selfId);
    // Spread the bots' moves over the period, so the zone sees a steady stream.
    b.nextMoveNs =
        monotonicNs() + (m_movePeriodNs > 0
                             ? std::uniform_int_distribution<std::int64_t>(0, m_movePeriodNs - 1)(m_random)
                             : 0);
    m_readyBots.push_back(bot);
    m_stats.joined.fetch_add(1, std::memory_order_relaxed);
}

void BotWorker::failed(int bot, const QString &stage, const QString &message)
{
    Bot &b = local(bot);
    if (b.state == State::Failed)
        return;
    const bool wasReady = b.state == State::Ready;
    b.state = State::Failed;
    if (wasReady)
        m_stats.joined.fetch_sub(1, std::memory_order_relaxed);
    m_stats.joinFailures.fetch_add(1, std::memory_order_relaxed);
    m_stats.noteError(QStringLiteral("join failed at %1: %2").arg(stage, message.left(120)));
}

void BotWorker::updateReceived(int, int objects)
{
    m_stats.updatesReceived.fetch_add(1, std::memory_order_relaxed);
    m_stats.objectsSeen.fetch_add(objects, std::memory_order_relaxed);
}

void BotWorker::objectSeen(int, qint64 id)
{
    const int mover = m_board->botOf(id);
    if (mover < 0)
        return;
    const std::int64_t sentAt = m_board->takeMove(mover);
    if (sentAt && m_measuring->load(std::memory_order_relaxed))
        m_stats.recordMoveLatency(monotonicNs() - sentAt);
}

void BotWorker::chatReceived(int, const QString &text)
{
    const std::int64_t sentAt = chatSentNs(text);
    if (!sentAt)
        return;
    m_stats.chatReceived.fetch_add(1, std::memory_order_relaxed);
    if (m_measuring->load(std::memory_order_relaxed))
        m_stats.recordChatLatency(monotonicNs() - sentAt);
}

void BotWorker::errorReceived(int, const QString &code)
{
    m_stats.errors.fetch_add(1, std::memory_order_relaxed);
    m_stats.noteError(code);
}

void BotWorker::disconnected(int bot, const QString &reason)
{
    Bot &b = local(bot);
    if (b.state == State::Ready)
        m_stats.joined.fetch_sub(1, std::memory_order_relaxed);
    b.state = State::Failed;
    m_stats.disconnects.fetch_add(1, std::memory_order_relaxed);
    m_stats.noteError(QStringLiteral("disconnected: ") + reason.left(120));
}

} // namespace smmo::bots
