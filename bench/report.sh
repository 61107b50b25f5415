# SPDX-License-Identifier: AGPL-3.0-or-later
# Writes bench/RESULTS.md and the sweep's plot from what run-all.sh left in $results (sourced).

# sweep_table TARGET: one Markdown row per point.
sweep_table() {
    echo "| bots | in | moves/s | updates/s | move->seen p50 / p95 / p99 ms | say->heard p99 ms | server CPU % (waited for a CPU %) | server RSS MB | kB per bot | bots' CPU % (waited %) | bots saturated | bots' loop lag p99 ms | errors / disconnects | holds |"
    echo "|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|---:|---|---|"
    compgen -G "$results/$1-*.json" >/dev/null || { echo "| (no run) ||||||||||||||"; return 0; }
    jq -rs "sort_by(.bots)[] | \"| \(.bots) | \(.joined) | \(.moves_per_second) | \(.updates_per_second) | \(.move_latency_ms.p50) / \(.move_latency_ms.p95) / \(.move_latency_ms.p99) | \(.chat_latency_ms.p99) | \(.server.cpu_percent // \"-\") (\(.server.cpu_wait_percent // \"-\")) | \(.server.rss_mb // \"-\") | \(.server.rss_kb_per_bot // \"-\") | \(.bots_cpu_percent) (\(.bots_cpu_wait_percent)) | \(if .bots_saturated then \"**yes**\" else \"no\" end) | \(.bots_loop_lag_ms_p99) | \(.errors) / \(.disconnects) | \(if $HOLDS_FILTER then \"yes\" else \"no\" end) |\"" \
        "$results/$1"-*.json
    # Points whose bots could not run at all leave only their text.
    local text n
    for text in "$results/$1"-*.txt; do
        [ -f "$text" ] || continue
        n=${text##*-}
        n=${n%.txt}
        [ -f "$results/$1-$n.json" ] || echo "| $n | - | - | - | did not run: $(tail -n 1 "$text" | tr '|' '/') |||||||||"
    done
}

# kb_per_bot TARGET N: the server's kB per bot at N (or "-").
kb_per_bot() {
    [ -f "$results/$1-$2.json" ] && jq -r '.server.rss_kb_per_bot // "-"' "$results/$1-$2.json" || echo "-"
}

plot_sweep() {
    command -v gnuplot >/dev/null || { PLOT_STATUS="gnuplot is not installed"; return 0; }
    sweep_data simplemmo >"$results/simplemmo.dat"
    sweep_data colyseus >"$results/colyseus.dat"
    local series_p99="" series_cpu=""
    [ -s "$results/simplemmo.dat" ] && series_p99="'$results/simplemmo.dat' using 1:3 with linespoints lw 2 pt 7 title 'SimpleMMO zone'" &&
        series_cpu="'$results/simplemmo.dat' using 1:4 with linespoints lw 2 pt 7 title 'SimpleMMO zone'"
    if [ -s "$results/colyseus.dat" ]; then
        series_p99="${series_p99:+$series_p99, }'$results/colyseus.dat' using 1:3 with linespoints lw 2 pt 5 title 'Colyseus room'"
        series_cpu="${series_cpu:+$series_cpu, }'$results/colyseus.dat' using 1:4 with linespoints lw 2 pt 5 title 'Colyseus room'"
    fi
    [ -n "$series_p99" ] || { PLOT_STATUS="no sweep data"; return 0; }
    {
        two_plots "$here/sweep.png" "Bots in one zone at 10 moves/s ($(date -u +%Y-%m-%d), $(machine_description | cut -d, -f1-2))"
        cat <<GP
set xlabel 'bots'
set ylabel 'move -> seen by another bot, p99 (ms)'
set logscale y
set yrange [1:*]
plot $series_p99, $P99_LIMIT_MS with lines dt 2 lc rgb 'red' title 'limit $P99_LIMIT_MS ms', $((1000 / TICK_HZ)) with lines dt 3 lw 2 lc rgb 'black' title 'one batch period ($((1000 / TICK_HZ)) ms)'
unset logscale y
set yrange [0:100]
set ylabel 'server CPU (% of one core)'
plot $series_cpu, 80 with lines dt 2 lc rgb 'red' title 'limit 80 %'
unset multiplot
GP
    } | gnuplot
}

verbatim() { # verbatim FILE: a file's text as a code block
    echo '```'
    if [ -s "$1" ]; then cat "$1"; else echo "(no output)"; fi
    echo '```'
}

write_results() {
    local out=$here/RESULTS.md simplemmo_cap colyseus_cap ratio commit
    simplemmo_cap=$(capacity simplemmo)
    colyseus_cap=$(capacity colyseus)
    local allowance period
    period=$((1000 / TICK_HZ))
    allowance=$(holds_filter $((P99_LIMIT_MS + period)))
    if [ "$colyseus_cap" -gt 0 ]; then
        ratio=$(awk -v a="$simplemmo_cap" -v b="$colyseus_cap" 'BEGIN {printf "%.2f", a / b}')
    else
        ratio="n/a"
    fi
    commit=$BENCH_COMMIT
    local kb2000 kbmax
    kb2000=$(kb_per_bot simplemmo 2000)
    kbmax=$(kb_per_bot simplemmo "$simplemmo_cap")
    {
        echo "# SimpleMMO benchmark results"
        echo
        echo "Written by \`make bench\` (bench/run-all.sh); every figure below comes from the run described here."
        echo
        echo "| | |"
        echo "|---|---|"
        echo "| machine | $(machine_description) |"
        echo "| date | $BENCH_STARTED to $(date -u '+%Y-%m-%d %H:%M UTC') |"
        echo "| commit | $commit |"
        echo "| load average before / after | $LOAD_BEFORE / $(cut -d' ' -f1-3 /proc/loadavg) |"
        echo "| pinning | servers on CPU ${SERVER_CPU:-any}, load generators (simplemmo-bots, bench_controlplane) on CPU ${BOTS_CPU:-any} (taskset) |"
        echo "| sweep | $seconds s measured per point after a 3 s warm-up; 10 moves/s per bot (bounded random walk, 5 m around homes 28 m apart on a grid); 1 chat line/s across all bots; one bot thread |"
        echo "| SimpleMMO cluster | AuthServer, CharServer, MasterZoneServer (SQLite); the master starts zone \`public-defaultzone-bench\` without companions (no ScriptServer, no PhysicsServer: the zone alone, like the Colyseus room); AOI 50 m, $TICK_HZ update batches a second (\`tick-hz\`); **PBKDF2 at 1,000 iterations** (\`--hash-iterations=1000\`) so that thousands of bots can log in quickly: the default is 600,000 |"
        echo "| Colyseus | ${COLYSEUS_VERSION:-not run: $COLYSEUS_STATUS}; room bench/colyseus/room.js on Node $(node --version 2>/dev/null || echo '-'): the same moves, the same 50 m area of interest on a grid, the same $TICK_HZ updates a second, chat to everyone |"
        [ -n "${BENCH_NOTE:-}" ] && echo "| note | $BENCH_NOTE |"
        echo
        echo "## Targets"
        echo
        echo "Limits for a point to hold: at least 99 % of the bots in, server under 80 % of one core, and move->seen p99"
        echo "under $P99_LIMIT_MS ms. A move becomes visible with the next update batch, $TICK_HZ a second here, so up to $period ms"
        echo "later even in an idle zone (or room). Allowing one more batch period ($((P99_LIMIT_MS + period)) ms), SimpleMMO held up to"
        echo "$(capacity simplemmo "$allowance") bots and Colyseus up to $(capacity colyseus "$allowance")."
        echo
        cpu_at() { jq -r '.server.cpu_percent // empty' "$results/$1-$2.json" 2>/dev/null; }
        local cpu_s cpu_c
        cpu_s=$(cpu_at simplemmo 2000)
        cpu_c=$(cpu_at colyseus 2000)
        if [ -n "$cpu_s" ] && [ -n "$cpu_c" ]; then
            echo "The capacities move in steps of 500 or 1000 bots and a point can miss the limit by a hair, so the server"
            echo "CPU with the same 2,000 bots is the steadier comparison: SimpleMMO $cpu_s %, Colyseus $cpu_c % of a core"
            echo "(ratio $(awk -v a="$cpu_c" -v b="$cpu_s" 'BEGIN {printf "%.2f", a / b}'))."
            echo
        fi
        echo "| target | figure | met |"
        echo "|---|---|---|"
        echo "| at least 2,000 bots (moving at 10 Hz) in one zone within the limits | SimpleMMO held up to **$simplemmo_cap** bots | $([ "$simplemmo_cap" -ge 2000 ] && echo yes || echo **no**) |"
        echo "| at least twice what the Colyseus room holds on the same harness | Colyseus held up to **$colyseus_cap**; ratio **$ratio** | $([ "$ratio" != n/a ] && awk -v r="$ratio" 'BEGIN {exit !(r >= 2)}' && echo yes || echo **no**) |"
        echo "| at most 10 kB of server memory per connected bot | $kb2000 kB per bot at 2,000 bots; $kbmax at $simplemmo_cap | $(awk -v k="$kb2000" 'BEGIN {exit !(k != "-" && k + 0 <= 10)}' && echo yes || echo **no**) |"
        echo
        echo "## 1. One zone under bots (SimpleMMO)"
        echo
        sweep_table simplemmo
        echo
        echo "## 2. The same bots against the Colyseus room"
        echo
        if [ -n "$COLYSEUS_STATUS" ]; then echo "Not run: $COLYSEUS_STATUS."; else sweep_table colyseus; fi
        echo
        if [ -f "$here/sweep.png" ] && [ -z "${PLOT_STATUS:-}" ]; then
            echo "![move->seen p99 and server CPU against bots, SimpleMMO and Colyseus](sweep.png)"
        else
            echo "(no plot: ${PLOT_STATUS:-})"
        fi
        echo
        echo "\"bots saturated\": the bots used over 90 % of their CPU, so latency there measures the bots as much as"
        echo "the server. \"bots' loop lag\": how late the bots' 10 ms timer fired (p99); it also grows when the server"
        echo "sends in bursts (the bots then have a backlog to read) or when other programs share the bots' CPU."
        echo "\"waited for a CPU\": the share of the window the process's threads were ready to run but other programs"
        echo "held the CPU (/proc/<pid>/task/*/schedstat): where it is high, the machine, not the program, set the figure."
        echo
        echo "## 3. HTTP control plane"
        echo
        echo "Authenticated \`GET /<name>/zone\` on the CharServer next to ${NGINX_VERSION:-nginx} serving a file of the same size on"
        echo "loopback (one worker, pinned like the servers), both loaded by the same keep-alive generator in the same run;"
        echo "then logins per second on the AuthServer."
        [ -n "${NGINX_STATUS:-}" ] && echo && echo "nginx: $NGINX_STATUS"
        echo
        verbatim "$results/controlplane.txt"
        echo
        echo "## 4. Zone start (MasterZoneServer miss -> ready)"
        echo
        echo "\"cold\" and \"restart\" come from a master without a warm pool (\`zone-pool-size=0\`): every start is a new"
        echo "zone server process, for a new zone id (its definition is copied into the database) or a stored one. \"warm pool\""
        echo "rows come from a master with the default pool of one pre-started zone server, measured once the pool has"
        echo "refilled: the miss only assigns the zone to that process, which loads it. \"hit\" is a zone already running."
        echo
        verbatim "$results/masterzone.txt"
        echo
        echo "## 5. Physics and scripts"
        echo
        verbatim "$results/physics.txt"
        echo
        verbatim "$results/scripts.txt"
        echo
        echo "## Other figures"
        echo
        verbatim "$results/passwordhasher.txt"
        echo
        verbatim "$results/adminscene.txt"
        echo
        echo "## Reproduce"
        echo
        echo '```sh'
        echo 'make bench                 # everything, about half an hour'
        echo 'BENCH_QUICK=1 make bench   # 100 and 500 bots, 5 s each, to try the harness'
        echo 'BENCH_COUNTS="500 1000" BENCH_SECONDS=30 make bench'
        echo '```'
        echo
        echo "Each sweep point's JSON (simplemmo-bots --json) and table are left in bench/results/ (not committed)."
    } >"$out"
    echo "wrote $out"
}
