// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "ScriptActions.h"
#include "TimerQueue.h"
#include "Watchdog.h"
#include "ZoneMirror.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJSEngine>
#include <QJSValue>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QTimer>

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>

namespace smmo {

class ScriptApi;

/// The handlers a script may define, in the order of ScriptEngine::handlerName.
enum class Handler { Tick, Activate, Hear, Collide, Enter, Leave, Timer };
inline constexpr int handlerCount = 7;

/// How a ScriptEngine runs scripts.
struct ScriptEngineSettings
{
    QString scriptsDir; ///< <name>.js files, found by name when an object lists them
    int budgetMs = 50;  ///< per handler call
    int maxFaults = 3;  ///< faults before a script is disabled for an object
    quint32 seed = 0;   ///< the scripts' randomness
};

/// The object scripts of one zone in one QJSEngine (docs/scripting.md): it compiles each script
/// in a locked-down environment (only the ECMAScript globals, frozen), gives each scripted object
/// of the mirror a `self` with the script API, calls the handlers scripts define (onTick,
/// onActivate, onHear, onCollide, onEnter, onLeave, onTimer) under a time budget enforced by a
/// Watchdog, and turns what scripts do into ScriptActions. A handler that throws or overruns is a
/// fault: logged, reported as a `script_error` event, and after maxFaults the script is disabled
/// for that object while every other script keeps running. Reloading a script keeps each object's
/// `self` and data; a script that does not compile keeps its previous version.
class ScriptEngine : public QObject
{
    Q_OBJECT
public:
    ScriptEngine(ScriptEngineSettings settings, ZoneMirror &mirror, ScriptActions &actions,
                 QObject *parent = nullptr);
    ~ScriptEngine() override;

    static QString handlerName(Handler handler);
    /// Script names are file names without `.js`: letters, digits, `_` and `-`.
    static bool isValidScriptName(const QString &name);

    // Scripts ------------------------------------------------------------------------------------
    /// Loads every <name>.js of the scripts directory.
    void loadAll();
    /// Reads and loads every script again, changed or not (an administrator's "reload scripts"):
    /// scripts disabled on objects start afresh, and new files are picked up.
    void reloadAll();
    /// Compiles and runs the script's top-level code, replacing its handlers for every object that
    /// uses it (their faults are forgiven). On a syntax error or a throw the previous version stays
    /// and false is returned with *error saying why.
    bool loadScript(const QString &name, const QString &source, QString *error = nullptr);
    /// Reads <scriptsDir>/<name>.js and loads it when its content changed. Also false when the file
    /// cannot be read.
    bool reloadFile(const QString &name, QString *error = nullptr);
    QStringList scriptNames() const;
    /// Scripts whose latest version did not load, with why.
    QHash<QString, QString> scriptErrors() const;

    // The zone -----------------------------------------------------------------------------------
    /// After the mirror loaded a snapshot: attaches every scripted object, detaches the rest.
    void syncAll();
    /// After an update changed or removed these objects.
    void sync(const QList<qint64> &changed, const QList<qint64> &removed);

    // Events (each runs the handlers, then whatever they caused) ---------------------------------
    void tick(double seconds);
    /// The truthy and falsy answers of the object's onActivate handlers, in script order.
    QJsonArray activate(qint64 id, const QString &character);
    void hear(const QJsonObject &chat);
    /// Object id ran into other, or other into it (the zone's `collision` event, one per object):
    /// id's onCollide hears of other.
    void collide(qint64 id, qint64 other);
    void characterEntered(const QString &character, qint64 objectId);
    void characterLeft(const QString &character, qint64 objectId);
    /// Runs the timers that are due (the engine's own QTimer calls it too).
    void fireTimers();
    /// While paused (the zone is out of reach) timers wait; they fire once resumed.
    void setPaused(bool paused);

    // Figures ------------------------------------------------------------------------------------
    int scriptedObjects() const { return int(m_objects.size()); }
    int disabledScripts() const;
    quint64 calls() const { return m_calls; }
    quint64 faults() const { return m_faults; }
    quint64 overruns() const { return m_overruns; }
    QJSEngine &jsEngine() { return m_js; }
    const ScriptEngineSettings &settings() const { return m_settings; }

signals:
    /// A handler failed: thrown, overran its budget, or misused the API.
    void faulted(qint64 id, const QString &script, const QString &handler, const QString &message,
                 bool disabled);
    /// A script was (re)loaded, or failed to (error not empty).
    void scriptLoaded(const QString &name, const QString &error);

private:
    friend class ScriptApi;

    struct Module
    {
        QString name;
        int index = 0; ///< the runtime's number for it
        bool has[handlerCount] = {};
        bool loaded = false;
        QString error;
    };
    struct Slot
    {
        Module *module = nullptr;
        int faults = 0;
        bool disabled = false;
    };
    /// Token bucket for things a script may do only so often (say, spawn, log).
    struct Bucket
    {
        double tokens = -1;
        qint64 at = 0;
        bool take(qint64 nowMs, double perSecond);
    };
    struct Scripted
    {
        qint64 id = 0;
        QStringList scripts;
        std::vector<Slot> scriptSlots;
        int entry = 0;         ///< the runtime's number for it (its self and data)
        QJsonObject savedData; ///< the data the zone has, as far as we know
        /// Data sent to the zone and not yet seen back in an update, with when it was sent: until
        /// the zone has caught up, its older data in updates is not a change of its own.
        std::deque<std::pair<qint64, QJsonObject>> pendingData;
        double homeX = 0, homeY = 0;
        Bucket say, spawn, log;
    };
    struct Call
    {
        Scripted *object = nullptr;
        Slot *slot = nullptr;
        Handler handler = Handler::Tick;
        QString fault; ///< set by the API when the script misused it
        bool destroyed = false;
    };

    Module *module(const QString &name);
    void attach(const ZoneObject &object);
    void detach(qint64 id);
    void syncObject(qint64 id);
    /// Calls handler on every script of object that defines it. Each answer (as JSON) goes to
    /// results when given.
    void dispatch(Scripted &object, Handler handler, const QJSValue &first, const QJSValue &second,
                  QJsonArray *results = nullptr);
    std::optional<QJsonValue> invoke(Scripted &object, Slot &slot, Handler handler, const QJSValue &first,
                                     const QJSValue &second);
    void fault(Scripted &object, Slot &slot, Handler handler, const QString &message);
    /// A step of a script was refused here, before the zone saw it: both objects' onCollide.
    void collideBoth(qint64 mover, qint64 other);
    void bump(qint64 self, qint64 into);
    QJSValue objectInfo(const ZoneObject &object);
    QJSValue characterInfo(const QString &name, qint64 objectId);
    /// Later, after the handler that caused it (collisions of a step, removal of a destroyed self).
    void post(std::function<void()> job);
    void drain();
    void scheduleTimers();
    qint64 nowMs() const { return m_clock.elapsed(); }

    ScriptEngineSettings m_settings;
    ZoneMirror &m_mirror;
    ScriptActions &m_actions;
    QJSEngine m_js;
    std::unique_ptr<ScriptApi> m_api;
    std::unique_ptr<Watchdog> m_watchdog;
    QJSValue m_runtime;
    QJSValue m_call;
    QJSValue m_load;
    QJSValue m_commit;
    QJSValue m_attach;
    QJSValue m_detach;
    QJSValue m_setData;
    QJSValue m_rollback;
    int m_nextModule = 0;
    int m_nextEntry = 0;
    std::vector<int> m_freeEntries; ///< numbers of detached objects, given out again first
    std::map<QString, std::unique_ptr<Module>> m_modules;
    std::map<qint64, Scripted> m_objects; ///< ordered: the same seed gives the same run
    Call *m_current = nullptr;
    std::deque<std::function<void()>> m_queue;
    bool m_draining = false;
    bool m_paused = false;
    TimerQueue m_timers;
    QTimer m_timerWake;
    QElapsedTimer m_clock;
    QSet<QString> m_missingReported;
    QHash<QString, QByteArray> m_triedHashes; ///< content last tried per script, loaded or not
    quint64 m_calls = 0;
    quint64 m_faults = 0;
    quint64 m_overruns = 0;
    quint64 m_spawns = 0;
};

} // namespace smmo
