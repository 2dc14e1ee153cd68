# SPDX-License-Identifier: GPL-2.0-or-later
# umnet - plain Makefile.
#
#   make                 binaries in build/bin
#   make test            sanitizer build, unit tests, integration tests (root, guests)
#   make test-unit       unit tests only (sanitizer build)
#   make test-int        integration tests only
#   make check           house rules (scripts/check-layers.sh), cppcheck, clang-tidy
#   make fuzz            libFuzzer harnesses, FUZZ_SECONDS each (default 60)
#   make demo            a switch with two UML guests that ping each other
#   make install PREFIX=/usr/local DESTDIR=
#   make V=1             show commands

CC       ?= gcc
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
UNITDIR  ?= /etc/systemd/system
DESTDIR  ?=
VARIANT  ?= release
HELPER_MODE ?= setuid

ifeq ($(VARIANT),asan)
O        := build/asan
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
OPTFLAGS := -O1 -g
else
O        := build
SANFLAGS :=
OPTFLAGS := -O2 -g
endif

PKGS     := libmnl libpcap libnftables
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
pkg_libs    = $(if $(1),$(shell pkg-config --libs $(1) 2>/dev/null))

WARN     := -Wall -Wextra -Werror -Wformat=2 -Wmissing-prototypes -Wshadow \
            -Wstrict-prototypes -Wpointer-arith -Wvla
CFLAGS   ?= $(OPTFLAGS)
ALLCFLAGS = -std=gnu11 $(WARN) $(SANFLAGS) -D_GNU_SOURCE -Isrc $(PKG_CFLAGS) \
            -MMD -MP $(CFLAGS)
ALLLDFLAGS = $(SANFLAGS) $(LDFLAGS)

ifeq ($(V),1)
Q :=
else
Q := @
endif

# One archive per room of src/ (docs/design.md), each on the rooms below it:
#   core <- sys <- port, net, helper <- cli (net), daemon (port) <- cmd
# scripts/check-layers.sh (make check) holds the includes to that order.
ROOMS     := core sys port net helper cli daemon
CORE_SRCS := $(wildcard src/core/*.c)
LIB_SRCS  := $(foreach r,$(filter-out core,$(ROOMS)),$(wildcard src/$(r)/*.c))
CMD_SRCS  := $(wildcard src/cmd/*.c)
UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_OBJS := $(UNIT_SRCS:%.c=$(O)/obj/%.o)
room_lib   = $(O)/libumnet-$(1).a
room_libs  = $(foreach r,$(1),$(call room_lib,$(r)))

# Each binary links the rooms it uses, upper rooms first as the linker reads
# them, and only the libraries those rooms need
ROOMS_umnet-switch := daemon port sys core
ROOMS_uml_switch   := daemon port sys core
ROOMS_umnet-ctl    := cli sys core
ROOMS_umnet        := cli sys core
ROOMS_umnet-tunctl := cli sys core
ROOMS_tunctl       := cli sys core
ROOMS_umnet-net    := cli net sys core
ROOMS_umnet-helper := helper sys core
PKGS_umnet-switch  := libpcap
PKGS_uml_switch    := libpcap
PKGS_umnet         := libmnl
PKGS_umnet-tunctl  := libmnl
PKGS_tunctl        := libmnl
PKGS_umnet-net     := libmnl libnftables
PKGS_umnet-helper  := libmnl

BINS      := $(patsubst src/cmd/%.c,$(O)/bin/%,$(CMD_SRCS))
UNIT_BIN  := $(O)/tests/unit-tests
HELPER_SRCS := $(wildcard tests/helpers/*.c)
HELPERS   := $(patsubst tests/helpers/%.c,$(O)/tests/%,$(HELPER_SRCS))

.SECONDARY:
.PHONY: all bins unit test test-unit test-int check demo install clean bench fuzz
all: bins
bins: $(BINS)
unit: $(UNIT_BIN) $(HELPERS)

$(O)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(ALLCFLAGS) -c -o $@ $<

define room_rule
$(call room_lib,$(1)): $(patsubst %.c,$(O)/obj/%.o,$(wildcard src/$(1)/*.c))
	@mkdir -p $$(dir $$@)
	$$(Q)rm -f $$@ && $$(AR) rcs $$@ $$^
endef
$(foreach r,$(ROOMS),$(eval $(call room_rule,$(r))))

.SECONDEXPANSION:
$(O)/bin/%: $(O)/obj/src/cmd/%.o $$(call room_libs,$$(ROOMS_$$*))
	$(if $(ROOMS_$*),,$(error $*: no ROOMS_$* in the Makefile: which rooms does it link?))
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALLLDFLAGS) -o $@ $^ $(call pkg_libs,$(PKGS_$*))

# The unit tests reach into every room
UNIT_ROOMS := daemon cli helper net port sys core
$(UNIT_BIN): $(UNIT_OBJS) $(call room_libs,$(UNIT_ROOMS))
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALLLDFLAGS) -o $@ $^ $(PKG_LIBS)

# Small peers the integration tests drive (no umnet code in them)
$(O)/tests/%: tests/helpers/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) -std=gnu11 $(WARN) $(SANFLAGS) -D_GNU_SOURCE $(CFLAGS) -o $@ $<

# The load generator: always optimised, never part of the timed tests.
BENCH_BIN := build/bench/umnet-bench
bench: $(BENCH_BIN)
$(BENCH_BIN): bench/umnet-bench.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) -std=gnu11 $(WARN) -D_GNU_SOURCE -O2 -g -MMD -MP -o $@ $<

# libFuzzer harnesses (tests/fuzz/fuzz_NAME.c) linked with the real parsers,
# under ASan/UBSan; each runs FUZZ_SECONDS from its committed seeds
# (tests/fuzz/corpus/NAME), growing a scratch corpus in build/fuzz/corpus.
# docs/robustness.md says what each one checks.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_O       := build/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS  := -std=gnu11 -O1 -g -D_GNU_SOURCE -Isrc $(PKG_CFLAGS) -MMD -MP $(FUZZ_SAN)
FUZZ_SRCS    := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS    := $(patsubst tests/fuzz/%.c,$(FUZZ_O)/%,$(FUZZ_SRCS))
# What harnesses may call: the core, sys/ and umnet-net's parser (an
# archive, so that each harness links only what it uses)
FUZZ_LIB_SRCS := $(CORE_SRCS) $(wildcard src/sys/*.c src/net/*.c src/helper/*.c)
FUZZ_LIB     := $(FUZZ_O)/libumnet-fuzz.a

fuzz: $(FUZZ_BINS)
	$(Q)FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh $(FUZZ_BINS)

# Parsers are built as gcc builds them, minus -Werror: clang's warnings on
# them are for `make check` to judge, not a reason to stop fuzzing
$(FUZZ_O)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZCC  $@")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) $(filter-out -Werror,$(WARN)) -Wno-format-nonliteral -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_LIB): $(FUZZ_LIB_SRCS:%.c=$(FUZZ_O)/obj/%.o)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(FUZZ_O)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_LIB)
	@$(if $(Q),echo "  FUZZLD  $@")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) $(WARN) -fsanitize=fuzzer -o $@ $< $(FUZZ_LIB) $(PKG_LIBS)

# Tests always run against the sanitizer build.
test-unit:
	$(Q)$(MAKE) --no-print-directory VARIANT=asan unit bins
	$(Q)build/asan/tests/unit-tests

test-int:
	$(Q)$(MAKE) --no-print-directory VARIANT=asan bins
	$(Q)UMNET_BIN=$(CURDIR)/build/asan/bin tests/run-int.sh

test:
	$(Q)$(MAKE) --no-print-directory VARIANT=asan unit bins
	$(Q)UMNET_BIN=$(CURDIR)/build/asan/bin tests/run.sh

check:
	$(Q)scripts/check-layers.sh src
	$(Q)tests/layers/run.sh
	$(Q)cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
		--inline-suppr --std=c11 -D__linux__ -Isrc src tests/unit
	@# one file per clang-tidy process: clang-tidy 14 carries state from one
	@# translation unit to the next (spurious va_list and include errors)
	$(Q)printf '%s\n' $(CORE_SRCS) $(LIB_SRCS) $(CMD_SRCS) | \
		xargs -P 2 -n 1 sh -c 'clang-tidy --quiet "$$0" -- -std=gnu11 -D_GNU_SOURCE \
		-Isrc $(PKG_CFLAGS) 2>&1' | { ! grep -E 'warning:|error:'; }

demo: bins
	$(Q)UMNET_BIN=$(CURDIR)/build/bin scripts/demo.sh

install: bins
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man8
	install -m 0755 $(BINS) $(DESTDIR)$(BINDIR)
	for m in man/*.1; do [ -e "$$m" ] && install -m 0644 $$m $(DESTDIR)$(MANDIR)/man1; done; true
	for m in man/*.8; do [ -e "$$m" ] && install -m 0644 $$m $(DESTDIR)$(MANDIR)/man8; done; true
	install -d $(DESTDIR)$(UNITDIR)
	sed 's|/usr/local/bin|$(BINDIR)|g' systemd/umnet-net@.service >$(DESTDIR)$(UNITDIR)/umnet-net@.service
	@# umnet-helper is UML's uml_net (found on PATH): setuid root by default,
	@# HELPER_MODE=setcap for CAP_NET_ADMIN only, HELPER_MODE=none to leave it
	@# unprivileged (packaging as a user). See umnet-helper(8).
	ln -sf umnet-helper $(DESTDIR)$(BINDIR)/uml_net
ifeq ($(HELPER_MODE),setcap)
	setcap cap_net_admin+ep $(DESTDIR)$(BINDIR)/umnet-helper
else ifneq ($(HELPER_MODE),none)
	chown root:root $(DESTDIR)$(BINDIR)/umnet-helper
	chmod 4755 $(DESTDIR)$(BINDIR)/umnet-helper
endif

clean:
	rm -rf build

-include $(shell find build -name '*.d' -type f 2>/dev/null)
