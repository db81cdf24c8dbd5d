# cordon — build, run, test and benchmark. Plain GNU make with pkg-config.
#
#   make            build build/cordon
#   make run        install missing packages, build, create ./cordon.db with
#                   Shanghai and the demo if missing, serve on 127.0.0.1:8080
#   make test       install missing packages, build, run every test
#   make asan-test  unit tests again under AddressSanitizer + UBSan, on both
#                   databases (fails without PostgreSQL)
#   make fuzz       libFuzzer targets (tests/fuzz/fuzz_*.c, clang, ASan + UBSan)
#                   into build/fuzz/; scripts/fuzz-run SECONDS runs them
#   make bench      benchmarks (bench/run), figures into bench/out/
#   make bench-city Shanghai at real density (bench/city.py, ~25 million
#                   residents, resumable; CITY_ARGS="--committees 50" is small)
#   make format     clang-format every C file
#   make clean

BUILD   ?= build
CC      ?= cc
PKGS    := libmicrohttpd jansson sqlite3 libsodium xlsxwriter cairo libqrencode zlib libpq
PKGS    += libzip expat freexl
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Werror -Wno-format-truncation
# (format-truncation is off: messages are cut to fixed buffers on purpose.)
OPT     ?= -O2 -g
SAN     ?=
CFLAGS_ALL = -std=c17 -D_GNU_SOURCE $(WARN) $(OPT) $(SAN) -Isrc -I$(BUILD)/gen \
             $(shell pkg-config --cflags $(PKGS) 2>/dev/null) -MMD -MP
LDLIBS_ALL = $(SAN) $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lpthread -lm

SRCS      := $(shell find src -name '*.c' | sort)
MAIN_SRC  := src/cli/main.c
LIB_SRCS  := $(filter-out $(MAIN_SRC),$(SRCS))
LIB_OBJS  := $(LIB_SRCS:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/assets.o $(BUILD)/obj/assets_index.o
TEST_SRCS := $(sort $(wildcard tests/unit/test_*.c))
TEST_BINS := $(TEST_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

# Files embedded in the binary (served, or loaded at run time) and the
# script that turns them into an object file with .incbin.
ASSETS := data/divisions.tsv.gz $(wildcard data/*.json) \
          $(sort $(wildcard src/store/schema/*/*.sql)) \
          $(shell find web -type f 2>/dev/null | sort) \
          $(sort $(wildcard node_modules/echarts/dist/echarts.min.js))

.PHONY: FORCE all run test asan asan-test unit bench bench-bins bench-city format clean deps \
        deps-test fuzz fuzz-bins

all: $(BUILD)/cordon

$(BUILD)/cordon: $(BUILD)/obj/$(MAIN_SRC:.c=.o) $(LIB_OBJS)
	@$(if $(V),,echo "  LINK    $@")
	$(Q)$(CC) -o $@ $^ $(LDLIBS_ALL)

# Quiet by default; `make V=1` shows the commands.
Q := $(if $(V),,@)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS_ALL) -c $< -o $@

# The list of assets is itself a prerequisite: adding a file whose mtime is
# old (an npm package's, say) must still regenerate the embedding.
$(BUILD)/gen/assets.list: FORCE
	@mkdir -p $(dir $@)
	@echo "$(ASSETS)" | cmp -s - $@ || echo "$(ASSETS)" > $@

$(BUILD)/gen/assets.S: scripts/gen-assets $(ASSETS) $(BUILD)/gen/assets.list Makefile
	@mkdir -p $(dir $@)
	$(Q)scripts/gen-assets $(BUILD)/gen $(ASSETS)

FORCE:

# assets.S and assets_index.c are written together; both objects depend on
# assets.S so they are always rebuilt as a pair (the index numbers the files).
$(BUILD)/obj/assets.o: $(BUILD)/gen/assets.S
	@mkdir -p $(dir $@)
	$(Q)$(CC) -c $< -o $@
$(BUILD)/obj/assets_index.o: $(BUILD)/gen/assets.S
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS_ALL) -c $(BUILD)/gen/assets_index.c -o $@

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJS)
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  TEST    $@")
	$(Q)$(CC) $(CFLAGS_ALL) $(shell pkg-config --cflags cmocka) -o $@ $< $(LIB_OBJS) \
	  $(LDLIBS_ALL) $(shell pkg-config --libs cmocka)

unit: $(TEST_BINS)

BENCH_SRCS := $(sort $(wildcard bench/bench_*.c))
BENCH_BINS := $(BENCH_SRCS:bench/%.c=$(BUILD)/bench/%)

$(BUILD)/bench/%: bench/%.c $(LIB_OBJS)
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  BENCH   $@")
	$(Q)$(CC) $(CFLAGS_ALL) -o $@ $< $(LIB_OBJS) $(LDLIBS_ALL)

bench-bins: $(BENCH_BINS)

deps:
	@scripts/deps build

deps-test:
	@scripts/deps test

run: deps
	@$(MAKE) --no-print-directory all
	@scripts/run-demo $(BUILD)/cordon

test: deps-test
	@$(MAKE) --no-print-directory all unit
	@tests/run $(BUILD)

asan:
	@$(MAKE) --no-print-directory BUILD=build/asan OPT="-O1 -g -fno-omit-frame-pointer" \
	  SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" all unit

# The PostgreSQL pass is not optional here: without a server it fails (the
# driver, COPY and the advisory locks must run under the sanitizers too).
asan-test: deps-test asan
	@CORDON_NEED_PG=1 tests/run build/asan --unit-only

# Fuzzing: the library built again by clang with libFuzzer's coverage, ASan
# and UBSan into build/fuzz/, and every tests/fuzz/fuzz_*.c linked against
# it as build/fuzz/fuzz_NAME (scripts/fuzz-run runs them with their corpora).
# FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION (libFuzzer's convention) makes
# password hashing cheap in that build only (app/accounts/accounts.c).
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS := $(FUZZ_SRCS:tests/fuzz/%.c=$(BUILD)/%)

$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(LIB_OBJS)
	@$(if $(V),,echo "  FUZZ    $@")
	$(Q)$(CC) $(CFLAGS_ALL) -fsanitize=fuzzer -o $@ $< $(LIB_OBJS) $(LDLIBS_ALL)

fuzz-bins: $(FUZZ_BINS)

fuzz:
	@command -v clang >/dev/null || scripts/deps test
	@$(MAKE) --no-print-directory BUILD=build/fuzz CC=clang OPT="-O1 -g -fno-omit-frame-pointer" \
	  WARN="$(WARN) -Wno-unknown-warning-option" \
	  SAN="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
	  -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION" fuzz-bins

bench:
	@scripts/deps bench
	@$(MAKE) --no-print-directory all bench-bins
	@bench/run $(BUILD)

bench-city:
	@scripts/deps test
	@$(MAKE) --no-print-directory all
	@python3 bench/city.py --build $(BUILD) $(CITY_ARGS)

format:
	clang-format -i $$(find src tests bench -name '*.c' -o -name '*.h')

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
