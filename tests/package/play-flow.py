#!/usr/bin/env python3
# SPDX-License-Identifier: AGPL-3.0-or-later
# The first minutes of a player on an installed cluster, over real HTTP: register, log in, create a
# character, ask the CharServer for its zone and the MasterZoneServer for that zone's URL (which
# starts the installed ZoneServer), and check the zone is ready and that the master runs its
# ScriptServer and PhysicsServer. The account must be an administrator (`admins=`) so /zones is
# readable. Usage: play-flow.py <auth url> <char url> <master url> <account>
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

auth, char, master, account = sys.argv[1:5]


def call(url, data=None, token=None, accept_json=False):
    request = urllib.request.Request(url, data=urllib.parse.urlencode(data).encode() if data else None)
    if token:
        request.add_header("Authorization", "Bearer " + token)
    if accept_json:
        request.add_header("Accept", "application/json")
    with urllib.request.urlopen(request, timeout=60) as reply:
        return reply.read().decode()


try:
    call(auth + "/register", {"username": account, "password": "installed-pw"})
except urllib.error.HTTPError as error:  # 409: created beforehand, e.g. with --create-admin
    if error.code != 409:
        raise
login = json.loads(call(auth + "/login", {"username": account, "password": "installed-pw"}, accept_json=True))
token = login["token"]
assert "admin" in login["roles"], login
character = account.capitalize()
call(char + "/new", {"character_name": character}, token)
zone_id = json.loads(call(char + "/" + character + "/zone", token=token))["zone"]
zone_url = call(master + "/" + zone_id, token=token).strip()
health = json.loads(call(zone_url + "/health"))
assert health["ready"], health
objects = json.loads(call(zone_url + "/objects", token=token))
assert any(o["name"] == "Chicken" for o in objects), "the shipped zone definition was not loaded"

# The companions connect to the zone's bus a moment after it is ready.
deadline = time.time() + 30
while True:
    zones = json.loads(call(master + "/zones", token=token))
    zone = next(z for z in zones if z["id"] == zone_id)
    states = {c["name"]: c["state"] for c in zone["companions"]}
    if states.get("scriptserver") == "running" and states.get("physicsserver") == "running":
        break
    assert time.time() < deadline, "companions not running: %s" % zone
    time.sleep(0.2)
print("played %s in %s at %s with %d objects; companions %s" % (character, zone_id, zone_url, len(objects), states))
