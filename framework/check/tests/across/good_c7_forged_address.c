// SPDX-License-Identifier: GPL-2.0
/*
 * The twin of bad_c7_forged_address.c: the address comes from the lease's
 * grant and reaches the descriptor through kcell_dma_to_desc(); the other
 * fields, a 64-bit one among them, are written field by field too.
 */
#include "common.h"

struct case_desc {
	kcell_dma_le64_t addr;
	__le64 cookie;
	__le32 len;
	__le32 ctrl;
};

struct case_chan {
	struct dma_region ring;
};

static struct case_chan case_chan;

static int fill(struct case_chan *ch, struct case_dev *d, unsigned int i,
		u64 cookie) __kcell_takes(&d->lease)
{
	kcell_dma_t bus = dma_lease_grant(&d->lease);
	int err;

	if (kcell_dma_is_error(bus))
		return -EIO;
	err = dma_region_write_field(&ch->ring, i, struct case_desc, addr,
				     kcell_dma_to_desc(bus));
	err |= dma_region_write_field(&ch->ring, i, struct case_desc, cookie,
				      cpu_to_le64(cookie));
	err |= dma_region_write_field(&ch->ring, i, struct case_desc, len,
				      cpu_to_le32(64));
	return err;
}

static void entry(struct case_dev *d, struct case_ring *r)
{
	if (case_map(d, DMA_FROM_DEVICE))
		return;
	pr_info("%d\n", fill(&case_chan, d, 0, 1));
	dma_lease_reclaim(&d->lease);
	case_unmap(d);
}
