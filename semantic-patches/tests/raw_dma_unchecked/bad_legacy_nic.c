// SPDX-License-Identifier: GPL-2.0
/*
 * A tulip-era NIC that never tests its mappings: the transmit path writes
 * the address into a descriptor, the receive refill keeps it in the ring,
 * a bounce copy writes the address into a register at once, fragments
 * go the same way, one test is on the wrong value, and a copybreak
 * receive maps the new buffer under two names and tests neither.
 */
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#define ACME_RING	32
#define ACME_BUF	1536
#define ACME_OWN	BIT(31)
#define ACME_REG_POLL	0x08
#define ACME_REG_CMD	0x10

struct acme_desc {
	__le32 ctl;
	__le32 addr;
};

struct acme_slot {
	struct sk_buff *skb;
	dma_addr_t mapping;
};

struct acme_priv {
	struct device *dev;
	void __iomem *regs;
	struct acme_desc *tx_ring;
	struct acme_desc *rx_ring;
	struct acme_slot tx_skb[ACME_RING];
	struct acme_slot rx_skb[ACME_RING];
	unsigned int tx_head;
	unsigned int rx_tail;
	void *cmd_buf;
};

static netdev_tx_t acme_start_xmit(struct sk_buff *skb, struct net_device *ndev)
{
	struct acme_priv *ap = netdev_priv(ndev);
	unsigned int entry = ap->tx_head;
	struct acme_desc *txd = &ap->tx_ring[entry];
	dma_addr_t mapping;

	mapping = dma_map_single(ap->dev, skb->data, skb->len,	/* KCELL-EXPECT */
				 DMA_TO_DEVICE);
	txd->addr = cpu_to_le32(mapping);
	ap->tx_skb[entry].skb = skb;
	ap->tx_skb[entry].mapping = mapping;
	wmb();
	txd->ctl = cpu_to_le32(ACME_OWN | skb->len);
	ap->tx_head = (entry + 1) % ACME_RING;
	writel(1, ap->regs + ACME_REG_POLL);
	return NETDEV_TX_OK;
}

static void acme_refill_rx(struct acme_priv *ap)
{
	unsigned int entry = ap->rx_tail;
	struct sk_buff *skb;

	skb = netdev_alloc_skb(NULL, ACME_BUF);
	if (!skb)
		return;
	ap->rx_skb[entry].skb = skb;
	ap->rx_skb[entry].mapping = dma_map_single(ap->dev, skb->data,	/* KCELL-EXPECT */
						   ACME_BUF, DMA_FROM_DEVICE);
	ap->rx_ring[entry].addr = cpu_to_le32(ap->rx_skb[entry].mapping);
	wmb();
	ap->rx_ring[entry].ctl = cpu_to_le32(ACME_OWN | ACME_BUF);
}

static void acme_send_cmd(struct acme_priv *ap, size_t len)
{
	writel(dma_map_single(ap->dev, ap->cmd_buf, len, DMA_TO_DEVICE),	/* KCELL-EXPECT */
	       ap->regs + ACME_REG_CMD);
}

static int acme_map_frags(struct acme_priv *ap, struct sk_buff *skb,
			  struct acme_desc *txd)
{
	int i;

	for (i = 0; i < skb_shinfo(skb)->nr_frags; i++) {
		const skb_frag_t *frag = &skb_shinfo(skb)->frags[i];
		dma_addr_t mapping = skb_frag_dma_map(ap->dev, frag, 0,	/* KCELL-EXPECT */
						      skb_frag_size(frag),
						      DMA_TO_DEVICE);

		txd[i].addr = cpu_to_le32(mapping);
		txd[i].ctl = cpu_to_le32(ACME_OWN | skb_frag_size(frag));
	}
	return 0;
}

static int acme_map_page(struct acme_priv *ap, struct page *page,
			 struct acme_desc *rxd)
{
	dma_addr_t mapping;

	mapping = dma_map_page(ap->dev, page, 0, PAGE_SIZE,	/* KCELL-EXPECT */
			       DMA_FROM_DEVICE);
	/* Not a test: a failed mapping is DMA_MAPPING_ERROR, not zero. */
	if (!mapping)
		return -ENOMEM;
	rxd->addr = cpu_to_le32(mapping);
	return 0;
}

static void acme_rx_swap(struct acme_priv *ap, unsigned int entry,
			 struct sk_buff *copy_skb)
{
	dma_addr_t mapping;

	mapping =
	ap->rx_skb[entry].mapping = dma_map_single(ap->dev, copy_skb->data,	/* KCELL-EXPECT */
						   ACME_BUF, DMA_FROM_DEVICE);
	ap->rx_skb[entry].skb = copy_skb;
	ap->rx_ring[entry].addr = cpu_to_le32(mapping);
}
