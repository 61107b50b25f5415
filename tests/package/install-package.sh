#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Installs the Debian packages on this machine with apt, as an operator would, and checks what the
# maintainer scripts did (system user, data dir, generated secret), runs the three services exactly
# as their systemd units' ExecStart lines say (as the simplemmo user, with /etc/simplemmo's config
# and /var/lib/simplemmo), lets a player into a zone, then purges the packages and checks nothing
# is left behind. It changes the system, so it runs only as root in CI (CI=true) or when
# SIMPLEMMO_TEST_SYSTEM_INSTALL=1; elsewhere it reports "skipped" (exit 77).
# Usage: install-package.sh <build dir>
set -euo pipefail
if [ "$(id -u)" != 0 ] || { [ "${CI:-}" != true ] && [ "${SIMPLEMMO_TEST_SYSTEM_INSTALL:-}" != 1 ]; }; then
    echo "skipped: installs system-wide; runs as root with CI=true or SIMPLEMMO_TEST_SYSTEM_INSTALL=1"
    exit 77
fi
build=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
chmod 755 "$work"
pids=()
fail() { echo "FAIL: $*" >&2; exit 1; }
installed=""
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    # A failed run must not leave the packages on the machine.
    [ -n "$installed" ] && DEBIAN_FRONTEND=noninteractive apt-get purge -y -q simplemmo simplemmo-admin >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT
if dpkg-query -W -f '${Status}' simplemmo 2>/dev/null | grep -q installed; then
    fail "simplemmo is already installed on this machine; this test installs and purges it"
fi
for port in 1234 1235 1236; do
    ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || fail "port $port is taken; the units listen there"
done

(cd "$build" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack failed"; }
chmod 644 "$work"/out/*.deb
debs=("$work"/out/simplemmo_*_amd64.deb)
[ -f "$work/out/simplemmo-admin_"*_amd64.deb ] 2>/dev/null && debs+=("$work"/out/simplemmo-admin_*_amd64.deb)
DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${debs[@]}" >"$work/apt-install.log" 2>&1 ||
    { cat "$work/apt-install.log"; fail "apt-get install failed"; }
installed=yes
dpkg -L simplemmo >"$work/files"
[ ! -f "$work/out/simplemmo-admin_"*_amd64.deb ] 2>/dev/null || dpkg -L simplemmo-admin >>"$work/files"

# What the maintainer scripts did.
getent passwd simplemmo >/dev/null || fail "no simplemmo system user"
[ "$(stat -c %U "/var/lib/simplemmo")" = simplemmo ] || fail "/var/lib/simplemmo is not the service user's"
[ "$(stat -c '%U %a' /var/lib/simplemmo/cluster.secret)" = "simplemmo 600" ] || fail "cluster secret missing or readable by others"
[ "$(tr -d '\n' </var/lib/simplemmo/cluster.secret | wc -c)" -ge 32 ] || fail "cluster secret too short"
for f in /usr/bin/simplemmo-zoneserver /usr/bin/simplemmo-scriptserver /usr/bin/simplemmo-physicsserver \
         /usr/share/simplemmo/scripts/zones/GhibliHills.json /usr/share/simplemmo/scripts/objects/chicken.js; do
    [ -e "$f" ] || fail "missing $f"
done

# The services: started by systemd where it runs (postinst enabled and started them), otherwise
# as their units would start them: same user, same command line.
if [ -d /run/systemd/system ]; then
    for role in authserver charserver masterzoneserver; do
        for _ in $(seq 1 300); do
            systemctl is-active --quiet "simplemmo-$role.service" && break
            sleep 0.1
        done
        systemctl is-active --quiet "simplemmo-$role.service" || fail "simplemmo-$role.service is not active after install"
    done
    admin_setup() { runuser -u simplemmo -- simplemmo-authserver --config /etc/simplemmo/simplemmo.conf --create-admin operator <<<"installed-pw"; }
    admin_setup >/dev/null 2>&1 || fail "--create-admin failed"
else
    for role in authserver charserver masterzoneserver; do
        unit=/usr/lib/systemd/system/simplemmo-$role.service
        [ -f "$unit" ] || unit=/lib/systemd/system/simplemmo-$role.service
        exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
        user=$(sed -n 's/^User=//p' "$unit")
        extra=()
        [ "$role" = authserver ] && extra=(--admins operator --hash-iterations 1000)
        # shellcheck disable=SC2086 # the unit's command line is split into words as systemd does
        runuser -u "$user" -- $exec_start "${extra[@]}" >"$work/$role.out" 2>"$work/$role.err" &
        pids+=($!)
        for _ in $(seq 1 300); do
            grep -q SIMPLEMMO_LISTENING "$work/$role.out" && break
            kill -0 "${pids[-1]}" 2>/dev/null || { cat "$work/$role.err"; fail "$role exited"; }
            sleep 0.1
        done
        grep -q SIMPLEMMO_LISTENING "$work/$role.out" || { cat "$work/$role.err"; fail "$role did not start"; }
    done
fi
python3 "$here/play-flow.py" http://127.0.0.1:1234 http://127.0.0.1:1235 http://127.0.0.1:1236 operator ||
    { tail -n 20 "$work"/*.err /var/lib/simplemmo/logs/*.log 2>/dev/null; fail "the installed cluster did not let a player in"; }
# Zones run as the service user, as the master's children.
zone_user=$(ps -o user:20=,args= -C simplemmo-zoneserver | awk '$2 == "/usr/bin/simplemmo-zoneserver" {print $1; exit}')
[ "$zone_user" = simplemmo ] || fail "zone server runs as '$zone_user', not simplemmo"
for p in "${pids[@]}"; do kill "$p"; wait "$p" || true; done
pids=()
[ "$(stat -c %U /var/lib/simplemmo/simplemmo.db)" = simplemmo ] || fail "the SQLite database was not created by the service user"

# Purge: the packages' files, the config, the data and the user are gone.
DEBIAN_FRONTEND=noninteractive apt-get purge -y -q simplemmo simplemmo-admin >"$work/apt-purge.log" 2>&1 ||
    { cat "$work/apt-purge.log"; fail "apt-get purge failed"; }
installed=""
left=$(while read -r f; do [ -f "$f" ] && echo "$f"; done <"$work/files" || true)
[ -z "$left" ] || fail "files left after purge: $left"
[ ! -e /etc/simplemmo ] || fail "/etc/simplemmo left after purge"
[ ! -e /var/lib/simplemmo ] || fail "/var/lib/simplemmo left after purge"
! getent passwd simplemmo >/dev/null || fail "user simplemmo left after purge"
echo "installed, ran and purged: $(cd "$work/out" && ls ./*.deb | tr '\n' ' ')"
