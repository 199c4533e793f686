# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
#
# Shared by the VM harness scripts (sourced, not run): the project's
# lib.sh (cache, messages, kernel release names) plus where the unpacked
# kernel images live.

# shellcheck source=framework/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

# The checkout this harness belongs to, wherever it was cloned.
KCELL_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
export KCELL_ROOT

# vm_image_dir ABI: where fetch-kernel unpacks linux-image-ABI-unsigned.
vm_image_dir() { echo "$KCELL_CACHE/image-$1"; }

# vm_image_complete ABI: the tree has a kernel and a usable module index.
# modules.dep is written last (by fetch-kernel's depmod), before the
# rename, so its presence means the tree is whole.
vm_image_complete() {
	local d
	d=$(vm_image_dir "$1")
	[ -f "$d/boot/vmlinuz-$1" ] && [ -s "$d/lib/modules/$1/modules.dep" ]
}
