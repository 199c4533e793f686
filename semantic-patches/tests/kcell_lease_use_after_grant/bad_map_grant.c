// SPDX-License-Identifier: GPL-2.0
/*
 * A transmit path that maps and grants each frame in one call, then goes
 * on touching the frame the device may be reading.
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
	u32 frames;
};

struct acme_hdr {
	__le16 len;
	u8 flags;
};

static int acme_send(struct acme_tx *tx, u8 *frame, size_t len)
{
	kcell_dma_t bus;
	int err;

	err = dma_lease_map_grant(&tx->lease, tx->dev, frame, len,
				  DMA_TO_DEVICE, &bus);
	if (err)
		return err;
	writel(kcell_dma_lower_32_bits(bus), tx->regs + ACME_REG_TX);
	/* The device may be reading it already. */
	frame[0] = 0;				/* KCELL-EXPECT */
	return 0;
}

static int acme_send_hdr(struct acme_tx *tx, struct acme_hdr *hdr, size_t len)
{
	kcell_dma_t bus;

	if (dma_lease_map_grant(&tx->lease, tx->dev, hdr, len, DMA_TO_DEVICE,
				&bus))
		return -ENOMEM;
	writel(kcell_dma_lower_32_bits(bus), tx->regs + ACME_REG_TX);
	hdr->flags = 1;				/* KCELL-EXPECT */
	tx->frames++;
	return 0;
}

static int acme_send_copy(struct acme_tx *tx, void *frame, size_t len)
{
	kcell_dma_t bus;
	int err = dma_lease_map_grant(&tx->lease, tx->dev, frame, len,
				      DMA_TO_DEVICE, &bus);

	if (err)
		return err;
	writel(kcell_dma_lower_32_bits(bus), tx->regs + ACME_REG_TX);
	memset(dma_lease_cpu(&tx->lease), 0, len);	/* KCELL-EXPECT */
	return 0;
}
