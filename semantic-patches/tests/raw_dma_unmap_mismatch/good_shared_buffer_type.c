// SPDX-License-Identifier: GPL-2.0
/*
 * One structure type for the buffers of both rings (b44's ring_info,
 * arc_emac's buffer_state): the receive buffers are mapped here from a
 * typed pointer, the transmit buffers through &ap->tx[i], which spatch
 * cannot type (struct acme_priv is in a header), and the transmit
 * completion unmaps with the frame's length and DMA_TO_DEVICE.  Not a
 * mismatch.
 */
#include <linux/dma-mapping.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#define ACME_RING	32
#define ACME_RX_BUF	1536

struct acme_ring_info {
	struct sk_buff *skb;
	DEFINE_DMA_UNMAP_ADDR(mapping);
};

/*
 * In acme.h, which spatch does not read (--no-includes):
 *
 * struct acme_priv {
 *	struct device *dev;
 *	struct acme_ring_info rx[ACME_RING];
 *	struct acme_ring_info tx[ACME_RING];
 * };
 */

static int acme_alloc_rx(struct acme_priv *ap, struct acme_ring_info *map)
{
	dma_addr_t mapping;

	mapping = dma_map_single(ap->dev, map->skb->data, ACME_RX_BUF,
				 DMA_FROM_DEVICE);
	if (dma_mapping_error(ap->dev, mapping))
		return -ENOMEM;
	dma_unmap_addr_set(map, mapping, mapping);
	return 0;
}

static void acme_rx_done(struct acme_priv *ap, struct acme_ring_info *rp)
{
	dma_unmap_single(ap->dev, dma_unmap_addr(rp, mapping), ACME_RX_BUF,
			 DMA_FROM_DEVICE);
}

static int acme_xmit(struct acme_priv *ap, struct sk_buff *skb, unsigned int i)
{
	dma_addr_t mapping;

	mapping = dma_map_single(ap->dev, skb->data, skb->len, DMA_TO_DEVICE);
	if (dma_mapping_error(ap->dev, mapping))
		return -ENOMEM;
	ap->tx[i].skb = skb;
	dma_unmap_addr_set(&ap->tx[i], mapping, mapping);
	return 0;
}

static void acme_tx_done(struct acme_priv *ap, unsigned int i)
{
	struct acme_ring_info *rp = &ap->tx[i];

	dma_unmap_single(ap->dev, dma_unmap_addr(rp, mapping), rp->skb->len,
			 DMA_TO_DEVICE);
	dev_kfree_skb_any(rp->skb);
	rp->skb = NULL;
}
