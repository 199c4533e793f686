# SPDX-License-Identifier: GPL-2.0
#
# kcell.mk - Kbuild fragment for a driver that uses kcell.
#
# In the driver's Kbuild file:
#
#	include path/to/kcell/framework/kcell.mk
#	obj-m += mydrv.o
#
# It puts kcell's include/ on the include path of this directory and its
# subdirectories, so that the driver says #include <kcell/kcell.h>, and
# turns on the runtime debug mode when the build is run with
# KCELL_DEBUG=1.  A driver that copied include/kcell/ into its own tree
# needs only "ccflags-y += -I$(src)/include" instead.

# The kcell tree this fragment belongs to, wherever the driver lives.
KCELL_ROOT ?= $(abspath $(dir $(lastword $(MAKEFILE_LIST)))..)

subdir-ccflags-y += -I$(KCELL_ROOT)/include
ccflags-y += -I$(KCELL_ROOT)/include

ifeq ($(KCELL_DEBUG),1)
subdir-ccflags-y += -DKCELL_DEBUG
ccflags-y += -DKCELL_DEBUG
endif
