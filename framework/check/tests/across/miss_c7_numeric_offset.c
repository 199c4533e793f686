// SPDX-License-Identifier: GPL-2.0
/*
 * Not caught (class 7): a bus address carried in a u64 and written at a
 * numeric offset.  The value's type says nothing of an address, and the
 * offset names no field, so the rule cannot tie the write to a
 * descriptor's kcell_dma_le64_t.
 */
#include "common.h"

struct case_chan {
	struct dma_region ring;
};

static struct case_chan case_chan;

static int fill(struct case_chan *ch, unsigned int i, u64 addr)
{
	return dma_region_write(&ch->ring, i * 16, cpu_to_le64(addr)); /* KCELL-MISS */
}

static void entry(struct case_dev *d, struct case_ring *r)
{
	pr_info("%d\n", fill(&case_chan, 0, 0x1000));
}
