#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# make bench: runs every benchmark and prints its figures. Usage: bench/run-all.sh <build dir>
set -euo pipefail
build=${1:-build}
echo "== password hashing"
"$build/bench/bench_passwordhasher"
echo
echo "== control plane (AuthServer, CharServer)"
"$build/bench/bench_controlplane"
