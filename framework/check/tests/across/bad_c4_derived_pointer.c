// SPDX-License-Identifier: GPL-2.0
/*
 * Class 4: pointers derived from the buffer before the grant (an offset,
 * a cast, a copy, an element's address) and used after it.  The helper
 * that posts keeps its contract; the misuse is in the aliases, which the
 * contracts do not follow: Coccinelle does.
 */
#include <linux/etherdevice.h>
#include "common.h"

struct case_hdr {
	__le16 len;
	__le16 flags;
};

static void post_and_peek(struct case_dev *d) __kcell_takes(&d->lease)
{
	u8 *buf = dma_lease_cpu(&d->lease);
	u8 *payload = buf + ETH_HLEN;
	struct case_hdr *hdr = (struct case_hdr *)buf;

	d->posted = dma_lease_grant(&d->lease);
	pr_info("%u\n", le16_to_cpu(hdr->len));		/* KCELL-EXPECT */
	payload[0] = 0;					/* KCELL-EXPECT */
}

static int post_checked(struct case_dev *d) __kcell_takes(&d->lease)
{
	u8 *buf = dma_lease_cpu(&d->lease);
	u8 *copy, *tail;
	kcell_dma_t bus;

	copy = buf;
	tail = &buf[60];
	bus = dma_lease_grant(&d->lease);
	if (kcell_dma_is_error(bus))
		return -EIO;
	d->posted = bus;
	memset(tail, 0, 4);				/* KCELL-EXPECT */
	return copy[0];					/* KCELL-EXPECT */
}

static void entry(struct case_dev *d, struct case_ring *r)
{
	if (case_map(d, DMA_FROM_DEVICE))
		return;
	post_and_peek(d);
	dma_lease_reclaim(&d->lease);
	pr_info("%d\n", post_checked(d));
	dma_lease_reclaim(&d->lease);
	case_unmap(d);
}
