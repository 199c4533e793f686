// SPDX-License-Identifier: GPL-2.0
/*
 * Not caught (class 4): a pointer derived from a pointer derived from the
 * buffer.  Coccinelle follows one alias of the buffer, and the contracts
 * do not follow local pointers at all, so the read after the grant below
 * passes every static layer.  Debug mode does not see it either: the
 * access goes through a plain pointer, not through the lease.
 */
#include <linux/etherdevice.h>
#include "common.h"

static u8 post_then_peek(struct case_dev *d) __kcell_takes(&d->lease)
{
	u8 *buf = dma_lease_cpu(&d->lease);
	u8 *frame = buf;
	u8 *ip = frame + ETH_HLEN;

	d->posted = dma_lease_grant(&d->lease);
	return ip[9];						/* KCELL-MISS */
}

static void entry(struct case_dev *d, struct case_ring *r)
{
	if (case_map(d, DMA_FROM_DEVICE))
		return;
	pr_info("%u\n", post_then_peek(d));
	dma_lease_reclaim(&d->lease);
	case_unmap(d);
}
