#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Installs every Debian 12 package that building, running and testing SimpleMMO needs.
# Idempotent: when everything is present it checks and prints nothing.
# `install-deps.sh fuzz` also installs what `make fuzz` needs (clang, libFuzzer, the sanitizers'
# runtimes and llvm-symbolizer), which the normal build and `make test` do without.
set -euo pipefail

packages=(
    # toolchain
    cmake ninja-build g++ make dpkg-dev file git pkg-config
    # Qt 6.4 (Core, Network, Sql, Test, Widgets, Concurrent come with qt6-base-dev)
    qt6-base-dev qt6-httpserver-dev qt6-websockets-dev qt6-declarative-dev
    qt6-tools-dev qt6-l10n-tools qt6-translations-l10n libxkbcommon-dev
    # Qt SQL drivers: not pulled in by qt6-base-dev without Recommends
    libqt6sql6-sqlite libqt6sql6-psql libqt6sql6-mysql
    # password hashing (PBKDF2) and physics
    libssl-dev libbox2d-dev
    # the client prompt: line editing, history and completion
    libreadline-dev
    # tests: a real PostgreSQL server started per run, X virtual framebuffer for GUI screenshots
    postgresql xvfb xauth
)
if [ "${1:-}" = "fuzz" ]; then
    packages+=(clang libclang-rt-14-dev llvm-14)
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "install-deps: run as root or install sudo" >&2; exit 1; }
    sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
