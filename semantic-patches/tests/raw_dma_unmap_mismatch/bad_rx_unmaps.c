// SPDX-License-Identifier: GPL-2.0
/*
 * A receive path that unmaps its buffers the wrong way: the error path
 * of a refill with the transmit direction, a copybreak that reuses the
 * length variable for the frame's length, a buffer mapped with its IP
 * alignment and unmapped without it, a ring torn down with the wrong
 * direction in another function of the file.
 */
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#define ACME_RING	64
#define ACME_BUF	1536
#define ACME_COPYBREAK	256

struct acme_rx_desc {
	__le32 addr;
	__le16 len;
	__le16 status;
};

struct acme_rx_buf {
	struct sk_buff *skb;
	dma_addr_t dma;
};

struct acme_priv {
	struct device *dev;
	struct net_device *ndev;
	struct acme_rx_desc *rx_ring;
	struct acme_rx_buf rx_buf[ACME_RING];
	unsigned int rx_len;
};

static int acme_check_buf(struct acme_priv *ap, struct sk_buff *skb);

static int acme_refill(struct acme_priv *ap, unsigned int i)
{
	struct sk_buff *skb = netdev_alloc_skb(ap->ndev, ACME_BUF);
	dma_addr_t mapping;

	if (!skb)
		return -ENOMEM;
	mapping = dma_map_single(ap->dev, skb->data, ACME_BUF, DMA_FROM_DEVICE);
	if (dma_mapping_error(ap->dev, mapping)) {
		dev_kfree_skb(skb);
		return -ENOMEM;
	}
	if (acme_check_buf(ap, skb)) {
		dma_unmap_single(ap->dev, mapping, ACME_BUF, DMA_TO_DEVICE);	/* KCELL-EXPECT */
		dev_kfree_skb(skb);
		return -EIO;
	}
	ap->rx_buf[i].skb = skb;
	ap->rx_buf[i].dma = mapping;
	ap->rx_ring[i].addr = cpu_to_le32(mapping);
	return 0;
}

static struct sk_buff *acme_rx_one(struct acme_priv *ap, struct sk_buff *skb,
				   struct acme_rx_desc *rxd)
{
	unsigned int len = ap->rx_len;
	dma_addr_t mapping;

	mapping = dma_map_single(ap->dev, skb->data, len, DMA_FROM_DEVICE);
	if (dma_mapping_error(ap->dev, mapping))
		return NULL;
	/* ... the device fills the buffer ... */
	len = le16_to_cpu(rxd->len);
	dma_unmap_single(ap->dev, mapping, len, DMA_FROM_DEVICE);	/* KCELL-EXPECT */
	skb_put(skb, len);
	return skb;
}

static int acme_rx_aligned(struct acme_priv *ap, struct sk_buff *skb)
{
	dma_addr_t mapping = dma_map_single(ap->dev, skb->data,
					    ap->rx_len + NET_IP_ALIGN,
					    DMA_FROM_DEVICE);

	if (dma_mapping_error(ap->dev, mapping))
		return -ENOMEM;
	if (skb->len)
		goto undo;
	return 0;
undo:
	dma_unmap_single(ap->dev, mapping, ap->rx_len, DMA_FROM_DEVICE);	/* KCELL-EXPECT */
	return -EINVAL;
}

static int acme_fill_one(struct acme_priv *ap, struct acme_rx_buf *rb)
{
	rb->skb = netdev_alloc_skb(ap->ndev, ACME_BUF);
	if (!rb->skb)
		return -ENOMEM;
	rb->dma = dma_map_single(ap->dev, rb->skb->data, ACME_BUF,
				 DMA_FROM_DEVICE);
	if (dma_mapping_error(ap->dev, rb->dma)) {
		dev_kfree_skb(rb->skb);
		rb->skb = NULL;
		return -ENOMEM;
	}
	return 0;
}

static void acme_free_one(struct acme_priv *ap, struct acme_rx_buf *rb)
{
	if (!rb->skb)
		return;
	dma_unmap_single(ap->dev, rb->dma, ACME_BUF, DMA_BIDIRECTIONAL);	/* KCELL-EXPECT */
	dev_kfree_skb(rb->skb);
	rb->skb = NULL;
}
