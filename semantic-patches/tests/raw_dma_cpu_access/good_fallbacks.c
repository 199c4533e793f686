// SPDX-License-Identifier: GPL-2.0
/*
 * A buffer the CPU touches only when it owns it: in the error branch of a
 * failed map (a PIO fallback), after a helper of another file that unmaps
 * it, in a loop whose next turn maps another buffer of the ring, through
 * a pointer that was given another buffer after the map.
 */
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/slab.h>

#define ACME_RING	16
#define ACME_BUF	2048

struct acme_priv {
	struct device *dev;
	void __iomem *regs;
	u8 *ring_buf[ACME_RING];
	dma_addr_t ring_dma[ACME_RING];
};

void acme_dma_unmap_buf(struct acme_priv *ap, dma_addr_t addr, size_t len);

static int acme_read(struct acme_priv *ap, u8 *buf, unsigned int len)
{
	dma_addr_t addr;
	unsigned int i;

	addr = dma_map_single(ap->dev, buf, len, DMA_FROM_DEVICE);
	if (dma_mapping_error(ap->dev, addr)) {
		for (i = 0; i < len; i++)
			buf[i] = readb(ap->regs);
		return len;
	}
	writel(lower_32_bits(addr), ap->regs);
	readl(ap->regs + 4);
	acme_dma_unmap_buf(ap, addr, len);
	return buf[0];
}

static void acme_ring_fill(struct acme_priv *ap)
{
	unsigned int i;

	for (i = 0; i < ACME_RING; i++) {
		ap->ring_buf[i][0] = 0xff;
		ap->ring_dma[i] = dma_map_single(ap->dev, ap->ring_buf[i],
						 ACME_BUF, DMA_FROM_DEVICE);
		if (dma_mapping_error(ap->dev, ap->ring_dma[i]))
			break;
	}
}

static int acme_scratch(struct acme_priv *ap, u8 *buf, u8 *spare)
{
	dma_addr_t addr;
	u8 *p = buf;

	addr = dma_map_single(ap->dev, buf, ACME_BUF, DMA_FROM_DEVICE);
	if (dma_mapping_error(ap->dev, addr))
		return -ENOMEM;
	writel(lower_32_bits(addr), ap->regs);
	buf = spare;
	p = spare;
	buf[0] = 1;
	p[1] = 2;
	return 0;
}
