#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# A throwaway PostgreSQL server for the test run (the CTest fixtures postgres_start/postgres_stop).
#
#   postgres-fixture.sh start <dir>   initdb in <dir>/data, start on a free loopback port,
#                                     write postgres://postgres@127.0.0.1:PORT/postgres to <dir>/url
#   postgres-fixture.sh stop <dir>    stop that server and remove <dir>
#   postgres-fixture.sh halt <dir>    stop that server but keep its data (a database outage)
#   postgres-fixture.sh resume <dir>  start a halted server again on the same port
#
# PostgreSQL refuses to run as root, so as root the server runs as the "postgres" user.
# Environment: SIMPLEMMO_PG_BINDIR (default /usr/lib/postgresql/15/bin, else the newest installed).
# A server that cannot start is an error, never a silent skip: the postgres suites need it.
set -euo pipefail

usage() {
    echo "usage: $0 start|stop|halt|resume <dir>" >&2
    exit 2
}

die() {
    echo "postgres-fixture: error: $*" >&2
    if [[ "${CI:-}" == "true" ]]; then
        echo "postgres-fixture: CI=true: the PostgreSQL suites are mandatory, so this fails the run." >&2
    fi
    exit 1
}

[[ $# -eq 2 ]] || usage
action=$1
dir=$2
[[ -n "$dir" && "$dir" != "/" ]] || die "refusing to use '$dir' as the fixture directory"
dir=$(realpath -m -- "$dir")

find_bindir() {
    if [[ -n "${SIMPLEMMO_PG_BINDIR:-}" ]]; then
        echo "$SIMPLEMMO_PG_BINDIR"
        return
    fi
    if [[ -x /usr/lib/postgresql/15/bin/pg_ctl ]]; then
        echo /usr/lib/postgresql/15/bin
        return
    fi
    local newest
    newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -n "$newest" ]]; then
        echo "$newest"
        return
    fi
    dirname "$(command -v pg_ctl 2>/dev/null || echo /nonexistent/pg_ctl)"
}

bindir=$(find_bindir)

# Runs a command as the server's owner: "postgres" when we are root, ourselves otherwise.
as_owner() {
    if [[ $EUID -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# The data directory lives in <dir>, unless the postgres user cannot reach <dir> (a build tree
# inside a private home) or the socket path would be too long; then in a private /tmp folder,
# whose path is remembered in <dir>/rundir.
rundir_of() {
    if [[ -f "$dir/rundir" ]]; then
        cat "$dir/rundir"
    else
        echo "$dir"
    fi
}

stop_server() {
    local rundir=$1 mode=$2
    if [[ -f "$rundir/data/postmaster.pid" ]]; then
        as_owner "$bindir/pg_ctl" -D "$rundir/data" -m "$mode" -w -t 30 stop >/dev/null 2>&1 || {
            # pg_ctl failed (a crashed server, a foreign pid file): kill the postmaster directly.
            local pid
            pid=$(head -n 1 "$rundir/data/postmaster.pid" 2>/dev/null || true)
            if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
                kill -QUIT "$pid" 2>/dev/null || true
                sleep 1
            fi
        }
    fi
}

remove_all() {
    local rundir
    rundir=$(rundir_of)
    stop_server "$rundir" "${1:-fast}"
    if [[ "$rundir" != "$dir" ]]; then
        rm -rf -- "$rundir"
    fi
    rm -rf -- "$dir"
}

port_is_free() {
    local port=$1
    if command -v python3 >/dev/null 2>&1; then
        python3 - "$port" <<'EOF' 2>/dev/null
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    s.close()
EOF
    else
        ! ss -Htan "sport = :$port" 2>/dev/null | grep -q .
    fi
}

pick_port() {
    local tries port
    for tries in $(seq 1 50); do
        port=$((20000 + RANDOM % 40000))
        if port_is_free "$port"; then
            echo "$port"
            return 0
        fi
    done
    return 1
}

show_log() {
    local log=$1
    if [[ -f "$log" ]]; then
        echo "---- last lines of $log ----" >&2
        tail -n 30 "$log" >&2
        echo "----" >&2
    fi
}

start() {
    [[ -x "$bindir/initdb" && -x "$bindir/pg_ctl" ]] ||
        die "PostgreSQL server binaries not found in '$bindir' (install the 'postgresql' package, e.g.
  apt-get install -y --no-install-recommends postgresql; or set SIMPLEMMO_PG_BINDIR)"
    if [[ $EUID -eq 0 ]]; then
        id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' user to run the server as"
        command -v runuser >/dev/null 2>&1 || die "running as root but 'runuser' is missing"
    fi

    # A stale fixture from an interrupted run: stop its server and start afresh.
    if [[ -e "$dir" ]]; then
        remove_all immediate
    fi
    mkdir -p -- "$dir"

    local rundir=$dir
    # Unix socket paths are limited to 107 bytes; keep a margin for "/.s.PGSQL.NNNNN".
    if (( ${#dir} > 80 )); then
        rundir=""
    fi
    if [[ -n "$rundir" && $EUID -eq 0 ]]; then
        chown postgres: "$dir"
        if ! runuser -u postgres -- test -w "$dir"; then
            rundir=""
        fi
    fi
    if [[ -z "$rundir" ]]; then
        rundir=$(mktemp -d /tmp/simplemmo-pg.XXXXXX)
        echo "$rundir" >"$dir/rundir"
        [[ $EUID -eq 0 ]] && chown postgres: "$rundir"
    fi
    chmod 700 "$rundir"

    local log=$rundir/log
    if ! as_owner "$bindir/initdb" -D "$rundir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync \
        >"$rundir/initdb.log" 2>&1; then
        show_log "$rundir/initdb.log"
        die "initdb failed in $rundir/data"
    fi

    local attempt port=""
    for attempt in 1 2 3 4 5; do
        port=$(pick_port) || die "no free loopback port found between 20000 and 60000"
        # fsync=off: the data is thrown away after the run, and it makes the suites much faster.
        if as_owner "$bindir/pg_ctl" -w -t 30 -D "$rundir/data" -l "$log" \
            -o "-p $port -k $rundir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
            start >"$rundir/pg_ctl.log" 2>&1; then
            break
        fi
        # Another process may have taken the port between the check and the start: try again.
        if grep -qi "could not bind\|address already in use\|could not create any TCP/IP sockets" "$log" 2>/dev/null; then
            echo "postgres-fixture: port $port was taken, trying another" >&2
            stop_server "$rundir" immediate
            port=""
            continue
        fi
        cat "$rundir/pg_ctl.log" >&2 || true
        show_log "$log"
        die "PostgreSQL did not start (see $log)"
    done
    [[ -n "$port" ]] || { show_log "$log"; die "PostgreSQL could not bind a port after 5 attempts"; }

    # Check that it answers on TCP as the suites will connect.
    if [[ -x "$bindir/pg_isready" ]] && ! "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -t 10; then
        show_log "$log"
        die "PostgreSQL started but does not answer on 127.0.0.1:$port"
    fi

    echo "postgres://postgres@127.0.0.1:$port/postgres" >"$dir/url.tmp"
    mv -f -- "$dir/url.tmp" "$dir/url"
    echo "postgres-fixture: PostgreSQL $("$bindir/pg_ctl" --version | awk '{print $3}') running in $rundir," \
        "URL $(cat "$dir/url")"
}

stop() {
    if [[ ! -e "$dir" ]]; then
        echo "postgres-fixture: nothing to stop in $dir"
        return 0
    fi
    remove_all fast
    echo "postgres-fixture: stopped and removed $dir"
}

# The port the server was started on, from its URL.
port_of() {
    sed -n 's|^postgres://[^@]*@[^:]*:\([0-9]*\)/.*$|\1|p' "$dir/url"
}

halt() {
    [[ -f "$dir/url" ]] || die "no fixture server in $dir to halt"
    stop_server "$(rundir_of)" fast
    echo "postgres-fixture: halted the server in $(rundir_of) (data kept)"
}

resume() {
    [[ -f "$dir/url" ]] || die "no fixture server in $dir to resume"
    local rundir port
    rundir=$(rundir_of)
    port=$(port_of)
    [[ -n "$port" ]] || die "cannot read the port from $dir/url"
    if ! as_owner "$bindir/pg_ctl" -w -t 30 -D "$rundir/data" -l "$rundir/log" \
        -o "-p $port -k $rundir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
        start >"$rundir/pg_ctl.log" 2>&1; then
        cat "$rundir/pg_ctl.log" >&2 || true
        show_log "$rundir/log"
        die "PostgreSQL did not start again on port $port"
    fi
    echo "postgres-fixture: resumed the server in $rundir on port $port"
}

case "$action" in
start) start ;;
stop) stop ;;
halt) halt ;;
resume) resume ;;
*) usage ;;
esac
