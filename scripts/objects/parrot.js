// SPDX-License-Identifier: AGPL-3.0-or-later
// A parrot that repeats, now and then, what players say in the zone (onHear). It never repeats
// other objects, so it cannot start a conversation with another parrot that never ends.

function onHear(self, message) {
    if (!message.player_generated || self.roll("1d2") !== 1)
        return;
    self.say("SQUAWK! " + message.text.slice(0, 100));
}

function onActivate(self, character) {
    return "Polly wants a cracker.";
}
