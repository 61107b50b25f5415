// SPDX-License-Identifier: AGPL-3.0-or-later
// A bell that strikes every ten seconds, one more DONG each time, up to twelve. Timers are not
// saved, so the first tick after a (re)start sets it going; the count of the hour is in data.

const started = new Set();

function onTick(self) {
    if (started.has(self.id))
        return;
    started.add(self.id);
    self.setTimer("strike", 10000);
}

function onTimer(self, name) {
    if (name !== "strike")
        return;
    const hour = (self.data.hour || 0) % 12 + 1;
    self.data.hour = hour;
    self.say(Array(hour).fill("DONG").join(" "));
    self.setTimer("strike", 10000);
}
