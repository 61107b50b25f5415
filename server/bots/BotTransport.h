// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>

namespace smmo::bots {

/// What a transport tells the bot that owns it. Called on the bot's thread, synchronously, so a
/// busy zone costs one virtual call per observed object rather than a queued signal.
class BotEvents
{
public:
    virtual ~BotEvents() = default;
    /// In the world at its home, with this object id: moves may start.
    virtual void ready(int bot, qint64 selfId) = 0;
    /// Could not get in; stage says where (register, login, character, zone, join, place, ...).
    virtual void failed(int bot, const QString &stage, const QString &message) = 0;
    /// One update arrived; `objects` objects in it were someone else's change or arrival.
    virtual void updateReceived(int bot, int objects) = 0;
    /// Object `id` (not the bot's own) changed or came into view.
    virtual void objectSeen(int bot, qint64 id) = 0;
    virtual void chatReceived(int bot, const QString &text) = 0;
    /// An error message from the server about something the bot sent (the connection stays).
    virtual void errorReceived(int bot, const QString &code) = 0;
    /// The connection closed without the bot asking for it.
    virtual void disconnected(int bot, const QString &reason) = 0;
};

/// One bot's connection to a game server: gets in (log in, find the zone or room, join, stand at
/// home), then sends moves and chat lines. SimpleMMO and Colyseus each have one, so the same bots
/// and the same measurements run against both.
class BotTransport
{
public:
    struct Identity
    {
        int index = 0;   ///< the bot's number in the whole swarm
        QString account; ///< account (and character) name
        QString password;
        double homeX = 0;
        double homeY = 0;
    };

    BotTransport(Identity identity, BotEvents *events) : m_identity(std::move(identity)), m_events(events) {}
    virtual ~BotTransport() = default;
    BotTransport(const BotTransport &) = delete;
    BotTransport &operator=(const BotTransport &) = delete;

    virtual void start() = 0;
    /// dx, dy in [-1, 1]: one step.
    virtual void move(double dx, double dy) = 0;
    virtual void say(const QString &text) = 0;
    /// Leaves and closes; no disconnected() follows.
    virtual void stop() = 0;

    const Identity &identity() const { return m_identity; }

protected:
    /// The connection closed: a failed join before the bot was ready, a disconnect after, nothing
    /// when the bot is stopping (it asked for it).
    void connectionClosed(int code, const QString &reason)
    {
        if (m_stopping)
            return;
        const QString why = QStringLiteral("%1 %2").arg(code).arg(reason).trimmed();
        if (!m_ready)
            return m_events->failed(m_identity.index, QStringLiteral("join"),
                                    QStringLiteral("closed: ") + why);
        m_ready = false;
        m_events->disconnected(m_identity.index, why);
    }

    Identity m_identity;
    BotEvents *m_events;
    bool m_ready = false;    ///< in the world, moving
    bool m_stopping = false; ///< stop() was called
};

} // namespace smmo::bots
