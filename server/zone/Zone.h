// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "CharacterStore.h"
#include "ChatMessage.h"
#include "ServiceClient.h"
#include "SessionToken.h"
#include "WorldModel.h"
#include "ZoneDefinition.h"
#include "ZoneSettings.h"
#include "ZoneStore.h"
#include "ZoneWriter.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>

#include <functional>
#include <memory>

namespace smmo {

class Database;

/// The game logic of one zone instance and the single writer of its state: characters entering
/// and leaving, movement, chat, activation, administration and actions from the zone's bus all go
/// through here, whether they came over HTTP or the WebSocket stream. Listeners (the stream)
/// learn about what to deliver through its signals; persistence goes through the ZoneWriter.
class Zone : public QObject
{
    Q_OBJECT
public:
    /// Answer of an operation that may have to ask another server (a tell to another zone).
    using Done = std::function<void(int status, const QJsonValue &result, const QString &error)>;

    Zone(const ZoneSettings &settings, Database &database, QByteArray secret, QObject *parent = nullptr);
    ~Zone() override;

    /// Reads the definition and the stored state (copying the definition in on the first start).
    /// Throws std::runtime_error when the zone cannot be loaded.
    void load();
    /// Final checkpoint: every character present leaves (records written), then state is saved.
    void shutdown();

    QString id() const { return m_id; }
    const ZoneSettings &settings() const { return m_settings; }
    const ZoneDefinition &definition() const { return m_definition; }
    const WorldModel &world() const { return m_world; }
    /// The world for the tick (taking its changes); everything else changes it through Zone.
    WorldModel &worldForTick() { return m_world; }
    qint64 now() const;

    // Characters ---------------------------------------------------------------------------------
    /// The record of character `name` when `session` owns it: ApiError 404 unknown, 403 another's.
    Character requireOwnCharacter(const SessionClaims &session, const QString &name);
    /// Puts the character into the zone (its one object, created on first entry where its record
    /// says it stands if it was last here, else at the spawn point) and marks it online.
    const ZoneObject &enter(const Character &character);
    /// POST /setstatus: online enters, offline leaves. Returns the character's object.
    const ZoneObject &setStatus(const Character &character, bool online);
    /// Marks the character offline and writes its zone and position to its record (no-op when it
    /// is not online here). `reason` reaches its connections: offline, disconnected, kicked, ...
    void leave(const QString &name, const QString &reason = QStringLiteral("offline"));
    /// Moves the character by (x, y, z) x its speed; each component must lie in [-1, 1]. nullptr
    /// when the move would collide (nothing changes). ApiError 400 bad numbers, 429 too many.
    const ZoneObject *move(const QString &name, double x, double y, double z);

    /// ApiError 400 unless each step component is a number in [-1, 1].
    static void checkStep(double x, double y, double z);

    // Chat ---------------------------------------------------------------------------------------
    /// The chat line as stored: trimmed; ApiError 400 when empty or longer than ChatMessage::maxLength.
    static QString checkedText(const QString &text);
    /// Zone chat from a character present here; stored before it is delivered (chatPosted).
    ChatMessage say(const QString &name, const QString &text);
    /// Zone chat that no player wrote (an administrator's broadcast, an NPC). objectId: the object
    /// that speaks, if any (the stream's chat then carries it as `object`).
    ChatMessage announce(const QString &sender, const QString &text, double x, double y, double z,
                         qint64 objectId = 0);
    /// A private line: delivered here when `to` is online in this zone, else through the master.
    void tell(const QString &from, const QString &to, const QString &text, const Done &done);
    /// A tell the master routed here; false when `to` is not online in this zone.
    bool receiveTell(const QString &from, const QString &to, const QString &text);
    /// Global chat from a character here, sent to every zone through the master.
    void sendGlobal(const QString &from, const QString &text, const Done &done);
    /// Global chat the master pushed to this zone; playerGenerated false for a line an
    /// administrator sent as the server.
    ChatMessage receiveGlobal(const QString &sender, const QString &text, bool playerGenerated = true);
    QList<ChatMessage> messagesSince(qint64 sinceMicros);

    // Objects ------------------------------------------------------------------------------------
    /// Activation of object id by a character: asks the zone's bus (the ScriptServer) and answers
    /// the truthy results of its scripts, or false when no script answers in time.
    void activate(qint64 id, const QString &character, const std::function<void(const QJsonValue &)> &done);
    /// POST /admin: spawn, destroy, teleport, set, broadcast, kick, players, checkpoint,
    /// reload_scripts.
    QJsonValue admin(const QString &command, const QJsonArray &args, const SessionClaims &session);
    /// A message from the bus (ScriptServer, PhysicsServer): `correct` or `action`. Returns what
    /// to answer, or null for nothing.
    QJsonValue busMessage(const QJsonObject &message);
    const ZoneObject &spawn(const QJsonObject &fields);
    void destroy(qint64 id);

    // Persistence and liveliness ------------------------------------------------------------------
    /// Queues a checkpoint of what changed since the last one (skipped while one is running).
    void checkpoint();
    /// A player did something (HTTP request or stream message): postpones the idle shutdown.
    void noteActivity() { m_activity.restart(); }
    qint64 idleMs() const { return m_activity.elapsed(); }
    int onlineCount() const { return int(m_world.onlineCharacters().size()); }
    void setBusConnections(int count) { m_busConnections = count; }
    /// The `activate` events still waiting for an answer, oldest first: a bus connection that
    /// arrives meanwhile (a zone's ScriptServer starts once the zone is ready) gets them after its
    /// hello, so an activation made before it came is not lost.
    QList<QJsonObject> pendingActivations() const;
    ZoneWriter &writer() { return *m_writer; }

signals:
    /// Zone chat to deliver to players within the chat radius, and to the bus.
    void chatPosted(const smmo::ChatMessage &message);
    /// A tell to deliver to its recipient's connections and echo to its sender's.
    void tellPosted(const smmo::ChatMessage &message);
    /// Global chat to deliver to every player here.
    void globalPosted(const smmo::ChatMessage &message);
    /// An event for the bus only (activation requests, characters entering and leaving).
    void busEvent(const QJsonObject &event);
    /// An event about an object, for players who see it and for the bus.
    void objectEvent(qint64 id, const QJsonObject &event);
    /// The character is no longer online here (left, went offline, was kicked).
    void characterLeft(const QString &name, const QString &reason);
    /// The ScriptServer's report of its scripts (bus action `scripts`): loaded names and load errors.
    void scriptsReported(const QJsonObject &report);

private:
    const ZoneObject &requirePresent(const QString &name) const;
    const ZoneObject &requireObject(qint64 id) const;
    ChatMessage store(ChatMessage message);
    struct Budget
    {
        double tokens = -1; ///< negative: not used yet, starts full
        qint64 refilledAt = 0;
    };
    /// Token bucket per character: ApiError 429 `rate_limited` once `perSecond` are used up.
    void takeToken(QHash<QString, Budget> &budgets, const QString &name, int perSecond, const QString &what);
    QByteArray serviceToken() const;
    /// `mover` ran into `other`: a `collision` event about each of them (their scripts' onCollide).
    void emitCollision(qint64 mover, qint64 other);
    void finishActivation(qint64 request, const QJsonValue &results);
    QJsonValue teleport(const QJsonArray &args);

    ZoneSettings m_settings;
    Database &m_database;
    QByteArray m_secret;
    QString m_id;
    ZoneDefinition m_definition;
    WorldModel m_world;
    ZoneStore m_store;
    CharacterStore m_characters;
    std::unique_ptr<ZoneWriter> m_writer;
    std::unique_ptr<ServiceClient> m_master;
    QElapsedTimer m_activity;
    QElapsedTimer m_clock;
    int m_messageCount = 0;
    int m_busConnections = 0;

    QHash<QString, Budget> m_moveBudgets;
    QHash<QString, Budget> m_chatBudgets;

    /// Activations waiting for the bus's answer, by request number.
    QHash<qint64, std::function<void(const QJsonValue &)>> m_activations;
    /// Their `activate` events, by request number.
    QHash<qint64, QJsonObject> m_pendingActivations;
    qint64 m_nextActivation = 1;
};

} // namespace smmo
