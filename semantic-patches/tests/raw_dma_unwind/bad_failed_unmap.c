// SPDX-License-Identifier: GPL-2.0
/*
 * The failed mapping unmapped: in the error branch of its own test, and
 * at the label its goto jumps to, an unwinding that starts with the
 * buffer whose map has just failed.
 */
#include <linux/dma-mapping.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#define ACME_RING	64

struct acme_rx_buf {
	struct sk_buff *skb;
	dma_addr_t dma;
};

struct acme_priv {
	struct device *dev;
	struct acme_rx_buf rx[ACME_RING];
	unsigned int buf_len;
	void *stats;
	dma_addr_t stats_dma;
};

static int acme_rx_refill(struct acme_priv *ap, unsigned int i)
{
	struct acme_rx_buf *rb = &ap->rx[i];

	rb->dma = dma_map_single(ap->dev, rb->skb->data, ap->buf_len,
				 DMA_FROM_DEVICE);
	if (dma_mapping_error(ap->dev, rb->dma)) {
		dma_unmap_single(ap->dev, rb->dma, ap->buf_len,	/* KCELL-EXPECT */
				 DMA_FROM_DEVICE);
		dev_kfree_skb_any(rb->skb);
		rb->skb = NULL;
		return -ENOMEM;
	}
	return 0;
}

static int acme_stats_start(struct acme_priv *ap, size_t len)
{
	int err;

	ap->stats_dma = dma_map_single(ap->dev, ap->stats, len,
				       DMA_FROM_DEVICE);
	if (unlikely(dma_mapping_error(ap->dev, ap->stats_dma))) {
		err = -ENOMEM;
		goto err_unmap;
	}
	return 0;

err_unmap:
	dma_unmap_single(ap->dev, ap->stats_dma, len, DMA_FROM_DEVICE);	/* KCELL-EXPECT */
	return err;
}

static int acme_map_page(struct acme_priv *ap, struct page *page,
			 dma_addr_t *out)
{
	dma_addr_t dma;

	dma = dma_map_page(ap->dev, page, 0, PAGE_SIZE, DMA_FROM_DEVICE);
	if (dma_mapping_error(ap->dev, dma))
		goto unmap;
	*out = dma;
	return 0;
unmap:
	dma_unmap_page(ap->dev, dma, PAGE_SIZE, DMA_FROM_DEVICE);	/* KCELL-EXPECT */
	return -ENOMEM;
}
