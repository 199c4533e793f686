// SPDX-License-Identifier: GPL-2.0
/*
 * The twin of bad_c4_derived_pointer.c: the derived pointers are used
 * before the grant, on the failed grant's path, or taken again from the
 * pointer the reclaim returns.
 */
#include <linux/etherdevice.h>
#include "common.h"

struct case_hdr {
	__le16 len;
	__le16 flags;
};

static int post_prepared(struct case_dev *d) __kcell_takes(&d->lease)
{
	u8 *buf = dma_lease_cpu(&d->lease);
	u8 *payload = buf + ETH_HLEN;
	struct case_hdr *hdr = (struct case_hdr *)buf;
	kcell_dma_t bus;

	hdr->len = cpu_to_le16(ETH_HLEN);
	payload[0] = 0;
	bus = dma_lease_grant(&d->lease);
	if (kcell_dma_is_error(bus)) {
		hdr->flags = 0;
		return -EIO;
	}
	d->posted = bus;
	return 0;
}

static u16 read_back(struct case_dev *d) __kcell_gives(&d->lease)
{
	u8 *buf = dma_lease_reclaim(&d->lease);
	struct case_hdr *hdr = (struct case_hdr *)buf;

	return le16_to_cpu(hdr->len);
}

static void entry(struct case_dev *d, struct case_ring *r)
{
	if (case_map(d, DMA_FROM_DEVICE))
		return;
	if (!post_prepared(d))
		pr_info("%u\n", read_back(d));
	else
		dma_lease_reclaim(&d->lease);
	case_unmap(d);
}
