#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# VM scenario for the harness's own test: everything here must make `run`
# fail, each for its own reason (test-harness checks that every reason
# is reported):
#   - a check that fails;
#   - a WARN outside an expect_splat block (and so the W taint);
#   - an expect_splat block in which no splat comes;
#   - an error line of a kcell module that no allow_errors matches;
#   - the scenario ending without `finish` (/init reports it).

# shellcheck source=framework/vm/scenario-lib.sh
. /lib/kcell/scenario-lib.sh

step "a check that fails on purpose"
check deliberate_fail false
step "a WARN nobody expects"
insmod "$(ko kcell_vm_warn)" warn=1
rmmod kcell_vm_warn
step "an expected splat that never comes"
expect_splat silent_block insmod "$(ko kcell_vm_warn)" warn=0
rmmod kcell_vm_warn
step "an error line of a kcell module that nothing allowed"
insmod "$(ko kcell_vm_warn)" err=1
rmmod kcell_vm_warn
driver_errors_check
step "leaving without finish"
exit 3
