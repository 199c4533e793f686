// SPDX-License-Identifier: GPL-2.0
/*
 * The tests real drivers write: at once, through a variable, with goto,
 * with unlikely(), on the stored field, together with an address limit
 * in the same condition, after the descriptor is written but before it
 * is handed over, at the top of the fragment loop, against
 * DMA_MAPPING_ERROR, as the return value, through either name of a
 * chained assignment.
 */
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#define ACME_RING	32
#define ACME_BUF	2048
#define ACME_OWN	BIT(31)

struct acme_desc {
	__le64 addr;
	__le32 ctl;
};

struct acme_buffer {
	struct sk_buff *skb;
	dma_addr_t dma;
	unsigned int len;
};

struct acme_ring {
	struct device *dev;
	struct acme_desc *desc;
	struct acme_buffer *buf;
	unsigned int next;
};

static int acme_tx_map(struct acme_ring *r, struct sk_buff *skb)
{
	struct acme_buffer *bi = &r->buf[r->next];
	unsigned int i;

	bi->dma = dma_map_single(r->dev, skb->data, skb_headlen(skb),
				 DMA_TO_DEVICE);
	if (dma_mapping_error(r->dev, bi->dma))
		goto dma_error;
	bi->len = skb_headlen(skb);

	for (i = 0; i < skb_shinfo(skb)->nr_frags; i++) {
		const skb_frag_t *frag = &skb_shinfo(skb)->frags[i];

		bi = &r->buf[(r->next + 1 + i) % ACME_RING];
		bi->dma = skb_frag_dma_map(r->dev, frag, 0, skb_frag_size(frag),
					   DMA_TO_DEVICE);
		if (dma_mapping_error(r->dev, bi->dma))
			goto dma_error;
		bi->len = skb_frag_size(frag);
	}
	return 0;

dma_error:
	return -ENOMEM;
}

static int acme_rx_map(struct acme_ring *r, struct page *page)
{
	struct acme_desc *rxd = &r->desc[r->next];
	dma_addr_t mapping;
	int ret;

	mapping = dma_map_page(r->dev, page, 0, PAGE_SIZE, DMA_FROM_DEVICE);
	ret = dma_mapping_error(r->dev, mapping);
	if (unlikely(ret))
		return ret;
	rxd->addr = cpu_to_le64(mapping);
	return 0;
}

static int acme_rx_map_low(struct acme_ring *r, struct sk_buff *skb)
{
	dma_addr_t mapping;

	mapping = dma_map_single(r->dev, skb->data, ACME_BUF, DMA_FROM_DEVICE);
	if (dma_mapping_error(r->dev, mapping) ||
	    mapping + ACME_BUF > DMA_BIT_MASK(30)) {
		if (!dma_mapping_error(r->dev, mapping))
			dma_unmap_single(r->dev, mapping, ACME_BUF,
					 DMA_FROM_DEVICE);
		return -ENOMEM;
	}
	r->desc[r->next].addr = cpu_to_le64(mapping);
	return 0;
}

static int acme_prepare_desc(struct acme_ring *r, struct acme_desc *d,
			     void *buf, unsigned int len)
{
	dma_addr_t des = dma_map_single(r->dev, buf, len, DMA_TO_DEVICE);

	/* Written before the test, handed to the device only after it. */
	d->addr = cpu_to_le64(des);
	if (dma_mapping_error(r->dev, des))
		return -ENOMEM;
	wmb();
	d->ctl = cpu_to_le32(ACME_OWN | len);
	return 0;
}

static int acme_tx_loop(struct acme_ring *r, struct sk_buff *skb)
{
	unsigned int size = skb_headlen(skb);
	const skb_frag_t *frag;
	struct acme_desc *d = &r->desc[r->next];
	dma_addr_t dma;

	dma = dma_map_single(r->dev, skb->data, size, DMA_TO_DEVICE);
	for (frag = &skb_shinfo(skb)->frags[0];; frag++) {
		if (dma_mapping_error(r->dev, dma))
			return -ENOMEM;
		d->addr = cpu_to_le64(dma);
		d->ctl = cpu_to_le32(size);
		if (frag == &skb_shinfo(skb)->frags[skb_shinfo(skb)->nr_frags])
			break;
		size = skb_frag_size(frag);
		dma = skb_frag_dma_map(r->dev, frag, 0, size, DMA_TO_DEVICE);
		d++;
	}
	d->ctl |= cpu_to_le32(ACME_OWN);
	r->buf[r->next].dma = dma;
	return 0;
}

static int acme_map_cmd(struct acme_ring *r, void *cmd, size_t len)
{
	dma_addr_t a;

	a = dma_map_single(r->dev, cmd, len, DMA_BIDIRECTIONAL);
	if (a == DMA_MAPPING_ERROR)
		return -ENOMEM;
	r->desc[0].addr = cpu_to_le64(a);
	return 0;
}

static int acme_map_ep0(struct acme_ring *r, void *buf)
{
	r->buf[0].dma = dma_map_single(r->dev, buf, ACME_BUF, DMA_FROM_DEVICE);
	return dma_mapping_error(r->dev, r->buf[0].dma);
}

static int acme_map_two_names(struct acme_ring *r, struct sk_buff *skb,
			      dma_addr_t *keep)
{
	struct acme_desc *rxd = &r->desc[r->next];

	rxd->addr = *keep = dma_map_single(r->dev, skb->data, ACME_BUF,
					   DMA_FROM_DEVICE);
	if (dma_mapping_error(r->dev, rxd->addr))
		return -ENOMEM;
	return 0;
}
