# shellcheck shell=dash
# SPDX-License-Identifier: GPL-2.0
#
# net-lib.sh - network helpers for the NIC scenarios (busybox sh): a kcell
# driver's interface in the root namespace, an in-tree driver's on the
# same QEMU hub in a network namespace of its own, and checked transfers
# between them (nettest, built from drivers/nic/vm/nettest.c).
#
# Copied into the initramfs as /lib/kcell/net-lib.sh, after
# scenario-lib.sh; the scenario sets, before calling any of these:
#
#	KMOD            the kcell module (rmmod, insmod "$(ko "$KMOD")")
#	TX_RING         its default TX ring size
#	K, T            PCI addresses of the kcell NIC and the peer's
#	KADDR, TADDR    their addresses on 192.0.2.0/24
#	BADDR, TADDR2   198.51.100.0/24, for a second NIC in bench mode
#	KI, TI          the interfaces (kcell_up sets KI; the scenario TI)
#	NS              the peer's namespace holder (peer_netns sets it)
#	WINDOW, WARMUP  bench mode: see tcp and udp
#	BENCH_ROUNDS, TCP_BYTES, UDP_COUNT
#	                bench mode: rounds and the size of each transfer
#
#	peer CMD...             CMD in the peer's namespaces
#	traffic, filters        pings, transfers; the receive filters
#	tcp, udp, frames        checked transfers (a result each)
#	pktgen_run              the kernel's packet generator out of KI
#	during_traffic NAME CMD a check of CMD under floods both ways
#	churn NAME TIMES CMD    CMD over and over under TCP both ways
#	cycles                  50 load/unload cycles of KMOD
#	stall_tx                a transmit timeout: bus mastering off under a
#	                        flood (the scenario defines timeouts, the
#	                        count of them, and TX_RING, the TX ring size
#	                        force_tx_timeout restores)
#	load_subject            loads KMOD (insmod of the project's module;
#	                        a scenario may define its own after this file)
#	bench_setup, bench      make bench's transfers through KMOD and its
#	                        in-tree peer, interleaved, against one peer

# The peer's namespaces: its own network, and a mount namespace whose /sys
# shows that network's interfaces.
peer() { nsenter -t "$NS" -n -m "$@"; }

# pstat NAME: a statistic of the peer interface.
pstat() { peer cat "/sys/class/net/$TI/statistics/$1"; }

# now_s: seconds since boot.
now_s() { cut -d. -f1 /proc/uptime; }

# field KEY FILE: KEY=value from the RESULT line in FILE.
field() { sed -n "s/^RESULT .* $1=\([^ ]*\).*/\1/p" "$2"; }

# wait_carrier IF [STATE]: until IF's carrier is STATE (default 1: up),
# ten seconds at most.
wait_carrier() {
	local i=0
	while [ "$(cat "/sys/class/net/$1/carrier" 2>/dev/null)" != "${2:-1}" ]; do
		i=$((i + 1))
		[ $i -gt 100 ] && return 1
		sleep 0.1
	done
}

# The kcell interface: found from its PCI address, addressed and up.
kcell_up() {
	KI=$(ls "/sys/bus/pci/devices/$K/net" 2>/dev/null) || return 1
	ip addr add "$KADDR/24" dev "$KI" 2>/dev/null
	ip link set dev "$KI" up && wait_carrier "$KI"
}

# swiotlb_used: bounce slots in use (swiotlb=force: one per mapping).
swiotlb_used() { cat /sys/kernel/debug/swiotlb/io_tlb_used; }

# peer_carrier: until the peer interface's carrier is up, 10 s at most.
peer_carrier() {
	peer sh -c "for i in \$(seq 100); do grep -qx 1 /sys/class/net/$TI/carrier && exit; sleep 0.1; done; exit 1"
}

# peer_mtu N: the peer interface's MTU, once its carrier is back (its
# e1000 resets for a new MTU, and is without a link for a second or two:
# frames sent meanwhile never reach the wire).
peer_mtu() {
	peer ip link set dev "$TI" mtu "$1" && peer_carrier
}

# both_down, both_up: the kcell interface and the peer's down, or up with
# both carriers (the peer's driver keeps what it sent mapped until its
# next completion: a count of mappings waits for both down).
both_down() {
	ip link set dev "$KI" down && peer ip link set dev "$TI" down
}

both_up() {
	peer ip link set dev "$TI" up && kcell_up && peer_carrier
}

# on WHO CMD...: run CMD on a side: "peer" in its namespace, "kcell" and
# "intree" (bench mode's second root-namespace NIC) here.
on() {
	local who=$1
	shift
	if [ "$who" = peer ]; then
		peer "$@"
	else
		"$@"
	fi
}

# addr TO FROM: the address FROM sends to to reach TO (the peer has one
# per subnet).
addr() {
	case $1-$2 in
	kcell-*)	echo $KADDR ;;
	intree-*)	echo $BADDR ;;
	peer-intree)	echo $TADDR2 ;;
	*)		echo $TADDR ;;
	esac
}

# tcp NAME FROM TO BYTES PORT: a checked TCP transfer between two sides.
tcp() {
	local name=$1 from=$2 to=$3 bytes=$4 port=$5 rx rs ts
	[ -z "$WINDOW" ] || mark "$WINDOW"
	on "$to" nettest tcp-recv "$port" "$bytes" "$port" >/tmp/tcp.rx 2>&1 &
	rx=$!
	on "$from" nettest tcp-send "$(addr "$to" "$from")" "$port" "$bytes" "$port" >/tmp/tcp.tx 2>&1
	ts=$?
	wait $rx
	rs=$?
	[ -z "$WINDOW" ] || mark -
	cat /tmp/tcp.tx /tmp/tcp.rx
	if [ $ts -eq 0 ] && [ $rs -eq 0 ]; then
		pass "$name"
		[ -n "$WARMUP" ] ||
			kcell_msg "KCELL-BENCH tcp $from $to $(field bytes /tmp/tcp.rx) $(field usec /tmp/tcp.rx)"
	else
		fail "$name" "sender $ts, receiver $rs: $(tail -n 1 /tmp/tcp.rx)"
	fi
}

# udp NAME FROM TO COUNT SIZE PORT MAX_LOSS: checked UDP datagrams.
udp() {
	local name=$1 from=$2 to=$3 count=$4 size=$5 port=$6 loss=$7 rx rs
	[ -z "$WINDOW" ] || mark "$WINDOW"
	on "$to" nettest udp-recv "$port" "$count" "$size" "$port" 2000 "$loss" >/tmp/udp.rx 2>&1 &
	rx=$!
	sleep 0.5
	on "$from" nettest udp-send "$(addr "$to" "$from")" "$port" "$count" "$size" "$port" >/tmp/udp.tx 2>&1
	wait $rx
	rs=$?
	[ -z "$WINDOW" ] || mark -
	cat /tmp/udp.tx /tmp/udp.rx
	if [ $rs -eq 0 ]; then
		pass "$name"
		[ -n "$WARMUP" ] ||
			kcell_msg "KCELL-BENCH udp $from $to $(field bytes /tmp/udp.rx) $(field usec /tmp/udp.rx) $(field received /tmp/udp.rx)"
	else
		fail "$name" "$(tail -n 1 /tmp/udp.rx)"
	fi
}

# frames NAME FROM LEN COUNT EXPECT [DST [JOIN]]: raw frames of LEN bytes
# sent by FROM to DST (default broadcast), and how many the other side,
# joined to JOIN (see nettest raw-recv), must get, checked byte for byte.
frames() {
	local name=$1 from=$2 len=$3 count=$4 expect=$5 dst=$6 join=$7 rx got
	if [ "$from" = peer ]; then
		nettest raw-recv "$KI" "$count" 1500 ${join:+"$join"} >/tmp/raw.rx 2>&1 &
		rx=$!
		sleep 0.3
		peer nettest raw-send "$TI" "$len" "$count" ${dst:+"$dst"} >/tmp/raw.tx 2>&1
	else
		peer nettest raw-recv "$TI" "$count" 1500 >/tmp/raw.rx 2>&1 &
		rx=$!
		sleep 0.3
		nettest raw-send "$KI" "$len" "$count" ${dst:+"$dst"} >/tmp/raw.tx 2>&1
	fi
	wait $rx
	got=$(field received /tmp/raw.rx)
	cat /tmp/raw.tx /tmp/raw.rx
	if [ "$(field corrupt /tmp/raw.rx)" = 0 ] && [ "$got" = "$expect" ]; then
		pass "$name"
	else
		fail "$name" "expected $expect frames: $(cat /tmp/raw.rx)"
	fi
}

# peer_netns: the peer interface $TI into a network namespace of its own,
# addressed and up, and the kcell interface's up.
peer_netns() {
	unshare -n -m sh -c 'mount -t sysfs sysfs /sys && exec sleep 1000000' &
	NS=$!
	sleep 0.2
	check peer_in_netns ip link set dev "$TI" netns "$NS" || finish
	peer ip link set dev lo up
	peer ip addr add "$TADDR/24" dev "$TI"
	peer ip link set dev "$TI" up
	check kcell_up kcell_up || finish
	check peer_carrier peer_carrier
}

# The swiotlb and IOMMU boots check that they are what they claim to be.
dma_mode_checks() {
	if grep -q 'swiotlb=force' /proc/cmdline; then
		mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
		check swiotlb_bounces test "$(cat /sys/kernel/debug/swiotlb/io_tlb_used)" -ge 256
	fi
	if grep -q 'intel_iommu=on' /proc/cmdline; then
		check iommu_translates sh -c "grep -qx DMA /sys/bus/pci/devices/$K/iommu_group/type"
	fi
}

# pktgen_run NAME COUNT BURST: COUNT 60-byte UDP frames from the kernel's
# packet generator through the kcell interface to the peer, BURST at a time with
# the tail register written once per burst; the peer must count them all.
pktgen_run() {
	local name=$1 count=$2 burst=$3 pg=/proc/net/pktgen before after c
	pktgen_take 0 "$KI" || fail "${name}_setup" "pktgen kept no $KI"
	for c in "count $count" "clone_skb 0" "burst $burst" "pkt_size 60" \
		 "delay 0" "dst $TADDR" \
		 "dst_mac $(peer cat /sys/class/net/"$TI"/address)"; do
		echo "$c" >"$pg/$KI" || fail "${name}_setup" "pktgen refused '$c'"
	done
	before=$(($(pstat rx_packets) + $(pstat rx_missed_errors)))
	check "${name}_run" pktgen_start "$KI"
	grep -A 2 Result "$pg/$KI"
	# With bursts pktgen may round the count up to a whole burst.
	PKTGEN_SENT=$(sed -n 's/^Result: OK: .* usec, \([0-9]*\) (.*/\1/p' "$pg/$KI")
	check "${name}_sent_all" test "${PKTGEN_SENT:-0}" -ge "$count"
	check "${name}_no_errors" grep -q "errors: 0" "$pg/$KI"
	# The peer's driver reads its counters from the device every 2 s
	# (e100 reads the dump it asked for 2 s earlier): up to 10 s.
	c=0
	while after=$(($(pstat rx_packets) + $(pstat rx_missed_errors))) &&
	      [ $((after - before)) -lt "${PKTGEN_SENT:-0}" ] && [ $c -lt 20 ]; do
		c=$((c + 1))
		sleep 0.5
	done
	step "$name: the peer counted $((after - before)) of $PKTGEN_SENT frames"
	check "${name}_peer_counted" test $((after - before)) -ge "${PKTGEN_SENT:-0}"
	echo rem_device_all >$pg/kpktgend_0
}

# Floods in both directions for DISRUPT (a command), then cleans up.
during_traffic() {
	local name=$1 s r
	shift
	# Not through peer(): $! must be the flooder itself, to kill it.
	nettest -t 30 udp-send $TADDR 9 10000000 1400 1 >/dev/null 2>&1 &
	s=$!
	nsenter -t "$NS" -n -m nettest -t 30 udp-send $KADDR 9 10000000 1400 2 >/dev/null 2>&1 &
	r=$!
	sleep 2
	check "$name" "$@"
	kill $s $r 2>/dev/null
	wait $s $r 2>/dev/null
}

# pci_command DEV [VALUE]: the PCI command register of DEV, read or written.
pci_command() {
	local cfg=/sys/bus/pci/devices/$1/config
	if [ $# -eq 1 ]; then
		od -An -tu2 -j4 -N2 "$cfg" | tr -d ' '
	else
		# shellcheck disable=SC2059 # the format is the bytes to write
		printf "\\$(printf %o $(($2 & 255)))\\$(printf %o $(($2 >> 8)))" |
			dd of="$cfg" bs=1 seek=4 conv=notrunc 2>/dev/null
	fi
}

# retry N CMD...: CMD until it succeeds, at most N times.
retry() {
	local n=$1
	shift
	while ! "$@"; do
		n=$((n - 1))
		[ $n -gt 0 ] || return 1
	done
}

# tcp_both_ways_start BYTES PORT TIMEOUT: BYTES of checked TCP from the
# peer to the kcell interface on PORT and back on PORT+1, in the background, each
# given at most TIMEOUT seconds; the senders' pids in $TCP_SENDERS.
tcp_both_ways_start() {
	local bytes=$1 p1=$2 p2=$(($2 + 1)) t=$3
	nsenter -t "$NS" -n -m nettest -t "$t" tcp-recv "$p1" "$bytes" "$p1" >/tmp/tcp"$p1".rx 2>&1 &
	TCP_PIDS=$!
	nettest -t "$t" tcp-recv "$p2" "$bytes" "$p2" >/tmp/tcp"$p2".rx 2>&1 &
	TCP_PIDS="$TCP_PIDS $!"
	sleep 0.5
	nettest -t "$t" tcp-send $TADDR "$p1" "$bytes" "$p1" >/tmp/tcp"$p1".tx 2>&1 &
	TCP_SENDERS=$!
	nsenter -t "$NS" -n -m nettest -t "$t" tcp-send $KADDR "$p2" "$bytes" "$p2" >/tmp/tcp"$p2".tx 2>&1 &
	TCP_SENDERS="$TCP_SENDERS $!"
	TCP_PIDS="$TCP_PIDS $TCP_SENDERS"
	sleep 0.5
}

# tcp_sending: whether either sender tcp_both_ways_start began still runs.
tcp_sending() {
	local p
	for p in $TCP_SENDERS; do
		kill -0 "$p" 2>/dev/null && return 0
	done
	return 1
}

# tcp_both_ways_finish NAME PORT: a result for the transfers
# tcp_both_ways_start PORT began: every byte arrived both ways.
tcp_both_ways_finish() {
	local name=$1 p1=$2 p2=$(($2 + 1)) p rc=0
	for p in $TCP_PIDS; do
		wait "$p" || rc=1
	done
	cat /tmp/tcp"$p1".rx /tmp/tcp"$p2".rx
	if [ $rc -eq 0 ]; then
		pass "$name"
	else
		fail "$name" "$(tail -n 1 /tmp/tcp"$p1".rx) / $(tail -n 1 /tmp/tcp"$p2".rx)"
		link_report
	fi
}

# link_report: what both interfaces counted, for a transfer that stalled:
# which side stopped sending or receiving.
link_report() {
	ip -s link show dev "$KI"
	ethtool -S "$KI" | grep -v ': 0$'
	peer ip -s link show dev "$TI"
	grep -e "$KI" -e "$TI" /proc/interrupts
}

# churn NAME TIMES CMD...: CMD over and over while 32 MiB of checked TCP
# flows each way: at least TIMES times, and on until both transfers are
# done (at most 30 s); every byte must arrive, and CMD must succeed each
# time.  The transfers give up after 120 s, inside the harness's 180 s
# without progress: a stall is then a failed check with link_report's
# counters, not a stopped guest.
churn() {
	local name=$1 times=$2 i=0 ok=0 t0
	shift 2
	tcp_both_ways_start 33554432 5201 120
	t0=$(now_s)
	while [ $i -lt "$times" ] ||
	      { tcp_sending && [ $(($(now_s) - t0)) -lt 30 ]; }; do
		i=$((i + 1))
		"$@" && ok=$((ok + 1))
	done
	step "$name: $i times while the transfers ran"
	check "${name}_each_time" test "$ok" -eq "$i"
	tcp_both_ways_finish "${name}_bytes_checked" 5201
}

cycles() {
	local i ok=0
	step "50 load/unload cycles"
	check unload rmmod "$KMOD"
	for i in $(seq 50); do
		load_subject || break
		if [ $((i % 10)) -eq 0 ] && ! { kcell_up && ping -c 1 -W 5 $TADDR; }; then
			ethtool -S "$KI"
			ip neigh show
			peer ip neigh show
			break
		fi
		rmmod "$KMOD" || break
		ok=$i
	done
	check load_unload_50 test "$ok" -eq 50
}

load_subject() { insmod "$(ko "$KMOD")"; }

# wait_tx_timeout BEFORE: until timeouts (the scenario's: how many
# transmit timeouts the driver has seen) is past BEFORE, 30 s at most.
wait_tx_timeout() {
	local i=0
	while [ "$(timeouts)" -le "$1" ]; do
		i=$((i + 1))
		[ $i -gt 60 ] && return 1
		sleep 0.5
	done
}

# stall_tx: with bus mastering off, a flood fills the ring until the
# watchdog fires; then mastering is back.  Status: whether it fired.
stall_tx() {
	local cmd before flood rc=0
	# The stack reports the timeout at level crit, naming the interface.
	allow_errors 'NETDEV WATCHDOG: .*transmit queue [0-9]+ timed out'
	before=$(timeouts)
	cmd=$(pci_command $K)
	pci_command $K $((cmd & ~4))
	nettest -t 40 raw-send "$KI" 1000 100000 >/dev/null 2>&1 &
	flood=$!
	wait_tx_timeout "$before" || rc=1
	pci_command $K "$cmd"
	kill $flood 2>/dev/null
	wait $flood 2>/dev/null
	return $rc
}

# force_tx_timeout: a transmit timeout and the reset that follows, with
# whatever traffic is flowing: a TX ring of 64 first, TX_RING after.
force_tx_timeout() {
	ethtool -G "$KI" tx 64 && wait_carrier "$KI" && stall_tx &&
		retry 15 ping -c 1 -W 2 $TADDR >/dev/null &&
		ethtool -G "$KI" tx "$TX_RING" && wait_carrier "$KI"
}

# traffic: pings both ways up to the MTU, then checked TCP and UDP.
traffic() {
	local s
	dma_mode_checks
	step "pings both ways, 0 bytes to the MTU"
	for s in 0 1 56 1000 1472; do
		check "ping_out_$s" ping -c 2 -W 5 -s $s $TADDR
		check "ping_in_$s" peer ping -c 2 -W 5 -s $s $KADDR
	done
	step "checked TCP and UDP transfers"
	tcp tcp_kcell_to_peer kcell peer "$TCP_BYTES" 5001
	tcp tcp_peer_to_kcell peer kcell "$TCP_BYTES" 5002
	udp udp_kcell_to_peer kcell peer 5000 1400 5003 20
	udp udp_peer_to_kcell peer kcell 5000 1400 5004 20
	udp udp_small_kcell_to_peer kcell peer 2000 18 5005 20
}

# filters: what the unicast, promiscuous and multicast filters let in.
filters() {
	step "receive filters: unicast, promiscuous, multicast list, all-multicast"
	local mc=01:00:5e:00:12:34 other=02:00:00:00:00:99
	frames foreign_unicast_filtered peer 100 20 0 $other
	frames promisc_gets_foreign peer 100 20 20 $other promisc
	frames foreign_unicast_filtered_again peer 100 20 0 $other
	ip link set dev "$KI" promisc on
	frames ip_promisc_gets_foreign peer 100 20 20 $other
	ip link set dev "$KI" promisc off
	frames multicast_not_joined peer 100 20 0 $mc
	frames multicast_joined peer 100 20 20 $mc $mc
	frames multicast_other_group peer 100 20 0 $mc 01:00:5e:00:56:78
	frames multicast_left peer 100 20 0 $mc
	frames allmulti_gets_multicast peer 100 20 20 $mc allmulti
	frames allmulti_left peer 100 20 0 $mc
	frames broadcast peer 100 20 20
}

# bench_setup INTREE PEER [PEER_ARGS...]: bench mode's three NICs.  $K
# bound to KMOD as $KADDR; 00:05.0, of the same model, bound to the
# in-tree driver INTREE in the root namespace as $BADDR; 00:06.0 the peer
# of both, bound to PEER (loaded with PEER_ARGS), in its namespace with
# an address on each subnet.  Each transfer of bench runs through KMOD
# and then INTREE, against the same peer, in rounds.  The peer's driver
# is neither of the two, so each module's instructions are its own.
bench_setup() {
	local intree=$1 peer_mod=$2 run
	shift 2
	B=0000:00:05.0
	T=0000:00:06.0
	echo "$KMOD" >/sys/bus/pci/devices/$K/driver_override
	echo "$intree" >/sys/bus/pci/devices/$B/driver_override
	echo "$peer_mod" >/sys/bus/pci/devices/$T/driver_override
	check "load_$KMOD" insmod "$(ko "$KMOD")" || finish
	check "load_$intree" load_module "$intree" || finish
	check "load_$peer_mod" load_module "$peer_mod" "$@" || finish
	TI=$(ls /sys/bus/pci/devices/$T/net)
	peer_netns
	BI=$(ls /sys/bus/pci/devices/$B/net)
	ip addr add "$BADDR/24" dev "$BI"
	ip link set dev "$BI" up
	peer ip addr add "$TADDR2/24" dev "$TI"
	check intree_carrier wait_carrier "$BI"
	# Every connection starts from the same state and keeps the same
	# buffers: no round inherits the window or RTT an earlier one left in
	# the TCP metrics cache, and no buffer grows with the RTT measured (a
	# timing, which would make a round's segments and ACKs differ).
	for ns in root peer; do
		run=
		[ $ns = root ] || run=peer
		$run sh -c 'echo 1 >/proc/sys/net/ipv4/tcp_no_metrics_save &&
			echo "262144 262144 262144" >/proc/sys/net/ipv4/tcp_rmem &&
			echo "262144 262144 262144" >/proc/sys/net/ipv4/tcp_wmem'
	done
}

# bench: BENCH_ROUNDS rounds of TCP_BYTES of TCP and UDP_COUNT datagrams
# of 1400 bytes, each way, through KMOD ("kcell") and then the in-tree
# driver ("intree"), each transfer in an instruction-count window (kmark)
# and reported in a KCELL-BENCH line.
bench() {
	local r d
	# A first round of each transfer through each driver, not reported:
	# what a first connection pays once (neighbour entries, TCP metrics,
	# slab and page caches growing) would otherwise land in round 1.
	WARMUP=1
	for d in kcell intree; do
		tcp "bench_warmup_tcp_${d}_to_peer" $d peer "$TCP_BYTES" 5101
		tcp "bench_warmup_tcp_peer_to_${d}" peer $d "$TCP_BYTES" 5102
		udp "bench_warmup_udp_${d}_to_peer" $d peer "$UDP_COUNT" 1400 5103 100
		udp "bench_warmup_udp_peer_to_${d}" peer $d "$UDP_COUNT" 1400 5104 100
	done
	WARMUP=
	for r in $(seq "$BENCH_ROUNDS"); do
		for d in kcell intree; do
			WINDOW=tcp:$d:peer:$r
			tcp "bench_tcp_${d}_to_peer_$r" $d peer "$TCP_BYTES" 5101
			WINDOW=tcp:peer:$d:$r
			tcp "bench_tcp_peer_to_${d}_$r" peer $d "$TCP_BYTES" 5102
			WINDOW=udp:$d:peer:$r
			udp "bench_udp_${d}_to_peer_$r" $d peer "$UDP_COUNT" 1400 5103 100
			WINDOW=udp:peer:$d:$r
			udp "bench_udp_peer_to_${d}_$r" peer $d "$UDP_COUNT" 1400 5104 100
		done
		WINDOW=
	done
}
