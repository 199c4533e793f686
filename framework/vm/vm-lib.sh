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

# vm_image_complete KVER: the image of the version deps resolved is
# unpacked (its control stamp is written after dpkg -x) and has a usable
# module index (fetch-kernel's depmod, run after the unpack).
vm_image_complete() {
	local root abi
	root=$(kcell_kroot "$1") || return 1
	abi=$(kcell_abi "$1") || return 1
	[ -f "$root/.kcell/linux-image-$abi-unsigned.control" ] &&
		[ -f "$root/boot/vmlinuz-$abi" ] &&
		[ -s "$root/lib/modules/$abi/modules.dep" ]
}
