#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kcell_e1000 in a guest with two 82540EMs on one QEMU hub (not connected
# to the host): 00:04.0 bound to kcell_e1000 as 192.0.2.1, 00:05.0 bound to
# the in-tree e1000 in its own network namespace as 192.0.2.2.
#
# MODE (set by drivers/nic/vm/test):
#   full     traffic, ethtool, link changes, filters, MTU, runts and
#            oversized frames, a full TX ring, pktgen, down/rmmod/unbind
#            during traffic, a transmit timeout (a fault of the driver's
#            fault domain: its counts in a KCELL-FAULT line), suspend and
#            resume during traffic, 50 load/unload cycles
#   traffic  pings and checked TCP and UDP transfers, pktgen (for the
#            swiotlb=force boot)
#   unplug   the host unplugs kcell_e1000's NIC while TCP flows both ways
#            (swiotlb=force, K behind a PCIe root port)
#   churn    traffic, then MTU changes, ring resizes and forced transmit
#            timeouts over and over while checked TCP flows both ways (for
#            the strict IOMMU boot, where a buffer the device reaches after
#            its unmap is a DMAR fault)
#   dmafail  one NIC, swiotlb=force with a pool too small for the rings:
#            DMA mapping failures at open and in the transmit path
#   bench    transfers only, KCELL-BENCH lines for make bench, and
#            instruction-count windows (kmark) around each transfer
#   recovery bench's three NICs, no transfer: the time each driver takes
#            to bring its link back after a transmit timeout
#   bounces  swiotlb's copies for 8 MiB of TCP, per device and direction
#            (KCELL-BENCH bounce lines)
. /lib/kcell/scenario-lib.sh
. /lib/kcell/net-lib.sh

MODE=full
KMOD=kcell_e1000
TX_RING=256
TCP_BYTES=33554432
UDP_COUNT=20000
BENCH_ROUNDS=3

K=0000:00:04.0
T=0000:00:05.0
B=
KADDR=192.0.2.1
TADDR=192.0.2.2
BADDR=198.51.100.1
TADDR2=198.51.100.2
NS=
# The instruction-count window of the next tcp or udp transfer (bench
# mode): its label, or empty for none.  WARMUP: a transfer neither
# counted nor reported.
WINDOW=
WARMUP=

# kstat NAME: a kcell_e1000 ethtool statistic.
kstat() { ethtool -S "$KI" | awk -v n="$1:" '$1 == n { print $2 }'; }
# timeouts: the transmit timeouts kcell_e1000 has seen.
timeouts() { kstat tx_timeouts; }
# held TX_LEASES RX_LEASES RX_GRANTED RX_SKBS: whether kcell_e1000 holds
# exactly that (its held_* statistics); says what it holds if not.
# held_now: kcell_e1000's held_* statistics from one ethtool -S: TX
# leases, RX leases, RX buffers granted, received skbs.
held_now() {
	ethtool -S "$KI" | awk '$1 ~ /^held_/ { v[$1] = $2 }
		END { print v["held_tx_leases:"], v["held_rx_leases:"], v["held_rx_granted:"], v["held_rx_skbs:"] }'
}
# held TX_LEASES RX_LEASES RX_GRANTED RX_SKBS: whether kcell_e1000 holds
# exactly that, waiting up to 5 s for the last completions of a transfer;
# says what it holds if not.
held() {
	printf 'held (tx leases, rx leases, rx granted, rx skbs): '
	settles_to "$*" held_now
}
# held_at_rest NAME [down]: a check that what kcell_e1000 holds is back
# where it rests once traffic stops: no TX buffer mapped, every RX buffer
# mapped and the device's, no received skb held; or, with "down", nothing
# at all.  Errors a step provoked (drops, aborts, resets) must not leave
# any behind.
held_at_rest() {
	local name=$1 rx=0
	[ "${2:-}" = down ] ||
		rx=$(ethtool -g "$KI" | awk '/^Current/ { c = 1 } c && /^RX:/ { print $2; exit }')
	check "$name" held 0 "$rx" "$rx" 0
}
setup_pair() {
	echo kcell_e1000 >/sys/bus/pci/devices/$K/driver_override
	echo e1000 >/sys/bus/pci/devices/$T/driver_override
	check load_kcell_e1000 insmod "$(ko kcell_e1000)" || finish
	check load_e1000 load_module e1000 || finish
	TI=$(ls /sys/bus/pci/devices/$T/net)
	peer_netns
}

# The host unplugs kcell_e1000's NIC (behind a PCIe root port, K is on
# its secondary bus) while checked TCP flows each way: the device and
# the interface go within 60 s, the transfers are cut (they fail), every
# bounce slot kcell_e1000 used is back once the peer is down (the count
# with both interfaces down before the traffic), and the module unloads.
unplug_in_traffic() {
	local base p rc=0
	step "PCI hot-unplug of $KI while TCP flows both ways"
	check down_for_base both_down
	base=$(swiotlb_used)
	check up_for_unplug both_up
	# More bytes than 20 s carry: the unplug cuts the transfers, which
	# then end at their 20 s limit (TCP does not give up sooner).
	tcp_both_ways_start 268435456 5401 20
	sleep 2
	check transfers_running tcp_sending
	kcell_msg "KCELL-MONITOR device_del hotnic"
	check nic_unplugged sh -c "for i in \$(seq 60); do test -e /sys/bus/pci/devices/$K || exit 0; sleep 1; done; exit 1"
	check iface_gone sh -c "! test -e /sys/class/net/$KI"
	for p in $TCP_PIDS; do
		wait "$p" || rc=1
	done
	check transfers_cut test $rc -eq 1
	check peer_down peer ip link set dev "$TI" down
	printf 'bounce slots in use after the unplug (%s before): ' "$base"
	check mappings_released_unplug settles_to "$base" swiotlb_used
	check rmmod_after_unplug rmmod kcell_e1000
}

pktgen() {
	step "pktgen through $KI"
	check load_pktgen load_module pktgen || return
	pktgen_run pktgen 20000 1
}

ethtool_checks() {
	step "ethtool"
	check ethtool_driver sh -c "ethtool -i $KI | grep -qx 'driver: kcell_e1000'"
	check ethtool_bus sh -c "ethtool -i $KI | grep -qx 'bus-info: $K'"
	check ethtool_link sh -c "ethtool $KI | grep -q 'Link detected: yes'"
	check ethtool_speed sh -c "ethtool $KI | grep -q 'Speed: 1000Mb/s'"
	check ethtool_rings sh -c "ethtool -g $KI | grep -c '^[RT]X:[[:space:]]*256' | grep -qx 2"
	check ethtool_stats test "$(kstat rx_packets)" -gt 0
	check ethtool_set_rings ethtool -G "$KI" rx 128 tx 72
	check ethtool_rings_set sh -c "ethtool -g $KI | grep -A 10 Current | grep -c '^[RT]X:[[:space:]]*\(128\|72\)' | grep -qx 2"
	check ping_small_rings ping -c 2 -W 5 $TADDR
	check ethtool_rings_too_small sh -c "! ethtool -G $KI rx 8"
	check ethtool_rings_unchanged sh -c "ethtool -g $KI | grep -A 10 Current | grep -q '^RX:[[:space:]]*128'"
	check ethtool_rings_back ethtool -G "$KI" rx 256 tx 256
	check mac_from_eeprom sh -c "grep -qx 52:54:00:12:34:01 /sys/class/net/$KI/address"
}

frame_sizes() {
	local before after
	step "runt frames both ways (padded to 60 bytes)"
	for s in 14 20 42 59; do
		frames "runt_${s}_in" peer $s 10 10
		frames "runt_${s}_out" kcell $s 10 10
	done
	step "oversized frames from the wire: peer MTU 9000, kcell 1500"
	check peer_mtu_9000 peer_mtu 9000
	frames oversized_dropped peer 4000 10 0
	check oversized_were_sent test "$(field sent /tmp/raw.tx)" = 10
	step "longer than the MTU, shorter than the device's limit: kcell MTU 2000"
	check mtu_2000 ip link set dev "$KI" mtu 2000
	wait_carrier "$KI"
	before=$(kstat rx_length_errors)
	frames over_mtu_dropped peer 4000 10 0
	after=$(kstat rx_length_errors)
	check over_mtu_counted test "$after" -ge $((before + 10))
	check mtu_too_big sh -c "! ip link set dev $KI mtu 16111"
	check mtu_too_small sh -c "! ip link set dev $KI mtu 67"
	step "jumbo frames: MTU 9000 on both sides"
	check mtu_9000 ip link set dev "$KI" mtu 9000
	wait_carrier "$KI"
	frames jumbo_in peer 4000 10 10
	frames jumbo_out kcell 9014 10 10
	check ping_jumbo_out ping -c 2 -W 5 -s 8972 $TADDR
	check ping_jumbo_in peer ping -c 2 -W 5 -s 8972 $KADDR
	tcp tcp_jumbo_kcell_to_peer kcell peer 8388608 5011
	tcp tcp_jumbo_peer_to_kcell peer kcell 8388608 5012
	ip link set dev "$KI" mtu 1500
	check peer_mtu_1500 peer_mtu 1500
	wait_carrier "$KI"
	check ping_mtu_1500 ping -c 2 -W 5 -s 1472 $TADDR
	held_at_rest held_after_frame_sizes
}

# pktgen in bursts of 128 into a ring of 64: the ring fills on every burst.
# The host pulls the cable: QEMU's set_link on the backend of the kcell
# NIC (hub port n4, see drivers/nic/vm/test) raises a link interrupt.
link_changes() {
	step "carrier follows the link (QEMU set_link)"
	kcell_msg "KCELL-MONITOR set_link n4 off"
	check carrier_lost wait_carrier "$KI" 0
	check ethtool_link_down sh -c "ethtool $KI | grep -q 'Link detected: no'"
	check ping_without_link sh -c "! ping -c 1 -W 2 $TADDR"
	kcell_msg "KCELL-MONITOR set_link n4 on"
	check carrier_back wait_carrier "$KI"
	check ping_link_back ping -c 2 -W 5 $TADDR
	check link_logged sh -c "dmesg | grep -q '$KI: link down'"
}

full_ring() {
	local stopped woken txp dropped n=20000
	step "a full TX ring: the queue stops and wakes, nothing is dropped"
	check tx_ring_64 ethtool -G "$KI" tx 64
	wait_carrier "$KI"
	stopped=$(kstat tx_queue_stopped)
	woken=$(($(kstat tx_queue_woken) + $(kstat tx_queue_restarted)))
	txp=$(kstat tx_packets)
	dropped=$(kstat tx_dropped)
	pktgen_run pktgen_full_ring $n 128
	ethtool -S "$KI"
	check tx_queue_stopped test "$(kstat tx_queue_stopped)" -gt "$stopped"
	check tx_queue_woken test $(($(kstat tx_queue_woken) + $(kstat tx_queue_restarted))) -gt "$woken"
	check tx_all_sent test $(($(kstat tx_packets) - txp)) -ge "$PKTGEN_SENT"
	check tx_none_dropped test "$(kstat tx_dropped)" -eq "$dropped"
	check tx_ring_256 ethtool -G "$KI" tx 256
	wait_carrier "$KI"
	held_at_rest held_after_full_ring
}

disruptions() {
	step "link down during traffic"
	during_traffic down_in_traffic ip link set dev "$KI" down
	held_at_rest held_after_down_in_traffic down
	check up_after_down kcell_up
	check ping_after_down ping -c 2 -W 5 $TADDR
	step "rmmod during traffic"
	during_traffic rmmod_in_traffic rmmod kcell_e1000
	check reload insmod "$(ko kcell_e1000)"
	check up_after_reload kcell_up
	check ping_after_reload ping -c 2 -W 5 $TADDR
	step "PCI unbind during traffic"
	during_traffic unbind_in_traffic sh -c "echo $K >/sys/bus/pci/drivers/kcell_e1000/unbind"
	check rebind sh -c "echo $K >/sys/bus/pci/drivers/kcell_e1000/bind"
	check up_after_rebind kcell_up
	check ping_after_rebind ping -c 2 -W 5 $TADDR
	tcp tcp_after_disruptions kcell peer 4194304 5021
	held_at_rest held_after_disruptions
}

# recovered_past N: whether the fault domain has recovered more than N
# times, within five seconds.
recovered_past() {
	local i=0
	while [ "$(kstat recoveries)" -le "$1" ]; do
		i=$((i + 1))
		[ $i -gt 25 ] && return 1
		sleep 0.2
	done
}

tx_timeout() {
	local before faults recoveries flushed bytes
	step "transmit timeout: bus mastering off, the fault domain resets the device"
	# A ring that fills before the socket's send buffer does.
	check tx_ring_64_for_timeout ethtool -G "$KI" tx 64
	wait_carrier "$KI"
	before=$(kstat tx_timeouts)
	faults=$(kstat fault_stuck)
	recoveries=$(kstat recoveries)
	flushed=$(kstat tx_flushed)
	bytes=$(kstat tx_flushed_bytes)
	check tx_watchdog stall_tx
	check tx_timeout_counted test "$(kstat tx_timeouts)" -gt "$before"
	check tx_timeout_reset_logged sh -c "dmesg | grep -q '$KI: transmit timed out'"
	check fault_stuck_counted test "$(kstat fault_stuck)" -gt "$faults"
	check fault_recovered recovered_past "$recoveries"
	check fault_reset_logged sh -c "dmesg | grep -q '$KI: device fault (stuck): resetting'"
	check recovery_timed test "$(kstat last_recovery_ns)" -gt 0
	# Lost: the packets in the ring at the fault, never more than it holds.
	check fault_lost_at_most_ring test $(($(kstat tx_flushed) - flushed)) -le 64
	check ping_after_timeout retry 15 ping -c 1 -W 2 $TADDR
	kcell_msg "KCELL-FAULT stuck injected=$(($(kstat fault_stuck) - faults))" \
		"survived=$(($(kstat recoveries) - recoveries))" \
		"lost_packets=$(($(kstat tx_flushed) - flushed))" \
		"lost_bytes=$(($(kstat tx_flushed_bytes) - bytes))" \
		"last_recovery_ns=$(kstat last_recovery_ns)" \
		"max_recovery_ns=$(kstat max_recovery_ns)"
	tcp tcp_after_timeout kcell peer 4194304 5031
	check tx_ring_256_after_timeout ethtool -G "$KI" tx 256
	held_at_rest held_after_timeout
	end_allowed_errors
}

# flip_mtu: 9000, 2000 and back to 1500, each a down and up of the rings.
flip_mtu() {
	ip link set dev "$KI" mtu 9000 && wait_carrier "$KI" &&
		ip link set dev "$KI" mtu 2000 && wait_carrier "$KI" &&
		ip link set dev "$KI" mtu 1500 && wait_carrier "$KI"
}

# flip_rings: smaller rings and back, each a swap of live rings.
flip_rings() {
	ethtool -G "$KI" rx 128 tx 80 && wait_carrier "$KI" &&
		ethtool -G "$KI" rx 256 tx 256 && wait_carrier "$KI"
}

under_load() {
	step "MTU changes while TCP flows both ways"
	churn mtu_under_load 4 flip_mtu
	step "ring resizes while TCP flows both ways"
	churn rings_under_load 6 flip_rings
	step "forced transmit timeouts while TCP flows both ways"
	churn tx_timeout_under_load 2 force_tx_timeout
	end_allowed_errors
	check ping_after_churn ping -c 2 -W 5 $TADDR
	held_at_rest held_after_churn
	check down_after_churn ip link set dev "$KI" down
	held_at_rest held_after_churn_down down
	check up_after_churn kcell_up
}

# Suspend and resume (pm_test=devices: every driver's suspend and resume
# callbacks run, the machine does not sleep) while 128 MiB of checked TCP
# flows each way: both transfers finish with every byte, and the driver
# holds what it held.
suspend_resume() {
	step "suspend and resume while TCP flows both ways"
	check pm_test_devices sh -c 'echo devices >/sys/power/pm_test'
	tcp_both_ways_start 134217728 5301 120
	# Both still sending: the suspend cuts into the transfers.
	# shellcheck disable=SC2086 # two pids
	check transfers_span_suspend kill -0 $TCP_SENDERS
	check suspend_resume_in_traffic sh -c 'echo freeze >/sys/power/state'
	tcp_both_ways_finish tcp_through_suspend 5301
	check pm_test_none sh -c 'echo none >/sys/power/pm_test'
	check carrier_after_resume wait_carrier "$KI"
	check ping_after_resume ping -c 2 -W 5 $TADDR
	held_at_rest held_after_resume
}

# The smallest swiotlb pool (two areas of 128 2 KiB slots) holds 256
# buffers: a ring of 512 cannot open, a ring of 64 leaves 192 slots for
# packets in flight, and pktgen bursts of 256 go past them; a TX ring of
# 128 then never has more in flight than there is room for.
dmafail() {
	local pg=/proc/net/pktgen c errors sent
	step "DMA mapping failures: swiotlb=force with a 512 KiB pool"
	echo kcell_e1000 >/sys/bus/pci/devices/$K/driver_override
	check load_kcell_e1000 insmod "$(ko kcell_e1000)" || finish
	KI=$(ls /sys/bus/pci/devices/$K/net)
	ip addr add "$KADDR/24" dev "$KI"
	check rx_ring_512 ethtool -G "$KI" rx 512
	allow_errors "$KI: cannot open: -ENOMEM"
	check open_fails_cleanly sh -c "! ip link set dev $KI up"
	check open_error_logged sh -c "dmesg | grep -q '$KI: cannot open: -ENOMEM'"
	end_allowed_errors
	held_at_rest held_after_failed_open down
	check small_rings ethtool -G "$KI" rx 64 tx 512
	check open_small_rings kcell_up
	check resize_needs_room sh -c "! ethtool -G $KI rx 256"
	check resize_changed_nothing sh -c "ethtool -g $KI | grep -A 10 Current | grep -q '^RX:[[:space:]]*64'"
	check load_pktgen load_module pktgen || finish
	pktgen_take 0 "$KI" || fail pktgen_setup "pktgen kept no $KI"
	for c in "count 20000" "clone_skb 0" "burst 256" "pkt_size 1514" \
		 "delay 0" "dst 192.0.2.2" "dst_mac ff:ff:ff:ff:ff:ff"; do
		echo "$c" >"$pg/$KI" || fail pktgen_setup "pktgen refused '$c'"
	done
	check pktgen_run pktgen_start "$KI"
	grep -A 2 Result "$pg/$KI"
	ethtool -S "$KI"
	check tx_map_errors_counted test "$(kstat tx_dma_map_errors)" -gt 0
	ethtool -S "$KI" >/tmp/stats
	# shellcheck disable=SC2016 # awk's own $2
	check tx_map_errors_dropped awk '/tx_dropped:/ { d = $2 } /tx_dma_map_errors:/ { m = $2 } END { exit !(d >= m) }' /tmp/stats
	check tx_still_sends test "$(kstat tx_packets)" -gt 0
	held_at_rest held_after_map_errors
	step "mapping failures inside a packet: its head and 4 fragments each a lease"
	errors=$(kstat tx_dma_map_errors)
	echo "frags 4" >"$pg/$KI"
	check pktgen_frags_run pktgen_start "$KI"
	grep -A 2 Result "$pg/$KI"
	check tx_frag_map_errors_counted test "$(kstat tx_dma_map_errors)" -gt "$errors"
	held_at_rest held_after_frag_map_errors
	echo "frags 0" >"$pg/$KI"
	step "with fewer packets in flight than free slots, nothing fails"
	check tx_ring_128 ethtool -G "$KI" tx 128
	errors=$(kstat tx_dma_map_errors)
	sent=$(kstat tx_packets)
	echo "burst 64" >"$pg/$KI"
	echo "count 2000" >"$pg/$KI"
	check pktgen_single pktgen_start "$KI"
	check tx_recovered test $(($(kstat tx_packets) - sent)) -ge 2000
	check tx_no_new_map_errors test "$(kstat tx_dma_map_errors)" -eq "$errors"
	echo rem_device_all >$pg/kpktgend_0
	check down_after_failures ip link set dev "$KI" down
	held_at_rest held_down_after_failures down
	check up_after_failures kcell_up
	check rmmod_after_failures rmmod kcell_e1000
}

# Bounces mode (swiotlb=force): how many copies swiotlb makes for 8 MiB of
# TCP from kcell_e1000 to the peer, per device and direction: a kprobe on
# swiotlb_bounce() whose histogram is keyed on the device's name and the
# copy's direction.  Exact counts, not times: make bench compares builds
# with them.
bounces() {
	local tr=/sys/kernel/tracing ev
	mount -t tracefs tracefs $tr 2>/dev/null
	check kprobe_swiotlb_bounce sh -c "echo 'p:kcell/bounce swiotlb_bounce name=+0(+0(%di)):string size=%dx:u64 dir=%cx:s32' >>$tr/kprobe_events" ||
		return
	ev=$tr/events/kcell/bounce
	echo 'hist:keys=name,dir:vals=hitcount,size' >$ev/trigger
	echo 1 >$ev/enable
	tcp bounce_kcell_to_peer kcell peer 8388608 5401
	echo 0 >$ev/enable
	cat $ev/hist
	# { name: 0000:00:04.0, dir: 1 } hitcount: N size: M
	sed -n 's/^{ name: *\([^ ,]*\) *, dir: *\([0-9]*\) *} hitcount: *\([0-9]*\) *size: *\([0-9]*\).*/\1 \2 \3 \4/p' $ev/hist |
	while read -r dev dir calls bytes; do
		kcell_msg "KCELL-BENCH bounce $dev $dir $calls $bytes"
	done
}

# log_after N DEV ERE: the first kernel log line past line N that names
# interface DEV and matches ERE, waiting 30 s at most.
log_after() {
	local i=0 line
	while [ $i -lt 150 ]; do
		line=$(dmesg | awk -v n="$1" -v dev="$2" -v re="$3" \
			'NR > n && $0 ~ re && index($0, " " dev ":") + index($0, " " dev " ") { print NR " " $0; exit }')
		[ -n "$line" ] && { echo "$line"; return 0; }
		i=$((i + 1))
		sleep 0.2
	done
	return 1
}

# log_time LINE: the kernel's timestamp of a log_after line, in us.
log_time() {
	echo "$1" | awk '{ sub(/^[0-9]+ *\[ */, ""); split($0, t, "]"); printf "%.0f\n", t[1] * 1000000 }'
}

# recovery_us DEV PCI [NS]: a transmit timeout on DEV (in network
# namespace NS if given), and the microseconds from the stack's timeout
# to the driver's next link-up line: what the driver's reset takes until
# the interface carries traffic again.  The fault is a second without
# bus mastering on PCI under a raw flood: QEMU's model takes the
# descriptors posted meanwhile and writes none back, the ring wedges on
# the first of them, and the watchdog fires some 5 s later.  Mastering
# is back long before then, so that the reset's own DMA and interrupts
# (MSI-X messages are DMA writes) reach the host.  Fails, saying why, if
# no timeout comes within 30 s or no link up within 30 s of it.
recovery_us() {
	local dev=$1 pci=$2 in='' n i sent cmd flood t0 t1
	[ -z "${3:-}" ] || in="nsenter -t $3 -n -m"
	n=$(dmesg | wc -l)
	cmd=$(pci_command "$pci")
	# shellcheck disable=SC2086 # $in is a command and its arguments
	sent=$($in cat "/sys/class/net/$dev/statistics/tx_packets")
	# shellcheck disable=SC2086
	$in nettest -t 40 raw-send "$dev" 1000 100000 >/dev/null 2>&1 &
	flood=$!
	i=0
	# shellcheck disable=SC2086
	while [ "$($in cat "/sys/class/net/$dev/statistics/tx_packets")" -lt $((sent + 100)) ] &&
	      [ $i -lt 100 ]; do
		i=$((i + 1))
		sleep 0.1
	done
	pci_command "$pci" $((cmd & ~4))
	sleep 1
	pci_command "$pci" "$cmd"
	t0=$(log_after "$n" "$dev" 'transmit queue [0-9]+ timed out')
	kill $flood 2>/dev/null
	wait $flood 2>/dev/null
	if [ -z "$t0" ]; then
		# shellcheck disable=SC2086
		echo "no transmit timeout within 30 s ($($in ethtool -S "$dev" |
			grep -E 'tx_timeout' | tr -s ' \n' ' '))" >&2
		return 1
	fi
	t1=$(log_after "${t0%% *}" "$dev" '(NIC Link is Up|link up)') || {
		echo "timed out, and no link up within 30 s" >&2
		return 1
	}
	echo $(($(log_time "$t1") - $(log_time "$t0")))
}

# bench_recovery: BENCH_ROUNDS rounds of a transmit timeout on
# kcell_e1000 and on the peer's in-tree e1000e, one after the other, each
# time in a "KCELL-BENCH recovery DRIVER US" line and a "KCELL-BENCH
# survived DRIVER 0|1" line (1: it reset by itself and carries traffic);
# and one on the in-tree e1000, which never resets after this stall (see
# below): taken down and up after it.  All transmit
# rings of 64 first, as for tx_timeout: a ring that fills before the
# flood's socket buffer does, so that the queue stops.
#
# The in-tree e1000 is no peer for this figure: its own hang detector
# logs "Detected Tx Unit Hang" and stops the queue every 2 s, and
# stopping a queue refreshes the queue's trans_start, so the stack's 5 s
# watchdog never fires and its reset task never runs; QEMU's model has
# consumed the descriptors without writing them back, so the ring stays
# wedged until the interface is taken down.  e1000e's detector first
# compares the head and tail registers, calls that a false hang, and
# leaves the queue to the watchdog: it resets the MAC, and QEMU's e1000e
# negotiates the link again.  kcell_e1000's domain rebuilds the rings
# and leaves the MAC alone.
bench_recovery() {
	local r d us why
	allow_errors 'NETDEV WATCHDOG: .*transmit queue [0-9]+ timed out'
	check recovery_tx_ring_64_kcell ethtool -G "$KI" tx 64
	check recovery_tx_ring_64_intree ethtool -G "$BI" tx 64
	check recovery_tx_ring_64_peer peer ethtool -G "$TI" tx 64
	wait_carrier "$KI"
	wait_carrier "$BI"
	peer_carrier
	for r in $(seq "$BENCH_ROUNDS"); do
		for d in kcell e1000e; do
			if [ $d = kcell ]; then
				wait_carrier "$KI"
				us=$(recovery_us "$KI" "$K" 2>/tmp/recovery.why)
			else
				peer_carrier
				us=$(recovery_us "$TI" "$T" "$NS" 2>/tmp/recovery.why)
			fi
			if [ -n "$us" ]; then
				kcell_msg "KCELL-BENCH recovery $d $us"
			else
				fail "bench_recovery_${d}_$r" "$(cat /tmp/recovery.why)"
			fi
			# Survived: reset by itself, and the pair carries
			# traffic again.
			if check "recovery_traffic_${d}_$r" retry 15 ping -c 1 -W 2 $TADDR &&
			   [ -n "$us" ]; then
				kcell_msg "KCELL-BENCH survived $d 1"
			else
				kcell_msg "KCELL-BENCH survived $d 0"
			fi
		done
	done
	# The in-tree e1000, once: "none" and why, then taken down and up.
	wait_carrier "$BI"
	if us=$(recovery_us "$BI" "$B" 2>/tmp/recovery.why); then
		kcell_msg "KCELL-BENCH recovery e1000 $us"
		if retry 15 ping -c 1 -W 2 $TADDR2 >/dev/null; then
			kcell_msg "KCELL-BENCH survived e1000 1"
		else
			kcell_msg "KCELL-BENCH survived e1000 0"
		fi
	else
		why=$(cat /tmp/recovery.why)
		step "$BI: $why"
		kcell_msg "KCELL-BENCH recovery e1000 none"
		kcell_msg "KCELL-BENCH survived e1000 0"
	fi
	ip link set dev "$BI" down
	ip link set dev "$BI" up
	check recovery_e1000_down_up retry 15 ping -c 1 -W 2 $TADDR2
	end_allowed_errors
}

case $MODE in
bounces)
	setup_pair
	bounces
	;;
dmafail)
	dmafail
	;;
bench)
	bench_setup e1000 e1000e InterruptThrottleRate=4000
	bench
	;;
recovery)
	bench_setup e1000 e1000e InterruptThrottleRate=4000
	bench_recovery
	;;
traffic)
	setup_pair
	traffic
	pktgen
	held_at_rest held_after_traffic
	;;
unplug)
	setup_pair
	unplug_in_traffic
	;;
churn)
	setup_pair
	traffic
	under_load
	;;
*)
	setup_pair
	traffic
	ethtool_checks
	link_changes
	filters
	frame_sizes
	pktgen
	full_ring
	disruptions
	tx_timeout
	suspend_resume
	cycles
	;;
esac
dmesg | grep -i 'DMAR' | tail -n 20
check no_dmar_fault sh -c "! dmesg | grep -q 'DMAR: \[DMA\|DMAR: DRHD: handling fault'"
finish
