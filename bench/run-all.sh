#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# make bench: runs every benchmark and writes bench/RESULTS.md (with the sweep's plot,
# bench/sweep.png). Usage: bench/run-all.sh <build dir>
#   BENCH_QUICK=1      100 and 500 bots, 5 s each (to try the harness)
#   BENCH_SECONDS=n    measured seconds per sweep point (20)
#   BENCH_COUNTS="..." bot counts of the sweep (100 250 500 1000 1500 2000, then on by 1000 while
#                      the zone holds, up to BENCH_MAX=10000)
#   BENCH_NOTE="..."   a line for RESULTS.md (e.g. what else was loading the machine)
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
bin=$build/bin
benches=$build/bench
# shellcheck source=bench/lib.sh
source "$here/lib.sh"
source "$here/nginx.sh"
source "$here/report.sh"

if [ "${BENCH_QUICK:-0}" = 1 ]; then
    seconds=${BENCH_SECONDS:-5}
    counts=${BENCH_COUNTS:-"100 500"}
    max=${BENCH_MAX:-500}
else
    seconds=${BENCH_SECONDS:-20}
    counts=${BENCH_COUNTS:-"100 250 500 1000 1500 2000"}
    max=${BENCH_MAX:-10000}
fi
source "$here/sweep.sh"
for tool in jq curl taskset; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is missing (installer/install-deps.sh --bench)" >&2; exit 1; }
done
[ -x "$bin/simplemmo-bots" ] || { echo "bench: $bin/simplemmo-bots is not built" >&2; exit 1; }

results=$here/results
rm -rf "$results"
mkdir -p "$results"
work=$(mktemp -d "${TMPDIR:-/tmp}/simplemmo-bench.XXXXXX")
trap 'stop_all; rm -rf "$work"' EXIT
BENCH_STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
BENCH_COMMIT=$(source_commit "$root")
echo "== SimpleMMO bench: $(machine_description)"

# 1. The zone under bots.
echo "== 1. zone capacity sweep (SimpleMMO): $counts bots, $seconds s each"
start_cluster "$work/cluster" "$bin" ""
sweep simplemmo
stop_all

# 2. The same bots against Colyseus.
echo "== 2. the same sweep against the Colyseus room"
install_colyseus
if [ -z "$COLYSEUS_STATUS" ]; then
    sweep colyseus
else
    echo "Colyseus: $COLYSEUS_STATUS"
fi
plot_sweep || PLOT_STATUS="gnuplot failed"

# run_bench NAME PROGRAM args...: one of the C++ benchmarks, its output kept for RESULTS.md.
run_bench() {
    local name=$1 program=$2
    shift 2
    echo "== $name"
    if [ "$program" = on_cpu ] || [ -x "$benches/$program" ]; then
        [ "$program" = on_cpu ] || program=$benches/$program
        QT_QPA_PLATFORM=offscreen "$program" "$@" 2>&1 | tee "$results/$name.txt" || true
    else
        echo "($program is not built)" | tee "$results/$name.txt"
    fi
}

# 3. HTTP control plane, nginx beside it.
echo "== 3. control plane"
start_nginx "$work/nginx"
compare=()
[ -n "$NGINX_URL" ] && compare=(--compare-url "$NGINX_URL")
[ -n "$SERVER_CPU" ] && compare+=(--server-cpu "$SERVER_CPU")
# The load generator on the bots' CPU; it pins the servers it starts to the servers' CPU.
run_bench controlplane on_cpu "$BOTS_CPU" "$benches/bench_controlplane" "${compare[@]}"
stop_all

# 4. and 5. The others, as they print their figures.
run_bench masterzone bench_masterzone
run_bench physics bench_physics
run_bench scripts bench_scripts
run_bench passwordhasher bench_passwordhasher
run_bench adminscene bench_adminscene

write_results
