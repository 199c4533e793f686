#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# VM scenario for the harness's own test: a WARN inside an expect_splat
# block is accepted (the run passes, with the W taint allowed), and so is
# an error line of a kcell module that the scenario allows.

# shellcheck source=framework/vm/scenario-lib.sh
. /lib/kcell/scenario-lib.sh

step "a deliberate WARN where one is expected"
expect_splat deliberate_warn insmod "$(ko kcell_vm_warn)" warn=1
check warn_module_loaded grep -q '^kcell_vm_warn ' /proc/modules
check warn_module_unload rmmod kcell_vm_warn
step "one kcell misuse 1000 times at one site: one WARN, 1000 counted"
expect_splat flood insmod "$(ko kcell_vm_warn)" flood=1000
check flood_one_warn sh -c '[ "$(dmesg | grep -c "kcell: dma_lease_reclaim of an unmapped lease in kcell_vm_warn_flood()")" -eq 1 ]'
check flood_counted grep -q '^1000 .*kcell_vm_warn\.c:[0-9]* kcell_vm_warn_flood(): dma_lease_reclaim of an unmapped lease$' \
	/sys/module/kcell_vm_warn/parameters/kcell_reports
check flood_unload rmmod kcell_vm_warn
step "an error line of a kcell module that the scenario allows"
allow_errors 'kcell_vm_warn: deliberate error line'
check err_module_load insmod "$(ko kcell_vm_warn)" err=1
check err_module_unload rmmod kcell_vm_warn
finish
