#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Builds the Debian package, unpacks it into a throwaway root and checks it: the file list, the
# maintainer scripts, the conffile, and that the packaged AuthServer starts with the shipped
# configuration against a temporary data dir and answers /health and /source.
# Usage: check-package.sh <build dir>
set -euo pipefail
build=$(cd "$1" && pwd)
work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
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

# The packaged server, shipped config, temporary data dir and a free port.
data="$work/data"
mkdir -p "$data"
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$data/secret"
"$root/usr/bin/simplemmo-authserver" --config "$root/etc/simplemmo/simplemmo.conf" --data-dir "$data" \
    --secret-file "$data/secret" --port 0 >"$work/out.txt" 2>"$work/err.txt" &
pid=$!
for _ in $(seq 1 100); do
    grep -q SIMPLEMMO_LISTENING "$work/out.txt" && break
    kill -0 "$pid" 2>/dev/null || { cat "$work/err.txt"; fail "the packaged authserver exited"; }
    sleep 0.1
done
url=$(sed -n 's/^SIMPLEMMO_LISTENING //p' "$work/out.txt")
[ -n "$url" ] || { cat "$work/err.txt"; fail "the packaged authserver did not announce its URL"; }
python3 - "$url" <<'PY' || fail "the packaged authserver did not answer as expected"
import json, sys, urllib.request
url = sys.argv[1]
health = json.load(urllib.request.urlopen(url + "/health", timeout=10))
assert health["role"] == "authserver" and health["ready"], health
source = urllib.request.urlopen(url + "/source", timeout=10).read()
assert source[:2] == b"\x1f\x8b", "source is not gzip"
PY
kill "$pid"; wait "$pid" || true; pid=""
[ -s "$data/simplemmo.db" ] || fail "no SQLite database in the data dir"
echo "package OK: $(basename "$deb")"
