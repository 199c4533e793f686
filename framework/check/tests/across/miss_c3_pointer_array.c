// SPDX-License-Identifier: GPL-2.0
/*
 * Not caught (class 3): CPU pointers of a ring's buffers kept in an array
 * beside the leases.  __kcell_owned_by() names one capability, not "the
 * lease with the same index", so the array cannot carry a contract, and
 * the read in another function while the slot is posted passes.
 */
#include "common.h"

static u8 *case_bufs[CASE_RING];

static void post_slot(struct case_ring *r, unsigned int i)
	__kcell_takes(&r->slot[i])
{
	case_bufs[i] = dma_lease_cpu(&r->slot[i]);
	pr_info("%u\n", kcell_dma_lower_32_bits(dma_lease_grant(&r->slot[i])));
}

static u8 peek_slot(unsigned int i)
{
	const u8 *p = case_bufs[i];

	return p[0];						/* KCELL-MISS */
}

static void entry(struct case_dev *d, struct case_ring *r)
{
	void *buf = kzalloc(64, GFP_KERNEL);

	if (!buf)
		return;
	if (dma_lease_map(&r->slot[0], r->dev, buf, 64, DMA_FROM_DEVICE)) {
		kfree(buf);
		return;
	}
	post_slot(r, 0);
	pr_info("%u\n", peek_slot(0));
	dma_lease_reclaim(&r->slot[0]);
	dma_lease_unmap(&r->slot[0]);
	kfree(buf);
}
