// SPDX-License-Identifier: GPL-2.0
/*
 * Class 1, more forms: helpers that checksum, clear or log a lease's
 * buffer, called after their caller granted it; one states its contract,
 * one states none and is reported where it takes the buffer.
 */
#include "common.h"

static u8 checksum(struct case_dev *d) __kcell_owns(&d->lease)
{
	const u8 *p = dma_lease_cpu(&d->lease);
	u8 sum = 0;
	int i;

	for (i = 0; p && i < 64; i++)
		sum += p[i];
	return sum;
}

static void wipe(struct dma_lease *l) __kcell_owns(l)
{
	memset(dma_lease_cpu(l), 0, dma_lease_len(l));
}

static void trace(struct case_dev *d)
{
	print_hex_dump_debug("tx: ", DUMP_PREFIX_NONE, 16, 1,
			     dma_lease_cpu(&d->lease), 16, false);	/* KCELL-EXPECT */
}

static void entry(struct case_dev *d, struct case_ring *r)
{
	if (case_map(d, DMA_TO_DEVICE))
		return;
	d->posted = dma_lease_grant(&d->lease);
	pr_info("%u\n", checksum(d));				/* KCELL-EXPECT */
	wipe(&d->lease);					/* KCELL-EXPECT */
	trace(d);
	dma_lease_reclaim(&d->lease);
	case_unmap(d);
}
