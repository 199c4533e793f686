// SPDX-License-Identifier: GPL-2.0
/*
 * A transmit path that fills each frame before it maps and grants it in
 * one call, frees it when the mapping fails, and touches it again only
 * after the completion reclaimed it.
 */
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <kcell/kcell.h>

#define ACME_REG_TX	0x40

struct acme_tx {
	struct device *dev;
	void __iomem *regs;
	struct dma_lease lease;
};

static int acme_send(struct acme_tx *tx, size_t len)
{
	kcell_dma_t bus;
	u8 *frame;
	int err;

	frame = kmalloc(len, GFP_KERNEL);
	if (!frame)
		return -ENOMEM;
	memset(frame, 0x5a, len);
	err = dma_lease_map_grant(&tx->lease, tx->dev, frame, len,
				  DMA_TO_DEVICE, &bus);
	if (err) {
		kfree(frame);
		return err;
	}
	writel(kcell_dma_lower_32_bits(bus), tx->regs + ACME_REG_TX);
	return 0;
}

/* The completion: the frame is the CPU's again. */
static void acme_tx_done(struct acme_tx *tx)
{
	u8 *frame = dma_lease_reclaim(&tx->lease);

	if (!dma_lease_unmap(&tx->lease))
		kfree(frame);
}
