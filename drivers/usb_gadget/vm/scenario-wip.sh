#!/bin/sh
. /lib/kcell/scenario-lib.sh
load_module dummy_hcd num=2
load_module usb_f_ss_lb
load_module usbtest
check load_kcell_ss insmod "$(ko usb_f_kcell_ss)"
mount -t configfs none /sys/kernel/config
mk() {
	G=/sys/kernel/config/usb_gadget/$1
	mkdir $G; echo 0x0525 >$G/idVendor; echo 0xa4a0 >$G/idProduct
	mkdir $G/strings/0x409
	echo "$1" >$G/strings/0x409/product
	mkdir $G/configs/c.1 $G/functions/$3.$1
	ln -s $G/functions/$3.$1 $G/configs/c.1/
	echo $2 >$G/UDC
}
mk kcell dummy_udc.0 kcell_ss
mk intree dummy_udc.1 SourceSink
sleep 2
check kcell_bad_pattern sh -c '! echo 3 > /sys/kernel/config/usb_gadget/kcell/functions/kcell_ss.kcell/pattern'
for d in /sys/bus/usb/devices/*-1; do
	n=$(printf '/dev/bus/usb/%03d/%03d' "$(cat $d/busnum)" "$(cat $d/devnum)")
	step "dev $n speed=$(cat $d/speed) bus $(cat $d/busnum)"
	for t in 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 17 18 19 20 21 24 27 28 29; do
		o=$(timeout -s KILL 60 testusb -D $n -t $t -c 20 -s 2048 -g 8 -v 1024 2>/dev/null)
		case $o in *"-->"*) fail "b$(cat $d/busnum)-t$t" "$o" ;; "") step "$n t$t skip" ;; *) pass "b$(cat $d/busnum)-t$t" ;; esac
	done
	for t in 1 2; do step "tput $n: $(testusb -D $n -t $t -c 1000 -s 65536 2>/dev/null)"; done
done
# dev_of PRODUCT: the device node of the gadget with that product string.
dev_of() {
	local d
	for d in /sys/bus/usb/devices/*; do
		[ "$(cat $d/product 2>/dev/null)" = "$1" ] || continue
		printf '/dev/bus/usb/%03d/%03d\n' "$(cat $d/busnum)" "$(cat $d/devnum)"
		return 0
	done
	return 1
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
inflight() {
	KDEV=$(dev_of kcell)
	testusb -D $KDEV -t 27 -c 2000 -s 65536 -g 32 >/tmp/bg.out 2>&1 &
	BG=$!
	sleep 1
}
# A soft disconnect at the UDC (soft_connect) does not come back on
# dummy_hcd, for the in-tree function either (enumeration fails with
# -EPROTO), so the host side cuts the device off instead.
step "host deauthorizes the device during queued transfers"
inflight
check deauthorize_in_flight sh -c 'echo 0 > /sys/bus/usb/devices/1-1/authorized'
wait $BG; cat /tmp/bg.out
check authorize sh -c 'echo 1 > /sys/bus/usb/devices/1-1/authorized'
check enumerated_again wait_dev kcell
check after_reauthorize sh -c "testusb -D $(dev_of kcell) -t 1 -c 20 -s 2048 | grep -q secs"
step "host disables the port during queued transfers"
inflight
check port_off_in_flight sh -c 'echo 1 > /sys/bus/usb/devices/1-0:1.0/usb1-port1/disable'
wait $BG; cat /tmp/bg.out
check port_on sh -c 'echo 0 > /sys/bus/usb/devices/1-0:1.0/usb1-port1/disable'
check enumerated_after_port wait_dev kcell
check after_port sh -c "testusb -D $(dev_of kcell) -t 2 -c 20 -s 2048 | grep -q secs"
step "UDC unbind during queued transfers"
inflight
check unbind_in_flight sh -c 'echo "" > /sys/kernel/config/usb_gadget/kcell/UDC'
wait $BG; cat /tmp/bg.out
check rebind sh -c 'echo dummy_udc.0 > /sys/kernel/config/usb_gadget/kcell/UDC'
check enumerated_after_rebind wait_dev kcell
check after_rebind sh -c "testusb -D $(dev_of kcell) -t 2 -c 20 -s 2048 | grep -q secs"
step "rmmod dummy_hcd during queued transfers"
inflight
check rmmod_udc_in_flight rmmod dummy_hcd
wait $BG; cat /tmp/bg.out
check reload_udc modprobe dummy_hcd num=2
sleep 1
check enumerated_after_reload wait_dev kcell
# The gadget binds again by itself to the UDC of the same name.
check rebound_after_reload grep -qx dummy_udc.0 /sys/kernel/config/usb_gadget/kcell/UDC
check after_reload sh -c "testusb -D $(dev_of kcell) -t 1 -c 20 -s 2048 | grep -q secs"
check unbind_kcell sh -c 'echo "" > /sys/kernel/config/usb_gadget/kcell/UDC'
check rmmod_kcell_busy sh -c '! rmmod usb_f_kcell_ss'
rm /sys/kernel/config/usb_gadget/kcell/configs/c.1/kcell_ss.kcell
rmdir /sys/kernel/config/usb_gadget/kcell/functions/kcell_ss.kcell
check rmmod_kcell rmmod usb_f_kcell_ss
finish
