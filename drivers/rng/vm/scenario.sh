#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# VM scenario: kcell_rng next to the in-tree virtio_rng.
#
# QEMU gives the guest four virtio-rng-pci devices at fixed PCI slots, so
# they enumerate in order: virtio0 and virtio1 fed by the host's
# /dev/urandom, virtio2 rate-limited to a few bytes a minute (readers of
# it block), virtio3 to 64 bytes every 4 seconds (a reader of a few
# hundred bytes waits with a request in flight).  kcell_rng binds virtio0
# (/dev/kcell_rng), virtio2 (/dev/kcell_rng2) and virtio3
# (/dev/kcell_rng3); the in-tree virtio_rng binds virtio1.  A virtio disk,
# /dev/vda, carries byte samples of both drivers out to the host, which
# runs a statistical test suite on them.

# shellcheck source=framework/vm/scenario-lib.sh
. /lib/kcell/scenario-lib.sh

HWRNG=/sys/class/misc/hw_random
SAMPLE_MB=2
BENCH_MB=${BENCH_MB:-4}
# full: every step below; insns: the drivers bound, then only the counted
# reads; bench: only the timed reads; unplug: the hot-unplug below, in a
# guest of its own (drivers/rng/vm/test --run MODE).
MODE=full
ROUNDS=10
# A count per byte needs less than a timing: 1 MiB a counted read.
COUNT_MB=1

# held_rng BUFFERS CHRS: what kcell_rng holds (its debugfs counts) is
# that: a buffer per bound device, a system-call layer per bound device or
# removed device with a file still open.  Says what it holds if not.
held_rng() {
	_held="$(cat /sys/kernel/debug/kcell_rng/held_buffers) $(cat /sys/kernel/debug/kcell_rng/held_chrs)"
	[ "$_held" = "$1 $2" ] && return
	echo "kcell_rng holds $_held (buffers, layers), not $1 $2"
	return 1
}

# A monotonic clock in hundredths of a second.
now_cs() { sed 's/^\([0-9]*\)\.\([0-9]*\).*/\1\2/' /proc/uptime; }

# bench NAME DEVICE MB: one timed read, reported for the host.
bench() {
	_t0=$(now_cs)
	dd if="$2" of=/dev/null bs=65536 count=$(($3 * 16)) 2>/dev/null ||
		{ fail "bench_$1" "dd from $2 failed"; return 1; }
	_t1=$(now_cs)
	kcell_msg "KCELL-BENCH $1 $(($3 * 1048576)) $((_t1 - _t0))"
}

# unplug: one slow virtio-rng-pci (8 bytes in 10 minutes) behind a PCIe
# root port, unplugged by the host (QEMU's device_del, through the
# harness) while two readers block in read() and two wait in poll():
# each wakes with ENODEV, the node goes, kcell_rng holds nothing once the
# files are closed, and it unloads.
unplug() {
	step "PCI hot-unplug while readers block and poll"
	check virtio_pci load_module virtio_pci
	check kcell_rng_load insmod "$(ko kcell_rng)"
	check kcell_rng_bound test -c /dev/kcell_rng
	check held_when_bound held_rng 1 1
	# What the pool holds already, out: the readers wait on the device.
	timeout 3 dd if=/dev/kcell_rng of=/dev/null bs=64 2>/dev/null
	dd if=/dev/kcell_rng of=/dev/null bs=4096 count=1 2>/tmp/b1.err &
	_b1=$!
	dd if=/dev/kcell_rng of=/dev/null bs=4096 count=1 2>/tmp/b2.err &
	_b2=$!
	rng_edge /dev/kcell_rng gone >/tmp/p1.out 2>&1 &
	_p1=$!
	rng_edge /dev/kcell_rng gone >/tmp/p2.out 2>&1 &
	_p2=$!
	sleep 2
	check readers_waiting sh -c "for p in $_b1 $_b2 $_p1 $_p2; do test -d /proc/\$p || exit 1; done"
	_dev=$(basename "$(readlink -f /sys/bus/virtio/drivers/kcell_rng/virtio0/..)")
	kcell_msg "KCELL-MONITOR device_del hotrng"
	check device_unplugged sh -c "for i in \$(seq 60); do test -e /sys/bus/pci/devices/$_dev || exit 0; sleep 1; done; exit 1"
	for _r in b1:$_b1 b2:$_b2 p1:$_p1 p2:$_p2; do
		check "reader_${_r%%:*}_ended" sh -c "for i in \$(seq 30); do test -d /proc/${_r#*:} || exit 0; sleep 1; done; exit 1" ||
			kill "${_r#*:}"
	done
	wait $_b1
	_s1=$?
	wait $_b2
	_s2=$?
	if [ $_s1 -ne 0 ] && [ $_s2 -ne 0 ] &&
	   grep -q 'No such device' /tmp/b1.err && grep -q 'No such device' /tmp/b2.err; then
		pass blocked_readers_enodev
	else
		fail blocked_readers_enodev "dd exited $_s1 and $_s2: $(cat /tmp/b1.err /tmp/b2.err)"
	fi
	wait $_p1
	check polling_reader_1 sh -c "cat /tmp/p1.out; grep -qx 'ok gone' /tmp/p1.out"
	wait $_p2
	check polling_reader_2 sh -c "cat /tmp/p2.out; grep -qx 'ok gone' /tmp/p2.out"
	check node_gone sh -c '! test -e /dev/kcell_rng'
	check held_nothing_after_unplug held_rng 0 0
	check rmmod_after_unplug rmmod kcell_rng
}

case $MODE in
unplug)	unplug; finish ;;
esac

step "transport and drivers"
check virtio_pci load_module virtio_pci
check virtio_blk load_module virtio_blk
check kcell_rng_load insmod "$(ko kcell_rng)"
check kcell_rng_binds_all sh -c 'ls -d /sys/bus/virtio/drivers/kcell_rng/virtio[0-9] | wc -l | grep -qx 4'
check unbind_virtio1 sh -c 'echo virtio1 >/sys/bus/virtio/drivers/kcell_rng/unbind'
check virtio_rng_load load_module virtio_rng
check virtio_rng_binds_virtio1 test -e /sys/bus/virtio/drivers/virtio_rng/virtio1
check dev_nodes sh -c 'test -c /dev/kcell_rng && test -c /dev/kcell_rng2 && ! test -e /dev/kcell_rng1'
# Root's only, as /dev/hwrng: the same pool feeds both.
check dev_mode_0600 sh -c 'test "$(stat -c %a /dev/kcell_rng)" = 600'
step "hw_random sources: $(cat $HWRNG/rng_available)"
intree=$(tr ' ' '\n' <$HWRNG/rng_available | grep '^virtio_rng\.' | head -n 1)
check both_in_hwrng sh -c "grep -q kcell_rng.0 $HWRNG/rng_available && test -n '$intree'"

# counted_reads: COUNT_MB MiB through /dev/hwrng from each driver in
# turn, ROUNDS rounds after one not counted, each read an instruction-count
# window (framework/vm/run --count-insns) labelled for
# framework/bench/insn-table.
counted_reads() {
	_bytes=$((COUNT_MB * 1048576))
	step "counted reads, $COUNT_MB MiB each, $ROUNDS rounds"
	for _round in 0 $(seq "$ROUNDS"); do
		for _d in kcell intree; do
			_src=kcell_rng.0
			[ $_d = kcell ] || _src=$intree
			echo "$_src" >$HWRNG/rng_current
			[ "$_round" = 0 ] || mark "hwrng-read:$_d:$_round:$_bytes"
			dd if=/dev/hwrng of=/dev/null bs=65536 count=$((COUNT_MB * 16)) 2>/dev/null ||
				fail "counted_read_${_d}_$_round" "dd from /dev/hwrng failed"
			[ "$_round" = 0 ] || mark -
		done
	done
	pass counted_reads
}
# timed_reads: three interleaved rounds of BENCH_MB MiB through
# /dev/hwrng from each driver and from /dev/kcell_rng, in MB/s
# (KCELL-BENCH lines).
timed_reads() {
	step "throughput, interleaved, $BENCH_MB MiB a read"
	for round in 1 2 3; do
		echo kcell_rng.0 >$HWRNG/rng_current && bench hwrng_kcell /dev/hwrng "$BENCH_MB"
		echo "$intree" >$HWRNG/rng_current && bench hwrng_intree /dev/hwrng "$BENCH_MB"
		bench dev_kcell_rng /dev/kcell_rng "$BENCH_MB"
		step "bench round $round done"
	done
}
case $MODE in
insns)	counted_reads; finish ;;
bench)	timed_reads; finish ;;
esac

step "edge cases of /dev/kcell_rng"
for t in zero efault ioctl nonblock poll block readers large; do
	check "edge_$t" rng_edge /dev/kcell_rng "$t"
done
check edge_signal rng_edge /dev/kcell_rng2 signal

step "reads through /dev/hwrng from each driver"
check hwrng_kcell sh -c "echo kcell_rng.0 >$HWRNG/rng_current && dd if=/dev/hwrng bs=4096 count=16 2>/dev/null | wc -c | grep -qx 65536"
check hwrng_intree sh -c "echo $intree >$HWRNG/rng_current && dd if=/dev/hwrng bs=4096 count=16 2>/dev/null | wc -c | grep -qx 65536"

step "samples for the host's statistical tests ($SAMPLE_MB MiB each)"
check sample_kcell dd if=/dev/kcell_rng of=/dev/vda bs=1048576 count=$SAMPLE_MB
check sample_intree sh -c "echo $intree >$HWRNG/rng_current && dd if=/dev/hwrng of=/dev/vda bs=1048576 seek=$SAMPLE_MB count=$SAMPLE_MB"
sync

timed_reads

step "unbind while readers are blocked on /dev/kcell_rng2"
dd if=/dev/kcell_rng2 of=/dev/null bs=4096 count=1 2>/tmp/r1.err &
r1=$!
dd if=/dev/kcell_rng2 of=/dev/null bs=4096 count=1 2>/tmp/r2.err &
r2=$!
sleep 1
check readers_blocked sh -c "test -d /proc/$r1 && test -d /proc/$r2"
check unbind_virtio2 sh -c 'echo virtio2 >/sys/bus/virtio/drivers/kcell_rng/unbind'
wait $r1
s1=$?
wait $r2
s2=$?
if [ $s1 -ne 0 ] && [ $s2 -ne 0 ] && grep -q 'No such device' /tmp/r1.err /tmp/r2.err; then
	pass readers_woken_enodev
else
	fail readers_woken_enodev "dd exited $s1 and $s2: $(cat /tmp/r1.err /tmp/r2.err)"
fi
check kcell_rng2_gone sh -c '! test -e /dev/kcell_rng2'
check held_after_unbind_with_readers held_rng 2 2
# The new probe takes the lowest free index: virtio1's, given up above.
check rebind_virtio2 sh -c 'echo virtio2 >/sys/bus/virtio/drivers/kcell_rng/bind && test -c /dev/kcell_rng1'

# wait_gone PID SECONDS: whether PID exits within SECONDS.
wait_gone() {
	_n=0
	while [ -d "/proc/$1" ] && [ $_n -lt "$2" ]; do
		sleep 1
		_n=$((_n + 1))
	done
	! test -d "/proc/$1"
}

step "suspend and resume with a request in flight on /dev/kcell_rng3"
# pm_test=devices: every driver's suspend and resume callbacks run (for
# virtio: freeze and restore), the machine itself does not sleep.
check pm_test_devices sh -c 'echo devices >/sys/power/pm_test'
# The pool may hold bytes already (6.1's hw_random core reads a new source
# at once, and the pool refills itself): empty it first, so that the
# reader below waits on the device.
timeout 3 dd if=/dev/kcell_rng3 of=/dev/null bs=64 2>/dev/null
# fullblock: the freezer's fake signal ends a blocked read() early, with
# what it had (a read's answer to a signal), and dd reads on for the rest.
dd if=/dev/kcell_rng3 of=/tmp/s3.out bs=512 count=1 iflag=fullblock 2>/tmp/s3.err &
r3=$!
sleep 1
check reader_waits test -d "/proc/$r3"
check suspend_resume sh -c 'echo freeze >/sys/power/state'
if wait_gone "$r3" 90; then
	wait "$r3"
	s3=$?
	if [ $s3 -eq 0 ] && [ "$(wc -c </tmp/s3.out)" -eq 512 ]; then
		pass reader_answered_after_resume
	else
		fail reader_answered_after_resume "dd exited $s3 after $(wc -c </tmp/s3.out) bytes: $(cat /tmp/s3.err)"
	fi
else
	kill "$r3"
	fail reader_answered_after_resume "still waiting 90 s after resume"
fi
# A time limit each: a device that did not come back blocks its reader.
check read_after_resume sh -c 'timeout 60 dd if=/dev/kcell_rng bs=65536 count=4 iflag=fullblock 2>/dev/null | wc -c | grep -qx 262144'
check hwrng_intree_after_resume sh -c "echo $intree >$HWRNG/rng_current && timeout 60 dd if=/dev/hwrng bs=4096 count=4 iflag=fullblock 2>/dev/null | wc -c | grep -qx 16384"
check pm_test_none sh -c 'echo none >/sys/power/pm_test'
check held_after_resume held_rng 3 3

step "what kcell_rng holds once its devices are gone, and an open file's layer"
exec 3</dev/kcell_rng
for d in virtio0 virtio2 virtio3; do
	echo $d >/sys/bus/virtio/drivers/kcell_rng/unbind
done
check held_file_open_after_unbind held_rng 0 1
exec 3<&-
check held_nothing_when_unbound held_rng 0 0
for d in virtio0 virtio2 virtio3; do
	echo $d >/sys/bus/virtio/drivers/kcell_rng/bind
done
check held_after_rebind held_rng 3 3

step "rmmod while /dev/kcell_rng is open"
exec 3</dev/kcell_rng
if rmmod kcell_rng 2>/dev/null; then
	fail rmmod_refused_while_open "rmmod succeeded with the device open"
else
	pass rmmod_refused_while_open
fi
exec 3<&-
check rmmod_after_close rmmod kcell_rng
check devices_released sh -c '! ls /dev/kcell_rng* 2>/dev/null'

step "load and unload kcell_rng 50 times"
i=1
err=''
while [ $i -le 50 ]; do
	insmod "$(ko kcell_rng)" || { err="insmod failed at round $i"; break; }
	dd if=/dev/kcell_rng of=/dev/null bs=64 count=1 2>/dev/null ||
		{ err="read failed at round $i"; break; }
	rmmod kcell_rng || { err="rmmod failed at round $i"; break; }
	i=$((i + 1))
done
if [ -n "$err" ]; then
	fail load_unload_50 "$err"
else
	pass load_unload_50
fi
check virtio_rng_unload rmmod virtio_rng

finish
