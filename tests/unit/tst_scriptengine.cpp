// SPDX-License-Identifier: AGPL-3.0-or-later
// The ScriptEngine in-process, on a mirror filled by hand and a recorder for what scripts do:
// every handler with its arguments, the API (roll, say, randSay, move, wander, states, data,
// setTimer, spawn, destroy, log), the sandbox (forbidden globals, frozen built-ins), the watchdog
// stopping endless loops, faults isolated and disabling, seeded randomness, hot reload through
// the file system keeping data, and a syntax error keeping the old version.
#include "ScriptEngine.h"
#include "ScriptWatcher.h"
#include "ZoneMirror.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace smmo;

namespace {

// What scripts did, in order.
struct Recorder : ScriptActions
{
    struct Action
    {
        QString kind;
        qint64 id = 0;
        QJsonObject payload;
    };
    QList<Action> actions;

    void say(qint64 id, const QString &text) override { actions.append({"say", id, {{"text", text}}}); }
    void move(qint64 id, double dx, double dy, double dz) override
    {
        actions.append({"move", id, {{"dx", dx}, {"dy", dy}, {"dz", dz}}});
    }
    void set(qint64 id, const QJsonObject &fields) override { actions.append({"set", id, fields}); }
    void spawn(const QJsonObject &object, const QString &ref) override
    {
        actions.append({"spawn", 0, {{"object", object}, {"ref", ref}}});
    }
    void destroy(qint64 id) override { actions.append({"destroy", id, {}}); }
    void event(qint64 id, const QString &name, const QJsonObject &data) override
    {
        QJsonObject payload = data;
        payload.insert("event", name);
        actions.append({"event", id, payload});
    }

    QStringList said(qint64 id = 0) const
    {
        QStringList lines;
        for (const auto &action : actions)
            if (action.kind == QLatin1String("say") && (id == 0 || action.id == id))
                lines.append(action.payload.value("text").toString());
        return lines;
    }
    /// The data last saved for object id.
    QJsonObject data(qint64 id) const
    {
        QJsonObject data;
        for (const auto &action : actions)
            if (action.kind == QLatin1String("set") && action.id == id && action.payload.contains("data"))
                data = action.payload.value("data").toObject();
        return data;
    }
    QList<QJsonObject> events(const QString &name) const
    {
        QList<QJsonObject> found;
        for (const auto &action : actions)
            if (action.kind == QLatin1String("event") && action.payload.value("event").toString() == name)
                found.append(action.payload);
        return found;
    }
    int count(const QString &kind) const
    {
        int n = 0;
        for (const auto &action : actions)
            n += action.kind == kind ? 1 : 0;
        return n;
    }
};

QJsonObject object(qint64 id, const QString &name, double x, double y, const QStringList &scripts,
                   bool physical = false, const QJsonObject &data = {})
{
    return {{"id", id},
            {"name", name},
            {"resource", name.toLower()},
            {"loc_x", x},
            {"loc_y", y},
            {"speed", 1},
            {"scripts", QJsonArray::fromStringList(scripts)},
            {"physical", physical},
            {"data", data}};
}

QJsonObject character(qint64 id, const QString &name, double x, double y)
{
    return {{"id", id},
            {"name", name},
            {"resource", "character"},
            {"owner", name},
            {"loc_x", x},
            {"loc_y", y},
            {"speed", 1},
            {"states", QJsonArray{"player", "online"}}};
}

// One engine over a mirror, with scripts written to a temporary directory.
struct Fixture
{
    QTemporaryDir dir;
    ZoneMirror mirror;
    Recorder recorder;
    std::unique_ptr<ScriptEngine> engine;

    explicit Fixture(const QHash<QString, QByteArray> &scripts, const QJsonArray &objects, int budgetMs = 50,
                     int maxFaults = 3, quint32 seed = 1)
    {
        for (auto it = scripts.begin(); it != scripts.end(); ++it)
            write(it.key(), it.value());
        ScriptEngineSettings settings;
        settings.scriptsDir = dir.path();
        settings.budgetMs = budgetMs;
        settings.maxFaults = maxFaults;
        settings.seed = seed;
        engine = std::make_unique<ScriptEngine>(settings, mirror, recorder);
        engine->loadAll();
        mirror.load(objects);
        engine->syncAll();
    }
    void write(const QString &name, const QByteArray &source)
    {
        QFile file(dir.filePath(name + ".js"));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write a script");
        file.write(source);
    }
};

// A script that reports what an expression gives (or throws) as a line of chat when ticked.
QByteArray probe(const QString &expression)
{
    return "function onTick(self) { let r; try { r = String(" + expression.toUtf8() +
           "); } catch (e) { r = 'threw ' + e.name + ': ' + e.message; } self.say(r); }";
}

} // namespace

class TestScriptEngine : public QObject
{
    Q_OBJECT

private slots:
    void everyHandlerGetsItsArguments()
    {
        const QByteArray script = R"(
function onTick(self, dt) { self.data.dt = dt; self.data.ticks = (self.data.ticks || 0) + 1; }
function onActivate(self, character) { return "hello " + character.name + " #" + character.id; }
function onHear(self, message) { self.data.heard = message.sender + ": " + message.text + " @" + message.x; }
function onCollide(self, other) { self.data.bumped = other.name + " #" + other.id; }
function onEnter(self, character) { self.data.entered = character.name + " at " + character.x; }
function onLeave(self, character) { self.data.left = character.name; }
function onTimer(self, name) { self.data.timer = name; }
)";
        Fixture f({{"recorder", script}},
                  {object(1, "Stone", 0, 0, {"recorder"}), character(2, "Groxnor", 3, 4),
                   object(3, "Wall", 10, 10, {}, true)});
        QCOMPARE(f.engine->scriptedObjects(), 1);

        f.engine->tick(0.1);
        QCOMPARE(f.recorder.data(1).value("dt").toDouble(), 0.1);
        QCOMPARE(f.recorder.data(1).value("ticks").toInt(), 1);

        QCOMPARE(f.engine->activate(1, "Groxnor"), QJsonArray{"hello Groxnor #2"});
        QCOMPARE(f.engine->activate(3, "Groxnor"), QJsonArray()); // no script: no answer

        f.engine->hear(
            {{"id", 5}, {"sender", "Groxnor"}, {"body", "Hi"}, {"loc_x", 3}, {"player_generated", true}});
        QCOMPARE(f.recorder.data(1).value("heard").toString(), QStringLiteral("Groxnor: Hi @3"));
        // An object does not hear itself.
        f.engine->hear({{"sender", "Stone"}, {"body", "echo"}, {"object", 1}});
        QCOMPARE(f.recorder.data(1).value("heard").toString(), QStringLiteral("Groxnor: Hi @3"));

        f.engine->collide(3, 1); // about the wall, which has no scripts: nothing happens
        QVERIFY(!f.recorder.data(1).contains("bumped"));
        f.engine->collide(1, 3); // the stone ran into the wall, or the wall into it
        QCOMPARE(f.recorder.data(1).value("bumped").toString(), QStringLiteral("Wall #3"));

        f.engine->characterEntered("Groxnor", 2);
        QCOMPARE(f.recorder.data(1).value("entered").toString(), QStringLiteral("Groxnor at 3"));
        f.engine->characterLeft("Groxnor", 2);
        QCOMPARE(f.recorder.data(1).value("left").toString(), QStringLiteral("Groxnor"));

        f.write("recorder", script + "\nfunction onTick(self) { self.setTimer('ding', 30); }");
        QVERIFY(f.engine->reloadFile("recorder"));
        f.engine->tick(0.1);
        QTRY_COMPARE(f.recorder.data(1).value("timer").toString(), QStringLiteral("ding"));
        QCOMPARE(f.engine->faults(), quint64(0));
    }

    void activationAnswersEveryScript()
    {
        Fixture f({{"a", "function onActivate() { return 'first'; }"},
                   {"b", "function onActivate() { return 0; }"},
                   {"c", "function onActivate() { return {x: [1, 2], f: function () {}}; }"}},
                  {object(1, "Totem", 0, 0, {"a", "b", "c", "missing"})});
        // Falsy answers travel too; the zone keeps only the truthy ones.
        QCOMPARE(f.engine->activate(1, "Nobody"),
                 (QJsonArray{"first", 0, QJsonObject{{"x", QJsonArray{1, 2}}}}));
    }

    void roll_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<int>("low");
        QTest::addColumn<int>("high");
        QTest::newRow("d100") << "1d100" << 1 << 100;
        QTest::newRow("no count") << "d20" << 1 << 20;
        QTest::newRow("modifier") << "2d6+3" << 5 << 15;
        QTest::newRow("minus") << "3d4-2" << 1 << 10;
        QTest::newRow("spaces") << " 1 d 6 + 1 " << 2 << 7;
        QTest::newRow("hundred dice") << "100d1" << 100 << 100;
    }
    void roll()
    {
        QFETCH(QString, spec);
        QFETCH(int, low);
        QFETCH(int, high);
        Fixture f(
            {{"dice",
              probe(QStringLiteral("[1,2,3,4,5,6,7,8].map(() => self.roll('%1')).join(',')").arg(spec))}},
            {object(1, "Die", 0, 0, {"dice"})});
        f.engine->tick(0.1);
        const QStringList values = f.recorder.said().value(0).split(',');
        QCOMPARE(values.size(), 8);
        for (const QString &value : values)
            QVERIFY2(value.toInt() >= low && value.toInt() <= high, qPrintable(value));
    }

    void rollRefusesWhatIsNotADiceRoll_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("message");
        QTest::newRow("too many dice") << "101d6"
                                       << "threw RangeError: roll(\"101d6\"): 1 to 100 dice, not 101.";
        QTest::newRow("no dice") << "0d6"
                                 << "threw RangeError: roll(\"0d6\"): 1 to 100 dice, not 0.";
        QTest::newRow("words") << "lots"
                               << "threw SyntaxError: roll(\"lots\"): expected \"NdS+M\"";
        QTest::newRow("no sides") << "2d0"
                                  << "threw RangeError: roll(\"2d0\"): dice have 1 to";
    }
    void rollRefusesWhatIsNotADiceRoll()
    {
        QFETCH(QString, spec);
        QFETCH(QString, message);
        Fixture f({{"dice", probe(QStringLiteral("self.roll('%1')").arg(spec))}},
                  {object(1, "Die", 0, 0, {"dice"})});
        f.engine->tick(0.1);
        QVERIFY2(f.recorder.said().value(0).startsWith(message), qPrintable(f.recorder.said().value(0)));
        // Uncaught, the same error is a fault of the handler.
        Fixture g({{"dice", QStringLiteral("function onTick(self) { self.roll('%1'); }").arg(spec).toUtf8()}},
                  {object(1, "Die", 0, 0, {"dice"})});
        g.engine->tick(0.1);
        QCOMPARE(g.engine->faults(), quint64(1));
    }

    void seededRandomnessRepeats()
    {
        const QByteArray script =
            probe("[1,2,3,4,5].map(() => self.roll('1d1000')).join(',') + ' ' + Math.random()");
        Fixture a({{"dice", script}}, {object(1, "Die", 0, 0, {"dice"})}, 50, 3, 42);
        Fixture b({{"dice", script}}, {object(1, "Die", 0, 0, {"dice"})}, 50, 3, 42);
        Fixture c({{"dice", script}}, {object(1, "Die", 0, 0, {"dice"})}, 50, 3, 43);
        for (Fixture *f : {&a, &b, &c})
            f->engine->tick(0.1);
        QCOMPARE(a.recorder.said(), b.recorder.said());
        QVERIFY(a.recorder.said() != c.recorder.said());
    }

    void forbiddenGlobalsAreAbsent_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("answer");
        for (const char *name : {"Qt", "print", "console", "XMLHttpRequest", "require", "importModule",
                                 "Promise", "Atomics", "SharedArrayBuffer", "gc", "qsTr", "setTimeout",
                                 "fetch", "host", "module", "exports", "process"})
            QTest::newRow(name) << QStringLiteral("typeof %1").arg(QLatin1String(name)) << "undefined";
        // What a script can see of the world is only what the API gives.
        QTest::newRow("prototype pollution") << "(Object.prototype.evil = 1, 'changed')"
                                             << "threw TypeError";
        QTest::newRow("Math.random replaced") << "(Math.random = () => 4, 'changed')"
                                              << "threw TypeError";
        QTest::newRow("a new global")
            << "((new Function('this.leak = 1; leak2 = 2'))(), typeof leak + typeof leak2)"
            << "undefinedundefined";
        QTest::newRow("self is frozen") << "(self.say = null, 'changed')"
                                        << "threw TypeError";
        QTest::newRow("identity is fixed")
            << "(self[Object.getOwnPropertySymbols(self)[0]].id = 99, 'changed')"
            << "threw TypeError";
        QTest::newRow("eval stays inside") << "eval('1 + 1')"
                                           << "2";
        QTest::newRow("handlers run on nothing") << "typeof this"
                                                 << "undefined";
        // What a hostile script tries to reach beyond those: the host behind the API, the
        // engine's global object through constructors, Qt's own objects, files, the network.
        for (const char *name :
             {"WebSocket", "Worker", "importScripts", "QObject", "QtQml", "load", "include", "readFile",
              "File", "FileReader", "Request", "navigator", "location", "os", "std"})
            QTest::newRow(name) << QStringLiteral("typeof %1").arg(QLatin1String(name)) << "undefined";
        QTest::newRow("the host through a constructor")
            << "(function () {}).constructor('return typeof host + typeof this.host + typeof this.Qt')()"
            << "undefinedundefinedundefined";
        QTest::newRow("the global object through Function")
            << "Object.getOwnPropertyNames(Function('return this')()).filter(function (n) {"
               " return /^(host|Qt|qt|print|console|gc|XMLHttpRequest|require)$/.test(n); }).length"
            << "0";
        QTest::newRow("the host through self's prototype")
            << "Object.getOwnPropertyNames(Object.getPrototypeOf(self)).filter(function (n) {"
               " return n === 'host' || n === 'entries'; }).length"
            << "0";
        QTest::newRow("API functions hold no host") << "typeof self.say.host"
                                                    << "undefined";
        QTest::newRow("nor their callers") << "self.say.caller"
                                           << "threw TypeError";
        QTest::newRow("the runtime's entry table") << "typeof entries + typeof handlerTables"
                                                   << "undefinedundefined";
        QTest::newRow("eval of a constructor") << "eval('(function(){}).constructor')('return typeof host')()"
                                               << "undefined";
    }
    void forbiddenGlobalsAreAbsent()
    {
        QFETCH(QString, expression);
        QFETCH(QString, answer);
        Fixture f({{"probe", probe(expression)}}, {object(1, "Probe", 0, 0, {"probe"})});
        f.engine->tick(0.1);
        QVERIFY2(f.recorder.said().value(0).startsWith(answer), qPrintable(f.recorder.said().value(0)));
        QCOMPARE(f.recorder.count("say"), 1); // and nothing else happened
    }

    // Another object's data and states: what a script learns of another object is its classic
    // fields, never its data; and a kept `self` of another object does not act.
    void otherObjectsAreOutOfReach()
    {
        const QByteArray nosy = R"(
let kept;
function onCollide(self, other) {
    self.data.otherData = typeof other.data;
    self.data.otherText = JSON.stringify(other);
}
function onTick(self) {
    if (kept === undefined) { kept = self; return; }
    if (kept === self) return;
    try { kept.say("spoofed"); self.data.spoof = "said"; } catch (e) { self.data.spoof = e.name + ": " + e.message; }
    try { kept.states = ["hijacked"]; self.data.states = "set"; } catch (e) { self.data.states = e.name; }
    try { kept.destroy(); self.data.destroyed = "yes"; } catch (e) { self.data.destroyed = e.name; }
}
)";
        Fixture f({{"nosy", nosy}, {"keeper", "function onTick(self) { self.data.alive = true; }"}},
                  {object(1, "Nosy", 0, 0, {"nosy"}), object(2, "Other", 3, 0, {"nosy"}, true),
                   object(3, "Vault", 6, 0, {"keeper"}, true, {{"secret", "the vault's data"}})});
        f.engine->tick(0.1); // object 1 keeps its self; object 2 tries to act with it
        const QJsonObject data = f.recorder.data(2);
        QVERIFY2(data.value("spoof").toString().startsWith(
                     "TypeError: say(): a handler acts only on its own self"),
                 qPrintable(data.value("spoof").toString()));
        QCOMPARE(data.value("states").toString(), QStringLiteral("TypeError"));
        QCOMPARE(data.value("destroyed").toString(), QStringLiteral("TypeError"));
        QVERIFY(f.recorder.said().isEmpty());
        QCOMPARE(f.recorder.count("destroy"), 0);

        f.engine->collide(2, 3); // Other ran into the Vault
        QCOMPARE(f.recorder.data(2).value("otherData").toString(), QStringLiteral("undefined"));
        QVERIFY(!f.recorder.data(2).value("otherText").toString().contains("vault's data"));
        QVERIFY(f.recorder.data(2).value("otherText").toString().contains("Vault"));
    }

    // A script that reaches for what is not there is refused, and the attempts are reported as
    // faults (logged, a script_error event each) until the script is disabled for the object.
    void escapeAttemptsAreReported()
    {
        // (No two slashes in a row: moc would take them for a comment inside the raw string.)
        const QByteArray intruder = R"(
let attempt = 0;
function onTick(self) {
    attempt += 1;
    if (attempt === 1) require("fs").readFileSync("/etc/passwd");
    if (attempt === 2) new XMLHttpRequest().open("GET", "http:\x2f\x2f127.0.0.1/");
    if (attempt === 3) Qt.openUrlExternally("file:\x2f\x2f/etc/passwd");
}
)";
        Fixture f({{"intruder", intruder}}, {object(1, "Intruder", 0, 0, {"intruder"})});
        QSignalSpy faults(f.engine.get(), &ScriptEngine::faulted);
        for (int i = 0; i < 4; ++i)
            f.engine->tick(0.1);
        QCOMPARE(faults.size(), 3); // the fourth tick found it disabled
        const QList<QJsonObject> events = f.recorder.events("script_error");
        QCOMPARE(events.size(), 3);
        QVERIFY(events.at(0).value("message").toString().contains("require"));
        QVERIFY(events.at(1).value("message").toString().contains("XMLHttpRequest"));
        QVERIFY(events.at(2).value("message").toString().contains("Qt"));
        QCOMPARE(events.at(2).value("disabled").toBool(), true);
        QCOMPARE(f.recorder.actions.size(), 3); // the events, and nothing else
    }

    // Found by fuzz_scriptapi: a number that is no id (NaN, infinite, fractional, huge) was
    // converted to an integer (undefined behaviour) before the check.
    void destroyTakesOnlyWholeIds_data()
    {
        QTest::addColumn<QString>("argument");
        for (const char *argument :
             {"NaN", "Infinity", "-Infinity", "1.5", "0", "-3", "1e300", "'two'", "{}"})
            QTest::newRow(argument) << QString::fromLatin1(argument);
    }
    void destroyTakesOnlyWholeIds()
    {
        QFETCH(QString, argument);
        Fixture f({{"probe", probe(QStringLiteral("self.destroy(%1)").arg(argument))}},
                  {object(1, "Probe", 0, 0, {"probe"}), object(2, "Rock", 3, 0, {})});
        f.engine->tick(0.1);
        QVERIFY2(f.recorder.said().value(0).startsWith(
                     "threw TypeError: destroy(id): an object id is a whole number"),
                 qPrintable(f.recorder.said().value(0)));
        QCOMPARE(f.recorder.count("destroy"), 0);
    }

    void importIsNotAvailable()
    {
        Fixture f({{"importer", "function onTick(self) { import('/etc/passwd'); }"}},
                  {object(1, "Probe", 0, 0, {"importer"})});
        QVERIFY(f.engine->scriptErrors().value("importer").contains("SyntaxError"));
        QCOMPARE(f.engine->scriptNames(), QStringList());
    }

    void endlessLoopIsStoppedAndOthersKeepRunning()
    {
        Fixture f({{"loop", "function onTick(self) { while (true) {} }"},
                   {"counter", "function onTick(self) { self.data.n = (self.data.n || 0) + 1; }"}},
                  {object(1, "Looper", 0, 0, {"loop"}), object(2, "Counter", 5, 5, {"counter"})}, 50, 3);
        QElapsedTimer timer;
        timer.start();
        f.engine->tick(0.1);
        // Stopped about its budget in, not never (a loose bound: this is no timing test).
        QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(f.engine->overruns(), quint64(1));
        QCOMPARE(f.recorder.data(2).value("n").toInt(), 1);
        const auto errors = f.recorder.events("script_error");
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().value("script").toString(), QStringLiteral("loop"));
        QCOMPARE(errors.first().value("handler").toString(), QStringLiteral("onTick"));
        QVERIFY(errors.first().value("message").toString().contains("budget of 50 ms"));

        f.engine->tick(0.1);
        f.engine->tick(0.1); // third fault: disabled
        QCOMPARE(f.engine->disabledScripts(), 1);
        QVERIFY(f.recorder.events("script_error").last().value("disabled").toBool());
        timer.restart();
        f.engine->tick(0.1);
        QCOMPARE(f.engine->overruns(), quint64(3));
        QCOMPARE(f.recorder.data(2).value("n").toInt(), 4);
        // The engine is usable after interrupts.
        QCOMPARE(f.engine->jsEngine().evaluate("1 + 1").toInt(), 2);
    }

    void throwingScriptsAreIsolated()
    {
        Fixture f({{"thrower", "function onTick(self) {\n  self.data.partial = true;\n  null.boom();\n}"},
                   {"counter", "function onTick(self) { self.data.n = (self.data.n || 0) + 1; }"}},
                  {object(1, "Bad", 0, 0, {"thrower", "counter"}), object(2, "Good", 5, 5, {"counter"})});
        for (int i = 0; i < 5; ++i)
            f.engine->tick(0.1);
        QCOMPARE(f.engine->faults(), quint64(3)); // then disabled
        QCOMPARE(f.engine->disabledScripts(), 1);
        const QString message = f.recorder.events("script_error").first().value("message").toString();
        QVERIFY2(message.startsWith("TypeError") && message.contains("objects/thrower.js:3"),
                 qPrintable(message));
        // A failed handler changes no data; the other script of the same object runs on.
        QVERIFY(!f.recorder.data(1).contains("partial"));
        QCOMPARE(f.recorder.data(1).value("n").toInt(), 5);
        QCOMPARE(f.recorder.data(2).value("n").toInt(), 5);
        // Throwing anything at all is a fault, not a crash.
        Fixture g({{"odd", "function onTick() { throw {toString: function () { throw 1; }}; }"}},
                  {object(1, "Odd", 0, 0, {"odd"})});
        g.engine->tick(0.1);
        QCOMPARE(g.engine->faults(), quint64(1));
    }

    void movesAreCheckedAndCollisionsReported()
    {
        const QByteArray walker = R"(
function onTick(self) { self.data.moved = self.move(1, 0); self.data.x = self.x; }
function onCollide(self, other) { self.data.bumped = other.name; }
)";
        const QByteArray wall = "function onCollide(self, other) { self.say('ouch, ' + other.name); }";
        // The walker is 1 m wide at x=0, the wall at x=2.5: one step fits, the second does not.
        Fixture f({{"walker", walker}, {"wall", wall}},
                  {object(1, "Walker", 0, 0, {"walker"}), object(2, "Wall", 2.5, 0, {"wall"}, true)});
        f.engine->tick(0.1);
        QCOMPARE(f.recorder.data(1).value("moved").toBool(), true);
        QCOMPARE(f.recorder.data(1).value("x").toDouble(), 1.0);
        QCOMPARE(f.recorder.count("move"), 1);
        f.engine->tick(0.1);
        QCOMPARE(f.recorder.data(1).value("moved").toBool(), false);
        QCOMPARE(f.recorder.count("move"), 1); // a refused move is not sent
        QCOMPARE(f.recorder.data(1).value("bumped").toString(), QStringLiteral("Wall"));
        QCOMPARE(f.recorder.said(2), QStringList{"ouch, Walker"});

        Fixture g({{"far", probe("self.move(11, 0)")}}, {object(1, "Far", 0, 0, {"far"})});
        g.engine->tick(0.1);
        QVERIFY(g.recorder.said().value(0).startsWith("threw TypeError: move(dx, dy, dz)"));
    }

    void wanderStaysNearHome()
    {
        Fixture f({{"wanderer", "function onTick(self) { self.wander(); }"}},
                  {object(1, "Chicken", 100, 100, {"wanderer"})});
        for (int i = 0; i < 300; ++i)
            f.engine->tick(0.1);
        const ZoneObject *chicken = f.mirror.find(1);
        QVERIFY(std::hypot(chicken->locX - 100, chicken->locY - 100) < 12);
        QCOMPARE(f.recorder.count("move"), 300);
    }

    void theRestOfTheApi()
    {
        const QByteArray script = R"(
function onTick(self) {
  self.states = ["sleeping", "hungry"];
  self.data.states = self.states.join(",");
  self.data.who = self.name + "/" + self.resource + "/" + self.id + "/" + self.speed;
  self.data.said = [self.say("one"), self.say("  "), self.randSay(["x"])];
  self.spawn({name: "Egg", resource: "egg"});
  self.log("laid an egg", {n: 1});
}
function onActivate(self) { self.destroy(); return "bye"; }
)";
        Fixture f({{"hen", script}}, {object(1, "Hen", 7, 8, {"hen"})});
        f.engine->tick(0.1);
        QCOMPARE(f.engine->faults(), quint64(0));
        const QJsonObject data = f.recorder.data(1);
        QCOMPARE(data.value("states").toString(), QStringLiteral("sleeping,hungry"));
        QCOMPARE(data.value("who").toString(), QStringLiteral("Hen/hen/1/1"));
        QCOMPARE(data.value("said").toArray(), (QJsonArray{true, false, "x"}));
        const auto spawn = std::find_if(f.recorder.actions.begin(), f.recorder.actions.end(),
                                        [](const auto &a) { return a.kind == QLatin1String("spawn"); });
        QVERIFY(spawn != f.recorder.actions.end());
        QCOMPARE(spawn->payload.value("object").toObject().value("loc_x").toDouble(),
                 7.0); // where the hen is
        QCOMPARE(spawn->payload.value("object").toObject().value("name").toString(), QStringLiteral("Egg"));

        // Saying is rate limited, not faulted.
        for (int i = 0; i < 3; ++i)
            f.engine->tick(0.1);
        QVERIFY(f.recorder.said(1).size() < 8);
        QCOMPARE(f.engine->faults(), quint64(0));

        QCOMPARE(f.engine->activate(1, "Somebody"), QJsonArray{"bye"});
        QCOMPARE(f.recorder.actions.last().kind, QStringLiteral("destroy"));
        QCOMPARE(f.engine->scriptedObjects(), 0);
    }

    void dataIsCheckedSavedAndTakenFromTheZone()
    {
        Fixture f({{"hoarder", "function onTick(self) { self.data.n = (self.data.n || 0) + 1; "
                               "if (self.data.n === 3) self.data.big = 'x'.repeat(20000); }"}},
                  {object(1, "Hoard", 0, 0, {"hoarder"}, false, {{"n", 10}})});
        f.engine->tick(0.1);
        QCOMPARE(f.recorder.data(1).value("n").toInt(), 11); // starts from the zone's data
        // The zone echoes what was sent: no change for the script.
        f.mirror.apply({object(1, "Hoard", 0, 0, {"hoarder"}, false, {{"n", 11}})}, {}, {});
        f.engine->sync({1}, {});
        // An administrator sets the data: the script takes it.
        f.mirror.apply({object(1, "Hoard", 0, 0, {"hoarder"}, false, {{"n", 0}})}, {}, {});
        f.engine->sync({1}, {});
        f.engine->tick(0.1);
        QCOMPARE(f.recorder.data(1).value("n").toInt(), 1);
        f.engine->tick(0.1);
        f.engine->tick(0.1); // n = 3 with 20 kB: refused and undone
        QCOMPARE(f.engine->faults(), quint64(1));
        QVERIFY(
            f.recorder.events("script_error").first().value("message").toString().contains("at most 16384"));
        QCOMPARE(f.recorder.data(1).value("n").toInt(), 2);
    }

    void reloadAllGivesDisabledScriptsAFreshStart()
    {
        Fixture f({{"thrower", "function onTick(self) { noSuchFunction(); }"}},
                  {object(1, "Gremlin", 0, 0, {"thrower"}), object(2, "Ghost", 0, 0, {"missing"})}, 50, 2);
        // A script that does not exist is reported as not loading, like one that does not compile.
        QVERIFY(f.engine->scriptErrors().contains("missing"));
        QSignalSpy loaded(f.engine.get(), &ScriptEngine::scriptLoaded);
        f.engine->tick(0.1);
        f.engine->tick(0.1);
        f.engine->tick(0.1);
        QCOMPARE(f.engine->faults(), quint64(2)); // then disabled
        QCOMPARE(f.engine->disabledScripts(), 1);

        // The file did not change, and is loaded again all the same.
        f.engine->reloadAll();
        QCOMPARE(loaded.size(), 1);
        QCOMPARE(loaded.first().at(0).toString(), QStringLiteral("thrower"));
        QCOMPARE(f.engine->disabledScripts(), 0);
        f.engine->tick(0.1);
        QCOMPARE(f.engine->faults(), quint64(3));
        QCOMPARE(f.recorder.events("script_error").last().value("faults").toInt(), 1);
    }

    void hotReloadKeepsDataAndSyntaxErrorsKeepTheOldVersion()
    {
        Fixture f({{"counter", "function onTick(self) { self.data.n = (self.data.n || 0) + 1; }"}},
                  {object(1, "Counter", 0, 0, {"counter"})});
        ScriptWatcher watcher(*f.engine, f.dir.path(), 50);
        QSignalSpy loaded(f.engine.get(), &ScriptEngine::scriptLoaded);
        f.engine->tick(0.1);
        f.engine->tick(0.1);
        QCOMPARE(f.recorder.data(1).value("n").toInt(), 2);

        f.write("counter", "function onTick(self) { self.data.n = (self.data.n || 0) + 100; }");
        QTRY_COMPARE(loaded.size(), 1);
        QCOMPARE(loaded.first().at(1).toString(), QString());
        f.engine->tick(0.1);
        QCOMPARE(f.recorder.data(1).value("n").toInt(), 102); // same self, same data, new code

        f.write("counter", "function onTick(self) { self.data.n = ; }");
        QTRY_COMPARE(loaded.size(), 2);
        QVERIFY(loaded.last().at(1).toString().contains("SyntaxError"));
        QVERIFY(f.engine->scriptErrors().value("counter").contains("(objects/counter.js:1)"));
        f.engine->tick(0.1);
        QCOMPARE(f.recorder.data(1).value("n").toInt(), 202); // the old version runs on

        // Saved by renaming a new file over the old one, as many editors do.
        QFile replacement(f.dir.filePath("counter.js.tmp"));
        QVERIFY(replacement.open(QIODevice::WriteOnly));
        replacement.write("function onTick(self) { self.data.n = -1; }");
        replacement.close();
        QVERIFY(QFile::remove(f.dir.filePath("counter.js")));
        QVERIFY(QFile::rename(replacement.fileName(), f.dir.filePath("counter.js")));
        QTRY_COMPARE(loaded.size(), 3);
        f.engine->tick(0.1);
        QCOMPARE(f.recorder.data(1).value("n").toInt(), -1);
        QVERIFY(f.engine->scriptErrors().isEmpty());
    }

    void reloadForgivesFaults()
    {
        Fixture f({{"flaky", "function onTick() { throw new Error('no'); }"}},
                  {object(1, "Flaky", 0, 0, {"flaky"})});
        for (int i = 0; i < 3; ++i)
            f.engine->tick(0.1);
        QCOMPARE(f.engine->disabledScripts(), 1);
        f.write("flaky", "function onTick(self) { self.data.fixed = true; }");
        QVERIFY(f.engine->reloadFile("flaky"));
        QCOMPARE(f.engine->disabledScripts(), 0);
        f.engine->tick(0.1);
        QVERIFY(f.recorder.data(1).value("fixed").toBool());
    }

    void shippedScriptsLoadAndZonesNameThem()
    {
        const QString source = qEnvironmentVariable("SIMPLEMMO_SOURCE_DIR");
        ZoneMirror mirror;
        Recorder recorder;
        ScriptEngineSettings settings;
        settings.scriptsDir = source + "/scripts/objects";
        ScriptEngine engine(settings, mirror, recorder);
        engine.loadAll();
        QVERIFY2(engine.scriptErrors().isEmpty(), qPrintable(engine.scriptErrors().values().join("; ")));
        for (const char *script :
             {"chicken", "linnea", "barrel", "boulder", "bumper", "bell", "herald", "parrot"})
            QVERIFY2(engine.scriptNames().contains(QLatin1String(script)), script);
        const QDir zones(source + "/scripts/zones");
        for (const QString &file : zones.entryList({"*.json"}, QDir::Files)) {
            QFile definition(zones.filePath(file));
            QVERIFY(definition.open(QIODevice::ReadOnly));
            for (const auto &entry :
                 QJsonDocument::fromJson(definition.readAll()).object().value("objects").toArray())
                for (const auto &script : entry.toObject().value("scripts").toArray())
                    QVERIFY2(engine.scriptNames().contains(script.toString()),
                             qPrintable(file + " names " + script.toString()));
        }
    }

    void scriptsFollowTheirObjects()
    {
        Fixture f({{"a", "function onTick(self) { self.say('a'); }"}}, {object(1, "One", 0, 0, {"a"})});
        // Appears, changes scripts, goes.
        f.mirror.apply({}, {object(2, "Two", 5, 0, {"a"})}, {});
        f.engine->sync({2}, {});
        QCOMPARE(f.engine->scriptedObjects(), 2);
        f.mirror.apply({object(1, "One", 0, 0, {})}, {}, {});
        f.engine->sync({1}, {});
        QCOMPARE(f.engine->scriptedObjects(), 1);
        const auto applied = f.mirror.apply({}, {}, {2});
        f.engine->sync(applied.upserted, applied.removed);
        QCOMPARE(f.engine->scriptedObjects(), 0);
        // Names that are not script names are never looked up as files.
        f.mirror.apply({}, {object(3, "Sneaky", 0, 0, {"../../etc/passwd"})}, {});
        f.engine->sync({3}, {});
        f.engine->tick(0.1);
        QCOMPARE(f.engine->calls(), quint64(0));
    }
};

QTEST_GUILESS_MAIN(TestScriptEngine)
#include "tst_scriptengine.moc"
