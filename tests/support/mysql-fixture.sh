#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# A throwaway MariaDB (MySQL) server for the test run (the CTest fixtures mysql_start/mysql_stop).
#
#   mysql-fixture.sh start <dir>   mariadb-install-db in a private folder, start mariadbd on a free
#                                  loopback port, write mysql://root@127.0.0.1:PORT/mysql to <dir>/url
#   mysql-fixture.sh stop <dir>    stop that server and remove its files
#
# As root the server runs as the "mysql" user. root has no password, and the server listens on
# 127.0.0.1 only, for this run only. A server that cannot start is an error, never a silent skip.
set -euo pipefail

die() {
    echo "mysql-fixture: error: $*" >&2
    exit 1
}
[[ $# -eq 2 ]] || { echo "usage: $0 start|stop <dir>" >&2; exit 2; }
action=$1
dir=$(realpath -m -- "$2")
[[ "$dir" != "/" ]] || die "refusing to use / as the fixture directory"

as_owner() {
    if [[ $EUID -eq 0 ]]; then runuser -u mysql -- "$@"; else "$@"; fi
}

# The server's files live in a private /tmp folder (socket paths are short, the mysql user can
# reach it); <dir>/rundir remembers where.
stop_server() {
    [[ -f "$dir/rundir" ]] || return 0
    local rundir pid
    rundir=$(cat "$dir/rundir")
    pid=$(cat "$rundir/pid" 2>/dev/null || true)
    if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
        kill "$pid"
        for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -rf -- "$rundir"
}

start() {
    command -v mariadb-install-db >/dev/null && [[ -x /usr/sbin/mariadbd ]] ||
        die "MariaDB server not found (install the 'mariadb-server' package)"
    if [[ $EUID -eq 0 ]]; then id mysql >/dev/null 2>&1 || die "running as root but there is no 'mysql' user"; fi
    stop_server
    rm -rf -- "$dir"
    mkdir -p -- "$dir"
    local rundir
    rundir=$(mktemp -d /tmp/simplemmo-mysql.XXXXXX)
    echo "$rundir" >"$dir/rundir"
    [[ $EUID -eq 0 ]] && chown mysql: "$rundir"
    as_owner mariadb-install-db --no-defaults --datadir="$rundir/data" --auth-root-authentication-method=normal \
        --skip-test-db >"$rundir/install.log" 2>&1 || { tail -n 30 "$rundir/install.log" >&2; die "mariadb-install-db failed"; }

    local port="" attempt
    for attempt in 1 2 3 4 5; do
        port=$((20000 + RANDOM % 40000))
        # Durability off: the data is thrown away after the run, and the suites run much faster.
        as_owner /usr/sbin/mariadbd --no-defaults --datadir="$rundir/data" --socket="$rundir/sock" \
            --port="$port" --bind-address=127.0.0.1 --pid-file="$rundir/pid" --log-error="$rundir/error.log" \
            --skip-log-bin --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 --sync-binlog=0 \
            --max-connections=300 --character-set-server=utf8mb4 --collation-server=utf8mb4_bin \
            >/dev/null 2>&1 &
        local server=$!
        for _ in $(seq 1 300); do
            if mariadb -h 127.0.0.1 -P "$port" -u root -e 'SELECT 1' >/dev/null 2>&1; then
                echo "mysql://root@127.0.0.1:$port/mysql" >"$dir/url.tmp"
                mv -f -- "$dir/url.tmp" "$dir/url"
                echo "mysql-fixture: $(mariadb -h 127.0.0.1 -P "$port" -u root -N -e 'SELECT VERSION()') running in $rundir, URL $(cat "$dir/url")"
                return 0
            fi
            kill -0 "$server" 2>/dev/null || break
            sleep 0.1
        done
        if grep -qi "address already in use\|can't start server: bind" "$rundir/error.log" 2>/dev/null; then
            echo "mysql-fixture: port $port was taken, trying another" >&2
            continue
        fi
        tail -n 30 "$rundir/error.log" >&2 || true
        die "MariaDB did not start (see $rundir/error.log)"
    done
    die "MariaDB could not bind a port after 5 attempts"
}

case "$action" in
start) start ;;
stop) stop_server; rm -rf -- "$dir"; echo "mysql-fixture: stopped and removed $dir" ;;
*) echo "usage: $0 start|stop <dir>" >&2; exit 2 ;;
esac
