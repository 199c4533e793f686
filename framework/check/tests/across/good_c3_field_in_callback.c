// SPDX-License-Identifier: GPL-2.0
/*
 * The twin of bad_c3_field_in_callback.c: the timeout handler takes the
 * buffer back before it reads it through the kept pointer, and posts it
 * again.
 */
#include "common.h"

static void timeout(struct case_dev *d) __kcell_not_owned(&d->lease)
{
	dma_lease_reclaim(&d->lease);
	if (d->data[0] == 0xff)
		pr_warn("stuck\n");
	d->posted = dma_lease_grant(&d->lease);
}

static void entry(struct case_dev *d, struct case_ring *r)
{
	timeout(d);
}
