// SPDX-License-Identifier: GPL-2.0
/*
 * A NIC driver that remembers each buffer's bus address in its slot, to
 * write it into the descriptor again at the next refill: after an unmap
 * and a new map of the slot the address is stale.
 */
#include <linux/dma-mapping.h>
#include <kcell/kcell.h>

struct acme_slot {
	struct dma_lease lease;
	kcell_dma_t bus;					/* KCELL-EXPECT */
	unsigned int len;
};

struct acme_ring {
	struct dma_region desc;
	kcell_dma_t last[4];					/* KCELL-EXPECT */
	union {
		kcell_dma_t cookie;				/* KCELL-EXPECT */
		u64 raw;
	};
};

static int acme_post(struct acme_slot *s)
{
	s->bus = dma_lease_grant(&s->lease);
	return kcell_dma_is_error(s->bus) ? -EIO : 0;
}
