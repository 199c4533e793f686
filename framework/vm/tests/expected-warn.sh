#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# VM scenario for the harness's own test: a WARN inside an expect_splat
# block is accepted (the run passes, with the W taint allowed).

# shellcheck source=framework/vm/scenario-lib.sh
. /lib/kcell/scenario-lib.sh

step "a deliberate WARN where one is expected"
expect_splat deliberate_warn insmod "$(ko kcell_vm_warn)" warn=1
check warn_module_loaded grep -q '^kcell_vm_warn ' /proc/modules
check warn_module_unload rmmod kcell_vm_warn
finish
