// SPDX-License-Identifier: GPL-2.0
/*
 * The twin of bad_c1_ring_slots.c: the poll reposts the slot it reclaimed,
 * and the refill states, for each slot, that the CPU owns it (the ring's
 * rule: it runs over slots mapped and not yet posted), which debug mode
 * checks.
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
	post_slot(r, i);
	r->next = (i + 1) % CASE_RING;
}

static void case_refill(struct case_ring *r)
{
	unsigned int i;

	for (i = 0; i < CASE_RING; i++) {
		dma_lease_owned(&r->slot[i]);
		post_slot(r, i);
	}
}

static void entry(struct case_dev *d, struct case_ring *r)
{
	case_refill(r);
	case_poll(r);
}
