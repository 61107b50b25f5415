#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# make screenshots: starts a small cluster (AuthServer, CharServer, MasterZoneServer with real
# ZoneServers) on ports chosen at run time, fills it with players, objects and chat, then runs the
# admin console under Xvfb with its hidden --screenshot-dir option, which opens each view with data
# and saves the window as docs/screenshots/<view>.png.
# Usage: tests/gui/screenshots.sh <build dir> [output dir]
# SCREENSHOT_LOCALE=de_DE.UTF-8 takes them in German (default: English, C.UTF-8).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
out=${2:-$root/docs/screenshots}
bin=$build/bin
for program in simplemmo-authserver simplemmo-charserver simplemmo-masterzoneserver simplemmo-zoneserver \
               simplemmo-admin; do
    [ -x "$bin/$program" ] || { echo "screenshots: $bin/$program is not built" >&2; exit 1; }
done
command -v xvfb-run >/dev/null || { echo "screenshots: xvfb-run is missing (installer/install-deps.sh)" >&2; exit 1; }

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

secret=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
password=screenshot-operator

# start <variable> <program> <args...>: runs the program in the background (remembered for the
# cleanup, so no command substitution here) and sets <variable> to its URL once it listens.
start() {
    local variable=$1 program=$2
    shift 2
    "$bin/$program" --port=0 --data-dir "$work" --secret "$secret" "$@" >"$work/$program.out" 2>"$work/$program.log" &
    pids+=($!)
    for _ in $(seq 300); do
        if grep -q '^SIMPLEMMO_LISTENING ' "$work/$program.out" 2>/dev/null; then
            printf -v "$variable" '%s' "$(sed -n 's/^SIMPLEMMO_LISTENING //p' "$work/$program.out" | head -n1)"
            return
        fi
        kill -0 "${pids[-1]}" 2>/dev/null || break
        sleep 0.1
    done
    echo "screenshots: $program did not start:" >&2
    cat "$work/$program.log" >&2
    exit 1
}

start auth simplemmo-authserver --hash-iterations=1000 --admins=operator
start chars simplemmo-charserver
start master simplemmo-masterzoneserver --char-url "$chars" --zones-dir "$root/scripts/zones" \
    --zone-executable "$bin/simplemmo-zoneserver" --zone-idle-timeout=600
echo "screenshots: cluster at $auth $chars $master"

# login <user> <password>: registers (if need be) and prints a session token.
login() {
    curl -s -o /dev/null -d "username=$1&password=$2" "$auth/register"
    curl -s -H 'Accept: application/json' -d "username=$1&password=$2" "$auth/login" |
        grep -o '"token": *"[^"]*"' | sed 's/.*"\([^"]*\)"$/\1/'
}
admin=$(login operator "$password")
world=public-defaultzone-world
declare -A tokens
for pair in alice:Alicia bob:Bobble carol:Carola dave:Dorian; do
    user=${pair%%:*} character=${pair#*:}
    tokens[$character]=$(login "$user" "pw-$user")
    curl -s -o /dev/null -H "Authorization: Bearer ${tokens[$character]}" -d "character_name=$character" "$chars/new"
done
post() { curl -s -o /dev/null -H "Authorization: Bearer $1" "${@:2}"; }

# Three zones: a public one with a hundred barrels and ten chickens, Alicia's own instance, a dungeon.
zone=$(curl -s -H "Authorization: Bearer ${tokens[Alicia]}" "$master/$world")
curl -s -o /dev/null -H "Authorization: Bearer ${tokens[Alicia]}" "$master/playerinstance-GhibliHills-Alicia"
post "$admin" -X POST "$master/zones/public-AdventureDungeon-world/start"

x=-6
for character in Alicia Bobble Carola Dorian; do
    post "${tokens[$character]}" -d "character=$character&status=online" "$zone/setstatus"
    post "$admin" -H 'Content-Type: application/json' \
        -d "{\"command\": \"teleport\", \"args\": [\"$character\", $x, $((x / 2 + 4)), 0]}" "$zone/admin"
    x=$((x + 5))
done
post "${tokens[Alicia]}" -d "character=Alicia&text=Good morning, hills!" "$zone/say"
post "${tokens[Bobble]}" -d "character=Bobble&text=Morning! Mind the barrels." "$zone/say"
post "${tokens[Carola]}" -d "character=Carola&text=Has anyone seen the chickens?" "$zone/say"
post "$admin" -H 'Content-Type: application/json' \
    -d '{"command": "broadcast", "args": ["The server restarts at midnight."]}' "$zone/admin"
post "${tokens[Dorian]}" -d "character=Dorian&text=Thanks for the warning." "$zone/say"
post "${tokens[Alicia]}" -d "character=Alicia&text=Anyone up for the dungeon tonight?" "$master/chat/global"
post "${tokens[Dorian]}" -d "character=Dorian&text=Count me in." "$master/chat/global"
post "$admin" -H 'Content-Type: application/json' -d '{"text": "Double experience all weekend!"}' \
    "$master/chat/broadcast"
# An object whose script does not exist: a script error for the health view.
post "$admin" -H 'Content-Type: application/json' \
    -d '{"command": "spawn", "args": [{"name": "Lantern", "scripts": ["lantern_ghost"], "loc_x": 3, "loc_y": -4}]}' \
    "$zone/admin"
post "$admin" -H 'Content-Type: application/json' \
    -d '{"stats": {"level": 7, "experience": 4120, "health": 86}, "inventory": {"apple": 3, "rope": 1, "lantern": 1}}' \
    "$chars/Alicia"

# While the console runs, the players wander, so the views have something to follow, and now and
# then two of them whisper (tells are only seen live).
tells=("Meet me by the big barrel." "Bring the lantern." "Shh, the chickens are listening.")
(
    round=0
    while true; do
        for character in Alicia Bobble Carola Dorian; do
            dx=$(( (RANDOM % 3) - 1 )) dy=$(( (RANDOM % 3) - 1 ))
            post "${tokens[$character]}" -d "character=$character&x=$dx&y=$dy" "$zone/movement" || true
        done
        if (( round % 10 == 5 )); then
            post "${tokens[Alicia]}" --data-urlencode "text=${tells[$(( round / 10 % 3 ))]}" \
                -d "character=Alicia&to=Bobble" "$zone/tell" || true
        fi
        round=$((round + 1))
        sleep 0.3
    done
) &
pids+=($!)

mkdir -p "$out" "$work/config" "$work/runtime"
chmod 700 "$work/runtime"
locale=${SCREENSHOT_LOCALE:-C.UTF-8}
env -u QT_QPA_PLATFORM LANG="$locale" LC_ALL="$locale" LANGUAGE= XDG_CONFIG_HOME="$work/config" \
    XDG_RUNTIME_DIR="$work/runtime" SIMPLEMMO_ADMIN_PASSWORD="$password" \
    xvfb-run -a -s '-screen 0 1400x900x24' \
    "$bin/simplemmo-admin" --auth-url "$auth" --char-url "$chars" --master-url "$master" --user operator \
    --screenshot-dir "$out" --screenshot-character Alicia --screenshot-zone "$world"
echo "screenshots: written to $out"
