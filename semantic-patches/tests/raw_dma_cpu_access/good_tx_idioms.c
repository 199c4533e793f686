// SPDX-License-Identifier: GPL-2.0
/*
 * Transmit buffers: filled before the map, read while mapped (the DMA API
 * allows the CPU to read a DMA_TO_DEVICE buffer: only its writes are
 * lost), written after the map and handed back with
 * dma_sync_single_for_device(), a frame rewritten only after its unmap.
 */
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

struct acme_priv {
	struct device *dev;
	struct net_device *ndev;
	void __iomem *regs;
	__le32 *tx_desc;
	u8 *tx_bounce;
	dma_addr_t tx_bounce_dma;
};

static netdev_tx_t acme_xmit(struct sk_buff *skb, struct net_device *ndev)
{
	struct acme_priv *ap = netdev_priv(ndev);
	struct ethhdr *eth;
	dma_addr_t addr;

	eth = (struct ethhdr *)skb->data;
	ether_addr_copy(eth->h_source, ndev->dev_addr);
	addr = dma_map_single(ap->dev, skb->data, skb->len, DMA_TO_DEVICE);
	if (dma_mapping_error(ap->dev, addr)) {
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}
	if (is_multicast_ether_addr(eth->h_dest))
		ndev->stats.multicast++;
	if (eth->h_proto == htons(ETH_P_8021Q))
		ap->tx_desc[1] = cpu_to_le32(1);
	ap->tx_desc[0] = cpu_to_le32(addr);
	writel(1, ap->regs);
	return NETDEV_TX_OK;
}

static void acme_tx_bounce(struct acme_priv *ap, struct sk_buff *skb)
{
	u8 *buf = ap->tx_bounce;

	dma_sync_single_for_cpu(ap->dev, ap->tx_bounce_dma, skb->len,
				DMA_TO_DEVICE);
	skb_copy_from_linear_data(skb, buf, skb->len);
	dma_sync_single_for_device(ap->dev, ap->tx_bounce_dma, skb->len,
				   DMA_TO_DEVICE);
	writel(1, ap->regs);
}

static int acme_tx_patch(struct acme_priv *ap, struct sk_buff *skb)
{
	dma_addr_t addr;

	addr = dma_map_single(ap->dev, skb->data, skb->len, DMA_TO_DEVICE);
	if (dma_mapping_error(ap->dev, addr))
		return -ENOMEM;
	skb->data[12] = 0x81;
	dma_sync_single_for_device(ap->dev, addr, skb->len, DMA_TO_DEVICE);
	ap->tx_desc[0] = cpu_to_le32(addr);
	writel(1, ap->regs);
	return 0;
}

static void acme_tx_done(struct acme_priv *ap, struct sk_buff *skb,
			 dma_addr_t addr)
{
	dma_unmap_single(ap->dev, addr, skb->len, DMA_TO_DEVICE);
	memset(skb->data, 0, ETH_HLEN);
	dev_kfree_skb_any(skb);
}
