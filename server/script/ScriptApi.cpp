// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ScriptApi.h"

#include "ApiError.h"
#include "ChatMessage.h"
#include "Logging.h"
#include "ScriptEngine.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>
#include <numbers>

namespace smmo {

namespace {
constexpr int maxObjectsInZone = 100000; // as many as a zone definition may hold
constexpr int maxLogLength = 1000;
constexpr double maxObjectId = 9007199254740992.0; // 2^53: every id up to it is exact as a double
} // namespace

ScriptApi::ScriptApi(ScriptEngine &engine) : m_engine(engine) {}

void ScriptApi::throwError(const QString &message) const
{
    m_engine.m_js.throwError(QJSValue::TypeError, message);
}

bool ScriptApi::checkCall(double id, const char *what) const
{
    if (!m_engine.m_current) {
        throwError(QStringLiteral("%1() works only while a handler runs.").arg(QLatin1String(what)));
        return false;
    }
    if (!m_engine.m_objects.count(qint64(id))) {
        throwError(QStringLiteral("%1(): object %2 is gone.").arg(QLatin1String(what)).arg(qint64(id)));
        return false;
    }
    // A script's top-level variables are shared by every object running it, so one object's
    // handler could keep another's `self`; it still acts only as itself.
    if (m_engine.m_current->object && m_engine.m_current->object->id != qint64(id)) {
        throwError(QStringLiteral("%1(): a handler acts only on its own self, not on object %2.")
                       .arg(QLatin1String(what))
                       .arg(qint64(id)));
        return false;
    }
    return true;
}

QJsonValue ScriptApi::field(double id, const QString &name) const
{
    const ZoneObject *object = m_engine.m_mirror.find(qint64(id));
    if (!object)
        return QJsonValue();
    if (name == QLatin1String("name"))
        return object->name;
    if (name == QLatin1String("resource"))
        return object->resource;
    if (name == QLatin1String("loc_x"))
        return object->locX;
    if (name == QLatin1String("loc_y"))
        return object->locY;
    if (name == QLatin1String("loc_z"))
        return object->locZ;
    if (name == QLatin1String("speed"))
        return object->speed;
    if (name == QLatin1String("states"))
        return QJsonArray::fromStringList(object->states);
    return QJsonValue();
}

void ScriptApi::setStates(double id, const QString &json)
{
    if (!checkCall(id, "states"))
        return;
    const QJsonDocument document = QJsonDocument::fromJson(json.toUtf8());
    ZoneObject changed = *m_engine.m_mirror.find(qint64(id));
    const QJsonObject fields{{QStringLiteral("states"), document.array()}};
    try {
        if (!document.isArray())
            throw ApiError::badRequest(QStringLiteral("states must be an array of texts."));
        changed.applyFields(fields);
    } catch (const ApiError &error) {
        throwError(QStringLiteral("self.states: %1").arg(error.message()));
        return;
    }
    m_engine.m_mirror.world().modify(
        qint64(id), [&changed](ZoneObject &o) { o.states = changed.states; }, 0);
    m_engine.m_actions.set(qint64(id), fields);
}

bool ScriptApi::say(double id, const QString &text)
{
    if (!checkCall(id, "say"))
        return false;
    const QString line = text.trimmed().left(ChatMessage::maxLength);
    if (line.isEmpty())
        return false;
    auto &object = m_engine.m_objects.at(qint64(id));
    if (!object.say.take(m_engine.nowMs(), saysPerSecond))
        return false; // a chatterbox is cut short, not faulted
    m_engine.m_actions.say(qint64(id), line);
    return true;
}

bool ScriptApi::move(double id, double dx, double dy, double dz)
{
    if (!checkCall(id, "move"))
        return false;
    for (const double d : {dx, dy, dz})
        if (!std::isfinite(d) || std::abs(d) > maxStep) {
            throwError(QStringLiteral("move(dx, dy, dz): each step is a number of metres from -%1 to %1.")
                           .arg(maxStep));
            return false;
        }
    if (dx == 0 && dy == 0 && dz == 0)
        return true;
    qint64 blocker = 0;
    if (!m_engine.m_mirror.world().moveBy(qint64(id), dx, dy, dz, 0, &blocker)) {
        // Both objects hear about it once this handler is done.
        const qint64 self = qint64(id);
        if (blocker != 0)
            m_engine.post([this, self, blocker] { m_engine.collideBoth(self, blocker); });
        return false;
    }
    m_engine.m_actions.move(qint64(id), dx, dy, dz);
    return true;
}

bool ScriptApi::wander(double id, double random)
{
    if (!checkCall(id, "wander"))
        return false;
    const ZoneObject &object = *m_engine.m_mirror.find(qint64(id));
    const auto &scripted = m_engine.m_objects.at(qint64(id));
    const double step = qMin(object.speed > 0 ? object.speed : 1.0, maxStep);
    double angle = random * 2 * std::numbers::pi;
    const double homeDx = scripted.homeX - object.locX, homeDy = scripted.homeY - object.locY;
    if (std::hypot(homeDx, homeDy) > wanderRadius) // too far from home: head back, roughly
        angle = std::atan2(homeDy, homeDx) + (random - 0.5) * std::numbers::pi / 2;
    return move(id, std::cos(angle) * step, std::sin(angle) * step, 0);
}

void ScriptApi::setTimer(double id, const QString &name, double ms)
{
    if (!checkCall(id, "setTimer"))
        return;
    if (name.isEmpty() || name.size() > 64) {
        throwError(QStringLiteral("setTimer(name, ms): a name of 1 to 64 characters."));
        return;
    }
    if (!std::isfinite(ms) || ms > double(maxTimerMs)) {
        throwError(QStringLiteral("setTimer(name, ms): ms is a number up to %1 (a day); 0 cancels.")
                       .arg(maxTimerMs));
        return;
    }
    TimerQueue &timers = m_engine.m_timers;
    if (ms <= 0) {
        timers.cancel(qint64(id), name);
        return;
    }
    if (timers.countOf(qint64(id)) >= maxTimers && !timers.cancel(qint64(id), name)) {
        throwError(QStringLiteral("setTimer(): at most %1 timers per object.").arg(maxTimers));
        return;
    }
    timers.set(qint64(id), name, m_engine.nowMs() + qint64(std::ceil(ms)));
    m_engine.scheduleTimers();
}

bool ScriptApi::spawn(double id, const QString &json)
{
    if (!checkCall(id, "spawn"))
        return false;
    const ZoneObject &self = *m_engine.m_mirror.find(qint64(id));
    QJsonObject fields = QJsonDocument::fromJson(json.toUtf8()).object();
    // Where the spawner stands unless told otherwise.
    for (const auto &[key, value] :
         {std::pair{"loc_x", self.locX}, {"loc_y", self.locY}, {"loc_z", self.locZ}})
        if (!fields.contains(QLatin1String(key)))
            fields.insert(QLatin1String(key), value);
    ZoneObject object;
    try {
        object.applyFields(fields);
    } catch (const ApiError &error) {
        throwError(QStringLiteral("spawn(): %1").arg(error.message()));
        return false;
    }
    if (object.name.isEmpty() || object.isPlayer()) {
        throwError(QStringLiteral("spawn(): a new object needs a name, and cannot be a player."));
        return false;
    }
    if (m_engine.m_mirror.world().size() >= maxObjectsInZone) {
        throwError(QStringLiteral("spawn(): the zone holds %1 objects already.").arg(maxObjectsInZone));
        return false;
    }
    if (!m_engine.m_objects.at(qint64(id)).spawn.take(m_engine.nowMs(), spawnsPerSecond)) {
        throwError(QStringLiteral("spawn(): at most %1 new objects per second.").arg(spawnsPerSecond));
        return false;
    }
    m_engine.m_actions.spawn(fields, QStringLiteral("script-%1").arg(++m_engine.m_spawns));
    return true;
}

bool ScriptApi::destroyObject(double id, double target)
{
    if (!checkCall(id, "destroy"))
        return false;
    // Any number may come from a script: only whole ones that can be ids are converted.
    if (!std::isfinite(target) || target < 1 || target > maxObjectId || target != std::floor(target)) {
        throwError(QStringLiteral("destroy(id): an object id is a whole number from 1, not %1.").arg(target));
        return false;
    }
    const qint64 victim = qint64(target);
    const ZoneObject *object = m_engine.m_mirror.find(victim);
    if (!object || object->isPlayer()) {
        throwError(QStringLiteral("destroy(%1): no such object, or a player's.").arg(victim));
        return false;
    }
    m_engine.m_actions.destroy(victim);
    // Gone for the scripts once the handler that destroyed it returns.
    m_engine.post([this, victim] {
        m_engine.detach(victim);
        m_engine.m_mirror.world().remove(victim);
    });
    return true;
}

void ScriptApi::log(double id, const QString &text)
{
    if (!checkCall(id, "log"))
        return;
    auto &object = m_engine.m_objects.at(qint64(id));
    if (!object.log.take(m_engine.nowMs(), logsPerSecond))
        return;
    const ZoneObject *zoneObject = m_engine.m_mirror.find(qint64(id));
    qCInfo(lcScript, "%s #%lld: %s", zoneObject ? qPrintable(zoneObject->name) : "object", qint64(id),
           qPrintable(text.left(maxLogLength)));
}

void ScriptApi::fault(const QString &message)
{
    if (m_engine.m_current && m_engine.m_current->fault.isEmpty())
        m_engine.m_current->fault = message;
}

bool ScriptApi::saveData(double id, const QString &json)
{
    const auto it = m_engine.m_objects.find(qint64(id));
    if (it == m_engine.m_objects.end())
        return false;
    const QByteArray bytes = json.toUtf8();
    if (bytes.size() > ZoneObject::maxDataBytes) {
        fault(QStringLiteral("self.data is %1 bytes of JSON; at most %2 are saved, so the change was undone")
                  .arg(bytes.size())
                  .arg(ZoneObject::maxDataBytes));
        return false;
    }
    const QJsonObject data = QJsonDocument::fromJson(bytes).object();
    it->second.savedData = data;
    it->second.pendingData.emplace_back(m_engine.nowMs(), data);
    m_engine.m_mirror.world().setData(qint64(id), data);
    m_engine.m_actions.set(qint64(id), {{QStringLiteral("data"), data}});
    return true;
}

} // namespace smmo
