// SPDX-License-Identifier: GPL-2.0
/*
 * raw_dma_to_lease, report mode: the shapes of a loopback self-test and of
 * a command whose reply the device writes, each mapping living in one
 * function.  The map line of each is reported.
 */
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/io.h>

struct demo_ring_desc {
	__le32 buf;
	__le32 flaglen;
};

struct demo_priv {
	struct device *dev;
	void __iomem *base;
	struct demo_ring_desc *tx_desc;
};

int demo_poll_loopback(struct demo_priv *np, unsigned int timeout_ms);
int demo_send_command(struct demo_priv *np, u32 op);

static int demo_loopback_test(struct demo_priv *np, struct sk_buff *tx_skb,
			      unsigned int pkt_len)
{
	dma_addr_t test_dma_addr;
	int ret;

	test_dma_addr = dma_map_single(np->dev, tx_skb->data, /* KCELL-EXPECT */
				       skb_tailroom(tx_skb), DMA_TO_DEVICE);
	if (unlikely(dma_mapping_error(np->dev, test_dma_addr)))
		return -ENOMEM;
	np->tx_desc[0].buf = cpu_to_le32(test_dma_addr);
	np->tx_desc[0].flaglen = cpu_to_le32(pkt_len - 1);
	ret = demo_poll_loopback(np, 100);
	dma_unmap_single(np->dev, test_dma_addr, skb_tailroom(tx_skb),
			 DMA_TO_DEVICE);
	return ret;
}

static int demo_read_reply(struct demo_priv *np, void *reply, size_t len)
{
	dma_addr_t reply_iova;
	int err;

	reply_iova = dma_map_single(np->dev, reply, len, DMA_FROM_DEVICE); /* KCELL-EXPECT */
	if (dma_mapping_error(np->dev, reply_iova))
		return -ENOMEM;

	writel(lower_32_bits(reply_iova), np->base + 0x20);
	writel(upper_32_bits(reply_iova), np->base + 0x24);
	err = demo_send_command(np, 7);

	dma_unmap_single(np->dev, reply_iova, len, DMA_FROM_DEVICE);
	return err;
}
