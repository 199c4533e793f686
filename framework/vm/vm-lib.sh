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

# kcell_bench_build NAME [SRC]: a bench tool built into
# $KCELL_CACHE/bench-tools/ when missing or older than its source
# (default framework/bench/NAME.c); prints the path.  insn-count is QEMU's
# plugin, a shared object; anything else (kmark, the harness's
# insn_probe) a static guest program whose kcell_mark() sits at
# 0x10000000, the address insn-count.c watches.
kcell_bench_build() {
	local src=${2:-$KCELL_ROOT/framework/bench/$1.c} dir=$KCELL_CACHE/bench-tools out tmp
	local flags=(-O2 -Wall -Wextra -Wno-unused-parameter)
	mkdir -p "$dir"
	case $1 in
	insn-count)	out=$dir/insn-count.so
			flags+=(-fPIC -shared -fvisibility=hidden -pthread) ;;
	*)		out=$dir/$1
			flags+=(-static -Wl,--section-start=.kmark=0x10000000) ;;
	esac
	if [ ! -e "$out" ] || [ "$src" -nt "$out" ]; then
		# A file of its own: two builds at once must not mix.
		tmp=$(mktemp "$out.XXXXXX")
		gcc "${flags[@]}" -o "$tmp" "$src" || { rm -f "$tmp"; die "building $src failed"; }
		chmod 755 "$tmp"
		mv "$tmp" "$out"
	fi
	echo "$out"
}
