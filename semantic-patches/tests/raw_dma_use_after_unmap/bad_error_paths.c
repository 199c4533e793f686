// SPDX-License-Identifier: GPL-2.0
/*
 * Transmit and setup paths that unmap an address twice: an error branch
 * that unmaps and then jumps to the common cleanup, which unmaps again
 * (the shape of a header mapped before its fragments); a ring slot's
 * bookkeeping unmapped by the drop path and again by the loop that
 * unwinds the fragments; a command buffer unmapped on timeout and again
 * by the function's exit; a command list flushed with a large command
 * unmapped twice in one step of list_for_each_entry().
 */
#include <linux/dma-mapping.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#define ACME_RING	64

struct acme_tx_buf {
	struct sk_buff *skb;
	DEFINE_DMA_UNMAP_ADDR(mapping);
	DEFINE_DMA_UNMAP_LEN(len);
};

struct acme_desc {
	__le64 addr;
	__le32 len;
	__le32 flags;
};

struct acme_priv {
	struct device *dev;
	struct acme_desc *desc;
	struct acme_tx_buf tx_buf[ACME_RING];
	void *cmd;
	dma_addr_t cmd_dma;
	void __iomem *regs;
	struct list_head cmds;
};

struct acme_cmd {
	struct list_head node;
	dma_addr_t dma;
	size_t len;
};

int acme_hw_ready(struct acme_priv *ap);

static int acme_xmit_head(struct acme_priv *ap, struct sk_buff *skb,
			  unsigned int i)
{
	dma_addr_t head;
	int err = 0;

	head = dma_map_single(ap->dev, skb->data, skb_headlen(skb),
			      DMA_TO_DEVICE);
	if (dma_mapping_error(ap->dev, head))
		return -ENOMEM;
	if (skb_shinfo(skb)->nr_frags > 16) {
		dma_unmap_single(ap->dev, head, skb_headlen(skb),
				 DMA_TO_DEVICE);
		err = -EINVAL;
		goto out_unmap;
	}
	ap->desc[i].addr = cpu_to_le64(head);
	ap->desc[i].len = cpu_to_le32(skb_headlen(skb));
	return 0;

out_unmap:
	dma_unmap_single(ap->dev, head, skb_headlen(skb),	/* KCELL-EXPECT */
			 DMA_TO_DEVICE);
	return err;
}

static void acme_tx_drop(struct acme_priv *ap, unsigned int i, int nfrags)
{
	struct acme_tx_buf *tb = &ap->tx_buf[i];

	dma_unmap_single(ap->dev, dma_unmap_addr(tb, mapping),
			 dma_unmap_len(tb, len), DMA_TO_DEVICE);
	if (nfrags) {
		/* the head was already unmapped above */
		dma_unmap_page(ap->dev, dma_unmap_addr(tb, mapping),	/* KCELL-EXPECT */
			       dma_unmap_len(tb, len), DMA_TO_DEVICE);
	}
	dev_kfree_skb_any(tb->skb);
	tb->skb = NULL;
}

static int acme_exec_cmd(struct acme_priv *ap, size_t len)
{
	int ret = 0;

	ap->cmd_dma = dma_map_single(ap->dev, ap->cmd, len, DMA_BIDIRECTIONAL);
	if (dma_mapping_error(ap->dev, ap->cmd_dma))
		return -ENOMEM;
	writel(lower_32_bits(ap->cmd_dma), ap->regs + 0x10);
	if (!acme_hw_ready(ap)) {
		dma_unmap_single(ap->dev, ap->cmd_dma, len, DMA_BIDIRECTIONAL);
		ret = -ETIMEDOUT;
	}
	dma_unmap_single(ap->dev, ap->cmd_dma, len, DMA_BIDIRECTIONAL);	/* KCELL-EXPECT */
	return ret;
}

static void acme_ring_clean(struct acme_priv *ap, struct acme_desc *ring,
			    dma_addr_t *slots, unsigned int n, unsigned int bad)
{
	unsigned int i;

	dma_unmap_single(ap->dev, slots[bad], 2048, DMA_FROM_DEVICE);
	for (i = 0; i < n; i++)
		ring[i].flags = 0;
	dma_unmap_single(ap->dev, slots[bad], 2048, DMA_FROM_DEVICE);	/* KCELL-EXPECT */
}

static void acme_flush_cmds(struct acme_priv *ap)
{
	struct acme_cmd *c;

	list_for_each_entry(c, &ap->cmds, node) {
		dma_unmap_single(ap->dev, c->dma, c->len, DMA_TO_DEVICE);
		if (c->len > 64)
			dma_unmap_single(ap->dev, c->dma, c->len,	/* KCELL-EXPECT */
					 DMA_TO_DEVICE);
	}
}
