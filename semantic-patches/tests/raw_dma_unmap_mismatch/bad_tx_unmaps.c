// SPDX-License-Identifier: GPL-2.0
/*
 * A transmit path that unmaps the wrong way: a fixed-size header, kept
 * with the dma_unmap_addr() bookkeeping, unmapped by its completion with
 * the receive direction and by its drop with a shorter size; a doorbell
 * area mapped with dma_map_resource() and unmapped as memory; a header
 * whose error path unmaps fewer bytes than it mapped; a frame split at a
 * 16 KiB boundary whose first part is unmapped with the whole frame's
 * length (ioc3-eth).
 */
#include <linux/dma-mapping.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#define ACME_RING	64
#define ACME_HDR	64

struct acme_tx_buf {
	struct sk_buff *skb;
	void *hdr;
	DEFINE_DMA_UNMAP_ADDR(mapping);
};

struct acme_priv {
	struct device *dev;
	struct acme_tx_buf tx_buf[ACME_RING];
	phys_addr_t db_phys;
	dma_addr_t db_dma;
};

static int acme_tx_map(struct acme_priv *ap, struct sk_buff *skb,
		       unsigned int i)
{
	struct acme_tx_buf *tb = &ap->tx_buf[i];
	dma_addr_t mapping;

	mapping = dma_map_single(ap->dev, tb->hdr, ACME_HDR, DMA_TO_DEVICE);
	if (dma_mapping_error(ap->dev, mapping))
		return -ENOMEM;
	tb->skb = skb;
	dma_unmap_addr_set(tb, mapping, mapping);
	return 0;
}

static void acme_tx_complete(struct acme_priv *ap, unsigned int i)
{
	struct acme_tx_buf *tb = &ap->tx_buf[i];

	dma_unmap_single(ap->dev, dma_unmap_addr(tb, mapping),	/* KCELL-EXPECT */
			 ACME_HDR, DMA_FROM_DEVICE);
	dev_consume_skb_any(tb->skb);
	tb->skb = NULL;
}

static void acme_tx_drop(struct acme_priv *ap, unsigned int i)
{
	struct acme_tx_buf *tb = &ap->tx_buf[i];

	dma_unmap_single(ap->dev, dma_unmap_addr(tb, mapping),	/* KCELL-EXPECT */
			 ACME_HDR - ETH_FCS_LEN, DMA_TO_DEVICE);
	tb->skb = NULL;
}

static int acme_map_doorbell(struct acme_priv *ap)
{
	ap->db_dma = dma_map_resource(ap->dev, ap->db_phys, PAGE_SIZE,
				      DMA_BIDIRECTIONAL, 0);
	if (dma_mapping_error(ap->dev, ap->db_dma))
		return -ENOMEM;
	if (!ap->tx_buf[0].skb) {
		dma_unmap_page(ap->dev, ap->db_dma, PAGE_SIZE,	/* KCELL-EXPECT */
			       DMA_BIDIRECTIONAL);
		return -ENODEV;
	}
	return 0;
}

static int acme_tx_hdr(struct acme_priv *ap, void *hdr)
{
	dma_addr_t h = dma_map_single(ap->dev, hdr, ACME_HDR + 4,
				      DMA_TO_DEVICE);

	if (dma_mapping_error(ap->dev, h))
		return -ENOMEM;
	if (ap->tx_buf[1].skb) {
		dma_unmap_single(ap->dev, h, ACME_HDR, DMA_TO_DEVICE);	/* KCELL-EXPECT */
		return -EBUSY;
	}
	return 0;
}

static int acme_tx_split(struct acme_priv *ap, struct sk_buff *skb)
{
	unsigned long data = (unsigned long)skb->data;
	unsigned long b2 = (data | 0x3fffUL) + 1UL;
	unsigned long s1 = b2 - data;
	unsigned int len = skb->len;
	dma_addr_t d1, d2;

	d1 = dma_map_single(ap->dev, skb->data, s1, DMA_TO_DEVICE);
	if (dma_mapping_error(ap->dev, d1))
		return -ENOMEM;
	d2 = dma_map_single(ap->dev, (void *)b2, len - s1, DMA_TO_DEVICE);
	if (dma_mapping_error(ap->dev, d2)) {
		dma_unmap_single(ap->dev, d1, len, DMA_TO_DEVICE);	/* KCELL-EXPECT */
		return -ENOMEM;
	}
	return 0;
}
