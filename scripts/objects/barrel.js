// SPDX-License-Identifier: AGPL-3.0-or-later
// A barrel of apples. Activating it hands out an apple until it is empty; it refills itself a
// minute after the last apple went. How many apples it holds is kept in its data, so a restarted
// zone (or an edited script) remembers.

const capacity = 5;

function apples(self) {
    return self.data.apples === undefined ? capacity : self.data.apples;
}

function onActivate(self, character) {
    const left = apples(self);
    if (left === 0)
        return "The barrel is empty.";
    self.data.apples = left - 1;
    if (left - 1 === 0)
        self.setTimer("refill", 60000);
    return "You take an apple from the barrel (" + (left - 1) + " left).";
}

function onCollide(self, other) {
    // Barrels do not move; they only complain.
    if (self.roll("1d4") === 1)
        self.say("*thunk*");
}

function onTimer(self, name) {
    if (name === "refill")
        self.data.apples = capacity;
}
