# lbc: statistics for the care and protection of rural left-behind children.
# make            build the commands into $(BUILD)/bin
# make check      build and run every test
# make demo       install missing Debian packages (as root), build, run on samples/
# make bench      measure speed and memory against the usual peers
# make fuzz       run the fuzz targets for a bounded time (FUZZ_SECONDS)
# make valgrind   the tests and sample pipelines under valgrind
# make SAN=1 ...  the same with address and undefined-behaviour sanitizers

VERSION  = 0.1.0
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
LOCALEDIR ?= $(PREFIX)/share/locale
DESTDIR ?=

CC      ?= cc
PKGS     = icu-uc icu-i18n xlsxwriter gsl nettle libzip expat freexl
CFLAGS  ?= -O2 -g
WARN     = -Wall -Wextra -Wshadow -Wwrite-strings -Wmissing-prototypes
CPPFLAGS_LBC = -std=c11 -D_GNU_SOURCE -DLBC_VERSION='"$(VERSION)"' -iquote lib \
	   -DLBC_LOCALEDIR='"$(LOCALEDIR)"' \
	   $(shell pkg-config --cflags $(PKGS))
LDLIBS_LBC   = $(shell pkg-config --libs $(PKGS)) -lcsv -lglpk -lm -pthread

ifeq ($(SAN),1)
BUILD   ?= build/san
CFLAGS  += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
else
BUILD   ?= build
endif

LIB_SRC  = $(sort $(wildcard lib/*.c))
LIB_OBJ  = $(LIB_SRC:lib/%.c=$(BUILD)/lib/%.o) $(BUILD)/gen/regions-builtin.o
CMD_SRC  = $(sort $(wildcard cmd/lbc-*.c))
CMDS     = $(CMD_SRC:cmd/%.c=$(BUILD)/bin/%)
SCRIPT_SRC = $(sort $(wildcard cmd/lbc-*.sh))
SCRIPTS  = $(SCRIPT_SRC:cmd/%.sh=$(BUILD)/bin/%)
UNIT_SRC = $(sort $(wildcard tests/unit/t_*.c))
UNITS    = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TOOL_SRC = $(sort $(wildcard bench/*.c))
TOOLS    = $(TOOL_SRC:bench/%.c=$(BUILD)/bin/%)
MANS     = $(sort $(wildcard man/*.[1-9]))
# Messages (po/README): po/LANG.po built into $(BUILD)/share/locale, where
# the commands find them beside $(BUILD)/bin (cmd/i18n.h).
LINGUAS  = zh_CN
MOS      = $(LINGUAS:%=$(BUILD)/share/locale/%/LC_MESSAGES/lbc.mo)
MANS_ZH  = $(sort $(wildcard man/zh_CN/*.[1-9]))

.PHONY: all check test demo deps bench fuzz valgrind install uninstall clean lint po
.SUFFIXES:

all: $(CMDS) $(SCRIPTS) $(TOOLS) $(MOS)

$(BUILD)/share/locale/%/LC_MESSAGES/lbc.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt --check -o $@.tmp $< && mv $@.tmp $@

# Regenerates the template from the sources and merges it into each
# language's catalogue; then translate what msgfmt --statistics counts.
po:
	sh po/mkpot.sh po/lbc.pot
	for l in $(LINGUAS); do msgmerge --quiet --update --backup=none --no-location --sort-output po/$$l.po po/lbc.pot || exit 1; done

# Shell commands: the version filled in, made executable.
$(BUILD)/bin/%: cmd/%.sh Makefile
	@mkdir -p $(@D)
	sed 's/@VERSION@/$(VERSION)/; s|@LOCALEDIR@|$(LOCALEDIR)|' $< > $@.tmp && chmod 755 $@.tmp && mv $@.tmp $@

$(BUILD)/lib/%.o: lib/%.c $(wildcard lib/*.h)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_LBC) $(CPPFLAGS) $(CFLAGS) $(WARN) -c -o $@ $<

# The built-in regions table (lib/data/README.md): mkregions, built from the
# modules it needs and regions.c without the table, compiles it into C.
REGIONS_TSV   = lib/data/cn-regions-2023.tsv
REGIONS_LABEL = 国家统计局 统计用区划代码 2023 (44,703 places)
MKREGIONS_OBJ = $(BUILD)/gen/regions-nb.o $(patsubst %,$(BUILD)/lib/%.o,fold buf enc csvrow strmap arena err)

$(BUILD)/gen/regions-nb.o: lib/regions.c $(wildcard lib/*.h)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_LBC) $(CPPFLAGS) $(CFLAGS) $(WARN) -DLBC_REGIONS_NO_BUILTIN -c -o $@ $<

$(BUILD)/gen/mkregions: lib/data/mkregions.c $(MKREGIONS_OBJ)
	$(CC) $(CPPFLAGS_LBC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(LDFLAGS) -o $@ $< $(MKREGIONS_OBJ) $(LDLIBS_LBC) $(LDLIBS)

$(BUILD)/gen/regions-builtin.c: $(REGIONS_TSV) $(BUILD)/gen/mkregions
	$(BUILD)/gen/mkregions $(REGIONS_TSV) $@.tmp '$(REGIONS_LABEL)' && mv $@.tmp $@

$(BUILD)/gen/regions-builtin.o: $(BUILD)/gen/regions-builtin.c lib/regions.h
	$(CC) $(CPPFLAGS_LBC) $(CPPFLAGS) $(CFLAGS) -O0 $(WARN) -c -o $@ $<

$(BUILD)/liblbc.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $(LIB_OBJ)

$(BUILD)/bin/%: cmd/%.c $(BUILD)/liblbc.a $(wildcard lib/*.h cmd/*.h)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_LBC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(LDFLAGS) -o $@ $< $(BUILD)/liblbc.a $(LDLIBS_LBC) $(LDLIBS)

$(BUILD)/bin/%: bench/%.c $(BUILD)/liblbc.a $(wildcard lib/*.h)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_LBC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(LDFLAGS) -o $@ $< $(BUILD)/liblbc.a $(LDLIBS_LBC) $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/check.h $(BUILD)/liblbc.a $(wildcard lib/*.h)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_LBC) -iquote tests/unit $(CPPFLAGS) $(CFLAGS) $(WARN) $(LDFLAGS) -o $@ $< $(BUILD)/liblbc.a $(LDLIBS_LBC) $(LDLIBS)

# deps first, then the build: a parallel make must not compile before the
# packages are there.
# t_fuzz replays the fuzz targets, which it includes.
$(BUILD)/tests/t_fuzz: $(wildcard tests/fuzz/*.c)

check: deps
	@$(MAKE) --no-print-directory test

test: all $(UNITS)
	@LBC_BIN=$(CURDIR)/$(BUILD)/bin LBC_UNIT=$(CURDIR)/$(BUILD)/tests LBC_SAN=$(SAN) sh tests/run.sh

lint:
	mandoc -Tlint -W warning $(MANS) $(MANS_ZH)

deps:
	@sh .ci/deps.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@LBC_BIN=$(CURDIR)/$(BUILD)/bin sh samples/demo.sh

bench: deps
	@$(MAKE) --no-print-directory all
	@LBC_BIN=$(CURDIR)/$(BUILD)/bin sh bench/run.sh

fuzz:
	@sh .ci/deps.sh fuzz
	@sh tests/fuzz/run.sh

valgrind: all $(UNITS)
	@sh .ci/deps.sh valgrind
	@LBC_BIN=$(CURDIR)/$(BUILD)/bin LBC_UNIT=$(CURDIR)/$(BUILD)/tests sh tests/valgrind.sh

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	for f in $(CMDS) $(SCRIPTS); do install -m 755 $$f $(DESTDIR)$(BINDIR)/; done
	for f in $(MANS); do s=$${f##*.}; install -m 644 $$f $(DESTDIR)$(MANDIR)/man$$s/; done
	mkdir -p $(DESTDIR)$(MANDIR)/zh_CN/man1 $(DESTDIR)$(MANDIR)/zh_CN/man5
	for f in $(MANS_ZH); do s=$${f##*.}; install -m 644 $$f $(DESTDIR)$(MANDIR)/zh_CN/man$$s/; done
	for l in $(LINGUAS); do mkdir -p $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
		install -m 644 $(BUILD)/share/locale/$$l/LC_MESSAGES/lbc.mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/ || exit 1; done

uninstall:
	for f in $(CMDS) $(SCRIPTS); do rm -f $(DESTDIR)$(BINDIR)/$${f##*/}; done
	for f in $(MANS); do s=$${f##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$${f##*/}; done
	for f in $(MANS_ZH); do s=$${f##*.}; rm -f $(DESTDIR)$(MANDIR)/zh_CN/man$$s/$${f##*/}; done
	for l in $(LINGUAS); do rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/lbc.mo; done

clean:
	rm -rf build
