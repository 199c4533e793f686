#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# VM scenario: the project's load-time selftest module on a real Debian
# kernel, and the in-tree virtio_rng driver against QEMU's virtio-rng-pci
# (run with two of them).  The initramfs holds kcell_selftest.ko and the
# in-tree virtio_pci (a module on 6.1, built into 6.12) and virtio_rng.

# shellcheck source=framework/vm/scenario-lib.sh
. /lib/kcell/scenario-lib.sh

passed_lines() { dmesg | grep -c 'kcell_selftest: all checks passed'; }

step "kcell_selftest: insmod"
check selftest_load insmod "$(ko kcell_selftest)"
check selftest_passed sh -c 'dmesg | grep -q "kcell_selftest: all checks passed"'
# Booted with swiotlb=force: the lease checks ran on bounced mappings.
check selftest_bounced sh -c 'dmesg | grep -q "kcell_selftest: streaming mappings bounce"'
check selftest_unload rmmod kcell_selftest

step "kcell_selftest: load and unload 10 times"
before=$(passed_lines)
i=1
err=''
while [ $i -le 10 ]; do
	insmod "$(ko kcell_selftest)" || { err="insmod failed at round $i"; break; }
	rmmod kcell_selftest || { err="rmmod failed at round $i"; break; }
	i=$((i + 1))
done
after=$(passed_lines)
if [ -n "$err" ]; then
	fail selftest_reload_10 "$err"
elif [ $((after - before)) -ne 10 ]; then
	fail selftest_reload_10 "$((after - before)) of 10 loads passed their checks"
else
	pass selftest_reload_10
fi

step "in-tree virtio_rng on virtio-rng-pci"
check virtio_pci_load load_module virtio_pci
check virtio_rng_load load_module virtio_rng
# Each virtio-rng-pci device becomes one hw_random source.
step "hw_random sources: $(cat /sys/class/misc/hw_random/rng_available)"
check hwrng_two_sources sh -c 'grep -q "virtio_rng\.0 virtio_rng\.1" /sys/class/misc/hw_random/rng_available'
check hwrng_current grep -q virtio_rng /sys/class/misc/hw_random/rng_current
step "read 64 bytes from /dev/hwrng"
# shellcheck disable=SC2016 # expanded by the inner shell, on purpose
check hwrng_read_64 sh -c 'dd if=/dev/hwrng of=/tmp/rng bs=64 count=1 2>/dev/null &&
	test "$(wc -c </tmp/rng)" -eq 64'
# 64 zero bytes would mean the device delivered nothing.
check hwrng_not_zero sh -c 'od -An -tx1 /tmp/rng | grep -q "[1-9a-f]"'
check virtio_rng_unload rmmod virtio_rng

finish
