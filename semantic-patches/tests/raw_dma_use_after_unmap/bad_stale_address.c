// SPDX-License-Identifier: GPL-2.0
/*
 * An unmapped address given back to the device or to the DMA API: a
 * receive page unmapped for the stack and then synced for the device to
 * be recycled; a dropped frame's slot unmapped and its descriptor
 * rewritten with the old address; a buffer unmapped before its address is
 * written to the doorbell register (the first such access is the one
 * reported); a copy of the old address kept as
 * the slot's bookkeeping after the unmap; a descriptor's address field
 * unmapped and written back.  Under an IOMMU the address now translates
 * to nothing or to the next mapping's page, and under swiotlb its bounce
 * slot is free.
 */
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#define ACME_RX_BUF	2048

struct acme_rx_buf {
	struct page *page;
	dma_addr_t dma;
};

struct acme_rx_desc {
	__le64 addr;
	__le32 status;
};

struct acme_tx_buf {
	struct sk_buff *skb;
	DEFINE_DMA_UNMAP_ADDR(mapping);
};

struct acme_priv {
	struct device *dev;
	struct acme_rx_desc *rx_desc;
	struct acme_rx_buf *rx_buf;
	struct acme_tx_buf *tx_buf;
	void __iomem *regs;
};

static bool acme_rx_recycle(struct acme_priv *ap, unsigned int i,
			    unsigned int len)
{
	struct acme_rx_buf *rb = &ap->rx_buf[i];

	dma_unmap_page(ap->dev, rb->dma, PAGE_SIZE, DMA_FROM_DEVICE);
	if (page_ref_count(rb->page) != 1)
		return false;
	dma_sync_single_for_device(ap->dev, rb->dma, len,	/* KCELL-EXPECT */
				   DMA_FROM_DEVICE);
	return true;
}

static void acme_rx_drop(struct acme_priv *ap, unsigned int i)
{
	struct acme_tx_buf *tb = &ap->tx_buf[i];

	dma_unmap_single(ap->dev, dma_unmap_addr(tb, mapping), ACME_RX_BUF,
			 DMA_FROM_DEVICE);
	/* give the slot back to the device as it was */
	ap->rx_desc[i].addr = cpu_to_le64(dma_unmap_addr(tb, mapping));	/* KCELL-EXPECT */
	ap->rx_desc[i].status = 0;
}

static void acme_kick(struct acme_priv *ap, void *buf, size_t len)
{
	dma_addr_t d;

	d = dma_map_single(ap->dev, buf, len, DMA_TO_DEVICE);
	if (dma_mapping_error(ap->dev, d))
		return;
	dma_unmap_single(ap->dev, d, len, DMA_TO_DEVICE);
	writel(lower_32_bits(d), ap->regs + 0x20);	/* KCELL-EXPECT */
	writel(upper_32_bits(d), ap->regs + 0x24);
}

static void acme_tx_undo(struct acme_priv *ap, unsigned int i, dma_addr_t d,
			 size_t len)
{
	struct acme_tx_buf *tb = &ap->tx_buf[i];

	dma_unmap_single(ap->dev, d, len, DMA_TO_DEVICE);
	dma_unmap_addr_set(tb, mapping, d);	/* KCELL-EXPECT */
}

static void acme_rx_reuse(struct acme_priv *ap, struct acme_rx_desc *desc)
{
	dma_unmap_single(ap->dev, le64_to_cpu(desc->addr), ACME_RX_BUF,
			 DMA_FROM_DEVICE);
	desc->status = 0;
	dma_sync_single_for_device(ap->dev, le64_to_cpu(desc->addr),	/* KCELL-EXPECT */
				   ACME_RX_BUF, DMA_FROM_DEVICE);
}
