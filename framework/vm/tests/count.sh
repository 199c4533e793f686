#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The instruction count's check (framework/vm/test-harness, booted with
# run --count-insns): insn_probe spins a known number of times in two
# windows; the host compares the plugin's user counts with the spins.
. /lib/kcell/scenario-lib.sh

step "two windows of known user instructions"
check insn_probe insn_probe 1000000 3000000
finish
