// SPDX-License-Identifier: GPL-2.0
/*
 * Mappings left mapped by a later failure: a transmit path that maps the
 * head into a local variable and gives it to the device last (8139cp),
 * whose fragment error path unwinds the fragments and drops the frame
 * without unmapping the head; a command and its data buffer mapped in
 * turn, the second failure returning at once; a mapping followed by an
 * allocation that fails; a full ring found after the map; an unwinding
 * label that forgets the first of two mappings.
 */
#include <linux/dma-mapping.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/slab.h>

#define ACME_RING	64

struct acme_desc {
	__le64 addr;
	__le32 len;
	__le32 flags;
};

struct acme_priv {
	struct device *dev;
	struct net_device *ndev;
	struct acme_desc *ring;
	struct sk_buff *tx_skb[ACME_RING];
	unsigned int head;
	unsigned int free;
	void *cmd;
	void *data;
	dma_addr_t cmd_dma;
	dma_addr_t data_dma;
};

static void acme_unwind_frags(struct acme_priv *ap, unsigned int first,
			      unsigned int last);

static netdev_tx_t acme_start_xmit(struct sk_buff *skb, struct net_device *ndev)
{
	struct acme_priv *ap = netdev_priv(ndev);
	unsigned int entry = ap->head, first_entry = entry;
	dma_addr_t first_mapping;
	int frag;

	first_mapping = dma_map_single(ap->dev, skb->data, skb_headlen(skb),
				       DMA_TO_DEVICE);
	if (dma_mapping_error(ap->dev, first_mapping))
		goto out_dma_error;

	ap->tx_skb[entry] = skb;

	for (frag = 0; frag < skb_shinfo(skb)->nr_frags; frag++) {
		const skb_frag_t *f = &skb_shinfo(skb)->frags[frag];
		dma_addr_t mapping;

		entry = (entry + 1) % ACME_RING;
		mapping = skb_frag_dma_map(ap->dev, f, 0, skb_frag_size(f),
					   DMA_TO_DEVICE);
		if (dma_mapping_error(ap->dev, mapping)) {
			acme_unwind_frags(ap, first_entry, entry);
			goto out_dma_error;	/* KCELL-EXPECT */
		}
		ap->ring[entry].addr = cpu_to_le64(mapping);
		ap->ring[entry].len = cpu_to_le32(skb_frag_size(f));
	}

	/* The head goes to the device last. */
	ap->ring[first_entry].addr = cpu_to_le64(first_mapping);
	ap->ring[first_entry].len = cpu_to_le32(skb_headlen(skb));
	ap->head = (entry + 1) % ACME_RING;
	return NETDEV_TX_OK;

out_dma_error:
	dev_kfree_skb_any(skb);
	ndev->stats.tx_dropped++;
	return NETDEV_TX_OK;
}

static int acme_send_cmd(struct acme_priv *ap, size_t clen, size_t dlen)
{
	dma_addr_t cmd, data;

	cmd = dma_map_single(ap->dev, ap->cmd, clen, DMA_TO_DEVICE);
	if (dma_mapping_error(ap->dev, cmd))
		return -ENOMEM;

	data = dma_map_single(ap->dev, ap->data, dlen, DMA_FROM_DEVICE);
	if (unlikely(dma_mapping_error(ap->dev, data)))
		return -ENOMEM;	/* KCELL-EXPECT */

	ap->cmd_dma = cmd;
	ap->data_dma = data;
	return 0;
}

static int acme_post_rx(struct acme_priv *ap, struct page *page)
{
	struct sk_buff *skb;
	dma_addr_t dma;

	dma = dma_map_page(ap->dev, page, 0, PAGE_SIZE, DMA_FROM_DEVICE);
	if (dma_mapping_error(ap->dev, dma)) {
		__free_page(page);
		return -ENOMEM;
	}

	skb = napi_alloc_skb(NULL, 128);
	if (!skb) {
		__free_page(page);
		return -ENOMEM;	/* KCELL-EXPECT */
	}

	ap->ring[ap->head].addr = cpu_to_le64(dma);
	ap->tx_skb[ap->head] = skb;
	return 0;
}

static netdev_tx_t acme_xmit_linear(struct sk_buff *skb, struct net_device *ndev)
{
	struct acme_priv *ap = netdev_priv(ndev);
	dma_addr_t dma;

	dma = dma_map_single_attrs(ap->dev, skb->data, skb->len, DMA_TO_DEVICE,
				   DMA_ATTR_SKIP_CPU_SYNC);
	if (dma_mapping_error(ap->dev, dma))
		goto drop;

	if (!ap->free) {
		netif_stop_queue(ndev);
		return NETDEV_TX_BUSY;	/* KCELL-EXPECT */
	}

	ap->ring[ap->head].addr = cpu_to_le64(dma);
	ap->free--;
	return NETDEV_TX_OK;

drop:
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

static int acme_setup_pair(struct acme_priv *ap, size_t len)
{
	dma_addr_t a, b;
	int err = -ENOMEM;

	a = dma_map_single(ap->dev, ap->cmd, len, DMA_TO_DEVICE);
	if (dma_mapping_error(ap->dev, a))
		goto out;

	b = dma_map_single(ap->dev, ap->data, len, DMA_TO_DEVICE);
	if (dma_mapping_error(ap->dev, b))
		goto out;	/* KCELL-EXPECT */

	ap->cmd_dma = a;
	ap->data_dma = b;
	err = 0;
out:
	return err;
}
