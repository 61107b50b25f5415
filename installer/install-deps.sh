#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# Installs every Debian 12 package that building, running and testing SimpleMMO needs.
# Idempotent: when everything is present it checks and prints nothing.
# --bench adds what make bench and make soak need (nginx, gnuplot, jq, curl, taskset, Node.js/npm);
# --fuzz what make fuzz needs (clang, libFuzzer, the sanitizers' runtimes, llvm-symbolizer).
# The normal build and make test do without both.
set -euo pipefail
bench=0
fuzz=0
for option in "$@"; do
    case "$option" in
    --bench | bench) bench=1 ;;
    --fuzz | fuzz) fuzz=1 ;;
    *) echo "install-deps: unknown option $option (--bench, --fuzz)" >&2; exit 2 ;;
    esac
done

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
    # tests: real PostgreSQL and MariaDB servers started per run, X virtual framebuffer for GUI screenshots
    postgresql mariadb-server mariadb-client xvfb xauth
    # package tests: systemd-analyze checks the shipped units
    systemd
)
if [ "$fuzz" = 1 ]; then
    packages+=(clang libclang-rt-14-dev llvm-14)
fi

if [ "$bench" = 1 ]; then
    # nginx-light: the HTTP comparison; gnuplot-nox: the plots; util-linux: taskset.
    packages+=(nginx-light gnuplot-nox jq curl util-linux)
    # Node.js for the Colyseus room; a Node.js that is already there (with its npm) is kept.
    command -v node >/dev/null || packages+=(nodejs)
    command -v npm >/dev/null || packages+=(npm)
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
# nginx's package starts its service (on port 80) when installed; the bench runs its own nginx,
# so services are kept from starting during the install (Debian's policy-rc.d convention).
policy=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
    policy=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod 755 "$policy"
    trap '$sudo rm -f "$policy"' EXIT
fi
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
