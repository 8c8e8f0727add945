# Istmo — the Makefile wraps CMake presets (build/ = ci: release with warnings as errors,
# build-fuzz/ = libFuzzer + sanitizers).
#   make run    install what is missing, build, load the demo data, start `istmo serve` with
#               DEMO_VESSELS simulated vessels around Panama live on the maritime map (0: none)
#   make test   install what is missing, build, run every test (ctest, browser tests, fuzz smoke)
#   make bench  run the benchmarks against their peers and print the ratios
#   make fuzz   run every fuzzer for FUZZ_SECONDS each (FUZZ_TARGETS="nmea json_body" for some),
#               then print a table of executions, corpus and coverage growth (docs/fuzzing.md)
SHELL := /bin/bash
BUILD := build
JOBS ?= $(shell nproc)
FUZZ_SECONDS ?= 300
FUZZ_TARGETS ?=
SMOKE_FUZZ_SECONDS ?= 20
DB ?= var/istmo.db
PORT ?= 8080
DEMO_VESSELS ?= 1500

.PHONY: all deps configure build web run test test-unit fuzz-smoke fuzz bench format clean

all: build

deps:
	@scripts/install-deps

$(BUILD)/build.ninja: CMakeLists.txt CMakePresets.json
	cmake --preset ci

configure: deps $(BUILD)/build.ninja

build: configure
	cmake --build $(BUILD) -j $(JOBS)

# The browser app: built by Vite into web/dist, served by `istmo serve`.
web: deps
	@if [ -f web/package.json ]; then scripts/build-web; fi

run: build web
	@mkdir -p $(dir $(DB))
	$(BUILD)/istmo demo --db $(DB)
	ISTMO_MARITIME_SIMULATE_VESSELS=$(DEMO_VESSELS) ISTMO_MARITIME_ALERTS_OWNER=SENAN \
	ISTMO_MARITIME_ALERTS_RELEASABILITY=PAN,USA \
	exec $(BUILD)/istmo serve --db $(DB) --port $(PORT)

test: build web
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS) --timeout 900
	$(MAKE) --no-print-directory fuzz-smoke

fuzz-smoke: deps
	tools/run-fuzzers $(SMOKE_FUZZ_SECONDS)

fuzz: deps
	tools/run-fuzzers $(FUZZ_SECONDS) $(FUZZ_TARGETS)

bench: build
	tools/run-benchmarks

format:
	tools/format

clean:
	rm -rf $(BUILD) build-fuzz build-debug build-asan
