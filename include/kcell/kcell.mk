# SPDX-License-Identifier: GPL-2.0
#
# kcell.mk - the Kbuild side of kcell, shipped with the headers
#
# A driver that copied include/kcell/ into its own tree, as
# mydrv/include/kcell/, says in mydrv/Kbuild:
#
#	include $(src)/include/kcell/kcell.mk
#	obj-m += mydrv.o
#
# This puts the directory above kcell/ on the include path of the driver's
# directory and its subdirectories, for #include <kcell/kcell.h>, and turns
# "make KCELL_DEBUG=1" into kcell's runtime debug mode (-DKCELL_DEBUG).
# Without it, KCELL_DEBUG=1 would build a release module: the switch is a
# make variable, and only Kbuild can pass it to the compiler.
# CONFIG_KCELL_DEBUG (include/kcell/Kconfig) does the same inside a kernel
# tree.

# The directory that holds kcell/, wherever this file was copied.
kcell-include := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))..)

subdir-ccflags-y += -I$(kcell-include)
ccflags-y += -I$(kcell-include)

ifeq ($(KCELL_DEBUG),1)
subdir-ccflags-y += -DKCELL_DEBUG
ccflags-y += -DKCELL_DEBUG
endif
