// SPDX-License-Identifier: GPL-2.0
/* The twin of bad_c3_field_pointer.c: the field is read after the reclaim. */
#include "common.h"

static void case_post(struct case_dev *d) __kcell_takes(&d->lease)
{
	d->data = dma_lease_cpu(&d->lease);
	d->posted = dma_lease_grant(&d->lease);
}

static u8 first_byte(struct case_dev *d) __kcell_owns(&d->lease)
{
	return d->data[0];
}

static void entry(struct case_dev *d, struct case_ring *r)
{
	if (case_map(d, DMA_FROM_DEVICE))
		return;
	case_post(d);
	dma_lease_reclaim(&d->lease);
	pr_info("%u\n", first_byte(d));
	case_unmap(d);
}
