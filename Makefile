# SPDX-License-Identifier: AGPL-3.0-or-later
# The README's commands. Each target installs what is missing and builds first.
BUILD_DIR ?= build
DATA_DIR  ?= data
JOBS      ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps configure build test cli run bench soak fuzz fuzz-merge package screenshots clean format

all: build

deps:
	@installer/install-deps.sh

$(BUILD_DIR)/build.ninja:
	@installer/install-deps.sh
	cmake -S . -B $(BUILD_DIR) -G Ninja $(CMAKE_FLAGS)

configure: $(BUILD_DIR)/build.ninja

build: deps configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

# Every test suite: unit, database (SQLite and a PostgreSQL server the run starts itself),
# integration (real executables on loopback ports chosen at run time), faults (servers killed,
# the database stopped, the disk filled) and GUI (offscreen).
test: build
	QT_QPA_PLATFORM=offscreen ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS) --timeout 300

# The servers on a SQLite file in $(DATA_DIR), then the client prompt.
cli: build
	@$(BUILD_DIR)/bin/simplemmo --data-dir $(DATA_DIR) --cli

# The servers only, in the foreground (Ctrl+C stops them all).
run: build
	@$(BUILD_DIR)/bin/simplemmo --data-dir $(DATA_DIR)

# Every benchmark, written to bench/RESULTS.md with a plot (bench/sweep.png): the zone under
# simplemmo-bots next to a Colyseus room, the HTTP control plane next to nginx, zone start,
# physics, scripts. BENCH_QUICK=1 for a short run. Not part of make test.
bench: build
	@installer/install-deps.sh --bench
	@bench/run-all.sh $(BUILD_DIR)

# Bots against a whole cluster for SOAK_MINUTES (30): RSS and CPU of every server process over
# time (bench/soak.csv, bench/soak.png, bench/SOAK.md); fails when one's memory keeps growing.
soak: build
	@installer/install-deps.sh --bench
	@bench/soak.sh $(BUILD_DIR)

# The libFuzzer targets (tests/fuzz), built with clang in $(FUZZ_DIR), FUZZ_SECONDS each, at low
# priority; executions per target are printed and added to tests/fuzz/RESULTS.md.
FUZZ_DIR     ?= build-fuzz
FUZZ_SECONDS ?= 60
fuzz:
	@tests/fuzz/run-fuzz.sh $(FUZZ_DIR) $(FUZZ_SECONDS)

# Minimises the saved corpora with what the last runs found (libFuzzer -merge=1).
fuzz-merge:
	@tests/fuzz/run-fuzz.sh --merge $(FUZZ_DIR)

# Debian packages in $(BUILD_DIR): simplemmo (servers, CLI) and, with the GUI, simplemmo-admin.
package: build
	cd $(BUILD_DIR) && cpack -G DEB

# Pictures of the admin console's views in docs/screenshots/, taken under Xvfb against a small
# cluster the script starts and fills (not part of make test).
screenshots: build
	@tests/gui/screenshots.sh $(BUILD_DIR)

format:
	@git ls-files '*.cpp' '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR)
