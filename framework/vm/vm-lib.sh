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

# kcell_bench_build NAME: framework/bench/NAME.c built into
# $KCELL_CACHE/bench-tools/ when missing or older than its source; prints
# the path.  kmark is a static guest program whose marker function sits at
# 0x10000000 (insn-count.c watches that address); insn-count is QEMU's
# plugin, a shared object.
kcell_bench_build() {
	local src=$KCELL_ROOT/framework/bench/$1.c dir=$KCELL_CACHE/bench-tools out
	local flags=(-O2 -Wall -Wextra -Wno-unused-parameter)
	mkdir -p "$dir"
	case $1 in
	kmark)		out=$dir/kmark
			flags+=(-static -Wl,--section-start=.kmark=0x10000000) ;;
	insn-count)	out=$dir/insn-count.so
			flags+=(-fPIC -shared -fvisibility=hidden -pthread) ;;
	*)		die "kcell_bench_build: no tool $1" ;;
	esac
	if [ ! -e "$out" ] || [ "$src" -nt "$out" ]; then
		gcc "${flags[@]}" -o "$out.tmp" "$src" || die "building $src failed"
		mv "$out.tmp" "$out"
	fi
	echo "$out"
}
