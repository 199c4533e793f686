# shellcheck shell=dash
# SPDX-License-Identifier: GPL-2.0
#
# The guest's half of framework/vm/raw-dma/test: the in-tree tulip driver
# (as built by the host, with or without the fix) on three DEC 21143s,
# under swiotlb=force with the smallest bounce pool, so that its DMA
# mappings fail; then a transmit flood.  The host reads what the device
# was given from QEMU's trace of the descriptors it fetched.
. /lib/kcell/scenario-lib.sh

VARIANT=stock
COUNT=20000
NICS=3

tulip_ifaces() { pci_ifaces tulip; }
counters() { iface_counters "KCELL-DEMO $VARIANT" tulip; }

step "tulip ($VARIANT) on $NICS DEC 21143s, swiotlb=force, 256 bounce slots"
check load_tulip insmod "$(ko tulip)" || finish
n=0
for i in $(tulip_ifaces); do
	ip link set dev "$i" up && n=$((n + 1))
done
check all_interfaces_up test "$n" -eq "$NICS"
first=$(tulip_ifaces | head -n 1)
ip addr add 192.0.2.1/24 dev "$first"
sleep 2
counters

step "a flood of $COUNT 1514-byte frames out of $first"
check load_pktgen load_module pktgen || finish
pg=/proc/net/pktgen
pktgen_take 0 "$first" || fail pktgen_setup "pktgen kept no $first"
for c in "count $COUNT" "clone_skb 0" "pkt_size 1514" "delay 0" \
	 "dst 192.0.2.2" "dst_mac ff:ff:ff:ff:ff:ff"; do
	echo "$c" >"$pg/$first" || fail pktgen_setup "pktgen refused '$c'"
done
check pktgen_run pktgen_start "$first"
grep -A 2 Result "$pg/$first"
echo rem_device_all >$pg/kpktgend_0
sleep 1
counters
if [ "$VARIANT" = patched ]; then
	# Every mapping that failed dropped its frame, and was counted.
	check failed_maps_dropped test \
		"$(cat "/sys/class/net/$first/statistics/tx_dropped")" -gt 0
fi
for i in $(tulip_ifaces); do
	ip link set dev "$i" down
done
check unload_tulip rmmod tulip
finish
