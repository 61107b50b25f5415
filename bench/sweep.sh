# SPDX-License-Identifier: AGPL-3.0-or-later
# The zone capacity sweep of make bench (sourced by run-all.sh): the same simplemmo-bots against
# a SimpleMMO zone and against the Colyseus room, N = $BENCH_COUNTS and on by 1000 while the zone
# holds. Needs lib.sh, $bin, $results, $work, $seconds, $counts, $max.

# Within the limits: (nearly) every bot in, move->seen p99 under 100 ms (BENCH_P99_LIMIT_MS),
# server under 80 % of a core. A move waits for the next update batch before anyone can see it,
# so the update rate (BENCH_TICK_HZ, for the zone and the room alike; the zone's default unless
# set) bounds the latency from below: at 10 Hz a healthy zone's p99 is already about 100 ms, at 20
# Hz about 50. RESULTS.md also gives the capacities with one batch period allowed on top.
P99_LIMIT_MS=${BENCH_P99_LIMIT_MS:-100}
TICK_HZ=${BENCH_TICK_HZ:-$("$bin/simplemmo-zoneserver" --help 2>/dev/null | tr -s ' \n' ' ' |
    grep -o -- '--tick-hz <hz> [^[]*\[default: [0-9]*' | grep -o '[0-9]*$')}
TICK_HZ=${TICK_HZ:-10}
export SIMPLEMMO_TICK_HZ=$TICK_HZ # the master passes its environment to the zones it starts
export TICK_HZ                    # bench/colyseus/room.js
holds_filter() { # holds_filter P99_LIMIT
    echo "(.joined >= .bots * 0.99) and (.move_latency_ms.p99 < $1) and ((.server.cpu_percent // 1000) < 80)"
}
HOLDS_FILTER=$(holds_filter "$P99_LIMIT_MS")
holds() { [ -f "$1" ] && jq -e "${2:-$HOLDS_FILTER}" "$1" >/dev/null; }

bots_common=(--seconds "$seconds" --warmup 3 --join-timeout 300 --ramp 250 --move-hz 10 --chat-rate 1 --spacing 28 --walk-radius 5
             --threads 1 --progress 5)

# run_point TARGET N: one run, results/TARGET-N.json (absent when the bots could not run).
run_point() {
    local target=$1 n=$2 json="$results/$1-$2.json" text="$results/$1-$2.txt"
    echo "-- $target, $n bots"
    rm -f "$json"
    if [ "$target" = simplemmo ]; then
        SIMPLEMMO_ADMIN_PASSWORD=$BENCH_ADMIN_PASSWORD on_cpu "$BOTS_CPU" "$bin/simplemmo-bots" \
            --auth-url "$URL_auth" --char-url "$URL_char" --master-url "$URL_master" --admin "$BENCH_ADMIN" \
            --zone public-defaultzone-bench --stop-zone --bots "$n" --json "$json" "${bots_common[@]}" \
            >"$text" || true
    else
        start_server colyseus "$work" "$SERVER_CPU" node "$here/colyseus/room.js" 0 || return 0
        on_cpu "$BOTS_CPU" "$bin/simplemmo-bots" --target colyseus --colyseus-url "$URL_colyseus" \
            --server-pid "$PID_colyseus" --bots "$n" --json "$json" "${bots_common[@]}" >"$text" || true
        stop_pid "$PID_colyseus"
    fi
    cat "$text"
}

# sweep TARGET: every listed count, then on by 1000 while it holds, up to $max.
sweep() {
    local target=$1 n last_held=0
    for n in $counts; do
        run_point "$target" "$n"
        if holds "$results/$target-$n.json"; then last_held=$n; fi
    done
    n=$last_held
    while [ "$n" -ge 2000 ] && [ "$n" = "$last_held" ]; do
        n=$((n + 1000))
        [ "$n" -gt "$max" ] && break
        run_point "$target" "$n"
        if holds "$results/$target-$n.json"; then last_held=$n; fi
    done
}

# capacity TARGET [FILTER]: the most bots that held (0 when none did).
capacity() {
    local best=0 file n
    for file in "$results/$1"-*.json; do
        [ -f "$file" ] || continue
        n=$(jq .bots "$file")
        if holds "$file" "${2:-}" && [ "$n" -gt "$best" ]; then best=$n; fi
    done
    echo "$best"
}

# Installs the Colyseus room's packages into bench/colyseus (node_modules is not committed).
# Sets COLYSEUS_STATUS to "" when ready, else to why not.
install_colyseus() {
    COLYSEUS_STATUS=""
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
        COLYSEUS_STATUS="node or npm is not installed"
        return 0
    fi
    if [ ! -f "$here/colyseus/node_modules/@colyseus/core/package.json" ]; then
        echo "-- installing @colyseus/core, @colyseus/ws-transport, @colyseus/schema from npm into bench/colyseus"
        if ! (cd "$here/colyseus" && npm install --no-audit --no-fund --loglevel=error >"$work/npm.log" 2>&1); then
            COLYSEUS_STATUS="npm install failed: $(tail -n 3 "$work/npm.log" | tr '\n' ' ')"
            return 0
        fi
    fi
    local modules=$here/colyseus/node_modules/@colyseus
    COLYSEUS_VERSION="@colyseus/core $(jq -r .version "$modules/core/package.json"), ws-transport $(jq -r .version "$modules/ws-transport/package.json"), schema $(jq -r .version "$modules/schema/package.json")"
}

# The sweep's points as columns for gnuplot: bots, p50, p99, server CPU %, kB per bot, bots' CPU %.
sweep_data() {
    compgen -G "$results/$1-*.json" >/dev/null || return 0
    jq -rs 'sort_by(.bots)[] | "\(.bots) \(.move_latency_ms.p50) \(.move_latency_ms.p99) \(.server.cpu_percent // 0) \(.server.rss_kb_per_bot // 0) \(.bots_cpu_percent)"' \
        "$results/$1"-*.json
}
