// SPDX-License-Identifier: AGPL-3.0-or-later
// Fuzz target: the script API's argument checks, from a script's side. A ScriptEngine (the real
// runtime, prelude.js and ScriptApi) runs one object with a script that calls one API member
// per input with the input's arguments: roll("NdS+M"), say, randSay, move, wander, setTimer,
// spawn, destroy, log, the states and data setters and the field getters. The first byte picks
// the member, the rest is its arguments separated by 0x1f, each read as JSON when it is JSON
// (else as text; NaN, Infinity, -Infinity and undefined by name). Properties: a bad argument
// throws a TypeError, RangeError or SyntaxError (the script catches those); anything else, or
// a roll that is not a whole number, reaches the harness as a fault marked INVARIANT and aborts.
#include "FuzzApplication.h"
#include "FuzzCheck.h"
#include "ScriptActions.h"
#include "ScriptEngine.h"
#include "ZoneMirror.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <climits>
#include <cstdint>
#include <memory>
#include <utility>

using namespace smmo;

namespace {

const char *const script = R"(
const specials = {NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, undefined: undefined};
function value(text) {
    if (Object.prototype.hasOwnProperty.call(specials, text))
        return specials[text];
    try { return JSON.parse(text); } catch (e) { return text; }
}
const calls = [
    function (self, a) {
        const r = self.roll(a[0]);
        if (!Number.isInteger(r))
            throw new Error('INVARIANT roll(' + JSON.stringify(a[0]) + ') gave ' + r);
    },
    function (self, a) { return self.say(a[0]); },
    function (self, a) { return self.randSay(a[0]); },
    function (self, a) { return self.move(a[0], a[1], a[2]); },
    function (self, a) { return self.wander(); },
    function (self, a) { return self.setTimer(a[0], a[1]); },
    function (self, a) { return self.spawn(a[0]); },
    function (self, a) { return self.destroy(a[0]); },
    function (self, a) { return self.log.apply(self, a); },
    function (self, a) { self.states = a[0]; },
    function (self, a) { self.data = a[0]; },
    function (self, a) { self.data[String(a[0])] = a[1]; },
    function (self, a) { return [self.id, self.name, self.resource, self.x, self.y, self.z, self.speed, self.states]; }
];
function onHear(self, message) {
    const input = JSON.parse(message.text);
    const args = input.args.map(value);
    try {
        calls[input.call % calls.length](self, args);
    } catch (error) {
        if (error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError)
            return;
        if (error instanceof Error && error.message.indexOf('INVARIANT') === 0)
            throw error;
        throw new Error('INVARIANT call ' + input.call + ' threw ' + String(error));
    }
}
)";

// Where the script's actions would go on the bus: nowhere, they are not what is fuzzed here.
struct Discard final : ScriptActions
{
    void say(qint64, const QString &) override {}
    void move(qint64, double, double, double) override {}
    void set(qint64, const QJsonObject &) override {}
    void spawn(const QJsonObject &, const QString &) override {}
    void destroy(qint64) override {}
    void event(qint64, const QString &, const QJsonObject &) override {}
};

const QJsonArray objects = {
    QJsonObject{{"id", 1},
                {"name", "Probe"},
                {"resource", "probe"},
                {"loc_x", 0},
                {"loc_y", 0},
                {"speed", 1},
                {"scripts", QJsonArray{"fuzz"}}},
    QJsonObject{
        {"id", 2}, {"name", "Rock"}, {"resource", "rock"}, {"loc_x", 1}, {"loc_y", 0}, {"physical", true}},
    QJsonObject{{"id", 3},
                {"name", "Someone"},
                {"resource", "character"},
                {"owner", "Someone"},
                {"loc_x", -3},
                {"loc_y", 0},
                {"states", QJsonArray{"player", "online"}}},
};

struct Harness
{
    ZoneMirror mirror;
    Discard actions;
    std::unique_ptr<ScriptEngine> engine;

    Harness()
    {
        ScriptEngineSettings settings;
        settings.maxFaults = INT_MAX; // a fault is an answer here, not a reason to stop the script
        engine = std::make_unique<ScriptEngine>(settings, mirror, actions);
        QString error;
        FUZZ_CHECK(engine->loadScript(QStringLiteral("fuzz"), QString::fromUtf8(script), &error), "%s",
                   qPrintable(error));
        QObject::connect(engine.get(), &ScriptEngine::faulted,
                         [](qint64, const QString &, const QString &, const QString &message, bool) {
                             FUZZ_CHECK(!message.contains(QLatin1String("INVARIANT")), "%s",
                                        qPrintable(message));
                         });
        reset();
    }
    void reset()
    {
        mirror.load(objects);
        engine->syncAll();
    }
};

// Made and destroyed while the application exists (a static would be destroyed after it).
Harness *harness = nullptr;

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    startFuzzApplication(argc, argv, [] { delete std::exchange(harness, nullptr); });
    harness = new Harness;
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    if (!harness->mirror.find(1) || !harness->mirror.find(2))
        harness->reset(); // destroyed by an earlier input
    QJsonArray args;
    const QByteArray rest(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    for (const QByteArray &arg : rest.split('\x1f'))
        args.append(QString::fromUtf8(arg));
    const QJsonObject input{{"call", int(data[0])}, {"args", args}};
    harness->engine->hear({{"id", 1},
                           {"sender", "Someone"},
                           {"body", QString::fromUtf8(QJsonDocument(input).toJson(QJsonDocument::Compact))},
                           {"object", 3},
                           {"player_generated", true}});
    return 0;
}
