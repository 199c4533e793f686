#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# VM scenario for the harness's own test: a step that hangs (here, sleeps
# far longer than test-harness's --step-timeout): `run` must stop QEMU
# and fail, naming the step, long before the run's own timeout.

# shellcheck source=framework/vm/scenario-lib.sh
. /lib/kcell/scenario-lib.sh

step "a step that never ends"
sleep 600
pass not_reached
finish
