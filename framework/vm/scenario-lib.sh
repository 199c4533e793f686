# shellcheck shell=dash
# SPDX-License-Identifier: GPL-2.0
#
# scenario-lib.sh - helpers for VM harness scenarios (busybox sh).
#
# Copied into the initramfs as /lib/kcell/scenario-lib.sh; a scenario
# starts with
#
#	. /lib/kcell/scenario-lib.sh
#
# and ends with `finish`.  Every line for the host (`run`) starts with
# KCELL- and goes through /dev/kmsg rather than stdout: the kernel then
# prints it on the console in order with its own messages, whole, so a
# WARN triggered by a step is logged after that step, and a line is never
# cut in two by kernel output (the serial port interleaves plain tty
# writes with printk at any byte).
#
#	step TEXT...            progress: KCELL-STEP TEXT
#	pass NAME               KCELL-RESULT PASS NAME
#	fail NAME REASON...     KCELL-RESULT FAIL NAME REASON
#	check NAME CMD [ARG]... run CMD; pass if it exits 0, else fail with
#	                        its status and last line of output
#	expect_splat NAME CMD [ARG]...
#	                        run CMD where a kernel WARN/BUG is expected:
#	                        `run` accepts splats between the markers (and
#	                        the WARN taint), and fails if none appears
#	load_module NAME [PARAM=VALUE]...
#	                        modprobe an in-tree or project module; a module
#	                        built into this kernel counts as loaded
#	ko NAME                 path of a project module (/ko/NAME.ko)
#	pktgen_take N DEV [RUN...]
#	                        DEV alone on pktgen's thread kpktgend_N,
#	                        each write run through RUN... (e.g. `peer`
#	                        for a network namespace)
#	pktgen_start DEVS [RUN...]
#	                        start pktgen and wait for each device of DEVS
#	                        (a list) to have sent its count
#	allow_errors ERE        error lines (KERN_ERR or worse) of the
#	                        project's modules that the steps from here on
#	                        provoke on purpose (an extended regular
#	                        expression), until end_allowed_errors
#	settles_to WANT CMD [ARG]...
#	                        whether CMD prints WANT, asking every 0.2 s
#	                        for up to 5 s (the last completions of a
#	                        transfer); prints what it got if not
#	report_taint            KCELL-TAINT /proc/sys/kernel/tainted
#	finish                  a result for the project's error lines (any
#	                        not allowed fails), report_taint, KCELL-DONE,
#	                        end the scenario
#
# (`finish`, not `done`: done is a reserved word of the shell.)
#
# Every helper keeps its variables `local` (busybox ash has it, as dash
# does): `check NAME load_module ...` must not see NAME overwritten by the
# command it runs.  check returns the command's verdict, so a scenario
# should not use `set -e` (or write `check ... || true`).

KCELL_FAILS=0
# allow_errors' record: FROM TO ERE, tab-separated, one a line, where FROM
# and TO are line counts of `dmesg -r` (TO 0 while open).  A file, so that
# a command run in a subshell may allow errors too.
KCELL_ALLOWED=/run/kcell-allowed-errors
# A first line, so that awk's FNR == NR means this file even when it holds
# no allowance.
[ -f "$KCELL_ALLOWED" ] || printf '#\n' >"$KCELL_ALLOWED" 2>/dev/null

# kcell_msg TEXT: one line to the host, through the kernel log.
kcell_msg() {
	local m
	# Newlines would split a result; the kernel log takes ~1000 bytes.
	m=$(printf '%s' "$*" | tr '\n\r' '  ' | cut -c1-900)
	if [ -w /dev/kmsg ]; then
		printf '%s\n' "$m" >/dev/kmsg
	else
		printf '%s\n' "$m" >/dev/console
	fi
}

step() { kcell_msg "KCELL-STEP $*"; }

# mark LABEL: an instruction-count window edge (framework/bench/kmark.c):
# the window from here to the next mark is LABEL's.  First, when the
# loaded modules changed since the last mark, one "KCELL-MODULE NAME SIZE
# ADDR" line per module, from /proc/modules: insn-report attributes the
# module area's instructions with the latest list.  Does nothing in an
# initramfs without kmark.
mark() {
	command -v kmark >/dev/null || return 0
	awk '{ print $1, $2, $6 }' /proc/modules >/tmp/kcell-modules.now
	if ! cmp -s /tmp/kcell-modules.now /tmp/kcell-modules.last; then
		local mod_name mod_size mod_addr
		while read -r mod_name mod_size mod_addr; do
			kcell_msg "KCELL-MODULE $mod_name $mod_size $mod_addr"
		done </tmp/kcell-modules.now
		mv /tmp/kcell-modules.now /tmp/kcell-modules.last
	fi
	kmark "$1"
}

pass() { kcell_msg "KCELL-RESULT PASS $1"; }

fail() {
	local name=$1
	shift
	KCELL_FAILS=$((KCELL_FAILS + 1))
	kcell_msg "KCELL-RESULT FAIL $name ${*:-failed}"
}

check() {
	local name=$1 out=/tmp/kcell-check.$$ rc last
	shift
	if "$@" >"$out" 2>&1; then
		pass "$name"
		rm -f "$out"
		return 0
	else
		rc=$?
		# The whole output for the reader of the log; the reason stays short.
		cat "$out"
		last=$(tail -n 1 "$out")
		rm -f "$out"
		fail "$name" "'$*' exited $rc${last:+: $last}"
		return 1
	fi
}

expect_splat() {
	local name=$1 rc
	shift
	kcell_msg "KCELL-EXPECT-BEGIN $name"
	"$@"
	rc=$?
	# Give a deferred splat (from a workqueue or timer) time to land
	# inside the markers.
	sleep 1
	kcell_msg "KCELL-EXPECT-END $name"
	return $rc
}

load_module() {
	local mod
	mod=$(echo "$1" | tr - _)
	if tr - _ </lib/modules/"$(uname -r)"/modules.builtin 2>/dev/null |
			grep -q "/$mod\.ko\$"; then
		return 0
	fi
	modprobe "$@"
}

ko() { echo "/ko/$1.ko"; }

# pktgen_take N DEV [RUN...]: pktgen's "rem_device_all" only sets a flag
# for the thread, and waits 125 ms; the thread removes the devices when it
# next runs, which under load can be after an "add_device" that followed:
# the device just added goes, and setting it up fails with "nonexistent
# directory".  So DEV is added first (refused if it is there), all are
# removed, and DEV is added again once its entry is gone: the flag has
# been acted on.  Up to 10 s.
pktgen_take() {
	local t=/proc/net/pktgen/kpktgend_$1 dev=$2 n=0
	shift 2
	"$@" sh -c "echo 'add_device $dev' >$t" 2>/dev/null
	"$@" sh -c "echo rem_device_all >$t" || return
	while "$@" test -e "/proc/net/pktgen/$dev"; do
		n=$((n + 1))
		[ $n -le 100 ] || return 1
		sleep 0.1
	done
	"$@" sh -c "echo 'add_device $dev' >$t"
}

# pktgen_start DEVS [RUN...]: starts pktgen's threads and returns once every
# device of DEVS (a space-separated list) has a final result.  "start" on
# pgctrl sets T_RUN, sleeps 125 ms, and then waits only while a device is
# running: a thread that under load has not acted on T_RUN by then has no
# device running yet, and the write returns before the flood.  The
# "rem_device_all" that follows would then be acted on in the same pass
# of the thread as T_RUN, and remove the interface as it starts (pktgen's
# "trying to remove a running interface" warning), the flood cut short.
# The final result is the line pktgen writes when a device stops, "OK:
# USEC(cN+dN) usec, ..."; a setting's echo is "OK: NAME=...".  Up to 120 s.
pktgen_start() {
	local devs=$1 dev n
	shift
	"$@" sh -c "echo start >/proc/net/pktgen/pgctrl" || return
	for dev in $devs; do
		n=0
		until "$@" grep -q '^Result: OK: [0-9]*(c' "/proc/net/pktgen/$dev"; do
			"$@" grep -q -e '^Result: Error' -e '^Result: No memory' \
				"/proc/net/pktgen/$dev" && return 1
			n=$((n + 1))
			[ $n -le 240 ] || return 1
			sleep 0.5
		done
	done
}

# pci_ifaces DRIVER: the network interfaces of the PCI devices DRIVER is
# bound to, one a line.
pci_ifaces() {
	local d
	for d in /sys/bus/pci/drivers/"$1"/0000:*/net/*; do
		[ -e "$d" ] && basename "$d"
	done
}

# iface_counters TAG DRIVER: a step line per interface of DRIVER with its
# packet and drop counters, "TAG IFACE tx_packets=N tx_dropped=N
# rx_packets=N rx_dropped=N", for the host to read from the console.
iface_counters() {
	local i s line
	for i in $(pci_ifaces "$2"); do
		line="$i"
		for s in tx_packets tx_dropped rx_packets rx_dropped; do
			line="$line $s=$(cat "/sys/class/net/$i/statistics/$s")"
		done
		step "$1 $line"
	done
}

settles_to() {
	local want=$1 i=0 now
	shift
	while now=$("$@") && [ "$now" != "$want" ] && [ $i -lt 25 ]; do
		i=$((i + 1))
		sleep 0.2
	done
	[ "$now" = "$want" ] && return
	echo "$now, not $want"
	return 1
}

allow_errors() {
	printf '%s\t0\t%s\n' "$(dmesg -r | wc -l)" "$1" >>"$KCELL_ALLOWED"
}

# end_allowed_errors: the allowances made so far cover no later line.
end_allowed_errors() {
	local now
	now=$(dmesg -r | wc -l)
	awk -F '\t' -v now="$now" 'BEGIN { OFS = FS } NF == 3 && $2 == 0 { $2 = now } { print }' \
		"$KCELL_ALLOWED" >"$KCELL_ALLOWED.new" &&
		mv "$KCELL_ALLOWED.new" "$KCELL_ALLOWED"
}

# driver_errors: the kernel's error lines (facility kernel, level 0 to 3:
# "<0>" to "<3>" in the raw log) that name a kcell module (its name, or a
# device or gadget the scenario named after it) and that no allowance
# covering that line matches.  A driver that keeps reporting an error
# while every check passes (a request it cannot queue, a ring it cannot
# fill) is not working.
driver_errors() {
	dmesg -r | awk -F '\t' '
		FNR == NR { if (NF == 3) { n++; from[n] = $1; to[n] = $2; re[n] = $3 }; next }
		/^<[0-3]>/ && /kcell/ {
			for (i = 1; i <= n; i++)
				if (FNR > from[i] && (to[i] == 0 || FNR <= to[i]) && $0 ~ re[i])
					next
			print
		}' "$KCELL_ALLOWED" -
}

report_taint() {
	kcell_msg "KCELL-TAINT $(cat /proc/sys/kernel/tainted)"
}

# driver_errors_check: the result for driver_errors (finish runs it).
driver_errors_check() {
	local errs
	errs=$(driver_errors)
	if [ -n "$errs" ]; then
		printf '%s\n' "$errs"
		fail no_unprovoked_driver_errors "$(printf '%s\n' "$errs" | wc -l) error line(s) of kcell modules that no step provoked, the first: $(printf '%s\n' "$errs" | head -n 1)"
	else
		pass no_unprovoked_driver_errors
	fi
}

finish() {
	driver_errors_check
	report_taint
	kcell_msg "KCELL-DONE fails=$KCELL_FAILS"
	: >/run/kcell-finished
	exit 0
}
