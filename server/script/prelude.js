// SPDX-License-Identifier: AGPL-3.0-or-later
// The ScriptServer's runtime (docs/scripting.md), evaluated once in its QJSEngine before any
// object script. It is called with the host (the C++ half of the script API, reachable only from
// here), the seed of the scripts' randomness, the global object and the handler names in the
// C++ side's order, locks the global environment down, and answers the functions the C++ side
// calls: attach/detach objects, call handlers, run a script's top-level code. Everything a script
// can touch is made here. Objects and scripts are known by small numbers the C++ side hands out,
// so a call passes only numbers: no JavaScript value has to be kept alive on the C++ side for it.
(function (host, seed, global, handlerNames) {
    'use strict';

    // Randomness: one seeded stream (mulberry32) behind roll, randSay, wander and Math.random,
    // so a fixed --seed replays the same choices.
    let state = seed >>> 0;
    function random() {
        state = (state + 0x6D2B79F5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    }

    const maxDice = 100;
    const maxSides = 1000000;
    const rollPattern = /^\s*(\d*)\s*[dD]\s*(\d+)\s*(?:([+-])\s*(\d+))?\s*$/;

    // Parsed dice, by spec: scripts roll the same few specs every tick.
    let parsedRolls = Object.create(null);
    let parsedCount = 0;

    // roll("NdS+M"): N dice of S sides plus M; N defaults to 1 ("d20").
    function roll(spec) {
        const parsed = typeof spec === 'string' ? parsedRolls[spec] : undefined;
        if (parsed !== undefined) {
            let total = parsed.modifier;
            for (let i = 0; i < parsed.dice; ++i)
                total += 1 + Math.floor(random() * parsed.sides);
            return total;
        }
        if (typeof spec !== 'string')
            throw new TypeError('roll() takes a text such as "2d6+1", not ' + typeof spec + '.');
        const match = rollPattern.exec(spec);
        if (match === null)
            throw new SyntaxError('roll("' + spec + '"): expected "NdS+M", e.g. "1d100", "d20" or "2d6+1".');
        const dice = match[1] === '' ? 1 : Number(match[1]);
        const sides = Number(match[2]);
        if (dice < 1 || dice > maxDice)
            throw new RangeError('roll("' + spec + '"): 1 to ' + maxDice + ' dice, not ' + dice + '.');
        if (sides < 1 || sides > maxSides)
            throw new RangeError('roll("' + spec + '"): dice have 1 to ' + maxSides + ' sides, not ' + sides + '.');
        let total = match[4] === undefined ? 0 : Number(match[4]);
        if (total > maxSides)
            throw new RangeError('roll("' + spec + '"): the modifier is at most ' + maxSides + '.');
        if (match[3] === '-')
            total = -total;
        if (++parsedCount > 1000) {
            parsedRolls = Object.create(null);
            parsedCount = 1;
        }
        parsedRolls[spec] = {dice: dice, sides: sides, modifier: total};
        return roll(spec);
    }

    function show(value) {
        if (typeof value === 'string')
            return value;
        try {
            const json = JSON.stringify(value);
            return json === undefined ? String(value) : json;
        } catch (error) {
            return String(value);
        }
    }

    // Where in a script an error happened: its own place when that is a script, else the script
    // frame nearest to it on the stack (errors of the API are thrown from here).
    function where(error) {
        const own = String(error.fileName).replace(/^file:/, '');
        if (own.indexOf('objects/') === 0 && error.lineNumber !== undefined)
            return own + ':' + error.lineNumber;
        const frame = /@(?:file:)?(objects\/[^\n]*):(\d+)/.exec(String(error.stack));
        return frame === null ? '' : frame[1] + ':' + frame[2];
    }

    function describe(error) {
        try {
            if (error instanceof Error) {
                const place = where(error);
                return error.name + ': ' + error.message + (place === '' ? '' : ' (' + place + ')');
            }
            return 'threw ' + show(error);
        } catch (nested) {
            return 'threw something that cannot be shown';
        }
    }

    function isPlainObject(value) {
        return value !== null && typeof value === 'object' && !Array.isArray(value);
    }

    // The API lives once, on the prototype of every `self`; each `self` holds its entry (its
    // id, and its data as last saved) under a symbol of its own. Entries and handlers are kept in
    // arrays by number, never in a Map, Set or WeakMap, which search linearly in this engine.
    const entries = [];
    const handlerTables = [];
    const entryKey = Symbol('entry');
    function entryOf(self) {
        const entry = self === null || self === undefined ? undefined : self[entryKey];
        if (entry === undefined)
            throw new TypeError('Call the API on self, as in self.say("Hello").');
        return entry;
    }
    function idOf(self) {
        return entryOf(self).id;
    }
    function field(name) {
        return {get: function () { return host.field(idOf(this), name); }};
    }

    function Self() {}
    Object.defineProperties(Self.prototype, {
        id: {get: function () { return idOf(this); }},
        name: field('name'),
        resource: field('resource'),
        x: field('loc_x'),
        y: field('loc_y'),
        z: field('loc_z'),
        speed: field('speed'),
        states: {
            get: function () { return host.field(idOf(this), 'states'); },
            set: function (list) { host.setStates(idOf(this), JSON.stringify(list)); }
        },
        data: {
            get: function () { return entryOf(this).data; },
            set: function (value) {
                if (!isPlainObject(value))
                    throw new TypeError('self.data must be an object.');
                entryOf(this).data = value;
            }
        }
    });
    Object.assign(Self.prototype, {
        roll: function (spec) { return roll(spec); },
        say: function (text) { return host.say(idOf(this), show(text)); },
        randSay: function (lines) {
            const id = idOf(this);
            if (!Array.isArray(lines) || lines.length === 0)
                throw new TypeError('randSay() takes a non-empty array of lines.');
            const line = show(lines[Math.floor(random() * lines.length)]);
            return host.say(id, line) ? line : false;
        },
        move: function (dx, dy, dz) {
            return host.move(idOf(this), Number(dx), Number(dy), dz === undefined ? 0 : Number(dz));
        },
        wander: function () { return host.wander(idOf(this), random()); },
        setTimer: function (name, ms) { host.setTimer(idOf(this), show(name), Number(ms)); },
        spawn: function (fields) {
            const id = idOf(this);
            if (!isPlainObject(fields))
                throw new TypeError('spawn() takes an object of fields, e.g. {name: "Egg"}.');
            return host.spawn(id, JSON.stringify(fields));
        },
        destroy: function (target) {
            const id = idOf(this);
            return host.destroyObject(id, target === undefined ? id : Number(target));
        },
        log: function () { host.log(idOf(this), Array.prototype.map.call(arguments, show).join(' ')); }
    });
    Object.freeze(Self.prototype);
    Object.freeze(Self);

    function makeSelf(entry) {
        const self = new Self();
        Object.defineProperty(self, entryKey, {value: entry});
        return Object.freeze(self);
    }

    // Saves data that changed; a handler that failed leaves it as it was last saved.
    function flush(entry) {
        let json;
        try {
            json = JSON.stringify(entry.data);
        } catch (error) {
            host.fault('self.data cannot be saved: ' + describe(error));
            rollback(entry);
            return;
        }
        if (json === entry.json)
            return;
        if (host.saveData(entry.id, json))
            entry.json = json;
        else
            rollback(entry);
    }

    function rollback(entry) {
        entry.data = JSON.parse(entry.json);
    }

    function lockdown() {
        // Promise jobs would run outside any handler's time budget; Atomics.wait could block the
        // thread for good. Nothing else in the ECMAScript globals reaches outside the engine.
        for (const name of ['Promise', 'SharedArrayBuffer', 'Atomics']) {
            try {
                delete global[name];
            } catch (error) {
                global[name] = undefined;
            }
        }
        Math.random = random;
        // Freeze what is shared, so one script cannot change the world of another (globals,
        // built-in prototypes, Math.random).
        const seen = new Set();
        function harden(value) {
            if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value))
                return;
            seen.add(value);
            Object.freeze(value);
            harden(Object.getPrototypeOf(value));
            for (const key of Reflect.ownKeys(value)) {
                const descriptor = Reflect.getOwnPropertyDescriptor(value, key);
                if ('value' in descriptor) {
                    harden(descriptor.value);
                } else {
                    harden(descriptor.get);
                    harden(descriptor.set);
                }
            }
        }
        harden(global);
        // Intrinsics that no global names.
        harden(Object.getPrototypeOf([][Symbol.iterator]()));
        harden(Object.getPrototypeOf(new Map().entries()));
        harden(Object.getPrototypeOf(new Set().values()));
        harden(Object.getPrototypeOf(''[Symbol.iterator]()));
        harden(Object.getPrototypeOf(Int8Array));
        try {
            harden(Object.getPrototypeOf(new Function('return function* () {}')()));
        } catch (error) {
            // no generators in this engine
        }
    }

    lockdown();

    return Object.freeze({
        // A new scripted object, known as entry `index` from now on.
        attach: function (index, id, json) {
            const entry = {json: json, data: JSON.parse(json)};
            Object.defineProperty(entry, 'id', {value: id, enumerable: true});
            entry.self = makeSelf(entry);
            entries[index] = entry;
        },
        detach: function (index) { entries[index] = undefined; },
        // The zone says the data is now this (an administrator changed it).
        setData: function (index, json) {
            const entry = entries[index];
            entry.json = json;
            entry.data = JSON.parse(json);
        },
        rollback: function (index) { rollback(entries[index]); },
        // Calls handler `handler` of script `module` for entry `index`; a throw becomes a fault,
        // data changes are saved.
        call: function (module, handler, index, first, second) {
            const entry = entries[index];
            const fn = handlerTables[module][handler]; // called on nothing: `this` is undefined
            let result;
            try {
                result = fn(entry.self, first, second);
            } catch (error) {
                host.fault(describe(error));
                rollback(entry);
                return undefined;
            }
            flush(entry);
            return result;
        },
        // Runs a script's top-level code (the compiled wrapper) and answers its handlers.
        load: function (factory) {
            try {
                return factory();
            } catch (error) {
                host.fault(describe(error));
                return undefined;
            }
        },
        // The handlers load() answered become script `module`'s.
        commit: function (module, handlers) {
            handlerTables[module] = handlerNames.map(function (name) {
                return typeof handlers[name] === 'function' ? handlers[name] : undefined;
            });
        }
    });
})
