// SPDX-License-Identifier: GPL-2.0
/*
 * A DMA engine driver that builds its descriptors from addresses it made
 * itself: a bus address cast past sparse, and the descriptor's address
 * field written as raw bytes through the region's byte-offset accessor.
 */
#include <linux/dma-mapping.h>
#include <kcell/kcell.h>

struct acme_desc {
	kcell_dma_le64_t addr;
	__le32 len;
	__le32 ctrl;
};

struct acme_chan {
	struct dma_region ring;
	dma_addr_t scratch_bus;
	kcell_dma_t scratch;
};

static void acme_forge(struct acme_chan *ch, dma_addr_t bus)
{
	ch->scratch = (__force kcell_dma_t)bus;			/* KCELL-EXPECT */
	dma_region_write_field(&ch->ring, 0, struct acme_desc, addr,
			       (__force kcell_dma_le64_t)cpu_to_le64(bus)); /* KCELL-EXPECT */
}

static void acme_fill(struct acme_chan *ch, unsigned int i, dma_addr_t bus,
		      u64 cookie, kcell_dma_t lease_bus)
{
	int err;

	err = dma_region_write(&ch->ring, i * 16, bus);		/* KCELL-EXPECT */
	/* Reported on the line of the call. */
	err |= dma_region_write(&ch->ring, i * 16,		/* KCELL-EXPECT */
				cpu_to_le64(__kcell_dma_raw(lease_bus)));
	err |= dma_region_write(&ch->ring,			/* KCELL-EXPECT */
				i * sizeof(struct acme_desc) +
				offsetof(struct acme_desc, addr),
				cpu_to_le64(cookie));
	err |= dma_region_write(&ch->ring, i * sizeof(struct acme_desc), /* KCELL-EXPECT */
				(u64)cookie);
	WARN_ON(err);
}
