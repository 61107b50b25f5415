// SPDX-License-Identifier: AGPL-3.0-or-later
// A chicken. Each tick it has a 1-in-100 chance to squawk, and a 1-in-100 chance to announce a
// stroll, wander a step, and say how that went.

const squawks = ["BAWK", "BUCAW", "BUCK BUCK BUCK", "BROOOOCK", "CLUCK"];
const bumps = ["bump.", "bamp!", "BUMP", "THUD!!"];

function onTick(self, dt) {
    if (self.roll("1d100") === 1)
        self.randSay(squawks);
    if (self.roll("1d100") === 1) {
        self.say("I'm going for a stroll.");
        if (self.wander())
            self.say("That stroll was nice.");
        else
            self.randSay(bumps);
    }
}
