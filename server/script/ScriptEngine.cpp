// SPDX-License-Identifier: AGPL-3.0-or-later
#include "ScriptEngine.h"

#include "Logging.h"
#include "ScriptApi.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>

#include <stdexcept>

namespace smmo {

namespace {

/// Events one handler may cause before its consequences are cut off (two objects bumping each
/// other from onCollide forever).
constexpr int maxQueuedEvents = 10000;
/// How long data sent to the zone may stay unconfirmed before the zone's view wins again.
constexpr qint64 pendingDataMs = 5000;

QString compactJson(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

// The script as a function of no arguments: its top level runs inside it in strict mode, so its
// declarations stay its own, and it returns the handlers it defines. The prefix sits on the
// script's first line so that line numbers in errors are the file's.
QString wrapped(const QString &source)
{
    QString handlers;
    for (int i = 0; i < handlerCount; ++i) {
        const QString name = ScriptEngine::handlerName(Handler(i));
        handlers += QStringLiteral("%1: typeof %1 === 'function' ? %1 : undefined, ").arg(name);
    }
    return QStringLiteral("(function () { 'use strict'; ") + source +
           QStringLiteral("\n;return {%1}; })").arg(handlers);
}

// "SyntaxError: Unexpected token `;' (objects/chicken.js:3)".
QString errorText(const QJSValue &error)
{
    QString text = error.toString();
    const QJSValue line = error.property(QStringLiteral("lineNumber"));
    QString file = error.property(QStringLiteral("fileName")).toString();
    if (file.startsWith(QLatin1String("file:")))
        file = file.mid(5);
    if (line.isNumber())
        text += QStringLiteral(" (%1:%2)").arg(file, QString::number(line.toInt()));
    return text;
}

} // namespace

bool ScriptEngine::Bucket::take(qint64 nowMs, double perSecond)
{
    tokens = tokens < 0 ? perSecond : qMin(perSecond, tokens + double(nowMs - at) * perSecond / 1000.0);
    at = nowMs;
    if (tokens < 1)
        return false;
    tokens -= 1;
    return true;
}

ScriptEngine::ScriptEngine(ScriptEngineSettings settings, ZoneMirror &mirror, ScriptActions &actions,
                           QObject *parent)
    : QObject(parent), m_settings(std::move(settings)), m_mirror(mirror), m_actions(actions),
      m_api(std::make_unique<ScriptApi>(*this))
{
    m_clock.start();
    m_watchdog = std::make_unique<Watchdog>(m_js, std::chrono::milliseconds(m_settings.budgetMs));

    QFile preludeFile(QStringLiteral(":/script/prelude.js"));
    if (!preludeFile.open(QIODevice::ReadOnly))
        throw std::runtime_error("the script runtime (prelude.js) is not built in");
    const QJSValue prelude =
        m_js.evaluate(QString::fromUtf8(preludeFile.readAll()), QStringLiteral("prelude.js"));
    if (prelude.isError())
        throw std::runtime_error(("prelude.js: " + errorText(prelude)).toStdString());
    // The API object lives as long as this engine; JavaScript must never delete it.
    QJSEngine::setObjectOwnership(m_api.get(), QJSEngine::CppOwnership);
    QJSValue names = m_js.newArray(handlerCount);
    for (int i = 0; i < handlerCount; ++i)
        names.setProperty(quint32(i), handlerName(Handler(i)));
    m_runtime = prelude.call(
        {m_js.newQObject(m_api.get()), QJSValue(uint(m_settings.seed)), m_js.globalObject(), names});
    if (m_runtime.isError() || !m_runtime.isObject())
        throw std::runtime_error(("prelude.js: " + errorText(m_runtime)).toStdString());
    m_call = m_runtime.property(QStringLiteral("call"));
    m_load = m_runtime.property(QStringLiteral("load"));
    m_commit = m_runtime.property(QStringLiteral("commit"));
    m_attach = m_runtime.property(QStringLiteral("attach"));
    m_detach = m_runtime.property(QStringLiteral("detach"));
    m_setData = m_runtime.property(QStringLiteral("setData"));
    m_rollback = m_runtime.property(QStringLiteral("rollback"));

    m_timerWake.setSingleShot(true);
    m_timerWake.setTimerType(Qt::PreciseTimer);
    connect(&m_timerWake, &QTimer::timeout, this, &ScriptEngine::fireTimers);
}

ScriptEngine::~ScriptEngine() = default;

QString ScriptEngine::handlerName(Handler handler)
{
    static const char *const names[handlerCount] = {"onTick",  "onActivate", "onHear", "onCollide",
                                                    "onEnter", "onLeave",    "onTimer"};
    return QString::fromLatin1(names[int(handler)]);
}

bool ScriptEngine::isValidScriptName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$"));
    return pattern.match(name).hasMatch();
}

// Scripts ----------------------------------------------------------------------------------------

void ScriptEngine::loadAll()
{
    const QStringList files =
        QDir(m_settings.scriptsDir)
            .entryList({QStringLiteral("*.js")}, QDir::Files | QDir::Readable, QDir::Name);
    for (const QString &file : files) {
        const QString name = file.chopped(3);
        if (isValidScriptName(name))
            reloadFile(name);
    }
}

void ScriptEngine::reloadAll()
{
    // Forget what was tried, so unchanged files are compiled again too.
    m_triedHashes.clear();
    loadAll();
}

bool ScriptEngine::reloadFile(const QString &name, QString *error)
{
    QFile file(QDir(m_settings.scriptsDir).filePath(name + QStringLiteral(".js")));
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read objects/%1.js: %2").arg(name, file.errorString());
        return false;
    }
    const QByteArray content = file.readAll();
    const QByteArray hash = QCryptographicHash::hash(content, QCryptographicHash::Sha256);
    if (m_triedHashes.value(name) == hash) {
        // Nothing new (editors touch files more often than they change them).
        const auto it = m_modules.find(name);
        if (error && it != m_modules.end())
            *error = it->second->error;
        return it != m_modules.end() && it->second->error.isEmpty();
    }
    m_triedHashes.insert(name, hash);
    return loadScript(name, QString::fromUtf8(content), error);
}

bool ScriptEngine::loadScript(const QString &name, const QString &source, QString *error)
{
    auto &slot = m_modules[name];
    if (!slot) {
        slot = std::make_unique<Module>();
        slot->name = name;
        slot->index = m_nextModule++;
    }
    Module &module = *slot;
    QString problem;
    const QJSValue factory = m_js.evaluate(wrapped(source), QStringLiteral("objects/%1.js").arg(name), 1);
    QJSValue handlers;
    if (factory.isError()) {
        problem = errorText(factory);
    } else {
        // The top-level code runs under the budget like any handler.
        Call call;
        Call *previous = std::exchange(m_current, &call);
        m_watchdog->begin();
        handlers = m_load.call({factory});
        const bool interrupted = m_watchdog->end();
        m_current = previous;
        if (interrupted)
            problem = QStringLiteral("its top-level code ran longer than %1 ms and was stopped")
                          .arg(m_settings.budgetMs);
        else if (!call.fault.isEmpty())
            problem = call.fault;
        else if (handlers.isError() || !handlers.isObject())
            problem = errorText(handlers);
    }
    if (!problem.isEmpty()) {
        module.error = problem;
        qCWarning(lcScript, "script %s does not load: %s%s", qPrintable(name), qPrintable(problem),
                  module.loaded ? "; its previous version keeps running" : "");
        emit scriptLoaded(name, problem);
        if (error)
            *error = problem;
        return false;
    }
    const bool reload = module.loaded;
    m_commit.call({QJSValue(module.index), handlers});
    for (int i = 0; i < handlerCount; ++i)
        module.has[i] = handlers.property(handlerName(Handler(i))).isCallable();
    module.loaded = true;
    module.error.clear();
    // A new version deserves a fresh start on every object that had given up on the old one.
    for (auto &[id, object] : m_objects)
        for (Slot &s : object.scriptSlots)
            if (s.module == &module) {
                s.faults = 0;
                s.disabled = false;
            }
    qCInfo(lcScript, "script %s %s", qPrintable(name), reload ? "reloaded" : "loaded");
    emit scriptLoaded(name, {});
    return true;
}

QStringList ScriptEngine::scriptNames() const
{
    QStringList names;
    for (const auto &[name, module] : m_modules)
        if (module->loaded)
            names.append(name);
    return names;
}

QHash<QString, QString> ScriptEngine::scriptErrors() const
{
    QHash<QString, QString> errors;
    for (const auto &[name, module] : m_modules)
        if (!module->error.isEmpty())
            errors.insert(name, module->error);
    return errors;
}

ScriptEngine::Module *ScriptEngine::module(const QString &name)
{
    auto it = m_modules.find(name);
    if (it != m_modules.end())
        return it->second.get();
    QString error;
    if (!reloadFile(name, &error) && !m_missingReported.contains(name)) {
        m_missingReported.insert(name);
        qCWarning(lcScript, "script %s: %s", qPrintable(name), qPrintable(error));
    }
    // Objects keep a slot for it either way: once the file appears and loads, they run it.
    auto &slot = m_modules[name];
    if (!slot) {
        slot = std::make_unique<Module>();
        slot->name = name;
        slot->index = m_nextModule++;
        slot->error = error;
        if (!error.isEmpty())
            emit scriptLoaded(name, error); // a script that does not exist fails to load too
    }
    return slot.get();
}

int ScriptEngine::disabledScripts() const
{
    int count = 0;
    for (const auto &[id, object] : m_objects)
        for (const Slot &slot : object.scriptSlots)
            count += slot.disabled ? 1 : 0;
    return count;
}

// The zone ---------------------------------------------------------------------------------------

void ScriptEngine::attach(const ZoneObject &object)
{
    Scripted &scripted = m_objects[object.id];
    scripted.id = object.id;
    scripted.scripts = object.scripts;
    scripted.savedData = object.data;
    scripted.homeX = object.locX;
    scripted.homeY = object.locY;
    for (const QString &name : object.scripts) {
        if (isValidScriptName(name))
            scripted.scriptSlots.push_back({module(name)});
        else if (!m_missingReported.contains(name)) {
            m_missingReported.insert(name);
            qCWarning(lcScript, "object %lld lists \"%s\", which is not a script name", object.id,
                      qPrintable(name));
        }
    }
    if (!m_freeEntries.empty()) {
        scripted.entry = m_freeEntries.back();
        m_freeEntries.pop_back();
    } else {
        scripted.entry = m_nextEntry++;
    }
    m_attach.call({QJSValue(scripted.entry), QJSValue(double(object.id)), compactJson(object.data)});
}

void ScriptEngine::detach(qint64 id)
{
    const auto it = m_objects.find(id);
    if (it == m_objects.end())
        return;
    const int entry = it->second.entry;
    m_objects.erase(it);
    m_timers.cancelAll(id);
    m_detach.call({QJSValue(entry)});
    m_freeEntries.push_back(entry);
}

void ScriptEngine::syncAll()
{
    QList<qint64> gone;
    for (const auto &[id, object] : m_objects)
        if (!m_mirror.find(id))
            gone.append(id);
    for (const qint64 id : gone)
        detach(id);
    QList<qint64> ids = m_mirror.world().objects().keys();
    std::sort(ids.begin(), ids.end());
    for (const qint64 id : ids)
        syncObject(id);
    scheduleTimers();
    drain();
}

void ScriptEngine::sync(const QList<qint64> &changed, const QList<qint64> &removed)
{
    for (const qint64 id : removed)
        detach(id);
    for (const qint64 id : changed)
        syncObject(id);
    drain();
}

void ScriptEngine::syncObject(qint64 id)
{
    const ZoneObject *object = m_mirror.find(id);
    const bool scripted = object && !object->scripts.isEmpty() && !object->isPlayer();
    auto it = m_objects.find(id);
    if (!scripted) {
        if (it != m_objects.end())
            detach(id);
        return;
    }
    if (it == m_objects.end()) {
        attach(*object);
        return;
    }
    Scripted &entry = it->second;
    if (entry.scripts != object->scripts) {
        std::vector<Slot> rebuilt;
        for (const QString &name : object->scripts) {
            if (!isValidScriptName(name))
                continue;
            Module *wanted = module(name);
            Slot slot{wanted};
            for (const Slot &old : entry.scriptSlots)
                if (old.module == wanted)
                    slot = old; // keeps its faults
            rebuilt.push_back(slot);
        }
        entry.scriptSlots = std::move(rebuilt);
        entry.scripts = object->scripts;
    }
    // Data in an update is the zone catching up with what we sent, or a change of its own (an
    // administrator's); only the latter replaces what the scripts hold.
    while (!entry.pendingData.empty() && nowMs() - entry.pendingData.front().first > pendingDataMs)
        entry.pendingData.pop_front();
    for (size_t i = 0; i < entry.pendingData.size(); ++i)
        if (entry.pendingData[i].second == object->data) {
            entry.pendingData.erase(entry.pendingData.begin(), entry.pendingData.begin() + qsizetype(i) + 1);
            return;
        }
    if (entry.pendingData.empty() && object->data != entry.savedData) {
        entry.savedData = object->data;
        m_setData.call({QJSValue(entry.entry), compactJson(object->data)});
    }
}

// Calling handlers -------------------------------------------------------------------------------

std::optional<QJsonValue> ScriptEngine::invoke(Scripted &object, Slot &slot, Handler handler,
                                               const QJSValue &first, const QJSValue &second)
{
    Call call{&object, &slot, handler, {}, false};
    Call *previous = std::exchange(m_current, &call);
    ++m_calls;
    QElapsedTimer timer;
    timer.start();
    m_watchdog->begin();
    // Numbers only: nothing here holds a JavaScript object, which would cost an allocation.
    const QJSValue result = m_call.call(
        {QJSValue(slot.module->index), QJSValue(int(handler)), QJSValue(object.entry), first, second});
    const bool interrupted = m_watchdog->end();
    const qint64 elapsedMs = timer.elapsed();
    m_current = previous;

    QString problem;
    if (interrupted) {
        ++m_overruns;
        problem =
            QStringLiteral("ran longer than its budget of %1 ms and was stopped").arg(m_settings.budgetMs);
        m_rollback.call({QJSValue(object.entry)});
    } else if (!call.fault.isEmpty()) {
        problem = call.fault;
    } else if (result.isError()) {
        problem = errorText(result); // e.g. the stack ran out inside the runtime itself
    } else if (elapsedMs > m_settings.budgetMs) {
        // Native work (a huge sort, a regular expression) cannot be interrupted; it still counts.
        ++m_overruns;
        problem = QStringLiteral("took %1 ms, more than its budget of %2 ms")
                      .arg(elapsedMs)
                      .arg(m_settings.budgetMs);
    }
    if (!problem.isEmpty()) {
        fault(object, slot, handler, problem);
        return std::nullopt;
    }
    if (handler != Handler::Activate)
        return QJsonValue();
    return m_js.fromScriptValue<QJsonValue>(result);
}

void ScriptEngine::dispatch(Scripted &object, Handler handler, const QJSValue &first, const QJSValue &second,
                            QJsonArray *results)
{
    for (Slot &slot : object.scriptSlots) {
        if (slot.disabled || !slot.module->has[int(handler)])
            continue;
        const auto answer = invoke(object, slot, handler, first, second);
        if (results && answer)
            results->append(*answer);
    }
}

void ScriptEngine::fault(Scripted &object, Slot &slot, Handler handler, const QString &message)
{
    ++m_faults;
    ++slot.faults;
    slot.disabled = slot.faults >= m_settings.maxFaults;
    const ZoneObject *zoneObject = m_mirror.find(object.id);
    const QString objectName = zoneObject ? zoneObject->name : QStringLiteral("object");
    const QString name = handlerName(handler);
    qCWarning(lcScript, "%s #%lld, script %s, %s: %s%s", qPrintable(objectName), object.id,
              qPrintable(slot.module->name), qPrintable(name), qPrintable(message),
              slot.disabled ? " -- disabled for this object until the script changes" : "");
    m_actions.event(object.id, QStringLiteral("script_error"),
                    {{QStringLiteral("script"), slot.module->name},
                     {QStringLiteral("handler"), name},
                     {QStringLiteral("message"), message},
                     {QStringLiteral("faults"), slot.faults},
                     {QStringLiteral("disabled"), slot.disabled}});
    emit faulted(object.id, slot.module->name, name, message, slot.disabled);
}

QJSValue ScriptEngine::objectInfo(const ZoneObject &object)
{
    return m_js.toScriptValue(object.toJson());
}

QJSValue ScriptEngine::characterInfo(const QString &name, qint64 objectId)
{
    QJsonObject info{{QStringLiteral("name"), name}, {QStringLiteral("id"), objectId}};
    const ZoneObject *object = m_mirror.find(objectId);
    if (!object)
        object = m_mirror.world().findCharacter(name);
    if (object) {
        info.insert(QStringLiteral("id"), object->id);
        info.insert(QStringLiteral("x"), object->locX);
        info.insert(QStringLiteral("y"), object->locY);
        info.insert(QStringLiteral("z"), object->locZ);
    }
    return m_js.toScriptValue(info);
}

void ScriptEngine::post(std::function<void()> job)
{
    m_queue.push_back(std::move(job));
}

void ScriptEngine::drain()
{
    if (m_draining)
        return;
    m_draining = true;
    int left = maxQueuedEvents;
    while (!m_queue.empty() && left-- > 0) {
        const auto job = std::move(m_queue.front());
        m_queue.pop_front();
        job();
    }
    if (!m_queue.empty()) {
        qCWarning(lcScript,
                  "scripts caused more than %d events in a row (objects bumping each other from "
                  "onCollide?); %zu dropped",
                  maxQueuedEvents, m_queue.size());
        m_queue.clear();
    }
    m_draining = false;
    scheduleTimers();
}

// Events -----------------------------------------------------------------------------------------

void ScriptEngine::tick(double seconds)
{
    const QJSValue dt(seconds);
    for (auto &[id, object] : m_objects)
        dispatch(object, Handler::Tick, dt, QJSValue());
    drain();
}

QJsonArray ScriptEngine::activate(qint64 id, const QString &character)
{
    QJsonArray results;
    const auto it = m_objects.find(id);
    if (it != m_objects.end()) {
        const ZoneObject *self = m_mirror.world().findCharacter(character);
        dispatch(it->second, Handler::Activate, characterInfo(character, self ? self->id : 0), QJSValue(),
                 &results);
    }
    drain();
    return results;
}

void ScriptEngine::hear(const QJsonObject &chat)
{
    const qint64 speaker = qint64(chat.value(QStringLiteral("object")).toDouble());
    QJsonObject message{{QStringLiteral("id"), chat.value(QStringLiteral("id"))},
                        {QStringLiteral("sender"), chat.value(QStringLiteral("sender"))},
                        {QStringLiteral("text"), chat.value(QStringLiteral("body"))},
                        {QStringLiteral("player_generated"), chat.value(QStringLiteral("player_generated"))},
                        {QStringLiteral("x"), chat.value(QStringLiteral("loc_x"))},
                        {QStringLiteral("y"), chat.value(QStringLiteral("loc_y"))},
                        {QStringLiteral("z"), chat.value(QStringLiteral("loc_z"))},
                        {QStringLiteral("object"), speaker > 0 ? QJsonValue(speaker) : QJsonValue()}};
    const QJSValue value = m_js.toScriptValue(message);
    for (auto &[id, object] : m_objects)
        if (id != speaker) // nobody hears itself
            dispatch(object, Handler::Hear, value, QJSValue());
    drain();
}

void ScriptEngine::bump(qint64 self, qint64 into)
{
    const auto it = m_objects.find(self);
    if (it == m_objects.end())
        return;
    const ZoneObject *object = m_mirror.find(into);
    dispatch(it->second, Handler::Collide,
             object ? objectInfo(*object) : m_js.toScriptValue(QJsonObject{{QStringLiteral("id"), into}}),
             QJSValue());
}

void ScriptEngine::collide(qint64 id, qint64 other)
{
    bump(id, other);
    drain();
}

void ScriptEngine::collideBoth(qint64 mover, qint64 other)
{
    bump(mover, other);
    bump(other, mover);
    drain();
}

void ScriptEngine::characterEntered(const QString &character, qint64 objectId)
{
    const QJSValue info = characterInfo(character, objectId);
    for (auto &[id, object] : m_objects)
        dispatch(object, Handler::Enter, info, QJSValue());
    drain();
}

void ScriptEngine::characterLeft(const QString &character, qint64 objectId)
{
    const QJSValue info = characterInfo(character, objectId);
    for (auto &[id, object] : m_objects)
        dispatch(object, Handler::Leave, info, QJSValue());
    drain();
}

void ScriptEngine::setPaused(bool paused)
{
    m_paused = paused;
    if (!paused)
        fireTimers();
}

void ScriptEngine::fireTimers()
{
    if (m_paused)
        return;
    for (const auto &due : m_timers.takeDue(nowMs())) {
        const auto it = m_objects.find(due.object);
        if (it != m_objects.end())
            dispatch(it->second, Handler::Timer, QJSValue(due.name), QJSValue());
    }
    drain();
}

void ScriptEngine::scheduleTimers()
{
    if (m_timers.isEmpty()) {
        m_timerWake.stop();
        return;
    }
    const qint64 wait = m_timers.nextDueMs() - nowMs();
    m_timerWake.start(int(qBound<qint64>(0, wait, ScriptApi::maxTimerMs)));
}

} // namespace smmo
