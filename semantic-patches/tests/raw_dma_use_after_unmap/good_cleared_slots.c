// SPDX-License-Identifier: GPL-2.0
/*
 * The idioms that make a second unmap safe: the address cleared after
 * the unmap and tested before the next one (a local, a field, the
 * dma_unmap_addr() bookkeeping), the length cleared with
 * dma_unmap_len_set() and tested, the slot's skb pointer cleared, a flag
 * cleared, the slot handed to a helper that resets it, and a fresh
 * mapping stored in the same field (a re-map).
 */
#include <linux/dma-mapping.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#define ACME_RING	64
#define ACME_BUF	2048

struct acme_buf {
	struct sk_buff *skb;
	void *data;
	dma_addr_t dma;
	bool mapped;
	DEFINE_DMA_UNMAP_ADDR(mapping);
	DEFINE_DMA_UNMAP_LEN(len);
};

struct acme_priv {
	struct device *dev;
	struct acme_buf bufs[ACME_RING];
	__le64 *desc;
	dma_addr_t cmd_dma;
	void *cmd;
};

void acme_reset_buf(struct acme_buf *b);

static void acme_free_local(struct acme_priv *ap, void *p, size_t len)
{
	dma_addr_t d;

	d = dma_map_single(ap->dev, p, len, DMA_TO_DEVICE);
	if (dma_mapping_error(ap->dev, d))
		return;
	if (len > 64) {
		dma_unmap_single(ap->dev, d, len, DMA_TO_DEVICE);
		d = 0;
	}
	if (d)
		dma_unmap_single(ap->dev, d, len, DMA_TO_DEVICE);
}

static void acme_free_field(struct acme_priv *ap, size_t len, int err)
{
	if (err) {
		dma_unmap_single(ap->dev, ap->cmd_dma, len, DMA_BIDIRECTIONAL);
		ap->cmd_dma = 0;
	}
	if (ap->cmd_dma)
		dma_unmap_single(ap->dev, ap->cmd_dma, len, DMA_BIDIRECTIONAL);
}

static void acme_unmap_len_cleared(struct acme_priv *ap, struct acme_buf *b,
				   bool twice)
{
	if (dma_unmap_len(b, len)) {
		dma_unmap_single(ap->dev, dma_unmap_addr(b, mapping),
				 dma_unmap_len(b, len), DMA_TO_DEVICE);
		dma_unmap_len_set(b, len, 0);
	}
	if (twice && dma_unmap_len(b, len))
		dma_unmap_page(ap->dev, dma_unmap_addr(b, mapping),
			       dma_unmap_len(b, len), DMA_TO_DEVICE);
}

static void acme_unmap_addr_cleared(struct acme_priv *ap, struct acme_buf *b)
{
	dma_unmap_single(ap->dev, dma_unmap_addr(b, mapping), ACME_BUF,
			 DMA_FROM_DEVICE);
	dma_unmap_addr_set(b, mapping, 0);
	if (dma_unmap_addr(b, mapping))
		dma_unmap_single(ap->dev, dma_unmap_addr(b, mapping), ACME_BUF,
				 DMA_FROM_DEVICE);
}

static void acme_skb_cleared(struct acme_priv *ap, struct acme_buf *b,
			     bool again)
{
	if (b->skb) {
		dma_unmap_single(ap->dev, b->dma, ACME_BUF, DMA_FROM_DEVICE);
		dev_kfree_skb_any(b->skb);
		b->skb = NULL;
	}
	if (again && b->skb)
		dma_unmap_single(ap->dev, b->dma, ACME_BUF, DMA_FROM_DEVICE);
}

static void acme_flag_cleared(struct acme_priv *ap, unsigned int i)
{
	if (ap->bufs[i].mapped) {
		dma_unmap_single(ap->dev, ap->bufs[i].dma, ACME_BUF,
				 DMA_FROM_DEVICE);
		ap->bufs[i].mapped = false;
	}
	if (ap->bufs[i].mapped)
		dma_unmap_single(ap->dev, ap->bufs[i].dma, ACME_BUF,
				 DMA_FROM_DEVICE);
}

static void acme_helper_resets(struct acme_priv *ap, struct acme_buf *b)
{
	dma_unmap_single(ap->dev, b->dma, ACME_BUF, DMA_FROM_DEVICE);
	acme_reset_buf(b);
	if (b->dma)
		dma_unmap_single(ap->dev, b->dma, ACME_BUF, DMA_FROM_DEVICE);
}

static int acme_remap(struct acme_priv *ap, struct acme_buf *b, unsigned int i)
{
	dma_unmap_single(ap->dev, b->dma, ACME_BUF, DMA_FROM_DEVICE);
	b->dma = dma_map_single(ap->dev, b->data, ACME_BUF, DMA_FROM_DEVICE);
	if (dma_mapping_error(ap->dev, b->dma))
		return -ENOMEM;
	ap->desc[i] = cpu_to_le64(b->dma);
	dma_sync_single_for_device(ap->dev, b->dma, ACME_BUF, DMA_FROM_DEVICE);
	return 0;
}

static int acme_remap_local(struct acme_priv *ap, struct acme_buf *b,
			    unsigned int i)
{
	dma_addr_t d = b->dma;

	dma_unmap_single(ap->dev, d, ACME_BUF, DMA_FROM_DEVICE);
	d = dma_map_single(ap->dev, b->data, ACME_BUF, DMA_FROM_DEVICE);
	if (dma_mapping_error(ap->dev, d))
		return -ENOMEM;
	ap->desc[i] = cpu_to_le64(d);
	b->dma = d;
	return 0;
}

static int acme_remap_addr_set(struct acme_priv *ap, struct acme_buf *b,
			       unsigned int i)
{
	dma_addr_t d;

	dma_unmap_single(ap->dev, dma_unmap_addr(b, mapping), ACME_BUF,
			 DMA_FROM_DEVICE);
	d = dma_map_single(ap->dev, b->data, ACME_BUF, DMA_FROM_DEVICE);
	if (dma_mapping_error(ap->dev, d))
		return -ENOMEM;
	dma_unmap_addr_set(b, mapping, d);
	ap->desc[i] = cpu_to_le64(dma_unmap_addr(b, mapping));
	return 0;
}

/*
 * 6.12 shapes: a local cleared to NULL after the unmap and tested before
 * the address is used again (lib82596's skb = NULL on the drop path),
 * and a copy of the address into a local with a comment before it
 * (dpaa_eth's vaddr = phys_to_virt(addr)).
 */
struct sk_buff *acme_alloc_rx(struct acme_priv *ap);

static void acme_rx_one(struct acme_priv *ap, struct acme_buf *b,
			unsigned int len)
{
	struct sk_buff *skb = b->skb;
	int in_place = 0;

	if (len > 256) {
		struct sk_buff *nskb;

		dma_unmap_single(ap->dev, b->dma, ACME_BUF, DMA_FROM_DEVICE);
		nskb = acme_alloc_rx(ap);
		if (!nskb) {
			skb = NULL;
			goto drop;
		}
		in_place = 1;
		b->skb = nskb;
		b->dma = dma_map_single(ap->dev, nskb->data, ACME_BUF,
					DMA_FROM_DEVICE);
		if (dma_mapping_error(ap->dev, b->dma))
			b->dma = 0;
	}
drop:
	if (skb && !in_place)
		dma_sync_single_for_cpu(ap->dev, b->dma, ACME_BUF,
					DMA_FROM_DEVICE);
}

static void *acme_rx_vaddr(struct acme_priv *ap, dma_addr_t addr)
{
	void *vaddr;

	dma_unmap_page(ap->dev, addr, PAGE_SIZE, DMA_FROM_DEVICE);

	/* the frame is the CPU's now */
	vaddr = phys_to_virt(addr);
	return vaddr;
}
