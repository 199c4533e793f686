# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
#
# Shared by the framework scripts (sourced): messages, the cache, and where
# the Debian packages that framework/setup/deps resolved and unpacked live.
#
# Everything kcell takes from Debian at run time is keyed by the version
# deps resolved from the package lists, and recorded in $KCELL_VERSIONS:
#
#   linux-6.1   6.1.0-57-amd64        6.1.192-3
#   linux-6.12  6.12.118+deb12-amd64  6.12.118-1~deb12u1
#   rng-tools5  5-4.1
#
# Per kernel, one tree holds what Debian ships for that version (headers,
# kbuild, source tarball, and the image once the VM harness fetched it):
#
#   $KCELL_CACHE/linux-VERSION/        the unpacked packages (the image's
#                                      boot/ and lib/modules/ included)
#   $KCELL_CACHE/linux-VERSION/.kcell/ the control file of each one
#   $KCELL_CACHE/src-VERSION/          the source tree the UML builds use
#   $KCELL_CACHE/uml-VERSION-MODE/     a UML build
#   $KCELL_CACHE/vm-build/VERSION/     modules built for the VM harness
#
# so a tree of one version is never used with another version's headers,
# sources or image: a new point release gets new trees, and deps removes
# the old ones.

KCELL_CACHE=${KCELL_CACHE:-$HOME/.cache/kcell}
# The kernels kcell builds, checks and boots: Debian 12's 6.1 and 6.12;
# the first is the default where one is asked for.
KCELL_KVERS=(6.1 6.12)
# The Clang of the ownership contracts (Debian 12's newest).
export KCELL_CLANG=${KCELL_CLANG:-clang-19}
KCELL_VERSIONS=$KCELL_CACHE/versions
mkdir -p "$KCELL_CACHE"
# QEMU runs x86_64 guests: Debian's amd64 flavour of each kernel.
KCELL_FLAVOUR=amd64
# depmod and modinfo live in /sbin, which a user's PATH may lack.
case ":$PATH:" in
*:/usr/sbin:*) ;;
*) PATH=$PATH:/usr/sbin:/sbin ;;
esac

say() { printf 'kcell: %s\n' "$*" >&2; }
die() { printf 'kcell: error: %s\n' "$*" >&2; exit 1; }

# kcell_resolved NAME: the fields deps recorded for NAME (linux-6.1,
# rng-tools5); fails with the one-line hint when deps has not run.
kcell_resolved() {
	local fields

	fields=$(awk -v n="$1" '$1 == n { $1 = ""; print substr($0, 2); exit }' \
		"$KCELL_VERSIONS" 2>/dev/null)
	if [ -z "$fields" ]; then
		say "error: Debian's $1 is not set up in $KCELL_CACHE: run 'make deps'"
		return 1
	fi
	echo "$fields"
}

kcell_known_kver() {
	local v

	for v in "${KCELL_KVERS[@]}"; do
		[ "$1" = "$v" ] && return 0
	done
	die "unsupported kernel version '$1' (${KCELL_KVERS[*]})"
}

# kcell_abi KVER: Debian's kernel release name (uname -r) for 6.1 or 6.12.
kcell_abi() {
	local f

	kcell_known_kver "$1"
	f=$(kcell_resolved "linux-$1") || return 1
	echo "${f%% *}"
}

# kcell_kpkgver KVER: the Debian package version of that kernel.
kcell_kpkgver() {
	local f

	kcell_known_kver "$1"
	f=$(kcell_resolved "linux-$1") || return 1
	echo "${f#* }"
}

# kcell_kroot KVER: the tree Debian's packages for that kernel unpack into.
kcell_kroot() {
	local v

	v=$(kcell_kpkgver "$1") || return 1
	echo "$KCELL_CACHE/linux-$v"
}

# kcell_kdir KVER: the kbuild directory to build modules against.
kcell_kdir() {
	local root abi

	root=$(kcell_kroot "$1") || return 1
	abi=$(kcell_abi "$1") || return 1
	echo "$root/usr/src/linux-headers-$abi"
}

# kcell_src_tarball KVER: linux-source-KVER's tarball, as deps unpacked it.
kcell_src_tarball() {
	local root

	root=$(kcell_kroot "$1") || return 1
	echo "$root/usr/src/linux-source-$1.tar.xz"
}

# kcell_src_dir KVER: where kunit/kunit-uml extracts that tarball.
kcell_src_dir() {
	local v

	v=$(kcell_kpkgver "$1") || return 1
	echo "$KCELL_CACHE/src-$v"
}

# kcell_ensure_src KVER: linux-source-KVER's tarball unpacked into
# kcell_src_dir KVER, once.  The tree stays unconfigured: every build goes
# to its own dir with O= (kunit/kunit-uml adds drivers/kcell/ and two hook
# lines; framework/check/raw-dma-patches only reads it).
kcell_ensure_src() {
	local src tarball

	src=$(kcell_src_dir "$1") || return 1
	tarball=$(kcell_src_tarball "$1") || return 1
	if [[ -f $src/Makefile && -f $src/tools/testing/kunit/kunit.py ]]; then
		return 0
	fi
	if [[ ! -f $tarball ]]; then
		echo "${0##*/}: $tarball is missing; run 'make deps' first" >&2
		return 1
	fi
	say "extracting $tarball to $src (once, takes a minute or two)"
	mkdir -p "$KCELL_CACHE"
	# Unpack beside the target and rename, so an interrupted run never
	# leaves a half tree that looks complete.
	rm -rf "$src.tmp"
	mkdir -p "$src.tmp"
	tar -xJf "$tarball" -C "$src.tmp" --strip-components=1
	rm -rf "$src"
	mv "$src.tmp" "$src"
}

# kcell_configured_tree SRC OUT ARCH CROSS CONFIG: OUT, an output tree of
# the kernel source SRC with a .config for ARCH made by CONFIG: a target
# such as allmodconfig or a defconfig, optionally followed by
# "+SYM,SYM..." to switch on symbols no defconfig enables (for example
# multi_v7_defconfig+ARCH_WM8850,MMC_WMT); CROSS is the CROSS_COMPILE
# prefix (empty for the host).  Seconds, once; prints OUT.  Lets a caller
# look at the .config before it pays for kcell_prepared_tree.
kcell_configured_tree() {
	local src=$1 o=$2 arch=$3 cross=$4 cfg=${5%%+*} syms= s
	local k=(make -s -C "$src" O="$o" ARCH="$arch" CROSS_COMPILE="$cross")

	[ "$cfg" = "$5" ] || syms=${5#*+}
	if [ ! -e "$o/READY" ] && [ ! -e "$o/CONFIGURED" ]; then
		mkdir -p "$o"
		if ! "${k[@]}" "$cfg" >"$o/prep.log" 2>&1; then
			tail -5 "$o/prep.log" >&2
			return 1
		fi
		if [ -n "$syms" ]; then
			IFS=, read -ra syms <<<"$syms"
			for s in "${syms[@]}"; do
				"$src/scripts/config" --file "$o/.config" -e "$s"
			done
			"${k[@]}" olddefconfig >>"$o/prep.log" 2>&1 || return 1
		fi
		touch "$o/CONFIGURED"
	fi
	echo "$o"
}

# kcell_prepared_tree SRC OUT ARCH CROSS CONFIG: OUT as kcell_configured_tree
# makes it, then `make prepare`d (a few minutes, once), ready for
# single-object builds (make -C OUT M=DIR FILE.o).  Prints OUT.  Shared by
# framework/check/raw-dma-patches and raw-dma-offers.
kcell_prepared_tree() {
	local src=$1 o=$2 arch=$3 cross=$4 cfg=$5

	if [ ! -e "$o/READY" ]; then
		say "preparing $o ($arch $cfg), once"
		kcell_configured_tree "$src" "$o" "$arch" "$cross" "$cfg" \
			>/dev/null || return 1
		if ! make -s -C "$src" O="$o" ARCH="$arch" CROSS_COMPILE="$cross" \
				-j "$(nproc)" prepare >>"$o/prep.log" 2>&1; then
			tail -5 "$o/prep.log" >&2
			return 1
		fi
		touch "$o/READY"
	fi
	echo "$o"
}

# kcell_build_diags LOG PREFIX: the warnings and errors of a kbuild LOG,
# one each, without line numbers, source excerpts or PREFIX/ (the copy a
# file was built in), so that two builds of a file can be compared.
kcell_build_diags() {
	sed -n "s#^$2/##; s#:[0-9]*:[0-9]*: \(warning\|error\)#: \1#p" "$1" | sort -u
}

# kcell_rng_root: the tree deps unpacked rng-tools5 into.
kcell_rng_root() {
	local v

	v=$(kcell_resolved rng-tools5) || return 1
	echo "$KCELL_CACHE/rng-tools5-$v"
}

# kcell_rngtest: the rngtest program from that tree.
kcell_rngtest() {
	local root

	root=$(kcell_rng_root) || return 1
	echo "$root/usr/bin/rngtest"
}

# kcell_unpack PKG VERSION ROOT: Debian's PKG at VERSION, downloaded with
# apt-get download and unpacked into ROOT with dpkg -x: no maintainer
# script runs and the package database does not change.  PKG's control
# fields go to ROOT/.kcell/PKG.control last, so that file means PKG is whole
# in ROOT (an interrupted unpack is redone).  The download log is appended
# to $KCELL_CACHE/apt-download.log.  Status 1: the download failed; 2: the
# unpack did.
kcell_unpack() {
	local pkg=$1 ver=$2 root=$3 tmp deb

	[ -f "$root/.kcell/$pkg.control" ] && return 0
	mkdir -p "$root/.kcell" || return 2
	tmp=$(mktemp -d "$KCELL_CACHE/.fetch.XXXXXX") || return 2
	# apt downloads as the _apt user where that user can write (else as
	# root, with a note in the log): open the folder to it.
	chmod 755 "$tmp"
	if ! (cd -- "$tmp" && apt-get download -q "$pkg=$ver") \
			>>"$KCELL_CACHE/apt-download.log" 2>&1; then
		rm -rf "$tmp"
		return 1
	fi
	deb=$(echo "$tmp"/*.deb)
	if ! dpkg -x "$deb" "$root" ||
	   ! dpkg-deb -f "$deb" >"$root/.kcell/$pkg.control.tmp" ||
	   ! mv "$root/.kcell/$pkg.control.tmp" "$root/.kcell/$pkg.control"; then
		rm -rf "$tmp"
		return 2
	fi
	rm -rf "$tmp"
}

# kcell_image_complete KVER [ABI VERSION]: the kernel image of that version
# is unpacked in its tree, with a usable module index.
kcell_image_complete() {
	local abi=${2:-} ver=${3:-} root

	[ -n "$abi" ] || abi=$(kcell_abi "$1" 2>/dev/null) || return 1
	[ -n "$ver" ] || ver=$(kcell_kpkgver "$1" 2>/dev/null) || return 1
	root=$KCELL_CACHE/linux-$ver
	[ -f "$root/.kcell/linux-image-$abi-unsigned.control" ] &&
		[ -f "$root/boot/vmlinuz-$abi" ] &&
		[ -s "$root/lib/modules/$abi/modules.dep" ]
}

# kcell_fetch_image ABI VERSION: Debian's linux-image-ABI-unsigned (the
# plain image; the signed one is the same kernel wrapped for Secure Boot)
# unpacked into a temporary tree, its module index built there with
# depmod (its postinst, which would do it, does not run), then renamed
# into the version's tree, stamp last: a reader finds the image whole or
# not at all.  Status as kcell_unpack's.
kcell_fetch_image() {
	local abi=$1 ver=$2 root=$KCELL_CACHE/linux-$2 tmp rc=0
	local pkg=linux-image-$1-unsigned

	tmp=$(mktemp -d "$KCELL_CACHE/.fetch.XXXXXX") || return 2
	kcell_unpack "$pkg" "$ver" "$tmp/tree" || rc=$?
	if [ $rc -eq 0 ]; then
		depmod -b "$tmp/tree" "$abi" || rc=2
	fi
	if [ $rc -eq 0 ]; then
		# What an earlier, interrupted attempt left goes first.
		rm -f "$root/.kcell/$pkg.control"
		rm -rf "$root/boot" "$root/lib/modules/$abi"
		{ mkdir -p "$root/.kcell" "$root/lib/modules" &&
		  mv "$tmp/tree/boot" "$root/boot" &&
		  mv "$tmp/tree/lib/modules/$abi" "$root/lib/modules/$abi" &&
		  mv "$tmp/tree/.kcell/$pkg.control" "$root/.kcell/$pkg.control"; } ||
			rc=2
	fi
	rm -rf "$tmp"
	return $rc
}

# kcell_spatch_args RULE MODE: spatch's arguments for RULE in MODE (report,
# context, org, patch), one a line, built as scripts/coccicheck builds
# them: the mode, the rule's own "// Options:" line, and the macro file
# beside the rule.  Every caller runs the rules with these and no others.
kcell_spatch_args() {
	local rule=$1 mode=$2 opt

	printf '%s\n' --very-quiet -D "$mode"
	for opt in $(sed -n 's#^// Options:##p' "$rule"); do
		printf '%s\n' "$opt"
	done
	[ ! -f "$(dirname "$rule")/kcell.macros" ] ||
		printf '%s\n' --macro-file "$(dirname "$rule")/kcell.macros"
	printf '%s\n' --sp-file "$rule"
}

# kcell_rule_has_mode RULE MODE: RULE declares "virtual MODE" (report mode
# needs none: a rule without it reports in every mode it has).
kcell_rule_has_mode() {
	[ "$2" = report ] || grep -q "^virtual[[:space:]]*$2\$" "$1"
}

# kcell_rule_is_offer RULE: RULE has the line "// Kind: offer": it reports
# where a conversion to kcell applies (raw_dma_to_lease), not a bug.
kcell_rule_is_offer() {
	grep -qx '// Kind: offer' "$1"
}

# kcell_marked_diff FILE PATTERN GOT: the lines of FILE matching PATTERN
# (grep) against GOT, the line numbers a checker reported.  Equal: prints
# the marked lines and succeeds.  Else prints what differs ("missing
# lines: 3 7; unexpected lines: 9") and fails.  The one comparison of
# expected with found findings that every self-test uses.
kcell_marked_diff() {
	local want got missing extra msg=

	want=$(grep -n -- "$2" "$1" | cut -d: -f1 | sort -u)
	got=$(printf '%s\n' $3 | sed '/^$/d' | sort -u)
	missing=$(comm -23 <(echo "$want") <(echo "$got") | sed '/^$/d' | sort -n | tr '\n' ' ')
	extra=$(comm -13 <(echo "$want") <(echo "$got") | sed '/^$/d' | sort -n | tr '\n' ' ')
	if [ -z "$missing" ] && [ -z "$extra" ]; then
		echo "$want" | sort -n | tr '\n' ' ' | sed 's/ $//'
		return 0
	fi
	[ -z "$missing" ] || msg="missing lines: ${missing% }"
	[ -z "$extra" ] || msg="${msg:+$msg; }unexpected lines: ${extra% }"
	echo "$msg"
	return 1
}

# kcell_help SCRIPT: SCRIPT's usage, the comment block at its top (after
# the SPDX line).
kcell_help() {
	sed -n '3,/^[^#]/{/^[^#]/d;s/^# \{0,1\}//;p}' "$1"
}

# Every script that sources this file answers -h and --help with that
# block: sourced without arguments, this file sees its caller's.
case ${1:-} in
-h | --help) kcell_help "$0"; exit 0 ;;
esac
