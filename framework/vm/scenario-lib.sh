# shellcheck shell=sh
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
#	report_taint            KCELL-TAINT /proc/sys/kernel/tainted
#	finish                  report_taint, KCELL-DONE, end the scenario
#
# (`finish`, not `done`: done is a reserved word of the shell.)

KCELL_FAILS=0

# kcell_msg TEXT: one line to the host, through the kernel log.
kcell_msg() {
	# Newlines would split a result; the kernel log takes ~1000 bytes.
	_m=$(printf '%s' "$*" | tr '\n\r' '  ' | cut -c1-900)
	if [ -w /dev/kmsg ]; then
		printf '%s\n' "$_m" >/dev/kmsg
	else
		printf '%s\n' "$_m" >/dev/console
	fi
}

step() { kcell_msg "KCELL-STEP $*"; }

pass() { kcell_msg "KCELL-RESULT PASS $1"; }

fail() {
	_n=$1
	shift
	KCELL_FAILS=$((KCELL_FAILS + 1))
	kcell_msg "KCELL-RESULT FAIL $_n ${*:-failed}"
}

check() {
	_n=$1
	shift
	if "$@" >/tmp/kcell-check.out 2>&1; then
		pass "$_n"
		return 0
	else
		_rc=$?
		# The output may help the reader of the log; the reason stays short.
		cat /tmp/kcell-check.out
		_last=$(tail -n 1 /tmp/kcell-check.out)
		fail "$_n" "'$*' exited $_rc${_last:+: $_last}"
		return 1
	fi
}

expect_splat() {
	_n=$1
	shift
	kcell_msg "KCELL-EXPECT-BEGIN $_n"
	"$@"
	_rc=$?
	# Give a deferred splat (from a workqueue or timer) time to land
	# inside the markers.
	sleep 1
	kcell_msg "KCELL-EXPECT-END $_n"
	return $_rc
}

load_module() {
	_n=$(echo "$1" | tr - _)
	if tr - _ </lib/modules/"$(uname -r)"/modules.builtin 2>/dev/null |
			grep -q "/$_n\.ko\$"; then
		return 0
	fi
	modprobe "$@"
}

ko() { echo "/ko/$1.ko"; }

report_taint() {
	kcell_msg "KCELL-TAINT $(cat /proc/sys/kernel/tainted)"
}

finish() {
	report_taint
	kcell_msg "KCELL-DONE fails=$KCELL_FAILS"
	: >/run/kcell-finished
	exit 0
}
