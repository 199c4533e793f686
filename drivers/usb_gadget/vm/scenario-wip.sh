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
check unbind_kcell sh -c 'echo "" > /sys/kernel/config/usb_gadget/kcell/UDC'
check rmmod_kcell_busy sh -c '! rmmod usb_f_kcell_ss'
rm /sys/kernel/config/usb_gadget/kcell/configs/c.1/kcell_ss.kcell
rmdir /sys/kernel/config/usb_gadget/kcell/functions/kcell_ss.kcell
check rmmod_kcell rmmod usb_f_kcell_ss
finish
