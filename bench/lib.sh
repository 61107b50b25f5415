# SPDX-License-Identifier: AGPL-3.0-or-later
# Shared by bench/run-all.sh and bench/soak.sh (sourced): starting servers that announce
# "SIMPLEMMO_LISTENING <url>" on stdout, pinning them to CPUs, stopping them, reading /proc.

# The servers run on one CPU and the load generators on another, so each side's CPU figure is its
# own and a saturated generator shows as such. With a single CPU nothing is pinned.
if [ "$(nproc)" -ge 2 ]; then
    SERVER_CPU=${SERVER_CPU:-0}
    BOTS_CPU=${BOTS_CPU:-1}
else
    SERVER_CPU=${SERVER_CPU:-}
    BOTS_CPU=${BOTS_CPU:-}
fi
on_cpu() { # on_cpu CPU program args...: runs pinned when CPU is set
    local cpu=$1
    shift
    if [ -n "$cpu" ]; then taskset -c "$cpu" "$@"; else "$@"; fi
}

# Every socket is a file: the zone with thousands of players and the bots need more than 1024.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

STARTED_PIDS=()
# spawn CPU OUT ERR program args...: in the background, pinned when CPU is set; SPAWNED_PID is the
# program's own pid (taskset execs it; a shell function in the background would add a subshell).
spawn() {
    local cpu=$1 out=$2 err=$3
    shift 3
    local command=("$@")
    [ -n "$cpu" ] && command=(taskset -c "$cpu" "$@")
    "${command[@]}" >"$out" 2>"$err" &
    SPAWNED_PID=$!
    STARTED_PIDS+=("$SPAWNED_PID")
}
# start_server NAME DIR CPU program args...: starts it (stdout to DIR/NAME.out, stderr to
# DIR/NAME.log), waits up to 60 s for its listening line and sets PID_NAME and URL_NAME.
start_server() {
    local name=$1 dir=$2 cpu=$3
    shift 3
    spawn "$cpu" "$dir/$name.out" "$dir/$name.log" "$@"
    local pid=$SPAWNED_PID url="" i
    for i in $(seq 1 600); do
        url=$(sed -n 's/^SIMPLEMMO_LISTENING //p' "$dir/$name.out" 2>/dev/null | head -n 1)
        [ -n "$url" ] && break
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "bench: $name exited while starting:" >&2
            tail -n 5 "$dir/$name.log" >&2
            return 1
        fi
        sleep 0.1
    done
    if [ -z "$url" ]; then
        echo "bench: $name did not start within 60 s" >&2
        return 1
    fi
    printf -v "PID_$name" '%s' "$pid"
    printf -v "URL_$name" '%s' "$url"
}

# stop_pid PID: SIGTERM, then SIGKILL after 20 s.
stop_pid() {
    local pid=$1 i kept=() p
    for p in "${STARTED_PIDS[@]}"; do [ "$p" = "$pid" ] || kept+=("$p"); done
    STARTED_PIDS=("${kept[@]}")
    kill -TERM "$pid" 2>/dev/null || return 0
    for i in $(seq 1 200); do
        kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null || true
}

stop_all() {
    local pid
    for ((i = ${#STARTED_PIDS[@]} - 1; i >= 0; i--)); do
        pid=${STARTED_PIDS[i]}
        stop_pid "$pid"
    done
    STARTED_PIDS=()
}

# proc_sample PID: "<cpu seconds> <rss kB>" from /proc (nothing when the process is gone).
CLK_TCK=$(getconf CLK_TCK)
proc_sample() {
    local pid=$1 stat rest rss
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
    rest=${stat##*) }
    # shellcheck disable=SC2086
    set -- $rest
    rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null)
    awk -v u="${12}" -v s="${13}" -v t="$CLK_TCK" -v r="${rss:-0}" 'BEGIN {printf "%.2f %d\n", (u + s) / t, r}'
}

# A cluster for the bots: AuthServer (cheap password hashes, see RESULTS.md), CharServer and the
# MasterZoneServer, which starts the zone (and, with companions, its ScriptServer and
# PhysicsServer) when the bots' administrator asks for it. Sets URL_/PID_ auth, char, master.
# start_cluster DIR BUILD_BIN COMPANIONS
BENCH_ADMIN=benchadmin
BENCH_ADMIN_PASSWORD=bench-admin-password
start_cluster() {
    local dir=$1 bin=$2 companions=$3 source
    source=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
    mkdir -p "$dir"
    SIMPLEMMO_ADMIN_PASSWORD=$BENCH_ADMIN_PASSWORD "$bin/simplemmo-authserver" --data-dir "$dir" \
        --hash-iterations=1000 --create-admin "$BENCH_ADMIN" >"$dir/create-admin.log" 2>&1
    start_server auth "$dir" "$SERVER_CPU" "$bin/simplemmo-authserver" --port=0 --data-dir "$dir" \
        --hash-iterations=1000 --login-max-failures-per-address=1000000 || return 1
    start_server char "$dir" "$SERVER_CPU" "$bin/simplemmo-charserver" --port=0 --data-dir "$dir" || return 1
    start_server master "$dir" "$SERVER_CPU" "$bin/simplemmo-masterzoneserver" --port=0 --data-dir "$dir" \
        --char-url "$URL_char" --zones-dir "$source/scripts/zones" --zone-start-timeout=60 \
        --zone-companions="$companions" || return 1
}

# admin_token: logs the bench's administrator in (for the master's /zones).
admin_token() {
    curl -sf -H 'Content-Type: application/json' \
        -d "{\"username\": \"$BENCH_ADMIN\", \"password\": \"$BENCH_ADMIN_PASSWORD\", \"format\": \"json\"}" \
        "$URL_auth/login" | jq -r .token
}

# two_plots OUTPUT TITLE: the start of a gnuplot script for two plots side by side in a PNG.
two_plots() {
    cat <<GP
set terminal pngcairo size 1000,420 font "sans,10"
set output '$1'
set multiplot layout 1,2 title "$2"
set grid
set key below
GP
}

# source_commit ROOT: the commit measured, noting local changes other than the bench's own outputs.
source_commit() {
    local commit
    commit=$(git -C "$1" rev-parse --short HEAD 2>/dev/null) || { echo unknown; return 0; }
    if ! git -C "$1" diff --quiet HEAD -- . ':!bench/RESULTS.md' ':!bench/sweep.png' ':!bench/SOAK.md' \
        ':!bench/soak.png' ':!bench/soak.csv' 2>/dev/null; then
        commit="$commit (with local changes)"
    fi
    echo "$commit"
}

machine_description() {
    local model cores memory
    model=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
    cores=$(nproc)
    memory=$(awk '/^MemTotal:/ {printf "%.1f GB", $2 / 1048576}' /proc/meminfo)
    echo "$model, $cores CPUs, $memory RAM, $(. /etc/os-release && echo "$PRETTY_NAME"), Linux $(uname -r)"
}
