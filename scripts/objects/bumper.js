// SPDX-License-Identifier: AGPL-3.0-or-later
// A bumper: whatever runs into it (onCollide) makes it say Boing! and light up; it goes dark
// again 800 ms later (setTimer, onTimer). Hit again while lit, it only stays lit longer.

function onCollide(self, other) {
    if (self.states.indexOf("lit") < 0)
        self.say("Boing!");
    self.states = ["lit"];
    self.setTimer("dim", 800);
}

function onTimer(self, name) {
    if (name === "dim")
        self.states = [];
}
