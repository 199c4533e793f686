// SPDX-License-Identifier: GPL-2.0
/*
 * Unmaps that undo their maps: dma_unmap_single() of a dma_map_page()
 * mapping and the reverse (the same operation), a direction kept in the
 * ring, a field mapped both ways (XDP transmit and receive share it), a
 * length variable assigned only after the unmap, a mapping replaced
 * before its unmap, sizes that are not comparable on their face, and a
 * resource unmapped as a resource.
 */
#include <linux/dma-mapping.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#define ACME_RING	64
#define ACME_BUF	2048

struct acme_buf {
	struct page *page;
	struct sk_buff *skb;
	dma_addr_t dma;
	unsigned int len;
};

struct acme_ring {
	struct device *dev;
	enum dma_data_direction dma_dir;
	struct acme_buf buf[ACME_RING];
	phys_addr_t db_phys;
	dma_addr_t db_dma;
};

static int acme_page_in(struct acme_ring *r, struct acme_buf *b)
{
	b->dma = dma_map_page(r->dev, b->page, 0, PAGE_SIZE, r->dma_dir);
	if (dma_mapping_error(r->dev, b->dma))
		return -ENOMEM;
	return 0;
}

static void acme_page_out(struct acme_ring *r, struct acme_buf *b)
{
	dma_unmap_page(r->dev, b->dma, PAGE_SIZE, DMA_FROM_DEVICE);
}

static int acme_xdp_tx(struct acme_ring *r, struct acme_buf *b, void *data,
		       unsigned int len)
{
	b->dma = dma_map_single(r->dev, data, len, DMA_TO_DEVICE);
	if (dma_mapping_error(r->dev, b->dma))
		return -ENOMEM;
	b->len = len;
	return 0;
}

static int acme_rx_fill(struct acme_ring *r, struct acme_buf *b)
{
	b->dma = dma_map_page(r->dev, b->page, 0, ACME_BUF, DMA_BIDIRECTIONAL);
	if (dma_mapping_error(r->dev, b->dma))
		return -ENOMEM;
	b->len = ACME_BUF;
	return 0;
}

static void acme_clean(struct acme_ring *r, struct acme_buf *b)
{
	/* Either direction of the two maps above, with their length. */
	dma_unmap_single(r->dev, b->dma, b->len, DMA_TO_DEVICE);
}

static struct sk_buff *acme_rx_one(struct acme_ring *r, struct sk_buff *skb,
				   unsigned int frame_len)
{
	unsigned int len = ACME_BUF;
	dma_addr_t mapping;

	mapping = dma_map_page(r->dev, virt_to_page(skb->data),
			       offset_in_page(skb->data), len, DMA_FROM_DEVICE);
	if (dma_mapping_error(r->dev, mapping))
		return NULL;
	dma_unmap_single(r->dev, mapping, len, DMA_FROM_DEVICE);
	len = frame_len;
	skb_put(skb, len);
	return skb;
}

static int acme_remap(struct acme_ring *r, struct sk_buff *skb)
{
	dma_addr_t mapping;

	mapping = dma_map_single(r->dev, skb->data, ACME_BUF, DMA_FROM_DEVICE);
	if (dma_mapping_error(r->dev, mapping))
		return -ENOMEM;
	dma_unmap_single(r->dev, mapping, ACME_BUF, DMA_FROM_DEVICE);
	mapping = dma_map_single(r->dev, skb->data, skb->len, DMA_TO_DEVICE);
	if (dma_mapping_error(r->dev, mapping))
		return -ENOMEM;
	dma_unmap_single(r->dev, mapping, skb_headlen(skb), DMA_TO_DEVICE);
	return 0;
}

static int acme_doorbell(struct acme_ring *r)
{
	r->db_dma = dma_map_resource(r->dev, r->db_phys, PAGE_SIZE,
				     DMA_BIDIRECTIONAL, 0);
	if (dma_mapping_error(r->dev, r->db_dma))
		return -ENOMEM;
	if (!r->buf[0].page) {
		dma_unmap_resource(r->dev, r->db_dma, PAGE_SIZE,
				   DMA_BIDIRECTIONAL, 0);
		return -ENODEV;
	}
	return 0;
}
