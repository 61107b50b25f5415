#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# make bench: runs every benchmark and prints its figures. Usage: bench/run-all.sh <build dir>
set -euo pipefail
build=${1:-build}
run() {
    local title=$1 program=$2
    shift 2
    echo "== $title"
    if [ -x "$build/bench/$program" ]; then
        "$build/bench/$program" "$@"
    else
        echo "($program is not built)"
    fi
    echo
}
run "password hashing" bench_passwordhasher
run "control plane (AuthServer, CharServer)" bench_controlplane
run "zone start (MasterZoneServer)" bench_masterzone
run "one zone under WebSocket bots (ZoneServer)" bench_zone
run "admin console physics view, 2,000 objects" bench_adminscene
run "PhysicsServer world vs raw Box2D, 1,000 to 10,000 bodies" bench_physics
run "ScriptServer, 1,000 and 10,000 scripted objects at 10 Hz" bench_scripts
