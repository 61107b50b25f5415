// SPDX-License-Identifier: AGPL-3.0-or-later
#include "BotStats.h"

namespace smmo::bots {

Counters Counters::operator-(const Counters &e) const
{
    return {joined - e.joined,
            joinFailures - e.joinFailures,
            movesSent - e.movesSent,
            updatesReceived - e.updatesReceived,
            objectsSeen - e.objectsSeen,
            chatSent - e.chatSent,
            chatReceived - e.chatReceived,
            errors - e.errors,
            disconnects - e.disconnects};
}

Counters &Counters::operator+=(const Counters &o)
{
    joined += o.joined;
    joinFailures += o.joinFailures;
    movesSent += o.movesSent;
    updatesReceived += o.updatesReceived;
    objectsSeen += o.objectsSeen;
    chatSent += o.chatSent;
    chatReceived += o.chatReceived;
    errors += o.errors;
    disconnects += o.disconnects;
    return *this;
}

Counters BotStats::snapshot() const
{
    return {joined.load(),          joinFailures.load(), movesSent.load(),
            updatesReceived.load(), objectsSeen.load(),  chatSent.load(),
            chatReceived.load(),    errors.load(),       disconnects.load()};
}

void BotStats::recordMoveLatency(std::int64_t ns)
{
    QMutexLocker locker(&m_mutex);
    m_histograms.move.record(ns / 1000);
}

void BotStats::recordChatLatency(std::int64_t ns)
{
    QMutexLocker locker(&m_mutex);
    m_histograms.chat.record(ns / 1000);
}

void BotStats::recordLoopLag(std::int64_t ns)
{
    QMutexLocker locker(&m_mutex);
    m_histograms.loopLag.record(ns / 1000);
}

void BotStats::noteError(const QString &kind)
{
    QMutexLocker locker(&m_mutex);
    ++m_histograms.errorKinds[kind];
}

void BotStats::Histograms::merge(const Histograms &other)
{
    move.merge(other.move);
    chat.merge(other.chat);
    loopLag.merge(other.loopLag);
    for (auto it = other.errorKinds.begin(); it != other.errorKinds.end(); ++it)
        errorKinds[it.key()] += it.value();
}

BotStats::Histograms BotStats::histograms() const
{
    QMutexLocker locker(&m_mutex);
    return m_histograms;
}

void BotStats::clearHistograms()
{
    QMutexLocker locker(&m_mutex);
    m_histograms.move.clear();
    m_histograms.chat.clear();
    m_histograms.loopLag.clear();
}

} // namespace smmo::bots
