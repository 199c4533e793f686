# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
#
# Shared by the VM harness scripts (sourced, not run): the project's
# lib.sh (cache, messages, kernel release names, the unpacked images)
# plus where the checkout is.

# shellcheck source=framework/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

# The checkout this harness belongs to, wherever it was cloned.
KCELL_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
export KCELL_ROOT
