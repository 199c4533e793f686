// SPDX-License-Identifier: GPL-2.0
/*
 * Error paths that undo their mappings, and shapes the rule must leave
 * alone: goto-label unwinding in reverse; a mapping stored in a ring slot
 * before the failure, which the caller's unwind walks (e1000); a map
 * handed to the caller; an earlier iteration's address kept in its slot
 * (tsnep); a test whose branch falls through to a later test of a flag;
 * an unwinding label that starts with the previous slot (sky2, mtk_wed,
 * octeon_ep, ps3_gelic_net); unmaps under a test of the address (pcnet32,
 * ks8842).
 */
#include <linux/dma-mapping.h>
#include <linux/netdevice.h>
#include <linux/scatterlist.h>
#include <linux/skbuff.h>

#define ACME_RING	64

struct acme_buffer {
	struct sk_buff *skb;
	dma_addr_t dma;
	unsigned int len;
	DEFINE_DMA_UNMAP_ADDR(addr);
};

struct acme_priv {
	struct device *dev;
	struct acme_buffer buf[ACME_RING];
	dma_addr_t frag_addr[MAX_SKB_FRAGS];
	dma_addr_t rx_addr[ACME_RING];
	struct sk_buff *rx_skb[ACME_RING];
	void *cmd;
	void *data;
	dma_addr_t cmd_dma;
	dma_addr_t data_dma;
	unsigned int next;
};

static int acme_map_pair(struct acme_priv *ap, size_t len)
{
	dma_addr_t a, b;

	a = dma_map_single(ap->dev, ap->cmd, len, DMA_TO_DEVICE);
	if (dma_mapping_error(ap->dev, a))
		goto err;
	b = dma_map_single(ap->dev, ap->data, len, DMA_FROM_DEVICE);
	if (dma_mapping_error(ap->dev, b))
		goto err_unmap_a;
	ap->cmd_dma = a;
	ap->data_dma = b;
	return 0;

err_unmap_a:
	dma_unmap_single(ap->dev, a, len, DMA_TO_DEVICE);
err:
	return -ENOMEM;
}

/* e1000_tx_map(): every slot's address is stored before the next map. */
static int acme_tx_map(struct acme_priv *ap, struct sk_buff *skb,
		       unsigned int first)
{
	unsigned int i = first, f, count = 0;
	struct acme_buffer *bi = &ap->buf[i];

	bi->len = skb_headlen(skb);
	bi->dma = dma_map_single(ap->dev, skb->data, bi->len, DMA_TO_DEVICE);
	if (dma_mapping_error(ap->dev, bi->dma))
		goto dma_error;
	count++;

	for (f = 0; f < skb_shinfo(skb)->nr_frags; f++) {
		const skb_frag_t *frag = &skb_shinfo(skb)->frags[f];

		i = (i + 1) % ACME_RING;
		bi = &ap->buf[i];
		bi->len = skb_frag_size(frag);
		bi->dma = skb_frag_dma_map(ap->dev, frag, 0, bi->len,
					   DMA_TO_DEVICE);
		if (dma_mapping_error(ap->dev, bi->dma))
			goto dma_error;
		count++;
	}
	return count;

dma_error:
	bi->dma = 0;
	while (count--) {
		if (i == 0)
			i += ACME_RING;
		i--;
		bi = &ap->buf[i];
		dma_unmap_single(ap->dev, bi->dma, bi->len, DMA_TO_DEVICE);
	}
	return 0;
}

static dma_addr_t acme_map_cmd(struct acme_priv *ap, size_t len)
{
	dma_addr_t dma;

	dma = dma_map_single(ap->dev, ap->cmd, len, DMA_TO_DEVICE);
	if (dma_mapping_error(ap->dev, dma))
		return 0;
	return dma;
}

static int acme_map_frag(struct acme_priv *ap, const skb_frag_t *frag,
			 dma_addr_t *dma);

/* tsnep_tx_map(): the head's address is kept in iteration 0. */
static int acme_tx_map_loop(struct acme_priv *ap, struct sk_buff *skb,
			    int count)
{
	dma_addr_t dma;
	int i, mapped, len, map_len = 0;

	for (i = 0; i < count; i++) {
		struct acme_buffer *bi = &ap->buf[(ap->next + i) % ACME_RING];

		if (!i) {
			len = skb_headlen(skb);
			dma = dma_map_single(ap->dev, skb->data, len,
					     DMA_TO_DEVICE);
			if (dma_mapping_error(ap->dev, dma))
				return -ENOMEM;
			mapped = 1;
		} else {
			const skb_frag_t *frag = &skb_shinfo(skb)->frags[i - 1];

			len = skb_frag_size(frag);
			mapped = acme_map_frag(ap, frag, &dma);
			if (mapped < 0)
				return mapped;
		}
		bi->len = len;
		if (likely(mapped))
			dma_unmap_addr_set(bi, addr, dma);
		map_len += len;
	}
	return map_len;
}

static int acme_map_flag(struct acme_priv *ap, size_t len)
{
	dma_addr_t dma;
	int err = 0;

	dma = dma_map_single(ap->dev, ap->data, len, DMA_FROM_DEVICE);
	if (dma_mapping_error(ap->dev, dma))
		err = -ENOMEM;
	if (err)
		return err;
	ap->data_dma = dma;
	return 0;
}

/* sky2_rx_map_skb() */
static int acme_rx_map_skb(struct acme_priv *ap, struct sk_buff *skb,
			   unsigned int size)
{
	struct acme_buffer *re = &ap->buf[0];
	int i;

	re->dma = dma_map_single(ap->dev, skb->data, size, DMA_FROM_DEVICE);
	if (dma_mapping_error(ap->dev, re->dma))
		goto mapping_error;

	for (i = 0; i < skb_shinfo(skb)->nr_frags; i++) {
		const skb_frag_t *frag = &skb_shinfo(skb)->frags[i];

		ap->frag_addr[i] = skb_frag_dma_map(ap->dev, frag, 0,
						    skb_frag_size(frag),
						    DMA_FROM_DEVICE);
		if (dma_mapping_error(ap->dev, ap->frag_addr[i]))
			goto map_page_error;
	}
	return 0;

map_page_error:
	while (--i >= 0)
		dma_unmap_page(ap->dev, ap->frag_addr[i],
			       skb_frag_size(&skb_shinfo(skb)->frags[i]),
			       DMA_FROM_DEVICE);
	dma_unmap_single(ap->dev, re->dma, size, DMA_FROM_DEVICE);
mapping_error:
	return -EIO;
}

/* mtk_wed_amsdu_buffer_alloc(), octep_oq_fill_ring_buffers() */
static int acme_rx_fill(struct acme_priv *ap, unsigned int size)
{
	unsigned int i;

	for (i = 0; i < ACME_RING; i++) {
		ap->rx_addr[i] = dma_map_single(ap->dev, ap->rx_skb[i]->data,
						size, DMA_FROM_DEVICE);
		if (dma_mapping_error(ap->dev, ap->rx_addr[i]))
			goto err;
	}
	return 0;

err:
	while (i) {
		i--;
		dma_unmap_single(ap->dev, ap->rx_addr[i], size,
				 DMA_FROM_DEVICE);
	}
	return -ENOMEM;
}

/*
 * ps3_gelic_net's gelic_card_init_chain(), mapping a buffer the structure
 * points to (gelic maps the descriptor itself, and then writes the result
 * into it: raw_dma_cpu_access reports that write).
 */
static int acme_init_chain(struct acme_priv *ap, size_t len)
{
	struct acme_buffer *d = &ap->buf[0];
	int i;

	for (i = 0; i < ACME_RING; i++, d++) {
		d->dma = dma_map_single(ap->dev, d->skb->data, len,
					DMA_BIDIRECTIONAL);
		if (dma_mapping_error(ap->dev, d->dma)) {
			for (i--, d--; 0 <= i; i--, d--)
				dma_unmap_single(ap->dev, d->dma, len,
						 DMA_BIDIRECTIONAL);
			return -ENOMEM;
		}
	}
	return 0;
}

/* pcnet32_realloc_rx_ring(): the unmap is under a test of the address. */
static int acme_realloc_rx(struct acme_priv *ap, dma_addr_t *addrs,
			   unsigned int size)
{
	int new;

	for (new = 0; new < ACME_RING; new++) {
		addrs[new] = dma_map_single(ap->dev, ap->rx_skb[new]->data,
					    size, DMA_FROM_DEVICE);
		if (dma_mapping_error(ap->dev, addrs[new]))
			goto free_all_new;
	}
	return 0;

free_all_new:
	while (new >= 0) {
		if (!dma_mapping_error(ap->dev, addrs[new]))
			dma_unmap_single(ap->dev, addrs[new], size,
					 DMA_FROM_DEVICE);
		new--;
	}
	return -ENOMEM;
}

/* ks8842_start_rx_dma(): the address cleared, then tested at the label. */
static int acme_start_rx_dma(struct acme_priv *ap, struct scatterlist *sg,
			     unsigned int size)
{
	sg_dma_address(sg) = dma_map_single(ap->dev, ap->data, size,
					    DMA_FROM_DEVICE);
	if (dma_mapping_error(ap->dev, sg_dma_address(sg))) {
		sg_dma_address(sg) = 0;
		goto out;
	}
	return 0;
out:
	if (sg_dma_address(sg))
		dma_unmap_single(ap->dev, sg_dma_address(sg), size,
				 DMA_FROM_DEVICE);
	sg_dma_address(sg) = 0;
	return -ENOMEM;
}
