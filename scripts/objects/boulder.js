// SPDX-License-Identifier: AGPL-3.0-or-later
// A boulder rolling to and fro across the BumperCourt. When it runs into something, or something
// runs into it (onCollide: a bumper, the fence, a player walking into it), it turns round and lies
// stunned for a moment (setTimer) before it rolls again. Its direction and how often it crashed
// are kept in its data.

function onTick(self, dt) {
    if (self.states.indexOf("stunned") >= 0)
        return;
    const direction = self.data.direction || 1;
    // speed metres per second; a refused step calls onCollide once this handler is done.
    self.move(direction * self.speed * dt, 0);
}

function onCollide(self, other) {
    self.data.direction = -(self.data.direction || 1);
    self.data.crashes = (self.data.crashes || 0) + 1;
    if (other.name === "Post")
        self.say("CRASH! (" + self.data.crashes + ")");
    self.states = ["stunned"];
    self.setTimer("recover", 1500);
}

function onTimer(self, name) {
    if (name === "recover")
        self.states = [];
}
