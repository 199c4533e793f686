// SPDX-License-Identifier: GPL-2.0
/*
 * A 32-bit device's command block linked to an address cast past sparse
 * instead of one taken from kcell_dma_to_desc32().
 */
#include <linux/dma-mapping.h>
#include <kcell/kcell.h>

struct acme_cb {
	__le16 status;
	__le16 command;
	kcell_dma_le32_t link;
};

static int acme_link(struct dma_region *cbs, unsigned int i, u32 next)
{
	return dma_region_write_field(cbs, i, struct acme_cb, link,
				      (__force kcell_dma_le32_t)cpu_to_le32(next)); /* KCELL-EXPECT */
}
