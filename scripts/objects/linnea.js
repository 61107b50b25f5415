// SPDX-License-Identifier: AGPL-3.0-or-later
// Linnea, the guide at the entrance of the AdventureDungeon: she wanders about and answers
// whoever activates her.

function onTick(self, dt) {
    // About one step every three seconds at 10 ticks per second.
    if (self.roll("1d30") === 1)
        self.wander();
}

function onActivate(self, character) {
    return "Nice! You activated me.";
}
