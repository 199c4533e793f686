#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kcell_ss in a guest: dummy_hcd supplies four UDCs, each wired to a root
# hub port of its own host controller.  Each UDC gets a Gadget Zero built
# through configfs (0525:a4a0, which usbtest binds to) with one function,
# its product string naming it:
#   kcell      kcell_ss, source/sink          on dummy_udc.0
#   intree     SourceSink (usb_f_ss_lb)       on dummy_udc.1
#   kcell_lb   kcell_ss loopback=1            on dummy_udc.2
#   intree_lb  Loopback (usb_f_ss_lb)         on dummy_udc.3
#
# MODE (set by drivers/usb_gadget/vm/test):
#   full   configfs errors; testusb's cases on every gadget, kcell against
#          in-tree case by case; loopback echoes (gzhost echo); pattern 1 on
#          both sides; a controller fault (an OUT overflow, injected:
#          the function's fault domain resets and halts its endpoints
#          during a sink test, the host clears them; its counts in a
#          KCELL-FAULT line); port disable, UDC
#          unbind, rmmod dummy_hcd and
#          unlinking the function while transfers are queued, the
#          function's stats attribute read in a loop meanwhile;
#          load/unload cycles
#   bench  KCELL-BENCH lines: bulk IN and OUT throughput through testusb,
#          kcell and in-tree interleaved, for make bench; each transfer
#          an instruction-count window (--run insns)
. /lib/kcell/scenario-lib.sh

MODE=full
BENCH_ROUNDS=3
BENCH_COUNT=2000
CG=/sys/kernel/config/usb_gadget
# testusb's cases that dummy_hcd can run (no isochronous, no interrupt
# endpoints): all of them must pass on kcell, as they do on SourceSink.
CASES="0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 17 18 19 20 21 24 27 28 29"
# A loopback gadget only sends what it was sent, so usbtest's bulk cases
# would wait for data forever: only the control cases, and gzhost echo.
LB_CASES="0 9 10 14"

load_module dummy_hcd num=4
load_module usb_f_ss_lb
load_module usbtest
check load_kcell_ss insmod "$(ko usb_f_kcell_ss)"
mount -t configfs none /sys/kernel/config

# set_attrs DIR ATTR=VALUE...: writes each VALUE to DIR/ATTR.
set_attrs() {
	local d=$1 a
	shift
	for a in "$@"; do
		echo "${a#*=}" >"$d/${a%%=*}" || return 1
	done
}

# mk NAME UDC FUNCTION [ATTR=VALUE...]: a Gadget Zero with one function,
# product string NAME.
mk() {
	local g=$CG/$1 f=$3.$1 udc=$2
	mkdir $g
	echo 0x0525 >$g/idVendor
	echo 0xa4a0 >$g/idProduct
	mkdir $g/strings/0x409
	echo "$1" >$g/strings/0x409/product
	mkdir $g/configs/c.1 $g/functions/$f
	shift 3
	set_attrs $g/functions/$f "$@" || return 1
	ln -s $g/functions/$f $g/configs/c.1/
	echo "$udc" >$g/UDC
}

# reconf NAME FUNCTION ATTR=VALUE...: out of the configuration, new
# attributes, back in and bound to the same UDC.
reconf() {
	local g=$CG/$1 f=$2.$1 udc
	udc=$(cat $g/UDC)
	echo "" >$g/UDC
	rm $g/configs/c.1/$f
	shift 2
	set_attrs $g/functions/$f "$@" || return 1
	ln -s $g/functions/$f $g/configs/c.1/
	echo "$udc" >$g/UDC
}

# sysdev_of PRODUCT: the device's directory in sysfs.
sysdev_of() {
	local d
	for d in /sys/bus/usb/devices/*; do
		[ "$(cat $d/product 2>/dev/null)" = "$1" ] && echo "$d" && return 0
	done
	return 1
}

# dev_of PRODUCT: its usbfs node.
dev_of() {
	local d
	d=$(sysdev_of "$1") || return 1
	printf '/dev/bus/usb/%03d/%03d\n' "$(cat $d/busnum)" "$(cat $d/devnum)"
}

# wait_dev PRODUCT: until the host has enumerated it (10 s at most).
wait_dev() {
	local i=0
	until dev_of "$1" >/dev/null; do
		i=$((i + 1))
		[ $i -gt 100 ] && return 1
		sleep 0.1
	done
	# usbtest binds just after enumeration.
	sleep 0.5
}

# testusb exits 0 whatever happens; a passed case prints "N.NNN secs".
passes() {
	testusb "$@" 2>&1 | grep -q ' secs$'
}

refuses() {
	! passes "$@"
}

# passes_on NAME ARGS...: testusb ARGS on gadget NAME, once enumerated.
passes_on() {
	local name=$1
	shift
	wait_dev "$name" && passes -D "$(dev_of "$name")" "$@"
}

# cases NAME LIST [LABEL]: testusb's cases LIST on gadget NAME; the passed
# ones are listed in /tmp/pass.LABEL (default NAME).  A case that hangs is
# killed after 60 s.
cases() {
	local name=$1 label=${3:-$1} n t o
	wait_dev "$name" || return 1
	n=$(dev_of "$name")
	: >/tmp/pass.$label
	for t in $2; do
		o=$(timeout -s KILL 60 testusb -D "$n" -t $t -c 20 -s 2048 -g 8 -v 1024 2>&1)
		case $o in
		*secs)	echo $t >>/tmp/pass.$label ;;
		*)	step "$label test $t: ${o:-no output}" ;;
		esac
	done
	step "$label passed: $(tr '\n' ' ' </tmp/pass.$label)"
}

# covers A B: every case B passed, A passed too.
covers() {
	local t
	for t in $(cat /tmp/pass.$2); do
		grep -qx "$t" /tmp/pass.$1 || { echo "$1 fails test $t"; return 1; }
	done
	echo "$1 passed $(wc -l </tmp/pass.$1) cases, $2 $(wc -l </tmp/pass.$2)"
}

# rejects ATTR VALUE: writing VALUE to the spare function's ATTR fails,
# and ATTR keeps its value.
SPARE=$CG/kcell/functions/kcell_ss.spare
rejects() {
	local before
	before=$(cat $SPARE/$1)
	if echo "$2" >$SPARE/$1; then
		echo "$1 took $2"
		return 1
	fi
	[ "$(cat $SPARE/$1)" = "$before" ]
}

# stats NAME: the stats attribute of gadget NAME's kcell_ss function.
stats() {
	cat $CG/$1/functions/kcell_ss.$1/stats
}

# stats_say NAME FIRST: the first line of NAME's stats is FIRST (printed
# whole if not).
stats_say() {
	local s
	s=$(stats "$1") || return 1
	[ "${s%%
*}" = "$2" ] && return 0
	echo "stats of $1: $s"
	return 1
}

# in_bytes NAME: bytes NAME's bound function has sent.
in_bytes() {
	stats "$1" | sed -n 's/^in ep[^ ]* requests [0-9]* queued [0-9]* transfers [0-9]* bytes \([0-9]*\)$/\1/p'
}

# out_bytes NAME: bytes NAME's bound function has received.
out_bytes() {
	stats "$1" | sed -n 's/^out ep[^ ]* requests [0-9]* queued [0-9]* transfers [0-9]* bytes \([0-9]*\)$/\1/p'
}

# domain NAME FIELD: a count of the domain line of NAME's stats.
domain() {
	stats "$1" | awk -v f="$2" '$1 == "domain" { for (i = 2; i < NF; i += 2) if ($i == f) print $(i + 1) }'
}

# counts_in NAME: after the host reads 20 transfers of 2048 bytes from
# NAME, NAME's stats count at least as many bytes more.
counts_in() {
	local before after
	before=$(in_bytes "$1")
	passes -D "$(dev_of "$1")" -t 2 -c 20 -s 2048 || return 1
	after=$(in_bytes "$1")
	step "IN bytes: $before, then $after"
	[ -n "$before" ] && [ "$after" -ge $((before + 20 * 2048)) ]
}

# reading NAME: NAME's stats read without pause in the background, until
# read_clean; the shell's own read, so that no fork slows the loop (the
# first line is enough: the attribute is shown whole on the first read).
reading() {
	local f=$CG/$1/functions/kcell_ss.$1/stats
	rm -f /tmp/stop_reading /tmp/reads
	(
		n=0 bad=0
		while [ ! -e /tmp/stop_reading ]; do
			read -r line <"$f" || bad=$((bad + 1))
			n=$((n + 1))
		done
		echo "$n $bad" >/tmp/reads
	) &
	READER=$!
}

# read_clean: the reader stops, having lived to the end (a read that
# oopsed would have killed it); it read at least once, and every read
# succeeded.
read_clean() {
	local n bad
	touch /tmp/stop_reading
	wait $READER || { echo "the reader died"; return 1; }
	[ -f /tmp/reads ] || { echo "the reader did not finish"; return 1; }
	read -r n bad </tmp/reads
	step "stats read $n times, $bad failed"
	[ "$n" -gt 0 ] && [ "$bad" -eq 0 ]
}

# inflight NAME: long bulk transfers on gadget NAME in the background.
inflight() {
	testusb -D "$(dev_of "$1")" -t 27 -c 2000 -s 65536 -g 32 >/tmp/bg.out 2>&1 &
	BG=$!
	sleep 1
}

# settle: the background transfers end (with an error) and are logged.
settle() {
	wait $BG
	cat /tmp/bg.out
}

configfs_errors() {
	step "configfs: bad values are refused and change nothing"
	allow_errors 'kcell_ss: [a-z_]+ (must be from [0-9]+ to [0-9]+|cannot change while the function is in a configuration)'
	mkdir $SPARE
	check spare_unbound grep -qx unbound $SPARE/stats
	check stats_read_only sh -c "! echo 1 >$SPARE/stats"
	check spare_defaults sh -c "grep -qx 4096 $SPARE/bulk_buflen && grep -qx 1 $SPARE/bulk_qlen && grep -qx 0 $SPARE/pattern && grep -qx 0 $SPARE/loopback"
	check rejects_pattern_3 rejects pattern 3
	check rejects_loopback_2 rejects loopback 2
	check rejects_buflen_0 rejects bulk_buflen 0
	check rejects_buflen_65537 rejects bulk_buflen 65537
	check rejects_qlen_0 rejects bulk_qlen 0
	check rejects_qlen_65 rejects bulk_qlen 65
	check rejects_not_a_number rejects bulk_buflen 4k
	check rejects_negative rejects bulk_qlen -1
	check says_why sh -c 'dmesg | grep -q "kcell_ss: bulk_qlen must be from 1 to 64, not 65"'
	check accepts_limits sh -c "echo 65536 >$SPARE/bulk_buflen && echo 64 >$SPARE/bulk_qlen && grep -qx 65536 $SPARE/bulk_buflen && grep -qx 64 $SPARE/bulk_qlen"
	check accepts_hex sh -c "echo 0x10 >$SPARE/bulk_qlen && grep -qx 16 $SPARE/bulk_qlen"
	rmdir $SPARE
	# The same attributes of a function in a configuration: busy.
	SPARE=$CG/kcell/functions/kcell_ss.kcell
	check rejects_while_linked rejects pattern 1
	check says_busy sh -c 'dmesg | grep -q "kcell_ss: pattern cannot change while the function is in a configuration"'
	end_allowed_errors
}

# lb_echoes NAME ROUNDS: gzhost echo on loopback gadget NAME, once enumerated.
lb_echoes() {
	wait_dev "$1" && gzhost echo "$(dev_of "$1")" 4096 "$2"
}

loopback() {
	local g
	for g in kcell_lb intree_lb; do
		cases $g "$LB_CASES"
		check ${g}_echoes lb_echoes $g 5
	done
	check kcell_lb_covers_intree_lb covers kcell_lb intree_lb
}

# Pattern 1 ("mod 63") on the gadgets and in usbtest; then a gadget that
# expects another pattern than the host's must refuse the data.
pattern() {
	local g
	step "pattern 1 on both sides"
	check kcell_pattern_1 reconf kcell kcell_ss pattern=1
	check intree_pattern_1 reconf intree SourceSink pattern=1
	echo 1 >/sys/module/usbtest/parameters/pattern
	for g in kcell intree; do
		cases $g "0 1 2 3 4 5 6 7 8 9 10" $g-p1
	done
	check kcell_p1_covers_intree_p1 covers kcell-p1 intree-p1
	check kcell_p1_bulk sh -c 'for t in 1 2 3 4 5 6 7 8; do grep -qx $t /tmp/pass.kcell-p1 || exit 1; done'
	echo 0 >/sys/module/usbtest/parameters/pattern
	for g in kcell intree; do
		wait_dev $g
		# The sink reports the first wrong byte of each transfer.
		[ $g = kcell ] && allow_errors 'kcell_ss: ep[0-9]+out[a-z-]*: bad OUT byte'
		check ${g}_sink_refuses_zeroes refuses -D "$(dev_of $g)" -t 1 -c 4 -s 2048
		check ${g}_source_is_not_zeroes refuses -D "$(dev_of $g)" -t 2 -c 4 -s 2048
	done
	check kcell_pattern_0 reconf kcell kcell_ss pattern=0
	check intree_pattern_0 reconf intree SourceSink pattern=0
	check kcell_zeroes_again passes_on kcell -t 1 -c 20 -s 2048
	end_allowed_errors
}

# The controller writes garbage: an OUT completion claims more bytes than
# its request asked for (injected through debugfs: dummy_hcd never does).
# The function drops it and resets its endpoints through its fault
# domain, halting both: the host's next write stalls, and the host clears
# the halts (gzhost clear, as a host driver does on -EPIPE), which
# resynchronises both sides' data toggles.  Lost: the dropped request
# (bulk_qlen 1: the only one in flight), 2048 bytes the host wrote.
faults() {
	local dbg=/sys/kernel/debug/kcell_ss bad faults recoveries before
	step "a controller fault (an OUT overflow) during the host's writes"
	bad=$(cat $dbg/bad_lengths)
	faults=$(domain kcell faults)
	recoveries=$(domain kcell recoveries)
	before=$(out_bytes kcell)
	echo 1 >$dbg/inject_overflows
	check fault_host_write_stalls refuses -D "$(dev_of kcell)" -t 1 -c 20 -s 2048
	check fault_injected test "$(cat $dbg/inject_overflows)" -eq 0
	check fault_dropped test "$(cat $dbg/bad_lengths)" -eq $((bad + 1))
	check fault_nothing_counted test "$(out_bytes kcell)" -eq "$before"
	check fault_counted test "$(domain kcell faults)" -eq $((faults + 1))
	check fault_recovered settles_to $((recoveries + 1)) domain kcell recoveries
	check fault_timed test "$(domain kcell last_recovery_ns)" -gt 0
	check fault_no_failed_restart test "$(domain kcell failed_restarts)" -eq 0
	check fault_logged sh -c "dmesg | grep -q 'kcell_ss: controller fault (garbage): resetting the endpoints'"
	check fault_both_halted sh -c "gzhost clear $(dev_of kcell) | grep -qx 'gzhost: halted before: in 1 out 1'"
	check after_fault_writes passes_on kcell -t 1 -c 20 -s 2048
	check after_fault_reads passes_on kcell -t 2 -c 20 -s 2048
	kcell_msg "KCELL-FAULT usb garbage injected=1" \
		"survived=$(($(domain kcell recoveries) - recoveries))" \
		"lost_bytes=$((($(cat $dbg/bad_lengths) - bad) * 2048))" \
		"last_recovery_ns=$(domain kcell last_recovery_ns)"
	held_back held_after_fault
}

# held_usb: what the kcell_ss functions hold, "REQUESTS QUEUED": requests
# allocated and not freed, and those with the controller (debugfs).
held_usb() {
	echo "$(cat /sys/kernel/debug/kcell_ss/held_requests) $(cat /sys/kernel/debug/kcell_ss/queued_requests)"
}

# At rest, configured and idle, kcell_ss holds its gadgets' requests:
# "kcell" bulk_qlen 1 and "kcell_lb" bulk_qlen 4, an IN and an OUT pool
# each; with the controller, both of kcell's (source and sink wait for the
# host) and kcell_lb's OUT ones (its IN requests wait for data to echo).
REST="$((2 * 1 + 2 * 4)) $((2 * 1 + 4))"

# settled: whether kcell_ss holds $REST, waiting up to 5 s for the host's
# last transfers to unwind; says what it holds if not.
settled() {
	printf 'kcell_ss holds (requests, queued): '
	settles_to "$REST" held_usb
}

# held_back NAME: a check that kcell_ss holds what it holds at rest: every
# request allocated once, each with the controller or in its cell.
held_back() { check "$1" settled; }

disruptions() {
	local ksys port b
	held_back held_at_rest
	check stats_bound stats_say kcell "bind 1 dummy_udc.0 high-speed"
	check stats_count_in counts_in kcell
	# The host cuts the device off at its port, with URBs queued both ways
	# (usbtest would hold the device lock, and the port, until its test
	# ended).
	step "host disables the port during queued transfers"
	ksys=$(sysdev_of kcell)
	gzhost stream "$(dev_of kcell)" >/tmp/bg.out 2>&1 &
	BG=$!
	sleep 1
	b=$(cat "$ksys/busnum")
	port=/sys/bus/usb/devices/$b-0:1.0/usb$b-port1/disable
	check port_off_in_flight sh -c "echo 1 > $port"
	check stream_cut_off wait $BG
	cat /tmp/bg.out
	check port_on sh -c "echo 0 > $port"
	check enumerated_after_port wait_dev kcell
	check after_port passes -D "$(dev_of kcell)" -t 2 -c 20 -s 2048
	held_back held_after_port

	step "UDC unbind during queued transfers, stats read meanwhile"
	inflight kcell
	reading kcell
	check unbind_in_flight sh -c "echo '' > $CG/kcell/UDC"
	settle
	check stats_unbind read_clean
	check stats_unbound stats_say kcell unbound
	check rebind sh -c "echo dummy_udc.0 > $CG/kcell/UDC"
	check enumerated_after_rebind wait_dev kcell
	check after_rebind passes -D "$(dev_of kcell)" -t 2 -c 20 -s 2048
	check stats_rebound stats_say kcell "bind 2 dummy_udc.0 high-speed"
	held_back held_after_rebind

	# The UDC's memory (the gadget, its endpoints' names) goes with its
	# module: the stats reader must be done with it by then.
	step "rmmod dummy_hcd during queued transfers, stats read meanwhile"
	inflight kcell
	reading kcell
	check rmmod_udc_in_flight rmmod dummy_hcd
	settle
	check stats_rmmod read_clean
	check stats_unbound_udc_gone stats_say kcell unbound
	check reload_udc modprobe dummy_hcd num=4
	check enumerated_after_reload wait_dev kcell
	# The gadget binds again by itself to the UDC of the same name.
	check rebound_after_reload grep -qx dummy_udc.0 $CG/kcell/UDC
	check after_reload passes -D "$(dev_of kcell)" -t 1 -c 20 -s 2048
	check stats_after_reload stats_say kcell "bind 3 dummy_udc.0 high-speed"
	held_back held_after_reload

	step "loopback: UDC unbind with echoes in both directions"
	check lb_unbind_after_echo sh -c "gzhost echo $(dev_of kcell_lb) 4096 1 && echo '' > $CG/kcell_lb/UDC"
	check lb_rebind sh -c "echo dummy_udc.2 > $CG/kcell_lb/UDC"
	check lb_after_rebind lb_echoes kcell_lb 2
	held_back held_lb_after_rebind
}

# Unlinking the function from its configuration unbinds the gadget first,
# with transfers queued; then the function goes, and the module.
teardown() {
	step "function unlinked during queued transfers, stats read meanwhile"
	inflight kcell
	reading kcell
	check unlink_in_flight rm $CG/kcell/configs/c.1/kcell_ss.kcell
	settle
	check stats_unlink read_clean
	check stats_no_function stats_say kcell unbound
	check rmmod_kcell_busy sh -c '! rmmod usb_f_kcell_ss'
	rmdir $CG/kcell/functions/kcell_ss.kcell
	echo "" >$CG/kcell_lb/UDC
	rm $CG/kcell_lb/configs/c.1/kcell_ss.kcell_lb
	rmdir $CG/kcell_lb/functions/kcell_ss.kcell_lb
	REST="0 0"
	held_back held_nothing_when_unbound
	check rmmod_kcell rmmod usb_f_kcell_ss
}

# cycles N: load, build, enumerate, transfer, tear down and unload N times.
cycles() {
	local i g=$CG/kcell
	step "$1 load/unload cycles"
	for i in $(seq "$1"); do
		insmod "$(ko usb_f_kcell_ss)" &&
		mkdir $g/functions/kcell_ss.kcell &&
		ln -s $g/functions/kcell_ss.kcell $g/configs/c.1/ &&
		echo dummy_udc.0 >$g/UDC &&
		wait_dev kcell &&
		passes -D "$(dev_of kcell)" -t 2 -c 4 -s 2048 &&
		echo "" >$g/UDC &&
		rm $g/configs/c.1/kcell_ss.kcell &&
		rmdir $g/functions/kcell_ss.kcell &&
		rmmod usb_f_kcell_ss || { echo "cycle $i failed"; return 1; }
	done
}

# bench: BENCH_ROUNDS rounds of bulk IN and OUT through each function,
# after a round 0 neither reported nor counted; each transfer is an
# instruction-count window too (mark: a no-op unless the run counts).
bench() {
	local r g t dir secs order bytes=$((BENCH_COUNT * 65536))
	for r in $(seq 0 "$BENCH_ROUNDS"); do
		# Alternate who goes first, so that drift favours neither.
		order="kcell intree"
		[ $((r % 2)) -eq 0 ] && order="intree kcell"
		for g in $order; do
			for t in 2 1; do
				dir=in
				[ $t = 1 ] && dir=out
				[ "$r" = 0 ] || mark "bulk-$dir:$g:$r:$bytes"
				secs=$(testusb -D "$(dev_of $g)" -t $t -c $BENCH_COUNT -s 65536 |
				       sed -n 's/.* \([0-9]*\.[0-9]*\) secs$/\1/p')
				[ "$r" = 0 ] || mark -
				if [ "$r" = 0 ] && [ -n "$secs" ]; then
					:
				elif [ -n "$secs" ]; then
					kcell_msg "KCELL-BENCH $dir $g $bytes $secs"
				else
					fail "bench_${dir}_${g}_$r" "testusb test $t failed"
				fi
			done
		done
	done
}

check mk_kcell mk kcell dummy_udc.0 kcell_ss
check mk_intree mk intree dummy_udc.1 SourceSink
if [ "$MODE" = bench ]; then
	wait_dev kcell && wait_dev intree
	bench
	finish
fi
check mk_kcell_lb mk kcell_lb dummy_udc.2 kcell_ss loopback=1 bulk_qlen=4
check mk_intree_lb mk intree_lb dummy_udc.3 Loopback

configfs_errors
for g in kcell intree; do
	cases $g "$CASES"
done
check kcell_covers_intree covers kcell intree
check kcell_passes_all sh -c "test $(echo $CASES | wc -w) -eq \$(wc -l </tmp/pass.kcell)"
loopback
pattern
faults
disruptions
teardown
check cycles cycles 10
finish
