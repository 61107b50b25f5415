// SPDX-License-Identifier: AGPL-3.0-or-later
#include "Zone.h"

#include "ApiError.h"
#include "Database.h"
#include "Logging.h"
#include "ZoneTime.h"

#include <QDateTime>
#include <QTimer>

#include <cmath>

namespace smmo {

namespace {

constexpr int activationTimeoutMs = 1000;
const QString online = QStringLiteral("online");
const QString offline = QStringLiteral("offline");
const QString player = QStringLiteral("player");

// A player object carries `player` and exactly one of online/offline.
void setPresence(ZoneObject &object, bool isOnline)
{
    object.states.removeAll(online);
    object.states.removeAll(offline);
    if (!object.states.contains(player))
        object.states.prepend(player);
    object.states.append(isOnline ? online : offline);
}

qint64 idArgument(const QJsonValue &value)
{
    const double number = value.toDouble(-1);
    if (!value.isDouble() || number < 1 || number != std::floor(number))
        throw ApiError::badRequest(QStringLiteral("An object id must be a whole number from 1."));
    return qint64(number);
}

double coordinateArgument(const QJsonValue &value, const QString &what)
{
    if (!value.isDouble() || !std::isfinite(value.toDouble()) || std::abs(value.toDouble()) > ZoneObject::maxCoordinate)
        throw ApiError::badRequest(QStringLiteral("%1 must be a number.").arg(what));
    return value.toDouble();
}

bool truthy(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool: return value.toBool();
    case QJsonValue::Double: return value.toDouble() != 0;
    case QJsonValue::String: return !value.toString().isEmpty();
    case QJsonValue::Array: return true;
    case QJsonValue::Object: return true;
    default: return false;
    }
}

} // namespace

Zone::Zone(const ZoneSettings &settings, Database &database, QByteArray secret, QObject *parent)
    : QObject(parent), m_settings(settings), m_database(database), m_secret(std::move(secret)),
      m_id(settings.zone.toString()), m_world(settings.aoiRadius), m_store(database, m_id),
      m_characters(database, QString()), m_writer(std::make_unique<ZoneWriter>(m_store))
{
    m_activity.start();
    m_clock.start();
    if (!m_settings.masterUrl.isEmpty())
        m_master = std::make_unique<ServiceClient>(QStringLiteral("master"), QUrl(m_settings.masterUrl));
}

Zone::~Zone() = default;

qint64 Zone::now() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

void Zone::load()
{
    m_definition = ZoneDefinition::load(m_settings.definitionPath());
    bool created = false;
    m_world.load(m_store.open(m_settings.zone.zoneName, m_definition.objects, &created));
    m_messageCount = m_store.messageCount();
    qCInfo(lcZone, "zone %s %s: %d objects, %d messages", qPrintable(m_id),
           created ? "created from its definition" : "loaded from the database", m_world.size(), m_messageCount);

    // Characters still marked online were here when the zone was killed; nobody is connected now.
    const qint64 time = now();
    for (const QString &name : m_world.onlineCharacters()) {
        const ZoneObject *object = m_world.findCharacter(name);
        m_world.modify(object->id, [](ZoneObject &o) { setPresence(o, false); }, time);
        CharacterUpdate update;
        update.zone = m_id;
        update.x = object->locX;
        update.y = object->locY;
        update.z = object->locZ;
        update.online = false;
        m_writer->enqueue(QStringLiteral("record of %1").arg(name), [this, name, update] {
            CharacterStore(m_database, QString()).update(name, update);
        });
    }
}

void Zone::shutdown()
{
    for (const QString &name : m_world.onlineCharacters())
        leave(name, QStringLiteral("the zone is stopping"));
    try {
        m_writer->checkpointNow(m_world.takeDirty());
        qCInfo(lcZone, "zone %s: final checkpoint written", qPrintable(m_id));
    } catch (const std::exception &error) {
        qCWarning(lcZone, "zone %s: final checkpoint failed: %s", qPrintable(m_id), error.what());
    }
}

// Characters -------------------------------------------------------------------------------------

Character Zone::requireOwnCharacter(const SessionClaims &session, const QString &name)
{
    if (name.trimmed().isEmpty())
        throw ApiError::badRequest(QStringLiteral("A character is required."));
    const auto character = m_characters.find(name.trimmed());
    if (!character)
        throw ApiError::notFound(QStringLiteral("No such character: %1").arg(name));
    if (character->ownerId != session.userId)
        throw ApiError::forbidden(QStringLiteral("%1 is not your character.").arg(character->name));
    // A player instance belongs to its owner character's account (the master checks this too).
    if (m_settings.zone.isPlayerInstance()) {
        const auto owner = m_characters.find(m_settings.zone.owner);
        if (!owner || owner->ownerId != session.userId)
            throw ApiError::forbidden(QStringLiteral("This player instance belongs to someone else."));
    }
    return *character;
}

const ZoneObject &Zone::enter(const Character &character)
{
    noteActivity();
    const qint64 time = now();
    const ZoneObject *object = m_world.findCharacter(character.name);
    if (object && object->hasState(online))
        return *object;
    if (!object) {
        ZoneObject created;
        created.name = character.name;
        created.resource = QStringLiteral("character");
        created.owner = character.name;
        const bool wasHere = character.zone == m_id;
        created.locX = wasHere ? character.x : m_definition.spawnX;
        created.locY = wasHere ? character.y : m_definition.spawnY;
        created.locZ = wasHere ? character.z : m_definition.spawnZ;
        created.speed = 1;
        created.physical = false;
        setPresence(created, true);
        object = &m_world.add(created, time);
    } else {
        object = m_world.modify(object->id, [](ZoneObject &o) { setPresence(o, true); }, time);
    }
    CharacterUpdate update;
    update.zone = m_id;
    update.online = true;
    const QString name = character.name;
    m_writer->enqueue(QStringLiteral("record of %1").arg(name), [this, name, update] {
        CharacterStore(m_database, QString()).update(name, update);
    });
    emit busEvent({{QStringLiteral("type"), QStringLiteral("event")},
                   {QStringLiteral("event"), QStringLiteral("entered")},
                   {QStringLiteral("character"), name},
                   {QStringLiteral("id"), object->id}});
    qCInfo(lcZone, "%s entered %s", qPrintable(name), qPrintable(m_id));
    return *object;
}

const ZoneObject &Zone::setStatus(const Character &character, bool isOnline)
{
    if (isOnline)
        return enter(character);
    if (!m_world.findCharacter(character.name))
        enter(character); // a character has its object in the zone it reports status to
    leave(character.name);
    return *m_world.findCharacter(character.name);
}

void Zone::leave(const QString &name, const QString &reason)
{
    const ZoneObject *object = m_world.findCharacter(name);
    if (!object || !object->hasState(online))
        return;
    object = m_world.modify(object->id, [](ZoneObject &o) { setPresence(o, false); }, now());
    m_moveBudgets.remove(name.toLower());
    CharacterUpdate update;
    update.zone = m_id;
    update.x = object->locX;
    update.y = object->locY;
    update.z = object->locZ;
    update.online = false;
    const QString owner = object->owner;
    m_writer->enqueue(QStringLiteral("record of %1").arg(owner), [this, owner, update] {
        CharacterStore(m_database, QString()).update(owner, update);
    });
    emit busEvent({{QStringLiteral("type"), QStringLiteral("event")},
                   {QStringLiteral("event"), QStringLiteral("left")},
                   {QStringLiteral("character"), owner},
                   {QStringLiteral("id"), object->id}});
    emit characterLeft(owner, reason);
    qCInfo(lcZone, "%s left %s", qPrintable(owner), qPrintable(m_id));
}

void Zone::checkStep(double x, double y, double z)
{
    for (const double component : {x, y, z})
        if (!std::isfinite(component) || component < -1 || component > 1)
            throw ApiError::badRequest(QStringLiteral("x, y and z must be numbers from -1 to 1."));
}

const ZoneObject *Zone::move(const QString &name, double x, double y, double z)
{
    checkStep(x, y, z);
    const ZoneObject &object = requirePresent(name);
    takeRateToken(name);
    noteActivity();
    if (!m_world.moveBy(object.id, x * object.speed, y * object.speed, z * object.speed, now()))
        return nullptr;
    return m_world.find(object.id);
}

void Zone::takeRateToken(const QString &name)
{
    const double rate = m_settings.maxMovesPerSecond;
    MoveBudget &budget = m_moveBudgets[name.toLower()];
    const qint64 elapsed = m_clock.elapsed();
    if (budget.refilledAt == 0 && budget.tokens == 0)
        budget.tokens = rate;
    budget.tokens = qMin(rate, budget.tokens + double(elapsed - budget.refilledAt) * rate / 1000.0);
    budget.refilledAt = elapsed;
    if (budget.tokens < 1)
        throw ApiError(429, QStringLiteral("Too many moves: at most %1 per second.").arg(m_settings.maxMovesPerSecond),
                       QStringLiteral("rate_limited"));
    budget.tokens -= 1;
}

const ZoneObject &Zone::requirePresent(const QString &name) const
{
    const ZoneObject *object = m_world.findCharacter(name);
    if (!object || !object->hasState(online))
        throw ApiError(409, QStringLiteral("%1 is not online in this zone.").arg(name), QStringLiteral("not_joined"));
    return *object;
}

const ZoneObject &Zone::requireObject(qint64 id) const
{
    const ZoneObject *object = m_world.find(id);
    if (!object)
        throw ApiError::notFound(QStringLiteral("No such object: %1").arg(id));
    return *object;
}

// Chat -------------------------------------------------------------------------------------------

QString Zone::checkedText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        throw ApiError::badRequest(QStringLiteral("The text is empty."));
    if (trimmed.size() > ChatMessage::maxLength)
        throw ApiError::badRequest(QStringLiteral("The text is longer than %1 characters.").arg(ChatMessage::maxLength));
    return trimmed;
}

ChatMessage Zone::store(ChatMessage message)
{
    message = m_store.addMessage(message);
    if (++m_messageCount > m_settings.maxMessages)
        m_messageCount -= m_store.pruneMessages(m_settings.maxMessages);
    return message;
}

ChatMessage Zone::say(const QString &name, const QString &text)
{
    const QString body = checkedText(text);
    const ZoneObject &object = requirePresent(name);
    noteActivity();
    ChatMessage message;
    message.sender = object.owner;
    message.body = body;
    message.locX = object.locX;
    message.locY = object.locY;
    message.locZ = object.locZ;
    message.sent = now();
    message = store(message);
    emit chatPosted(message);
    return message;
}

ChatMessage Zone::announce(const QString &sender, const QString &text, double x, double y, double z)
{
    ChatMessage message;
    message.sender = sender;
    message.body = checkedText(text);
    message.locX = x;
    message.locY = y;
    message.locZ = z;
    message.playerGenerated = false;
    message.sent = now();
    message = store(message);
    emit chatPosted(message);
    return message;
}

void Zone::tell(const QString &from, const QString &to, const QString &text, const Done &done)
{
    const QString body = checkedText(text);
    const ZoneObject &sender = requirePresent(from);
    if (to.trimmed().isEmpty())
        throw ApiError::badRequest(QStringLiteral("Whom to tell is required."));
    noteActivity();
    ChatMessage message;
    message.scope = ChatMessage::Scope::Tell;
    message.sender = sender.owner;
    message.recipient = to.trimmed();
    message.body = body;
    message.locX = sender.locX;
    message.locY = sender.locY;
    message.locZ = sender.locZ;
    message.sent = now();

    const ZoneObject *recipient = m_world.findCharacter(message.recipient);
    if (recipient && recipient->hasState(online)) {
        message.recipient = recipient->owner;
        message = store(message);
        emit tellPosted(message);
        done(200, message.toStreamJson(), {});
        return;
    }
    if (!m_master) {
        done(404, {}, QStringLiteral("%1 is not online.").arg(message.recipient));
        return;
    }
    m_master->setToken(serviceToken());
    m_master->post(QStringLiteral("/tell"),
                   {{QStringLiteral("from"), message.sender},
                    {QStringLiteral("to"), message.recipient},
                    {QStringLiteral("text"), body}},
                   this, [this, message, done](const ServiceResult &result) {
                       if (result.ok) {
                           emit tellPosted(message);
                           done(200, message.toStreamJson(), {});
                       } else if (result.status == 404) {
                           done(404, {}, QStringLiteral("%1 is not online.").arg(message.recipient));
                       } else {
                           done(503, {}, QStringLiteral("The tell could not be routed: %1").arg(result.error));
                       }
                   });
}

bool Zone::receiveTell(const QString &from, const QString &to, const QString &text)
{
    const ZoneObject *recipient = m_world.findCharacter(to);
    if (!recipient || !recipient->hasState(online))
        return false;
    ChatMessage message;
    message.scope = ChatMessage::Scope::Tell;
    message.sender = from;
    message.recipient = recipient->owner;
    message.body = checkedText(text);
    message.locX = recipient->locX;
    message.locY = recipient->locY;
    message.locZ = recipient->locZ;
    message.sent = now();
    message = store(message);
    emit tellPosted(message);
    return true;
}

void Zone::sendGlobal(const QString &from, const QString &text, const Done &done)
{
    const QString body = checkedText(text);
    const ZoneObject &sender = requirePresent(from);
    noteActivity();
    if (!m_master) {
        // A zone without a master is its own cluster.
        done(200, receiveGlobal(sender.owner, body).toStreamJson(), {});
        return;
    }
    m_master->setToken(serviceToken());
    m_master->post(QStringLiteral("/global"), {{QStringLiteral("sender"), sender.owner}, {QStringLiteral("text"), body}},
                   this, [done](const ServiceResult &result) {
                       if (result.ok)
                           done(200, true, {});
                       else
                           done(503, {}, QStringLiteral("Global chat is unavailable: %1").arg(result.error));
                   });
}

ChatMessage Zone::receiveGlobal(const QString &sender, const QString &text)
{
    ChatMessage message;
    message.scope = ChatMessage::Scope::Global;
    message.sender = sender;
    message.body = checkedText(text);
    message.sent = now();
    emit globalPosted(message);
    return message;
}

QList<ChatMessage> Zone::messagesSince(qint64 sinceMicros)
{
    return m_store.messagesSince(sinceMicros, m_settings.maxMessages);
}

QByteArray Zone::serviceToken() const
{
    return SessionToken::issue(
        SessionToken::makeClaims(0, QStringLiteral("zone:") + m_id, {QStringLiteral("service")}, std::chrono::hours(1)),
        m_secret);
}

// Objects ----------------------------------------------------------------------------------------

void Zone::activate(qint64 id, const QString &character, const std::function<void(const QJsonValue &)> &done)
{
    requireObject(id);
    noteActivity();
    if (m_busConnections == 0) {
        done(false); // no ScriptServer: nothing can answer
        return;
    }
    const qint64 request = m_nextActivation++;
    m_activations.insert(request, {done, {}, 0});
    emit busEvent({{QStringLiteral("type"), QStringLiteral("event")},
                   {QStringLiteral("event"), QStringLiteral("activate")},
                   {QStringLiteral("request"), request},
                   {QStringLiteral("id"), id},
                   {QStringLiteral("character"), character}});
    QTimer::singleShot(activationTimeoutMs, this, [this, request] { finishActivation(request, QJsonArray()); });
}

void Zone::finishActivation(qint64 request, const QJsonValue &results)
{
    const auto it = m_activations.find(request);
    if (it == m_activations.end())
        return;
    const auto done = it->done;
    m_activations.erase(it);
    QJsonArray truthyResults;
    for (const auto &value : results.toArray())
        if (truthy(value))
            truthyResults.append(value);
    done(truthyResults.isEmpty() ? QJsonValue(false) : QJsonValue(truthyResults));
}

const ZoneObject &Zone::spawn(const QJsonObject &fields)
{
    ZoneObject object;
    object.speed = 0;
    object.applyFields(fields);
    if (object.name.isEmpty())
        throw ApiError::badRequest(QStringLiteral("A new object needs a name."));
    if (object.isPlayer())
        throw ApiError::badRequest(QStringLiteral("Player objects appear when their character enters."));
    return m_world.add(object, now());
}

void Zone::destroy(qint64 id)
{
    const ZoneObject &object = requireObject(id);
    if (object.isPlayer() && object.hasState(online))
        leave(object.owner, QStringLiteral("its object was destroyed"));
    m_world.remove(id);
}

QJsonValue Zone::teleport(const QJsonArray &args)
{
    if (args.size() < 3)
        throw ApiError::badRequest(QStringLiteral("teleport takes [character or id, x, y, z]."));
    qint64 id = 0;
    if (args.at(0).isString()) {
        const ZoneObject *object = m_world.findCharacter(args.at(0).toString());
        if (!object)
            throw ApiError::notFound(QStringLiteral("%1 has no object in this zone.").arg(args.at(0).toString()));
        id = object->id;
    } else {
        id = requireObject(idArgument(args.at(0))).id;
    }
    const double x = coordinateArgument(args.at(1), QStringLiteral("x"));
    const double y = coordinateArgument(args.at(2), QStringLiteral("y"));
    const double z = args.size() > 3 ? coordinateArgument(args.at(3), QStringLiteral("z")) : m_world.find(id)->locZ;
    return m_world
        .modify(id,
                [&](ZoneObject &o) {
                    o.locX = x;
                    o.locY = y;
                    o.locZ = z;
                },
                now())
        ->toJson();
}

QJsonValue Zone::admin(const QString &command, const QJsonArray &args, const SessionClaims &session)
{
    qCInfo(lcZone, "admin %s: %s", qPrintable(session.userName), qPrintable(command));
    if (command == QLatin1String("spawn")) {
        // [object fields] or [name, resource, x, y, z]
        if (args.size() == 1 && args.at(0).isObject())
            return spawn(args.at(0).toObject()).toJson();
        if (args.size() >= 4 && args.at(0).isString()) {
            QJsonObject fields{{QStringLiteral("name"), args.at(0)},
                               {QStringLiteral("resource"), args.at(1)},
                               {QStringLiteral("loc_x"), args.at(2)},
                               {QStringLiteral("loc_y"), args.at(3)}};
            if (args.size() > 4)
                fields.insert(QStringLiteral("loc_z"), args.at(4));
            return spawn(fields).toJson();
        }
        throw ApiError::badRequest(QStringLiteral("spawn takes [{object fields}] or [name, resource, x, y, z]."));
    }
    if (command == QLatin1String("destroy")) {
        if (args.size() != 1)
            throw ApiError::badRequest(QStringLiteral("destroy takes [id]."));
        destroy(idArgument(args.at(0)));
        return true;
    }
    if (command == QLatin1String("teleport"))
        return teleport(args);
    if (command == QLatin1String("set")) {
        if (args.size() != 2 || !args.at(1).isObject())
            throw ApiError::badRequest(QStringLiteral("set takes [id, {fields}]."));
        const qint64 id = requireObject(idArgument(args.at(0))).id;
        ZoneObject changed = *m_world.find(id);
        changed.applyFields(args.at(1).toObject());
        return m_world.modify(id, [&](ZoneObject &o) { o = changed; }, now())->toJson();
    }
    if (command == QLatin1String("broadcast")) {
        if (args.size() != 1 || !args.at(0).isString())
            throw ApiError::badRequest(QStringLiteral("broadcast takes [text]."));
        return announce(QStringLiteral("Server"), args.at(0).toString(), m_definition.spawnX, m_definition.spawnY,
                        m_definition.spawnZ)
            .toJson();
    }
    if (command == QLatin1String("kick")) {
        if (args.size() != 1 || !args.at(0).isString())
            throw ApiError::badRequest(QStringLiteral("kick takes [character]."));
        const ZoneObject *object = m_world.findCharacter(args.at(0).toString());
        if (!object || !object->hasState(online))
            throw ApiError::notFound(QStringLiteral("%1 is not online in this zone.").arg(args.at(0).toString()));
        const QString name = object->owner;
        leave(name, QStringLiteral("kicked by an administrator"));
        return true;
    }
    if (command == QLatin1String("players"))
        return QJsonArray::fromStringList(m_world.onlineCharacters());
    if (command == QLatin1String("checkpoint")) {
        m_writer->checkpointNow(m_world.takeDirty());
        return true;
    }
    throw ApiError::badRequest(QStringLiteral("Unknown command: %1. Commands: spawn, destroy, teleport, set, "
                                              "broadcast, kick, players, checkpoint.")
                                   .arg(command));
}

QJsonValue Zone::busMessage(const QJsonObject &message)
{
    const QString type = message.value(QStringLiteral("type")).toString();
    if (type == QLatin1String("correct")) {
        const qint64 id = requireObject(idArgument(message.value(QStringLiteral("id")))).id;
        QJsonObject fields;
        static const QStringList allowed = {QStringLiteral("loc_x"), QStringLiteral("loc_y"), QStringLiteral("loc_z"),
                                            QStringLiteral("rot_x"), QStringLiteral("rot_y"), QStringLiteral("rot_z"),
                                            QStringLiteral("vel_x"), QStringLiteral("vel_y"), QStringLiteral("vel_z")};
        for (const auto &key : allowed)
            if (message.contains(key))
                fields.insert(key, message.value(key));
        if (fields.isEmpty())
            throw ApiError::badRequest(QStringLiteral("correct needs loc_*, rot_* or vel_* fields."));
        ZoneObject changed = *m_world.find(id);
        changed.applyFields(fields);
        m_world.modify(id, [&](ZoneObject &o) { o = changed; }, now());
        return {};
    }
    if (type != QLatin1String("action"))
        throw ApiError(400, QStringLiteral("Unknown message type: %1.").arg(type), QStringLiteral("unknown_type"));

    const QString action = message.value(QStringLiteral("action")).toString();
    if (action == QLatin1String("activate_result")) {
        finishActivation(qint64(message.value(QStringLiteral("request")).toDouble()),
                         message.value(QStringLiteral("results")));
        return {};
    }
    if (action == QLatin1String("say")) {
        const ZoneObject &object = requireObject(idArgument(message.value(QStringLiteral("id"))));
        announce(object.name, message.value(QStringLiteral("text")).toString(), object.locX, object.locY, object.locZ);
        return {};
    }
    if (action == QLatin1String("set")) {
        const qint64 id = requireObject(idArgument(message.value(QStringLiteral("id")))).id;
        ZoneObject changed = *m_world.find(id);
        changed.applyFields(message.value(QStringLiteral("fields")).toObject());
        m_world.modify(id, [&](ZoneObject &o) { o = changed; }, now());
        return {};
    }
    if (action == QLatin1String("spawn")) {
        const ZoneObject &object = spawn(message.value(QStringLiteral("object")).toObject());
        QJsonObject answer{{QStringLiteral("type"), QStringLiteral("event")},
                           {QStringLiteral("event"), QStringLiteral("spawned")},
                           {QStringLiteral("id"), object.id},
                           {QStringLiteral("object"), object.toJson()}};
        if (message.contains(QStringLiteral("ref")))
            answer.insert(QStringLiteral("ref"), message.value(QStringLiteral("ref")));
        return answer;
    }
    if (action == QLatin1String("destroy")) {
        destroy(idArgument(message.value(QStringLiteral("id"))));
        return {};
    }
    if (action == QLatin1String("event")) {
        const qint64 id = requireObject(idArgument(message.value(QStringLiteral("id")))).id;
        QJsonObject event = message.value(QStringLiteral("data")).toObject();
        event.insert(QStringLiteral("type"), QStringLiteral("event"));
        event.insert(QStringLiteral("event"), message.value(QStringLiteral("event")).toString(QStringLiteral("script")));
        event.insert(QStringLiteral("id"), id);
        emit objectEvent(id, event);
        return {};
    }
    throw ApiError(400, QStringLiteral("Unknown action: %1.").arg(action), QStringLiteral("unknown_action"));
}

// Persistence ------------------------------------------------------------------------------------

void Zone::checkpoint()
{
    if (m_writer->pending() > 0)
        return; // the previous one is still writing; its successor takes everything since
    WorldModel::Dirty dirty = m_world.takeDirty();
    if (dirty.isEmpty())
        return;
    m_writer->checkpoint(std::move(dirty), [this](const WorldModel::Dirty &failed) { m_world.restoreDirty(failed); });
}

} // namespace smmo
