// SPDX-License-Identifier: AGPL-3.0-or-later
// The herald of the BumperCourt greets every character that enters the zone and sees them off
// when they leave (onEnter, onLeave); activated, it tells how many visitors it has greeted.

function onEnter(self, character) {
    self.data.visitors = (self.data.visitors || 0) + 1;
    self.say("Welcome to the Bumper Court, " + character.name + "!");
}

function onLeave(self, character) {
    self.say("Farewell, " + character.name + ".");
}

function onActivate(self, character) {
    return "I have greeted " + (self.data.visitors || 0) + " visitors. Mind the boulder, " + character.name + ".";
}
