# SPDX-License-Identifier: GPL-2.0
#
# kcell.mk - Kbuild fragment for a driver that uses kcell where it is
#
# In the driver's Kbuild file:
#
#	include path/to/kcell/framework/kcell.mk
#	obj-m += mydrv.o
#
# It includes include/kcell/kcell.mk of this tree: kcell's include/ on the
# include path, and "make KCELL_DEBUG=1" for the debug mode.  A driver
# that copied include/kcell/ includes its copy's kcell.mk instead.

# The kcell tree this fragment belongs to, wherever the driver lives.
KCELL_ROOT ?= $(abspath $(dir $(lastword $(MAKEFILE_LIST)))..)

include $(KCELL_ROOT)/include/kcell/kcell.mk
