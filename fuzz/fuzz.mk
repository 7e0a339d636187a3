# Fuzzing (included by the Makefile; fuzz/README.md says more).
#
#   make fuzz                 each target for FUZZ_SECONDS (60) under
#                             libFuzzer, ASan and UBSan; fails on a crash
#   make fuzz FUZZ_SECONDS=N  longer or shorter
#   make fuzz-ci              the short run CI does: FUZZ_CI_SECONDS (20)
#                             per target
#
# The libFuzzer build is clang's and lives in build/fuzz/ whatever
# SANITIZE says, with its own copy of the library objects.  Each target
# also builds with $(CC) and a plain main (fuzz/replay.c) into
# $(BUILD)/fuzz/replay_TARGET: `make check` replays the seeds and the
# regression inputs through those (tests/090-fuzz.bats).

FUZZ_TARGETS    := import config profile records geo confirm track
FUZZ_SECONDS    ?= 60
FUZZ_CI_SECONDS ?= 20
FUZZ_CC         ?= clang
FUZZ_DIR        := build/fuzz
FUZZ_SAN        := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS     ?= -O1 -g -fno-omit-frame-pointer
FUZZ_CFLAGS     += -pthread -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
                   -Wall -Wextra -Wno-unused-parameter $(FUZZ_SAN)
# libFuzzer's options for every target: a slow input is a bug too.
FUZZ_FLAGS      ?= -timeout=10 -rss_limit_mb=2048 -print_final_stats=1

FUZZ_LIB_OBJ := $(LIB_SRC:lib/%.c=$(FUZZ_DIR)/lib/%.o) $(FUZZ_DIR)/lib/profiles_builtin.o
FUZZ_LIB     := $(FUZZ_DIR)/liboms.a
FUZZERS      := $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)
FUZZ_REPLAYS := $(FUZZ_TARGETS:%=$(BUILD)/fuzz/replay_%)

.PHONY: fuzz fuzz-ci fuzzers

# `make check` builds the replay binaries with the unit tests.
units: $(FUZZ_REPLAYS)

$(BUILD)/fuzz/replay_%: fuzz/fuzz_%.c fuzz/replay.c fuzz/*.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ fuzz/fuzz_$*.c fuzz/replay.c $(LIB) $(LDLIBS)

# The library again, instrumented for coverage (fuzzer-no-link).
$(FUZZ_DIR)/lib/%.o: lib/%.c lib/*.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_DIR)/lib/profiles_builtin.c: $(PROFILES) scripts/embed-profiles
	@mkdir -p $(dir $@)
	sh scripts/embed-profiles $(PROFILES) > $@

$(FUZZ_DIR)/lib/profiles_builtin.o: $(FUZZ_DIR)/lib/profiles_builtin.c
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_LIB): $(FUZZ_LIB_OBJ)
	$(AR) rcs $@ $^

$(FUZZ_DIR)/fuzz_%: fuzz/fuzz_%.c fuzz/*.h $(FUZZ_LIB)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LIB) $(LDLIBS)

fuzzers: $(FUZZERS)

# Each target runs in turn on a copy of its seeds and regression inputs
# (build/fuzz/corpus/TARGET, which keeps growing from run to run);
# crashing inputs land in build/fuzz/crashes/TARGET/, the whole log in
# build/fuzz/TARGET.log.  Every target runs even after one fails.
fuzz: deps
	@$(MAKE) --no-print-directory fuzzers
	@status=0; for t in $(FUZZ_TARGETS); do \
	    c=$(FUZZ_DIR)/corpus/$$t; a=$(FUZZ_DIR)/crashes/$$t; \
	    log=$(FUZZ_DIR)/$$t.log; \
	    mkdir -p $$c $$a; \
	    for d in fuzz/corpus/$$t fuzz/regressions/$$t; do \
	        [ ! -d $$d ] || cp $$d/* $$c/ 2>/dev/null || true; done; \
	    echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	    if $(FUZZ_DIR)/fuzz_$$t $(FUZZ_FLAGS) \
	        -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=$$a/ \
	        $$c > $$log 2>&1; then \
	        grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE)' $$log | tail -1; \
	        grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' $$log; \
	    else \
	        status=1; tail -n 60 $$log; \
	        echo "fuzz: $$t FAILED: input in $$a/, log in $$log"; \
	    fi; \
	done; exit $$status

fuzz-ci:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(FUZZ_CI_SECONDS)
