// SPDX-License-Identifier: AGPL-3.0-or-later
// The Colyseus side of `make bench`: one room that does what a SimpleMMO zone does for moving
// players, written the way a Colyseus developer would (messages, no schema state): it keeps each
// player's position, applies "move" {dx, dy} (each in [-1, 1], like the zone's move), and every
// tick (10 Hz) sends each client one "update" with the players within the area of interest
// (50 m, a grid of AOI-sized cells) that changed, came into view or left it; "say" {text} goes to
// everyone as "chat". simplemmo-bots --target colyseus speaks to it.
// Usage: node room.js [port]   (0 or none: a free port; prints SIMPLEMMO_LISTENING <url>)
'use strict';
const { Server, Room } = require('@colyseus/core');
const { WebSocketTransport } = require('@colyseus/ws-transport');

const TICK_HZ = Number(process.env.TICK_HZ || 10);
const AOI = Number(process.env.AOI_RADIUS || 50);

const cellKey = (cx, cy) => cx * 1000003 + cy;

class ZoneRoom extends Room {
  onCreate() {
    this.autoDispose = false;
    this.maxClients = 1000000;
    this.nextId = 1;
    this.tick = 0;
    this.players = new Map(); // sessionId -> player
    this.cells = new Map();   // cell key -> Set of players
    this.onMessage('move', (client, m) => this.move(client, m));
    this.onMessage('say', (client, m) => this.say(client, m));
    this.setSimulationInterval(() => this.update(), 1000 / TICK_HZ);
  }

  onJoin(client, options) {
    const p = {
      id: this.nextId++, name: String((options && options.name) || ''),
      x: Number(options && options.x) || 0, y: Number(options && options.y) || 0,
      dirty: true, known: new Set(), client, cell: null,
    };
    this.players.set(client.sessionId, p);
    this.place(p);
    client.send('joined', { id: p.id, x: p.x, y: p.y });
  }

  onLeave(client) {
    const p = this.players.get(client.sessionId);
    if (!p) return;
    this.cells.get(p.cell).delete(p);
    this.players.delete(client.sessionId);
    // Out of every cell now: the next tick lists it in `left` for whoever knew it.
  }

  place(p) {
    const key = cellKey(Math.floor(p.x / AOI), Math.floor(p.y / AOI));
    if (key === p.cell) return;
    if (p.cell !== null) this.cells.get(p.cell).delete(p);
    let cell = this.cells.get(key);
    if (!cell) this.cells.set(key, (cell = new Set()));
    cell.add(p);
    p.cell = key;
  }

  move(client, m) {
    const p = this.players.get(client.sessionId);
    const dx = Number(m && m.dx), dy = Number(m && m.dy);
    if (!p || !(Math.abs(dx) <= 1) || !(Math.abs(dy) <= 1)) {
      client.send('error', { code: 'bad_request' });
      return;
    }
    p.x += dx;
    p.y += dy;
    p.dirty = true;
    this.place(p);
  }

  say(client, m) {
    const p = this.players.get(client.sessionId);
    const text = m && typeof m.text === 'string' ? m.text : '';
    if (!p || text.length === 0 || text.length > 500) {
      client.send('error', { code: 'bad_request' });
      return;
    }
    this.broadcast('chat', { sender: p.name, text });
  }

  update() {
    this.tick++;
    const r2 = AOI * AOI;
    for (const viewer of this.players.values()) {
      const changed = [], entered = [], left = [];
      const visible = new Set();
      const cx = Math.floor(viewer.x / AOI), cy = Math.floor(viewer.y / AOI);
      for (let i = cx - 1; i <= cx + 1; i++) {
        for (let j = cy - 1; j <= cy + 1; j++) {
          const cell = this.cells.get(cellKey(i, j));
          if (!cell) continue;
          for (const other of cell) {
            if (other === viewer) continue;
            const ddx = other.x - viewer.x, ddy = other.y - viewer.y;
            if (ddx * ddx + ddy * ddy > r2) continue;
            visible.add(other);
            if (!viewer.known.has(other)) entered.push([other.id, other.x, other.y, other.name]);
            else if (other.dirty) changed.push([other.id, other.x, other.y]);
          }
        }
      }
      for (const other of viewer.known) if (!visible.has(other)) left.push(other.id); // walked off or gone
      viewer.known = visible;
      if (changed.length || entered.length || left.length)
        viewer.client.send('update', { tick: this.tick, changed, entered, left });
    }
    for (const p of this.players.values()) p.dirty = false;
  }
}

async function main() {
  const port = Number(process.argv[2] || process.env.PORT || 0);
  const transport = new WebSocketTransport();
  const server = new Server({ transport, greet: false });
  server.define('zone', ZoneRoom);
  await server.listen(port, '127.0.0.1');
  const address = transport.server.address();
  process.stdout.write(`SIMPLEMMO_LISTENING http://127.0.0.1:${address.port}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
