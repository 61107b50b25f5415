// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <QJsonValue>
#include <QObject>
#include <QString>

namespace smmo {

class ScriptEngine;

/// The C++ half of the script API, given to the runtime (prelude.js) only, never to scripts: it
/// checks every request of a script's `self` (argument types and ranges, rate limits, collisions)
/// and turns it into ScriptActions. A bad request throws a JavaScript error in the script, which
/// makes it a fault of the handler unless the script catches it.
class ScriptApi : public QObject
{
    Q_OBJECT
public:
    explicit ScriptApi(ScriptEngine &engine);

    /// Longest step of move(), per call, in metres.
    static constexpr double maxStep = 10;
    /// wander() keeps an object within this many metres of where the ScriptServer first saw it.
    static constexpr double wanderRadius = 10;
    static constexpr double saysPerSecond = 5;
    static constexpr double spawnsPerSecond = 5;
    static constexpr double logsPerSecond = 10;
    static constexpr int maxTimers = 32;
    static constexpr qint64 maxTimerMs = 24 * 3600 * 1000;

    Q_INVOKABLE QJsonValue field(double id, const QString &name) const;
    Q_INVOKABLE void setStates(double id, const QString &json);
    Q_INVOKABLE bool say(double id, const QString &text);
    Q_INVOKABLE bool move(double id, double dx, double dy, double dz);
    Q_INVOKABLE bool wander(double id, double random);
    Q_INVOKABLE void setTimer(double id, const QString &name, double ms);
    Q_INVOKABLE bool spawn(double id, const QString &json);
    Q_INVOKABLE bool destroyObject(double id, double target);
    Q_INVOKABLE void log(double id, const QString &text);
    /// The runtime reports a handler that threw.
    Q_INVOKABLE void fault(const QString &message);
    /// The runtime saves data that changed; false (and a fault) when it is too large.
    Q_INVOKABLE bool saveData(double id, const QString &json);

private:
    /// The object a request is about, checked to be the caller's while a handler runs; throws
    /// a JavaScript error otherwise.
    bool checkCall(double id, const char *what) const;
    void throwError(const QString &message) const;

    ScriptEngine &m_engine;
};

} // namespace smmo
