// SPDX-License-Identifier: GPL-2.0
/*
 * A ring whose slots are posted and cleaned by helpers: the poll reposts
 * the slot after the one it reclaimed (and so keeps the one it did), and a
 * refill posts slots without any word that the CPU owns them.
 */
#include "common.h"

static void post_slot(struct case_ring *r, unsigned int i)
	__kcell_takes(&r->slot[i])
{
	kcell_dma_t addr = dma_lease_grant(&r->slot[i]);

	pr_info("%u\n", kcell_dma_lower_32_bits(addr));
}

static void case_poll(struct case_ring *r)
{
	unsigned int i = r->next;

	dma_lease_reclaim(&r->slot[i]);
	post_slot(r, (i + 1) % CASE_RING);	/* KCELL-EXPECT */
	r->next = (i + 1) % CASE_RING;
}	/* KCELL-EXPECT */

static void case_refill(struct case_ring *r)
{
	unsigned int i;

	for (i = 0; i < CASE_RING; i++)
		post_slot(r, i);	/* KCELL-EXPECT */
}

static void entry(struct case_dev *d, struct case_ring *r)
{
	case_refill(r);
	case_poll(r);
}
