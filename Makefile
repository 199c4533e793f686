# SPDX-License-Identifier: GPL-2.0
#
# kcell: ownership cells for Linux drivers.
#
#   make            build every module against KDIR (installs nothing)
#   make deps       install and unpack what the project needs (Debian 12;
#                   root or sudo), then prove a module builds
#   make demo       deps, build, check, then kcell_rng next to virtio_rng
#                   in a VM
#   make check      sparse (6.1 and 6.12 headers) and the Coccinelle rules;
#                   make check M=path for another driver
#   make test       deps, then check + deps' own tests + checker self-tests
#                   + KUnit under UML (6.1, 6.12; debug and release) + QEMU
#                   boots of Debian's kernels
#   make bench      instruction counts and ns/op, wrappers vs hand-written;
#                   each sample against its in-tree peer in QEMU, in guest
#                   instructions per byte and in MB/s; BENCH_QUICK=rng|nic|
#                   e100|usb counts one sample's instructions only (about 2
#                   minutes); BENCH_ONLY="e100 ..." runs those parts alone
#   make census     lines, escape hatches and trusted base per directory
#
# KVER=6.1|6.12 picks Debian's headers for that version; KDIR=path any
# kernel build directory.  KCELL_DEBUG=1 builds the runtime debug mode in.
# Only deps, demo, test and bench install; every other target stops with
# one line naming what is missing.

KCELL_ROOT := $(CURDIR)
FW := $(KCELL_ROOT)/framework
, := ,
# $(call lib_sh,CMD): CMD's output after sourcing framework/lib.sh, the one
# home of the kernels and the cache.  $(shell) does not see variables given
# on make's command line: the cache is passed on.
lib_sh = $(shell KCELL_CACHE='$(KCELL_CACHE)' bash -c '. $(FW)/lib.sh && $(1)' 2>/dev/null)
CACHE := $(call lib_sh,echo "$$KCELL_CACHE")
shell_env := KCELL_CACHE='$(CACHE)'
kdir_of = $(call lib_sh,kcell_kdir $(1))
# The whole-run targets hold the cache's lock shared, so that a make deps
# elsewhere (which removes trees of old versions) waits for them.
locked = mkdir -p '$(CACHE)' && flock -s '$(CACHE)/.lock'

# Where the modules build: KDIR if given; else Debian's headers for KVER;
# else the running kernel's build tree; else Debian's 6.1 headers.  For
# Debian's headers deps checks what their packages declare (pahole...).
ifeq ($(origin KDIR),undefined)
ifneq ($(KVER),)
KDIR = $(call kdir_of,$(KVER))
DEPS_CHECK := --kver $(KVER)
else ifneq ($(wildcard /lib/modules/$(shell uname -r)/build/Makefile),)
KDIR := /lib/modules/$(shell uname -r)/build
DEPS_CHECK := --kdir '$(KDIR)'
else
KVER_DEFAULT := $(call lib_sh,echo $${KCELL_KVERS[0]})
KDIR = $(call kdir_of,$(KVER_DEFAULT))
DEPS_CHECK := --kver $(KVER_DEFAULT)
endif
else
DEPS_CHECK := --kdir '$(KDIR)'
endif

# Goals that need something deps installs stop before anything runs, with
# deps' one line naming what is missing (make's $(error) adds no other);
# not when deps (or a target that runs it first) is among the goals.
goals := $(or $(MAKECMDGOALS),all)
deps_check = $(call deps_stop,$(shell $(shell_env) $(FW)/setup/deps --check $(1) 2>&1 || echo FAILED))
deps_stop = $(if $(1),$(error $(or $(strip $(patsubst %FAILED,%,$(1))),kcell: error: framework/setup/deps --check failed)))
ifneq ($(filter deps test demo bench,$(goals)),)
goals :=
endif
ifneq ($(filter all modules,$(goals)),)
$(call deps_check,build $(DEPS_CHECK))
endif
ifneq ($(filter check test-rules,$(goals)),)
$(call deps_check,build$(,)check)
endif
ifneq ($(filter test-kunit,$(goals)),)
$(call deps_check,build$(,)uml)
endif
ifneq ($(filter test-vm,$(goals)),)
$(call deps_check,build$(,)vm)
endif
ifneq ($(filter test-deps bench-run,$(goals)),)
$(call deps_check,)
endif

KBUILD_ARGS = -C $(KDIR) M=$(KCELL_ROOT) KCELL_ROOT=$(KCELL_ROOT) \
	       $(if $(KCELL_DEBUG),KCELL_DEBUG=$(KCELL_DEBUG))

.PHONY: all modules deps test-deps demo check test test-rules test-kunit \
	test-vm bench bench-run census clean

all: modules

modules:
	$(MAKE) $(KBUILD_ARGS) modules

deps:
	$(FW)/setup/deps

# deps' own tests: everything every unpacked package declares is
# installed, a one-file module builds against each kernel, and both
# checks fail when they should.
test-deps:
	$(FW)/setup/deps --probe
	$(FW)/setup/test-deps

# sparse also over the KUnit suites (compiled, not linked: Debian's kernels
# have no KUnit); the rules skip the suites and the VM harness's test
# modules, which misuse cells on purpose, and the rules' own samples.
# make check M=path checks another driver's directory instead.
ifneq ($(M),)
check:
	$(FW)/check/kcell-check --kver all $(abspath $(M))
else
check:
	$(FW)/check/kcell-check --kver all --cocci-skip kunit \
		--cocci-skip semantic-patches --cocci-skip framework/check/tests \
		--cocci-skip framework/bench --cocci-skip framework/vm/tests \
		$(foreach t,$(wildcard drivers/*/tests),--cocci-skip $(t)) \
		--make "KCELL_CHECK_KUNIT=1 CONFIG_KCELL_KUNIT_TEST=m KBUILD_MODPOST_WARN=1" \
		$(KCELL_ROOT)
endif

# Each checker against misuse it must report and code it must accept; the
# fixes kept for the raw_dma_* rules' findings against Debian's 6.12.
test-rules:
	$(KCELL_ROOT)/semantic-patches/run-tests
	$(FW)/check/tests/run
	$(FW)/check/tests/compile/run
	$(FW)/check/tests/copy/run
	$(FW)/check/tests/help/run
	$(FW)/check/raw-dma-patches

test-kunit:
	$(KCELL_ROOT)/kunit/kunit-uml --all

# Debian's 6.1 and 6.12 kernels under QEMU (TCG): the harness's own failure
# detection, kcell_selftest.ko, the sample drivers' scenarios, tulip's
# untested mappings and 8139cp's transmit unwind before and after their fix.
test-vm:
	$(FW)/vm/test-harness
	$(KCELL_ROOT)/drivers/rng/vm/test
	$(KCELL_ROOT)/drivers/rng/vm/test --kver 6.12 --debug
	$(KCELL_ROOT)/drivers/nic/vm/test
	$(KCELL_ROOT)/drivers/nic/vm/test --kver 6.12 --run full --debug
	$(KCELL_ROOT)/drivers/e100/vm/test --kver 6.1
	$(KCELL_ROOT)/drivers/e100/vm/test --kver 6.12 --debug
	$(KCELL_ROOT)/drivers/usb_gadget/vm/test
	$(KCELL_ROOT)/drivers/usb_gadget/vm/test --kver 6.12 --debug
	$(FW)/vm/raw-dma/test
	$(FW)/vm/raw-dma/test-8139cp

# deps first, then a fresh make, so that KDIR is found after the install.
test: deps
	$(locked) $(MAKE) test-deps check test-rules test-kunit test-vm
	@$(FW)/setup/deps --versions

bench: deps
	$(locked) $(MAKE) bench-run

# Each part's table goes to a file of its own as well as the screen:
# BENCH_OUT=docs/bench refreshes the documentation's copies; BENCH_ONLY="e100
# nic" runs those parts alone (framework/bench/run --only).
bench-run:
	$(FW)/bench/run $(if $(BENCH_OUT),--out $(BENCH_OUT)) $(if $(BENCH_QUICK),--quick $(BENCH_QUICK)) \
		$(foreach p,$(BENCH_ONLY),--only $(p))

# The main command: set up, build, check, then kcell_rng in a VM next to
# the in-tree driver, with a short report.
demo: deps
	$(locked) sh -c '$(MAKE) modules check && $(KCELL_ROOT)/drivers/rng/vm/demo'


census:
	$(FW)/bench/census $(KCELL_ROOT)

# Without a kernel tree to ask, remove what Kbuild leaves in the checkout.
clean:
ifneq ($(wildcard $(KDIR)/Makefile),)
	$(MAKE) $(KBUILD_ARGS) clean
else
	find . -path ./.git -prune -o \( -name '*.o' -o -name '*.ko' -o -name '*.mod' \
		-o -name '*.mod.c' -o -name '.*.cmd' -o -name '*.a' \) -type f -print0 | \
		xargs -0 rm -f
	rm -f Module.symvers modules.order
endif
