// SPDX-License-Identifier: GPL-2.0
/*
 * A ring allocated as an array of descriptors, whose status word is
 * cleared with the byte-offset write: harmless here, but the same call
 * writes the address field as easily, and nothing types it.
 */
#include <linux/dma-mapping.h>
#include <kcell/kcell.h>

struct acme_desc {
	kcell_dma_le64_t addr;
	__le32 len;
	__le32 status;
};

struct acme_ring {
	struct dma_region desc;
	struct dma_region stats;
};

static int acme_clear(struct acme_ring *r, unsigned int i)
{
	return dma_region_write(&r->desc, i * 16 + 12, cpu_to_le32(0)); /* KCELL-EXPECT */
}

static int acme_alloc(struct acme_ring *r, struct device *dev)
{
	int err = dma_region_alloc_array(&r->desc, dev, 64, struct acme_desc,
					 GFP_KERNEL);

	/* A region of bytes: untyped writes are what it has. */
	return err ?: dma_region_alloc(&r->stats, dev, 256, GFP_KERNEL);
}

static int acme_zero_stat(struct acme_ring *r, unsigned int i)
{
	return dma_region_write(&r->stats, i * 4, cpu_to_le32(0));
}
