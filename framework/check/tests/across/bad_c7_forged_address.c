// SPDX-License-Identifier: GPL-2.0
/*
 * Class 7: device addresses that no lease handed over.  A bus address
 * assigned as is (sparse), made with a __force cast that silences sparse,
 * and a descriptor's address field written as raw bytes through the
 * region's byte-offset accessor (Coccinelle).
 */
#include "common.h"

struct case_desc {
	kcell_dma_le64_t addr;
	__le32 len;
	__le32 ctrl;
};

struct case_chan {
	struct dma_region ring;
	kcell_dma_t scratch;					/* KCELL-EXPECT */
};

static struct case_chan case_chan;

static void forge(struct case_chan *ch, struct case_dev *d, dma_addr_t bus)
{
	ch->scratch = bus;					/* KCELL-EXPECT */
	d->posted = (__force kcell_dma_t)bus;			/* KCELL-EXPECT */
}

static int fill(struct case_chan *ch, unsigned int i, dma_addr_t bus,
		u64 cookie)
{
	int err;

	err = dma_region_write(&ch->ring, i * 16, cpu_to_le64(bus));	/* KCELL-EXPECT */
	err |= dma_region_write(&ch->ring,			/* KCELL-EXPECT */
				i * sizeof(struct case_desc) +
				offsetof(struct case_desc, addr),
				cpu_to_le64(cookie));
	err |= dma_region_write(&ch->ring, i * sizeof(struct case_desc), /* KCELL-EXPECT */
				(u64)cookie);
	return err;
}

static void entry(struct case_dev *d, struct case_ring *r)
{
	forge(&case_chan, d, 0x1000);
	pr_info("%d\n", fill(&case_chan, 0, 0x1000, 1));
}
