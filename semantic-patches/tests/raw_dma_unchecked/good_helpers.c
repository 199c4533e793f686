// SPDX-License-Identifier: GPL-2.0
/*
 * Mappings tested through helpers: a wrapper that returns the address for
 * its callers to test, a checker of the same file, a checker named for
 * what it does but defined in a header (enic_dma_map_check()-like), and a
 * copy kept for the unmap before the test of the original.
 */
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/types.h>

#define ACME_REG_SRC	0x00
#define ACME_REG_LEN	0x04

struct acme_chan {
	struct device *dev;
	void __iomem *regs;
	unsigned long map_errors;
	dma_addr_t unmap_addr;
	size_t unmap_len;
};

/* Defined in acme.h: calls dma_mapping_error() and counts the failure. */
int acme_dma_map_check(struct acme_chan *c, dma_addr_t addr);

static dma_addr_t acme_map(struct acme_chan *c, void *buf, size_t len)
{
	dma_addr_t a;

	a = dma_map_single(c->dev, buf, len, DMA_TO_DEVICE);
	return a;
}

static bool acme_map_failed(struct acme_chan *c, dma_addr_t a)
{
	if (dma_mapping_error(c->dev, a)) {
		c->map_errors++;
		return true;
	}
	return false;
}

static int acme_go(struct acme_chan *c, dma_addr_t src, size_t len)
{
	writel(lower_32_bits(src), c->regs + ACME_REG_SRC);
	writel(len, c->regs + ACME_REG_LEN);
	return 0;
}

static int acme_send(struct acme_chan *c, void *buf, size_t len)
{
	dma_addr_t src = acme_map(c, buf, len);

	if (acme_map_failed(c, src))
		return -ENOMEM;
	return acme_go(c, src, len);
}

static int acme_send_hdr(struct acme_chan *c, void *hdr, size_t len)
{
	dma_addr_t src;

	src = dma_map_single(c->dev, hdr, len, DMA_TO_DEVICE);
	if (unlikely(acme_dma_map_check(c, src)))
		return -ENOMEM;
	return acme_go(c, src, len);
}

static int acme_send_page(struct acme_chan *c, struct page *page, size_t len)
{
	dma_addr_t dma_addr;

	dma_addr = dma_map_page(c->dev, page, 0, len, DMA_TO_DEVICE);
	c->unmap_addr = dma_addr;
	c->unmap_len = len;
	if (unlikely(dma_mapping_error(c->dev, dma_addr)))
		return -ENOMEM;
	return acme_go(c, dma_addr, len);
}
