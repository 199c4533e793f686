# SPDX-License-Identifier: GPL-2.0
#
# Shared by the framework scripts: messages, the cache, and where Debian's
# kernel headers for each supported version live.

KCELL_CACHE=${KCELL_CACHE:-$HOME/.cache/kcell}
mkdir -p "$KCELL_CACHE"

say() { printf 'kcell: %s\n' "$*" >&2; }
die() { printf 'kcell: error: %s\n' "$*" >&2; exit 1; }

# kcell_abi VERSION: Debian's kernel release name for 6.1 or 6.12, taken
# from the packages the archive offers (headers track the source version).
kcell_abi() {
	local v
	case "$1" in
	6.1)
		v=$(dpkg-query -W -f='${Depends}' linux-headers-amd64 2>/dev/null ||
		    apt-cache depends linux-headers-amd64 2>/dev/null)
		v=$(printf '%s\n' "$v" | grep -o 'linux-headers-6\.1\.[0-9]*-[0-9]*-amd64' | head -n 1)
		echo "${v#linux-headers-}"
		;;
	6.12)
		v=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null ||
		    apt-cache show --no-all-versions linux-source-6.12 2>/dev/null |
		    sed -n 's/^Version: //p')
		echo "${v%%-*}+deb12-amd64"
		;;
	*)
		die "unsupported kernel version '$1' (6.1 or 6.12)"
		;;
	esac
}

# kcell_kdir VERSION: the kbuild directory to build modules against.
kcell_kdir() {
	local abi
	abi=$(kcell_abi "$1")
	case "$1" in
	6.1)	echo "/usr/src/linux-headers-$abi" ;;
	6.12)	echo "$KCELL_CACHE/headers-$abi/usr/src/linux-headers-$abi" ;;
	esac
}
