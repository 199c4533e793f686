// SPDX-License-Identifier: GPL-2.0
/*
 * A gadget-side DMA engine with a mapping helper of its own: the helper
 * returns the address untested (it is a wrapper, and that is fine), but
 * one caller uses it untested, another tests it on one branch only, and
 * a third keeps it through an output parameter without a test on the
 * early return.
 */
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/types.h>

#define ACME_REG_SRC	0x00
#define ACME_REG_LEN	0x04
#define ACME_SMALL	64

struct acme_chan {
	struct device *dev;
	void __iomem *regs;
	dma_addr_t last;
};

static dma_addr_t acme_map(struct acme_chan *c, void *buf, size_t len)
{
	return dma_map_single(c->dev, buf, len, DMA_TO_DEVICE);
}

static void acme_kick(struct acme_chan *c, void *buf, size_t len)
{
	dma_addr_t src = acme_map(c, buf, len);	/* KCELL-EXPECT */

	writel(lower_32_bits(src), c->regs + ACME_REG_SRC);
	writel(len, c->regs + ACME_REG_LEN);
}

static int acme_kick_checked_if_big(struct acme_chan *c, void *buf, size_t len)
{
	dma_addr_t src;

	src = dma_map_single(c->dev, buf, len, DMA_TO_DEVICE);	/* KCELL-EXPECT */
	if (len > ACME_SMALL) {
		if (dma_mapping_error(c->dev, src))
			return -ENOMEM;
	}
	writel(lower_32_bits(src), c->regs + ACME_REG_SRC);
	return 0;
}

static int acme_map_out(struct acme_chan *c, void *buf, size_t len,
			dma_addr_t *out)
{
	*out = dma_map_single(c->dev, buf, len, DMA_TO_DEVICE);	/* KCELL-EXPECT */
	if (len == 0)
		return 0;
	if (dma_mapping_error(c->dev, *out))
		return -ENOMEM;
	c->last = *out;
	return 0;
}
