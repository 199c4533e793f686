# shellcheck shell=dash
# SPDX-License-Identifier: GPL-2.0
#
# The guest's half of framework/vm/raw-dma/test-8139cp: the in-tree
# 8139cp driver (as built by the host, with or without the fix) on three
# of QEMU's RTL8139C+, under swiotlb=force with the smallest bounce pool
# (256 slots of 2 KiB), which their receive rings (3 x 64 slots) and an
# e1000's (RXD - 1 slots) leave nearly full; then two floods at once of
# frames in FRAGS page fragments, so that a frame's head maps and one of
# its fragments does not: cp_start_xmit()'s unwind.  Counted: the unmaps
# called from cp_start_xmit() (only its unwind unmaps there; a kprobe on
# dma_unmap_page_attrs() keyed by its return address), the frames
# dropped, and swiotlb's used slots (debugfs) before the NICs come up and
# after every driver that mapped anything has been removed: they must be
# equal, unless mappings leaked.
. /lib/kcell/scenario-lib.sh

VARIANT=stock
COUNT=5000
FRAGS=12
RXD=48
SW=/sys/kernel/debug/swiotlb

cp_ifaces() { pci_ifaces 8139cp; }
e1000_ifaces() { pci_ifaces e1000; }

used() { cat "$SW/io_tlb_used"; }

counters() { iface_counters "KCELL-DEMO $VARIANT" 8139cp; }

# tracefs: where the kernel mounts it, else under debugfs.
T=/sys/kernel/tracing
[ -e $T/kprobe_events ] || mount -t tracefs tracefs $T 2>/dev/null
[ -e $T/kprobe_events ] || T=/sys/kernel/debug/tracing

step "8139cp ($VARIANT) on 3 RTL8139C+ and an e1000 (RxDescriptors=$RXD), swiotlb=force, $(cat "$SW/io_tlb_nslabs") bounce slots"
baseline=$(used)
check load_8139cp modprobe 8139cp || finish
n=0
for i in $(cp_ifaces); do
	ip link set dev "$i" up && n=$((n + 1))
done
check all_interfaces_up test "$n" -eq 3
check load_e1000 modprobe e1000 RxDescriptors=$RXD || finish
for i in $(e1000_ifaces); do
	ip link set dev "$i" up
done
a=$(cp_ifaces | sed -n 1p)
b=$(cp_ifaces | sed -n 2p)
ip addr add 192.0.2.1/24 dev "$a"
ip addr add 192.0.2.2/24 dev "$b"
sleep 2
held=$(used)

# Every dma_unmap_page_attrs() call, counted by the address it returns
# to: the hist trigger enables the probe without filling the ring buffer.
check kprobe sh -c "echo 'p:kcell_unmap dma_unmap_page_attrs ret=\$stack0:x64' >>$T/kprobe_events &&
	echo 'hist:keys=ret.sym' >$T/events/kprobes/kcell_unmap/trigger"

step "floods of $COUNT 1514-byte frames in $FRAGS fragments out of $a and $b at once"
check load_pktgen load_module pktgen || finish
pg=/proc/net/pktgen
t=0
for i in $a $b; do
	pktgen_take $t "$i" || fail pktgen_setup "pktgen kept no $i"
	for c in "count $COUNT" "clone_skb 0" "pkt_size 1514" "frags $FRAGS" \
		 "delay 0" "dst 192.0.2.99" "dst_mac ff:ff:ff:ff:ff:ff"; do
		echo "$c" >"$pg/$i" || fail pktgen_setup "pktgen refused '$c' for $i"
	done
	t=$((t + 1))
done
check pktgen_run pktgen_start "$a $b"
for i in $a $b; do
	grep -A 2 Result "$pg/$i"
done
sleep 1
after_flood=$(used)
counters
# The unwind's unmaps (cp_start_xmit() unmaps nothing else); read while
# the module is loaded, for its symbols.
cat $T/events/kprobes/kcell_unmap/hist
unwind=$(awk '/cp_start_xmit/ { for (i = 1; i < NF; i++) if ($i == "hitcount:") n += $(i + 1) } END { print n + 0 }' \
	$T/events/kprobes/kcell_unmap/hist)
sites=$(awk '/cp_start_xmit/ { for (i = 1; i < NF; i++) if ($i == "hitcount:") printf "%s%s", n++ ? "+" : "", $(i + 1) }' \
	$T/events/kprobes/kcell_unmap/hist)
echo '!hist:keys=ret.sym' >$T/events/kprobes/kcell_unmap/trigger
dropped=0
for i in $(cp_ifaces); do
	dropped=$((dropped + $(cat "/sys/class/net/$i/statistics/tx_dropped")))
done

for i in $(cp_ifaces) $(e1000_ifaces); do
	ip link set dev "$i" down
done
check unload_8139cp rmmod 8139cp
check unload_e1000 rmmod e1000
sleep 1
final=$(used)
step "KCELL-DEMO $VARIANT swiotlb_used baseline=$baseline up=$held after_flood=$after_flood after_rmmod=$final leaked=$((final - baseline)) unwind_unmaps=$unwind sites=${sites:-none} tx_dropped=$dropped"
if [ "$VARIANT" = patched ]; then
	# Fragments failed to map (the unwind ran), every mapping was given
	# back, and the frames were counted.
	check unwind_ran test "$unwind" -gt 0
	check swiotlb_back_to_baseline test "$final" -eq "$baseline"
	check failed_maps_dropped test "$dropped" -gt 0
fi
finish
