# oms: an order management system as a Unix toolkit.
# GNU make.  `make` builds bin/; `make check` runs every test; see README.md.

PREFIX   ?= /usr/local
DESTDIR  ?=
BINDIR    = $(PREFIX)/bin
MANDIR    = $(PREFIX)/share/man
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  = $(PREFIX)/share/zsh/vendor-completions
FISHCOMPDIR = $(PREFIX)/share/fish/vendor_completions.d

VERSION  := $(shell cat VERSION)

CC       ?= cc
PKGS      = sqlite3 yaml-0.1
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS   ?= -O2 -g
CFLAGS   += -pthread -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Wno-unused-parameter
CPPFLAGS += -Ilib -DOMS_VERSION='"$(VERSION)"' $(PKG_CFLAGS)
# libzint and libharu ship no pkg-config files.
LDLIBS   += $(PKG_LIBS) -lzint -lhpdf -lcsv -pthread -lm

ifeq ($(SANITIZE),1)
CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
BUILD    = build/sanitize
else
BUILD    = build/plain
endif

LIB_SRC  := $(wildcard lib/*.c)
LIB_OBJ  := $(LIB_SRC:lib/%.c=$(BUILD)/lib/%.o) $(BUILD)/lib/profiles_builtin.o
LIB      := $(BUILD)/liboms.a
CMD_SRC  := $(wildcard cmd/*.c)
BINS     := $(CMD_SRC:cmd/%.c=bin/%)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNITS    := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
PROFILES := $(sort $(wildcard profiles/*.yaml))
MANPAGES := $(wildcard man/*.[157])

# Debian packages that the build, the tests and the benchmark need.
DEB_PKGS = gcc make pkg-config libsqlite3-dev libyaml-dev libcsv-dev sqlite3 \
           bats bats-assert bats-support man-db time xz-utils \
           clang libclang-rt-14-dev valgrind \
           libzint-dev libhpdf-dev poppler-utils

.PHONY: all deps check unit bats demo bench install uninstall clean
all: $(BINS)

# Executables land in bin/ for either build; a stamp remembers which build
# made them so that switching SANITIZE rebuilds instead of mixing objects.
bin/.build-$(notdir $(BUILD)):
	@mkdir -p bin && rm -f bin/.build-* && touch $@

bin/%: cmd/%.c $(LIB) bin/.build-$(notdir $(BUILD))
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

$(LIB): $(LIB_OBJ)
	$(AR) rcs $@ $^

$(BUILD)/lib/%.o: lib/%.c lib/*.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# The built-in marketplace profiles are the same YAML that users write;
# they are compiled in so that an installed oms needs no data directory.
$(BUILD)/lib/profiles_builtin.c: $(PROFILES) scripts/embed-profiles
	@mkdir -p $(dir $@)
	sh scripts/embed-profiles $(PROFILES) > $@

$(BUILD)/lib/profiles_builtin.o: $(BUILD)/lib/profiles_builtin.c
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c tests/unit/*.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

deps:
	@sh scripts/deps $(DEB_PKGS)

check: deps
	@$(MAKE) --no-print-directory all units
	@sh tests/run $(UNITS)

units: $(UNITS)

demo: deps
	@$(MAKE) --no-print-directory all
	@sh examples/demo

bench: deps
	@$(MAKE) --no-print-directory all bench/gen-orders
	@sh bench/run

bench/gen-orders: bench/gen-orders.c
	$(CC) $(CFLAGS) -o $@ $<

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	    $(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
	    $(DESTDIR)$(FISHCOMPDIR)
	install -m 0755 $(BINS) $(DESTDIR)$(BINDIR)
	for m in $(MANPAGES); do \
	    install -m 0644 $$m $(DESTDIR)$(MANDIR)/man$${m##*.}; done
	install -m 0644 completions/oms.bash $(DESTDIR)$(BASHCOMPDIR)/oms
	for c in $(BINS); do [ "$${c#bin/}" = oms ] || \
	    ln -sf oms $(DESTDIR)$(BASHCOMPDIR)/$${c#bin/}; done
	install -m 0644 completions/_oms $(DESTDIR)$(ZSHCOMPDIR)/_oms
	install -m 0644 completions/oms.fish $(DESTDIR)$(FISHCOMPDIR)/oms.fish
	for c in $(BINS); do [ "$${c#bin/}" = oms ] || \
	    ln -sf oms.fish $(DESTDIR)$(FISHCOMPDIR)/$${c#bin/}.fish; done

uninstall:
	for c in $(BINS); do n=$${c#bin/}; rm -f $(DESTDIR)$(BINDIR)/$$n \
	    $(DESTDIR)$(BASHCOMPDIR)/$$n $(DESTDIR)$(FISHCOMPDIR)/$$n.fish; done
	for m in $(MANPAGES); do rm -f $(DESTDIR)$(MANDIR)/man$${m##*.}/$${m#man/}; done
	rm -f $(DESTDIR)$(ZSHCOMPDIR)/_oms $(DESTDIR)$(FISHCOMPDIR)/oms.fish

clean:
	rm -rf build bin bench/gen-orders

include fuzz/fuzz.mk
