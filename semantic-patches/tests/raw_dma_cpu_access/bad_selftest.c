// SPDX-License-Identifier: GPL-2.0
/*
 * A NIC's loopback self-test and a firmware mailbox that touch their
 * streaming buffers while the device owns them: the test frame filled
 * after its map (forcedeth's nv_loopback_test() shape, once through the
 * pointer skb_put() returns, once through a cast of the mapped pointer),
 * a reply read before the unmap, a command field written after the map
 * with no dma_sync_single_for_device() after it.
 */
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/slab.h>

struct acme_cmd {
	__le16 opcode;
	__le16 len;
	__le32 status;
	u8 data[56];
};

struct acme_priv {
	struct device *dev;
	struct net_device *ndev;
	void __iomem *regs;
	__le32 *tx_desc;
};

static int acme_loopback_test(struct acme_priv *ap)
{
	struct sk_buff *skb;
	dma_addr_t addr;
	u8 *pkt;
	int i;

	skb = netdev_alloc_skb(ap->ndev, ETH_DATA_LEN);
	if (!skb)
		return -ENOMEM;
	addr = dma_map_single(ap->dev, skb->data, skb_tailroom(skb),
			      DMA_FROM_DEVICE);
	if (dma_mapping_error(ap->dev, addr)) {
		dev_kfree_skb_any(skb);
		return -ENOMEM;
	}
	pkt = skb_put(skb, ETH_DATA_LEN);
	for (i = 0; i < ETH_DATA_LEN; i++)
		pkt[i] = (u8)i;	/* KCELL-EXPECT */
	ap->tx_desc[0] = cpu_to_le32(addr);
	writel(1, ap->regs);
	msleep(500);
	dma_unmap_single(ap->dev, addr, skb_tailroom(skb), DMA_TO_DEVICE);
	dev_kfree_skb_any(skb);
	return 0;
}

static int acme_tx_test(struct acme_priv *ap, struct sk_buff *skb)
{
	struct ethhdr *eth;
	dma_addr_t addr;

	addr = dma_map_single(ap->dev, skb->data, skb->len, DMA_TO_DEVICE);
	if (dma_mapping_error(ap->dev, addr))
		return -ENOMEM;
	eth = (struct ethhdr *)skb->data;
	eth_broadcast_addr(eth->h_dest);	/* KCELL-EXPECT */
	ap->tx_desc[0] = cpu_to_le32(addr);
	writel(1, ap->regs);
	msleep(10);
	dma_unmap_single(ap->dev, addr, skb->len, DMA_TO_DEVICE);
	return 0;
}

static int acme_mbox(struct acme_priv *ap, u16 op, void *out, size_t n)
{
	struct acme_cmd *cmd;
	dma_addr_t addr;
	int ret;

	cmd = kzalloc(sizeof(*cmd), GFP_KERNEL);
	if (!cmd)
		return -ENOMEM;
	cmd->opcode = cpu_to_le16(op);
	addr = dma_map_single(ap->dev, cmd, sizeof(*cmd), DMA_BIDIRECTIONAL);
	if (dma_mapping_error(ap->dev, addr)) {
		kfree(cmd);
		return -ENOMEM;
	}
	cmd->len = cpu_to_le16(n);	/* KCELL-EXPECT */
	writel(lower_32_bits(addr), ap->regs);
	msleep(20);
	ret = le32_to_cpu(cmd->status);
	memcpy(out, cmd->data, n);
	dma_unmap_single(ap->dev, addr, sizeof(*cmd), DMA_BIDIRECTIONAL);
	kfree(cmd);
	return ret;
}

static int acme_read_mac(struct acme_priv *ap)
{
	u8 *buf;
	dma_addr_t addr;

	buf = kmalloc(64, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	addr = dma_map_single(ap->dev, buf, 64, DMA_FROM_DEVICE);
	if (dma_mapping_error(ap->dev, addr)) {
		kfree(buf);
		return -ENOMEM;
	}
	writel(lower_32_bits(addr), ap->regs);
	msleep(20);
	if (!is_valid_ether_addr(buf + 4)) {	/* KCELL-EXPECT */
		dma_unmap_single(ap->dev, addr, 64, DMA_FROM_DEVICE);
		kfree(buf);
		return -EINVAL;
	}
	eth_hw_addr_set(ap->ndev, buf + 4);
	dma_unmap_single(ap->dev, addr, 64, DMA_FROM_DEVICE);
	kfree(buf);
	return 0;
}

static struct sk_buff *acme_rx_one(struct acme_priv *ap, unsigned int len)
{
	struct sk_buff *skb;
	dma_addr_t addr;

	skb = netdev_alloc_skb(ap->ndev, len);
	if (!skb)
		return NULL;
	addr = dma_map_single_attrs(ap->dev, skb->data, len, DMA_FROM_DEVICE,
				    DMA_ATTR_SKIP_CPU_SYNC);
	if (dma_mapping_error(ap->dev, addr)) {
		dev_kfree_skb(skb);
		return NULL;
	}
	writel(lower_32_bits(addr), ap->regs);
	msleep(1);
	skb_put(skb, len);
	skb->protocol = eth_type_trans(skb, ap->ndev);	/* KCELL-EXPECT */
	dma_unmap_single_attrs(ap->dev, addr, len, DMA_FROM_DEVICE,
			       DMA_ATTR_SKIP_CPU_SYNC);
	return skb;
}
