// SPDX-License-Identifier: GPL-2.0
/*
 * The CPU pointer of a lease kept in a field when the buffer is posted, and
 * read in another function before the lease is reclaimed: once through a
 * helper whose contract says it needs the lease, once in a function that
 * states no contract at all.
 */
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

static u8 peek_byte(struct case_dev *d)
{
	return d->data[1];	/* KCELL-EXPECT */
}

static void entry(struct case_dev *d, struct case_ring *r)
{
	if (case_map(d, DMA_FROM_DEVICE))
		return;
	case_post(d);
	pr_info("%u\n", first_byte(d));	/* KCELL-EXPECT */
	pr_info("%u\n", peek_byte(d));
	dma_lease_reclaim(&d->lease);
	case_unmap(d);
}
