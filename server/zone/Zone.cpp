// SPDX-License-Identifier: AGPL-3.0-or-later
#include "Zone.h"

#include "ApiError.h"
#include "Database.h"
#include "Logging.h"
#include "ZoneTime.h"

#include <QDateTime>
#include <QTimer>

#include <algorithm>
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

bool truthy(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return value.toBool();
    case QJsonValue::Double:
        return value.toDouble() != 0;
    case QJsonValue::String:
        return !value.toString().isEmpty();
    case QJsonValue::Array:
        return true;
    case QJsonValue::Object:
        return true;
    default:
        return false;
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
           created ? "created from its definition" : "loaded from the database", m_world.size(),
           m_messageCount);

    // Characters still marked online were here when the zone was killed; nobody is connected now.
    const qint64 time = now();
    for (const QString &name : m_world.onlineCharacters()) {
        const ZoneObject *object = m_world.findCharacter(name);
        m_world.modify(
            object->id, [](ZoneObject &o) { setPresence(o, false); }, time);
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
    if (object && object->isOnline())
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
        object = m_world.modify(
            object->id, [](ZoneObject &o) { setPresence(o, true); }, time);
    }
    CharacterUpdate update;
    update.zone = m_id;
    update.online = true;
    const QString name = character.name;
    // At once, not queued: the master routes tells by the zone in this record.
    m_writer->runNow(QStringLiteral("record of %1").arg(name),
                     [this, name, update] { CharacterStore(m_database, QString()).update(name, update); });
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
    if (!object || !object->isOnline())
        return;
    object = m_world.modify(
        object->id, [](ZoneObject &o) { setPresence(o, false); }, now());
    m_moveBudgets.remove(name.toLower());
    m_chatBudgets.remove(name.toLower());
    CharacterUpdate update;
    update.zone = m_id;
    update.x = object->locX;
    update.y = object->locY;
    update.z = object->locZ;
    update.online = false;
    const QString owner = object->owner;
    m_writer->enqueue(QStringLiteral("record of %1").arg(owner),
                      [this, owner, update] { CharacterStore(m_database, QString()).update(owner, update); });
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
    takeToken(m_moveBudgets, name, m_settings.maxMovesPerSecond, QStringLiteral("moves"));
    noteActivity();
    qint64 blocker = 0;
    if (!m_world.moveBy(object.id, x * object.speed, y * object.speed, z * object.speed, now(), &blocker)) {
        emitCollision(object.id, blocker);
        return nullptr;
    }
    return m_world.find(object.id);
}

void Zone::emitCollision(qint64 mover, qint64 other)
{
    if (other == 0)
        return;
    // One event per object, as the PhysicsServer reports its contacts: each object's scripts hear
    // of the other, and players who see either can show it.
    for (const auto &[id, with] : {std::pair{mover, other}, std::pair{other, mover}})
        emit objectEvent(id, {{QStringLiteral("type"), QStringLiteral("event")},
                              {QStringLiteral("event"), QStringLiteral("collision")},
                              {QStringLiteral("id"), id},
                              {QStringLiteral("other"), with}});
}

void Zone::takeToken(QHash<QString, Budget> &budgets, const QString &name, int perSecond, const QString &what)
{
    Budget &budget = budgets[name.toLower()];
    const qint64 elapsed = m_clock.elapsed();
    const double rate = perSecond;
    budget.tokens = budget.tokens < 0
                        ? rate
                        : qMin(rate, budget.tokens + double(elapsed - budget.refilledAt) * rate / 1000.0);
    budget.refilledAt = elapsed;
    if (budget.tokens < 1)
        throw ApiError(429, QStringLiteral("Too many %1: at most %2 per second.").arg(what).arg(perSecond),
                       QStringLiteral("rate_limited"));
    budget.tokens -= 1;
}

const ZoneObject &Zone::requirePresent(const QString &name) const
{
    const ZoneObject *object = m_world.findCharacter(name);
    if (!object || !object->isOnline())
        throw ApiError(409, QStringLiteral("%1 is not online in this zone.").arg(name),
                       QStringLiteral("not_joined"));
    return *object;
}

const ZoneObject &Zone::requireObject(qint64 id) const
{
    const ZoneObject *object = m_world.find(id);
    if (!object)
        throw ApiError::notFound(QStringLiteral("No such object: %1").arg(id));
    return *object;
}

// Objects ----------------------------------------------------------------------------------------

void Zone::activate(qint64 id, const QString &character, const std::function<void(const QJsonValue &)> &done)
{
    requireObject(id);
    noteActivity();
    const qint64 request = m_nextActivation++;
    m_activations.insert(request, done);
    const QJsonObject event{{QStringLiteral("type"), QStringLiteral("event")},
                            {QStringLiteral("event"), QStringLiteral("activate")},
                            {QStringLiteral("request"), request},
                            {QStringLiteral("id"), id},
                            {QStringLiteral("character"), character}};
    // Bus connections that arrive while it waits get it too, after their hello (see
    // pendingActivations): a zone's ScriptServer starts only once the zone is ready.
    m_pendingActivations.insert(request, event);
    if (m_busConnections > 0)
        emit busEvent(event);
    QTimer::singleShot(activationTimeoutMs, this,
                       [this, request] { finishActivation(request, QJsonArray()); });
}

QList<QJsonObject> Zone::pendingActivations() const
{
    QList<qint64> requests = m_pendingActivations.keys();
    std::sort(requests.begin(), requests.end());
    QList<QJsonObject> events;
    for (const qint64 request : requests)
        events.append(m_pendingActivations.value(request));
    return events;
}

void Zone::finishActivation(qint64 request, const QJsonValue &results)
{
    const auto it = m_activations.find(request);
    if (it == m_activations.end())
        return;
    m_pendingActivations.remove(request);
    const auto done = it.value();
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
    if (object.isPlayer() && object.isOnline())
        leave(object.owner, QStringLiteral("its object was destroyed"));
    m_world.remove(id);
}

// Persistence ------------------------------------------------------------------------------------

void Zone::checkpoint()
{
    if (m_writer->pending() > 0)
        return; // the previous one is still writing; its successor takes everything since
    WorldModel::Dirty dirty = m_world.takeDirty();
    if (dirty.isEmpty())
        return;
    m_writer->checkpoint(std::move(dirty),
                         [this](const WorldModel::Dirty &failed) { m_world.restoreDirty(failed); });
}

} // namespace smmo
