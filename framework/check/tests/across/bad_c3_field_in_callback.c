// SPDX-License-Identifier: GPL-2.0
/*
 * Class 3, in a callback: the CPU pointer kept in the device structure
 * when the buffer was posted is read by a timeout handler that never
 * takes the buffer back from the device.
 */
#include "common.h"

static void timeout(struct case_dev *d) __kcell_not_owned(&d->lease)
{
	if (d->data[0] == 0xff)					/* KCELL-EXPECT */
		pr_warn("stuck\n");
}

static void entry(struct case_dev *d, struct case_ring *r)
{
	timeout(d);
}
