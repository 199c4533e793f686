// SPDX-License-Identifier: GPL-2.0
/*
 * An e1000-like ring whose every unmap names its map's direction and
 * size: refill and clean in different functions of the file, through a
 * local variable and the dma_unmap_addr() bookkeeping, and two structure
 * types whose fields share a name but not a direction.
 */
#include <linux/dma-mapping.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#define ACME_RING	64
#define ACME_BUF	2048

struct acme_tx_buffer {
	struct sk_buff *skb;
	DEFINE_DMA_UNMAP_ADDR(dma);
	DEFINE_DMA_UNMAP_LEN(len);
};

struct acme_rx_buffer {
	struct sk_buff *skb;
	dma_addr_t dma;
};

struct acme_adapter {
	struct device *dev;
	struct acme_tx_buffer tx[ACME_RING];
	struct acme_rx_buffer rx[ACME_RING];
};

static int acme_tx_map(struct acme_adapter *ad, struct acme_tx_buffer *tb,
		       struct sk_buff *skb)
{
	dma_addr_t dma;

	dma = dma_map_single(ad->dev, skb->data, skb_headlen(skb),
			     DMA_TO_DEVICE);
	if (dma_mapping_error(ad->dev, dma))
		return -ENOMEM;
	tb->skb = skb;
	dma_unmap_addr_set(tb, dma, dma);
	dma_unmap_len_set(tb, len, skb_headlen(skb));
	return 0;
}

static void acme_tx_clean(struct acme_adapter *ad, struct acme_tx_buffer *tb)
{
	dma_unmap_single(ad->dev, dma_unmap_addr(tb, dma),
			 dma_unmap_len(tb, len), DMA_TO_DEVICE);
	dev_kfree_skb_any(tb->skb);
	tb->skb = NULL;
}

static int acme_rx_map(struct acme_adapter *ad, struct acme_rx_buffer *rb)
{
	rb->dma = dma_map_single(ad->dev, rb->skb->data, ACME_BUF,
				 DMA_FROM_DEVICE);
	if (dma_mapping_error(ad->dev, rb->dma))
		return -ENOMEM;
	return 0;
}

static void acme_rx_clean(struct acme_adapter *ad, struct acme_rx_buffer *rb)
{
	dma_unmap_single(ad->dev, rb->dma, ACME_BUF, DMA_FROM_DEVICE);
	dev_kfree_skb_any(rb->skb);
	rb->skb = NULL;
}
