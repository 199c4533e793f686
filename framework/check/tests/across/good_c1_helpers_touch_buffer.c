// SPDX-License-Identifier: GPL-2.0
/*
 * The twin of bad_c1_helpers_touch_buffer.c: the helpers run before the
 * grant and after the reclaim, and the logging helper states that it
 * needs the lease.
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

static void trace(struct case_dev *d) __kcell_owns(&d->lease)
{
	print_hex_dump_debug("tx: ", DUMP_PREFIX_NONE, 16, 1,
			     dma_lease_cpu(&d->lease), 16, false);
}

static void entry(struct case_dev *d, struct case_ring *r)
{
	if (case_map(d, DMA_TO_DEVICE))
		return;
	wipe(&d->lease);
	trace(d);
	d->posted = dma_lease_grant(&d->lease);
	dma_lease_reclaim(&d->lease);
	pr_info("%u\n", checksum(d));
	case_unmap(d);
}
