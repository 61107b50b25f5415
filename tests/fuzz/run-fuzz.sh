#!/usr/bin/env bash
# SPDX-License-Identifier: AGPL-3.0-or-later
# `make fuzz`: builds the libFuzzer targets with clang in their own build directory and runs each
# for a bounded time, at low priority, on a working copy of its saved corpus; prints executions
# per target and adds a summary to tests/fuzz/RESULTS.md. Exits non-zero when a target found
# something: its reproducer is in <build-dir>/fuzz-artifacts/<target>/; fix the code and copy the
# reproducer to tests/fuzz/regressions/<target>/ so `make test` replays it from then on.
#
# Usage: run-fuzz.sh [build-dir] [seconds-per-target] [target...]
#        run-fuzz.sh --merge [build-dir]   minimise the saved corpora (corpus/<target>/) in place
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
merge=0
if [ "${1:-}" = "--merge" ]; then
    merge=1
    shift
fi
build_dir=${1:-build-fuzz}
seconds=${2:-60}
shift $(( $# > 2 ? 2 : $# ))
targets=(httprequest zoneid since sessiontoken zonestream scriptapi websocket)
[ $# -gt 0 ] && targets=("$@")

"$source_dir/installer/install-deps.sh" --fuzz

if [ ! -f "$build_dir/build.ninja" ]; then
    cmake -S "$source_dir" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DSIMPLEMMO_BUILD_FUZZ=ON \
        -DSIMPLEMMO_BUILD_TESTS=OFF -DSIMPLEMMO_BUILD_GUI=OFF -DSIMPLEMMO_BUILD_BENCH=OFF \
        $(command -v ccache >/dev/null && echo -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
nice cmake --build "$build_dir" --target fuzz_targets -j "${JOBS:-1}"

bin="$build_dir/bin/fuzz"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export QT_QPA_PLATFORM=offscreen LC_ALL=C.UTF-8

dict_of() { [ -f "$here/dict/$1.dict" ] && echo "-dict=$here/dict/$1.dict"; }

if [ $merge -eq 1 ]; then
    for t in "${targets[@]}"; do
        merged=$(mktemp -d)
        "$bin/fuzz_$t" -merge=1 $(dict_of "$t") "$merged" "$here/corpus/$t" "$build_dir/fuzz-corpus/$t" \
            2>"$build_dir/fuzz-merge-$t.log" || { echo "merge of $t failed: $build_dir/fuzz-merge-$t.log"; exit 1; }
        rm -rf "${here:?}/corpus/$t"
        mkdir -p "$here/corpus/$t"
        cp "$merged"/* "$here/corpus/$t/"
        rm -rf "$merged"
        echo "$t: $(ls "$here/corpus/$t" | wc -l) inputs, $(du -sh "$here/corpus/$t" | cut -f1)"
    done
    exit 0
fi

rows=()
failed=0
for t in "${targets[@]}"; do
    work="$build_dir/fuzz-corpus/$t"
    artifacts="$build_dir/fuzz-artifacts/$t"
    mkdir -p "$work" "$artifacts"
    log="$build_dir/fuzz-$t.log"
    inputs=("$here/corpus/$t")
    [ -d "$here/regressions/$t" ] && inputs+=("$here/regressions/$t")
    echo "fuzz_$t: $seconds s (log: $log)"
    before=$(find "$artifacts" -type f | wc -l)
    status=0
    # New inputs go to the working corpus (first directory); the saved ones are only read.
    nice -n 19 "$bin/fuzz_$t" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=4096 -max_len=4096 \
        -print_final_stats=1 -artifact_prefix="$artifacts/" $(dict_of "$t") "$work" "${inputs[@]}" \
        >"$log" 2>&1 || status=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    found=$(( $(find "$artifacts" -type f | wc -l) - before ))
    [ "$status" -ne 0 ] && failed=1
    printf '  %s executions, %s per second, %s findings (exit %s)\n' "${execs:-?}" "${speed:-?}" "$found" "$status"
    rows+=("| $(date -u +%Y-%m-%d) | fuzz_$t | $seconds | ${execs:-?} | ${speed:-?} | $found |")
done

results="$here/RESULTS.md"
if [ ! -f "$results" ]; then
    cat >"$results" <<'HEAD'
# Fuzzing results

Every `make fuzz` run adds its rows here (tests/fuzz/run-fuzz.sh): per target the seconds it
ran, the inputs it executed, executions per second and what it found (reproducers in
`<build-dir>/fuzz-artifacts/<target>/`; fixed ones are kept in `regressions/<target>/`).

| date (UTC) | target | seconds | executions | per second | findings |
|---|---|---|---|---|---|
HEAD
fi
printf '%s\n' "${rows[@]}" >>"$results"
echo "summary added to $results"
exit $failed
