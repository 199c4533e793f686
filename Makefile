# SPDX-License-Identifier: GPL-2.0
#
# kcell: ownership cells for Linux drivers.
#
#   make deps       install what the project needs (Debian 12; root or sudo)
#   make            build every module against KDIR
#   make check      sparse (6.1 and 6.12 headers) and the Coccinelle rules
#   make test       check + rule self-tests + KUnit under UML (6.1, 6.12;
#                   debug and release)
#   make bench      instruction counts and ns/op, wrappers vs hand-written
#   make census     lines, escape hatches and trusted base per directory
#
# KVER=6.1|6.12 picks Debian's headers for that version; KDIR=path any
# kernel build directory.  KCELL_DEBUG=1 builds the runtime debug mode in.

KCELL_ROOT := $(CURDIR)
FW := $(KCELL_ROOT)/framework
kdir_of = $(shell bash -c '. $(FW)/lib.sh && kcell_kdir $(1)')

ifeq ($(origin KDIR),undefined)
ifneq ($(KVER),)
KDIR := $(call kdir_of,$(KVER))
else
KDIR := $(firstword $(wildcard /lib/modules/$(shell uname -r)/build) \
		    $(call kdir_of,6.1))
endif
endif

KBUILD_ARGS := -C $(KDIR) M=$(KCELL_ROOT) KCELL_ROOT=$(KCELL_ROOT) \
	       $(if $(KCELL_DEBUG),KCELL_DEBUG=$(KCELL_DEBUG))

.PHONY: all modules deps check test test-rules test-kunit bench census clean

# deps first, then a fresh make, so that KDIR is found after the install.
all: deps
	$(MAKE) modules

modules:
	$(MAKE) $(KBUILD_ARGS) modules

deps:
	$(FW)/deps

check: deps
	$(FW)/kcell-check --kver all $(KCELL_ROOT)

test-rules: deps
	$(KCELL_ROOT)/semantic-patches/run-tests

test-kunit: deps
	$(FW)/kunit-uml --all

test: check test-rules test-kunit

bench: deps
	$(FW)/kcell-bench

census:
	$(FW)/census $(KCELL_ROOT)

clean:
	$(MAKE) $(KBUILD_ARGS) clean
