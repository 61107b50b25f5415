#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Builds the Debian package, unpacks it into a throwaway root and checks it: the file list, the
# maintainer scripts, the conffile, the systemd units, and that the packaged servers start with
# the shipped configuration against a temporary data dir and let a player into a zone.
# Usage: check-package.sh <build dir>
set -euo pipefail
build=$(cd "$1" && pwd)
work=$(mktemp -d)
pids=()
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

(cd "$build" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack failed"; }
deb=$(ls "$work"/out/simplemmo_*_amd64.deb | head -1)
[ -f "$deb" ] || fail "no simplemmo .deb produced"

root="$work/root"
dpkg-deb -x "$deb" "$root"
dpkg-deb -e "$deb" "$work/control"
for f in usr/bin/simplemmo usr/bin/simplemmo-authserver usr/bin/simplemmo-charserver usr/bin/simplemmo-cli usr/bin/simplemmo-bots \
         etc/simplemmo/simplemmo.conf usr/lib/systemd/system/simplemmo-authserver.service \
         usr/lib/systemd/system/simplemmo-charserver.service usr/share/doc/simplemmo/LICENSE; do
    [ -e "$root/$f" ] || fail "missing /$f"
done
ls "$root"/usr/share/simplemmo/simplemmo-*-source.tar.gz >/dev/null || fail "missing source archive"
grep -qx /etc/simplemmo/simplemmo.conf "$work/control/conffiles" || fail "config is not a conffile"
for script in postinst prerm postrm; do
    [ -x "$work/control/$script" ] || fail "$script missing or not executable"
    sh -n "$work/control/$script" || fail "$script has a syntax error"
done
grep -q '^Depends:.*libqt6core6' "$work/control/control" || fail "shlibdeps did not compute dependencies"
grep -q 'User=simplemmo' "$root/usr/lib/systemd/system/simplemmo-authserver.service" || fail "unit not run as simplemmo"

# The unit files are valid systemd units (their ExecStart pointed at the unpacked binaries).
if command -v systemd-analyze >/dev/null; then
    mkdir -p "$work/units"
    for unit in "$root"/usr/lib/systemd/system/simplemmo-*.service; do
        sed "s|/usr/bin/|$root/usr/bin/|" "$unit" >"$work/units/$(basename "$unit")"
    done
    systemd-analyze verify "$work"/units/*.service || fail "systemd-analyze verify rejected a unit"
fi

# The packaged cluster: AuthServer, CharServer and MasterZoneServer from the unpacked root with
# the shipped configuration, a temporary data dir and free ports; the master starts the packaged
# ZoneServer, ScriptServer and PhysicsServer with the packaged scripts and zones.
data="$work/data"
mkdir -p "$data"
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$data/secret"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$work"; }
start() { # start <name> <args...>: runs $root/usr/bin/simplemmo-<name>, sets $url
    local name=$1
    shift
    "$root/usr/bin/simplemmo-$name" --config "$root/etc/simplemmo/simplemmo.conf" --data-dir "$data" \
        --secret-file "$data/secret" --port 0 "$@" >"$work/$name.out" 2>"$work/$name.err" &
    pids+=($!)
    url=""
    for _ in $(seq 1 300); do
        url=$(sed -n 's/^SIMPLEMMO_LISTENING //p' "$work/$name.out")
        [ -n "$url" ] && return 0
        kill -0 "${pids[-1]}" 2>/dev/null || break
        sleep 0.1
    done
    cat "$work/$name.err"
    fail "the packaged $name did not start"
}
start authserver --hash-iterations 1000 --admins installer
auth=$url
start charserver
char=$url
start masterzoneserver --char-url "$char" --zone-idle-timeout 0
master=$url
python3 - "$auth" <<'PY' || fail "the packaged authserver did not answer as expected"
import json, sys, urllib.request
url = sys.argv[1]
health = json.load(urllib.request.urlopen(url + "/health", timeout=10))
assert health["role"] == "authserver" and health["ready"], health
source = urllib.request.urlopen(url + "/source", timeout=10).read()
assert source[:2] == b"\x1f\x8b", "source is not gzip"
PY
python3 "$(dirname "$0")/play-flow.py" "$auth" "$char" "$master" installer ||
    { tail -n 20 "$work"/*.err "$data"/logs/*.log 2>/dev/null; fail "the packaged cluster did not let a player in"; }
for p in "${pids[@]}"; do kill "$p"; wait "$p" || true; done
pids=()
[ -s "$data/simplemmo.db" ] || fail "no SQLite database in the data dir"
echo "package OK: $(basename "$deb")"
