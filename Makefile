# lpwa-modem: the two commands.
#   make demo   install what is missing, build, run the default example
#   make test   install what is missing, build, run every test (ctest)
#   make bench  the reconnection-storm scale benchmark (test/bench/; not part of make test)
#   make bench-radio  the radio access model scale benchmark (1k, 10k, 100k devices)
#   make sanitize  every test again under ASan + UBSan + LSan (clang, build-sanitize/)
#   make fuzz  each libFuzzer harness of test/fuzz/ for FUZZ_SECONDS (build-sanitize/)
# Other targets: make build, make deps, make format, make clean.

BUILD_DIR ?= build
BUILD_TYPE ?= Release
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_ARGS ?=
DEMO ?= $(BUILD_DIR)/examples/reconnection-storm
DEMO_ARGS ?=
BENCH_SIZES ?= 1000,10000,100000
BENCH_OUT ?= $(BUILD_DIR)/storm-bench
SANITIZE_DIR ?= build-sanitize
FUZZ_SECONDS ?= 60
FUZZ_OUT ?= $(SANITIZE_DIR)/fuzz-runs

# Debian packages the build needs (see README.md, "Dependencies").
DEB_PACKAGES := libns3-dev ns3 libgsl-dev libssl-dev libboost-graph-dev libgtest-dev \
                cmake g++ make python3 parallel
# make sanitize / make fuzz also need clang and its sanitizer + libFuzzer runtimes.
SANITIZE_PACKAGES := clang libclang-rt-14-dev

.PHONY: all deps deps-sanitize install-packages sanitize-build configure build demo test bench bench-radio sanitize fuzz \
        format clean

all: build

# Checks every package with dpkg -s first: a machine that has them all does no network I/O.
deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(DEB_PACKAGES)"

deps-sanitize: deps
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(SANITIZE_PACKAGES)"

install-packages:
	@missing=""; \
	for p in $(PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	echo "lpwa-modem: installing missing Debian packages:$$missing"; \
	if [ "$$(id -u)" = 0 ]; then sudo=""; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo"; \
	else sudo="none"; fi; \
	if [ "$$sudo" != none ] && command -v apt-get >/dev/null 2>&1; then \
	  export DEBIAN_FRONTEND=noninteractive; \
	  $$sudo apt-get install -y --no-install-recommends $$missing || \
	  { $$sudo apt-get update && $$sudo apt-get install -y --no-install-recommends $$missing; } && exit 0; \
	fi; \
	echo "lpwa-modem: could not install the packages. Run this, then try again:" >&2; \
	echo "  sudo apt-get update && sudo apt-get install -y$$missing" >&2; \
	exit 1

configure: deps
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_ARGS)

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

demo: build
	$(DEMO) $(DEMO_ARGS)

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

# Wall time, events/s, peak RSS per device and the ratio to an in-memory OpenSSL pair doing
# the same handshakes, at each of BENCH_SIZES devices (make bench BENCH_SIZES=1000 for a quick one),
# written to BENCH_OUT (bench.csv and one folder per run).
bench: configure
	cmake --build $(BUILD_DIR) -j $(JOBS) --target reconnection-storm lpwa-tls-handshake-bench
	python3 test/bench/storm-bench.py --storm $(BUILD_DIR)/examples/reconnection-storm \
	  --tls-bench $(BUILD_DIR)/bin/lpwa-tls-handshake-bench --sizes $(BENCH_SIZES) \
	  --out $(BENCH_OUT)

# The radio access model at scale: RADIO_BENCH_RUNS lines of "devices:cells", one JSON line each
# (wall time, events/s, events per delivered packet, peak RSS per device). See doc/, "Scale".
RADIO_BENCH_RUNS ?= 1000:1 10000:1 100000:10
bench-radio: configure
	cmake --build $(BUILD_DIR) -j $(JOBS) --target lpwa-radio-scale-bench
	for run in $(RADIO_BENCH_RUNS); do \
	  $(BUILD_DIR)/bin/lpwa-radio-scale-bench --devices=$${run%%:*} --cells=$${run##*:} || exit 1; \
	done

# ASan + UBSan + LSan over the whole test set (library, tests and examples instrumented; ns-3,
# OpenSSL and libstdc++ are Debian's). The library also carries libFuzzer coverage so that
# make fuzz reuses this build. Leaks of known one-time globals: test/sanitize/lsan.supp.
SANITIZE_ENV := ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  LSAN_OPTIONS=suppressions=$(CURDIR)/test/sanitize/lsan.supp:print_suppressions=1
sanitize-build: deps-sanitize
	cmake -S . -B $(SANITIZE_DIR) -DCMAKE_BUILD_TYPE=Sanitize -DCMAKE_CXX_COMPILER=clang++ \
	  -DCMAKE_CXX_FLAGS=-O1 -DLPWA_SANITIZE=ON -DLPWA_FUZZ=ON $(CMAKE_ARGS)
	cmake --build $(SANITIZE_DIR) -j $(JOBS)

sanitize: sanitize-build
	env $(SANITIZE_ENV) ctest --test-dir $(SANITIZE_DIR) --output-on-failure -j $(JOBS) \
	  --timeout 1800

# Each harness runs FUZZ_SECONDS from a corpus seeded by test/fuzz/seed-corpus.py (golden
# transcripts); libFuzzer's final stats (executions) go to $(FUZZ_OUT)/<harness>.log.
fuzz: sanitize-build
	python3 test/fuzz/run-fuzzers.py --build $(SANITIZE_DIR) --seconds $(FUZZ_SECONDS) \
	  --out $(FUZZ_OUT) --supp $(CURDIR)/test/sanitize/lsan.supp

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf $(BUILD_DIR) $(SANITIZE_DIR)
