#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# make soak: simplemmo-bots against a whole cluster (AuthServer, CharServer, MasterZoneServer,
# which starts the zone with its ScriptServer and PhysicsServer) for SOAK_MINUTES, sampling the
# resident memory and CPU of every server process every SOAK_INTERVAL seconds. Writes
# bench/soak.csv, bench/soak.png and bench/SOAK.md, and exits 1 when a server's RSS grew, from the
# end of the warm-up to the end, by more than the bound (the larger of SOAK_MAX_GROWTH_PERCENT of
# its RSS then and SOAK_MAX_GROWTH_MB), or when a server process died.
# Usage: bench/soak.sh <build dir>
#   SOAK_MINUTES (30)  SOAK_BOTS (200)  SOAK_INTERVAL (10 s)  SOAK_WARMUP_MINUTES (a fifth, at most 5)
#   SOAK_MAX_GROWTH_PERCENT (10)  SOAK_MAX_GROWTH_MB (16)
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
bin=$build/bin
source "$here/lib.sh"

minutes=${SOAK_MINUTES:-30}
bots=${SOAK_BOTS:-200}
interval=${SOAK_INTERVAL:-10}
warmup=$(awk -v m="$minutes" -v w="${SOAK_WARMUP_MINUTES:-}" 'BEGIN {
    s = (w != "") ? w * 60 : m * 60 / 5; if (w == "" && s > 300) s = 300; printf "%d", s }')
max_percent=${SOAK_MAX_GROWTH_PERCENT:-10}
max_mb=${SOAK_MAX_GROWTH_MB:-16}
zone=public-defaultzone-soak
csv=$here/soak.csv
for tool in jq curl; do
    command -v "$tool" >/dev/null || { echo "soak: $tool is missing (installer/install-deps.sh --bench)" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/simplemmo-soak.XXXXXX")
trap 'stop_all; rm -rf "$work"' EXIT
started=$(date -u '+%Y-%m-%d %H:%M UTC')
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
commit=$(source_commit "$root")
echo "== soak: $bots bots for $minutes min against a whole cluster (warm-up $warmup s, a sample every $interval s)"
start_cluster "$work/cluster" "$bin" "simplemmo-scriptserver,simplemmo-physicsserver"
token=$(admin_token)

SIMPLEMMO_ADMIN_PASSWORD=$BENCH_ADMIN_PASSWORD spawn "$BOTS_CPU" "$work/bots.txt" "$work/bots.log" \
    "$bin/simplemmo-bots" --auth-url "$URL_auth" --char-url "$URL_char" --master-url "$URL_master" \
    --admin "$BENCH_ADMIN" --zone "$zone" --bots "$bots" --seconds $((minutes * 60)) --warmup 0 --ramp 100 \
    --move-hz 10 --chat-rate 2 --progress 60 --prefix soakbot --json "$work/bots.json"
bots_pid=$SPAWNED_PID

# The zone's and its companions' pids, from the master (they may change if one is restarted).
zone_pids() {
    curl -sf -H "Authorization: Bearer $token" "$URL_master/zones" |
        jq -r --arg zone "$zone" '.[] | select(.id == $zone) |
            (if .pid then "zone \(.pid)" else empty end), (.companions[]? | select(.pid != null) | "\(.name) \(.pid)")'
}

echo "seconds,process,pid,rss_kb,cpu_percent" >"$csv"
declare -A last_cpu last_at pid_of
died=""
start=$(date +%s.%N)
while kill -0 "$bots_pid" 2>/dev/null; do
    now=$(date +%s.%N)
    t=$(awk -v a="$now" -v b="$start" 'BEGIN {printf "%.0f", a - b}')
    list="auth $PID_auth
char $PID_char
masterzoneserver $PID_master
$(zone_pids || true)"
    while read -r name pid; do
        [ -n "$name" ] && [ -n "$pid" ] || continue
        [ "$name" = master ] && name=masterzoneserver
        if [ -n "${pid_of[$name]:-}" ] && [ "${pid_of[$name]}" != "$pid" ]; then
            died="$died $name (pid ${pid_of[$name]} replaced by $pid at ${t} s)"
            unset "last_cpu[$name]"
        fi
        pid_of[$name]=$pid
        sample=$(proc_sample "$pid") || { died="$died $name (pid $pid gone at ${t} s)"; continue; }
        read -r cpu rss <<<"$sample"
        percent=""
        if [ -n "${last_cpu[$name]:-}" ]; then
            percent=$(awk -v c="$cpu" -v lc="${last_cpu[$name]}" -v n="$now" -v ln="${last_at[$name]}" \
                'BEGIN {printf "%.1f", 100 * (c - lc) / (n - ln)}')
            echo "$t,$name,$pid,$rss,$percent" >>"$csv"
        fi
        last_cpu[$name]=$cpu
        last_at[$name]=$now
    done <<<"$list"
    sleep "$interval"
done
bots_status=0
wait "$bots_pid" || bots_status=$?
cat "$work/bots.txt"

# Per process: RSS just after the warm-up and at the end (each the mean of three samples).
summary=$(awk -F, -v warm="$warmup" -v pct="$max_percent" -v mb="$max_mb" '
    NR > 1 { n[$2]++; t[$2, n[$2]] = $1; r[$2, n[$2]] = $4; c[$2, n[$2]] = $5 }
    END {
        for (p in n) {
            first = 0
            for (i = 1; i <= n[p]; i++) if (t[p, i] >= warm) { first = i; break }
            if (!first || n[p] - first < 3) { printf "%s|-|-|-|-|-|-|too short\n", p; continue }
            base = (r[p, first] + r[p, first + 1] + r[p, first + 2]) / 3
            last = (r[p, n[p]] + r[p, n[p] - 1] + r[p, n[p] - 2]) / 3
            peak = 0; sum = 0; top = 0; k = 0
            for (i = first; i <= n[p]; i++) { if (r[p, i] > peak) peak = r[p, i]; sum += c[p, i]; k++; if (c[p, i] > top) top = c[p, i] }
            bound = base * pct / 100; if (bound < mb * 1024) bound = mb * 1024
            printf "%s|%.1f|%.1f|%.1f|%+.1f|%.1f|%.1f / %.1f|%s\n", p, base / 1024, last / 1024, peak / 1024,
                (last - base) / 1024, bound / 1024, sum / k, top, (last - base > bound) ? "GREW" : "ok"
        }
    }' "$csv" | sort)
failed=0
grep -q '|GREW$' <<<"$summary" && failed=1
[ -n "$died" ] && failed=1

if command -v gnuplot >/dev/null; then
    plots_rss="" plots_cpu=""
    for name in $(tail -n +2 "$csv" | cut -d, -f2 | sort -u); do
        grep ",$name," "$csv" | awk -F, '{print $1 / 60, $4 / 1024, $5}' >"$work/$name.dat"
        plots_rss="${plots_rss:+$plots_rss, }'$work/$name.dat' using 1:2 with lines lw 2 title '$name'"
        plots_cpu="${plots_cpu:+$plots_cpu, }'$work/$name.dat' using 1:3 with lines lw 2 title '$name'"
    done
    {
        two_plots "$here/soak.png" "make soak: $bots bots for $minutes min ($started)"
        cat <<GP
set xlabel 'minutes'
set ylabel 'RSS (MB)'
set arrow from $warmup / 60.0, graph 0 to $warmup / 60.0, graph 1 nohead dt 2
plot $plots_rss
set ylabel 'CPU (% of one core)'
plot $plots_cpu
unset multiplot
GP
    } | gnuplot
fi

{
    echo "# SimpleMMO soak test"
    echo
    echo "Written by \`make soak\` (bench/soak.sh)."
    echo
    echo "| | |"
    echo "|---|---|"
    echo "| machine | $(machine_description) |"
    echo "| date | $started to $(date -u '+%Y-%m-%d %H:%M UTC') |"
    echo "| commit | $commit |"
    echo "| load average before / after | $load_before / $(cut -d' ' -f1-3 /proc/loadavg) |"
    echo "| run | $bots bots (simplemmo-bots) in \`$zone\` for $minutes min: 10 moves/s each, 2 chat lines/s in all; AuthServer (PBKDF2 at 1,000 iterations), CharServer, MasterZoneServer starting the zone with its ScriptServer and PhysicsServer; SQLite |"
    echo "| sampling | RSS and CPU of every server process every $interval s (bench/soak.csv) |"
    echo "| bound | after a warm-up of $warmup s, RSS may grow by at most the larger of $max_percent % and $max_mb MB (each end the mean of three samples) |"
    echo "| verdict | $([ "$failed" = 0 ] && echo "**passed**" || echo "**failed**")${died:+: processes replaced or gone:$died} |"
    echo
    echo "| process | RSS after warm-up MB | RSS at the end MB | peak MB | growth MB | bound MB | CPU % mean / max | |"
    echo "|---|---:|---:|---:|---:|---:|---:|---|"
    while IFS='|' read -r p base last peak growth bound cpu verdict; do
        echo "| $p | $base | $last | $peak | $growth | $bound | $cpu | $verdict |"
    done <<<"$summary"
    echo
    echo "![RSS and CPU of each server process over the run](soak.png)"
    echo
    echo "The bots' own summary (whole run):"
    echo
    echo '```'
    cat "$work/bots.txt"
    echo '```'
    echo
    echo "Run it: \`make soak\` (30 minutes), \`SOAK_MINUTES=5 make soak\` for a short one."
} >"$here/SOAK.md"
echo "wrote $here/SOAK.md ($([ "$failed" = 0 ] && echo passed || echo FAILED))"
[ "$bots_status" = 0 ] || { echo "soak: simplemmo-bots exited with $bots_status" >&2; exit 1; }
exit "$failed"
