// SPDX-License-Identifier: GPL-2.0
/*
 * Receive paths that give the CPU its buffer back before touching it:
 * copybreak (sync for the CPU, copy, sync back for the device), a frame
 * read after its unmap, a buffer filled before its map, a prefetch of a
 * mapped buffer (a hint that reads nothing the CPU then uses: the sync
 * for the CPU that follows invalidates what it brought in), descriptor
 * memory from dma_alloc_coherent(), addresses and sizes of the buffer
 * taken while it is mapped, a helper of the file that unmaps, a pointer
 * given a new buffer after the map.
 */
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/prefetch.h>
#include <linux/skbuff.h>
#include <linux/slab.h>

#define ACME_RING	64
#define ACME_BUF	1536
#define ACME_COPYBREAK	256

struct acme_rx_desc {
	__le32 addr;
	__le16 len;
	__le16 status;
};

struct acme_rx_buf {
	struct sk_buff *skb;
	dma_addr_t dma;
};

struct acme_priv {
	struct device *dev;
	struct net_device *ndev;
	struct napi_struct napi;
	void __iomem *regs;
	struct acme_rx_desc *rx_ring;
	dma_addr_t rx_ring_dma;
	struct acme_rx_buf rx_buf[ACME_RING];
	u8 *fw_buf;
	dma_addr_t fw_dma;
};

static int acme_refill(struct acme_priv *ap, unsigned int i)
{
	struct sk_buff *skb = netdev_alloc_skb_ip_align(ap->ndev, ACME_BUF);
	dma_addr_t mapping;

	if (!skb)
		return -ENOMEM;
	mapping = dma_map_single(ap->dev, skb->data, ACME_BUF, DMA_FROM_DEVICE);
	if (dma_mapping_error(ap->dev, mapping)) {
		dev_kfree_skb(skb);
		return -ENOMEM;
	}
	prefetchw(skb->data);
	ap->rx_buf[i].skb = skb;
	ap->rx_buf[i].dma = mapping;
	ap->rx_ring[i].addr = cpu_to_le32(mapping);
	ap->rx_ring[i].len = cpu_to_le16(ACME_BUF);
	ap->rx_ring[i].status = 0;
	return 0;
}

static void acme_rx(struct acme_priv *ap, unsigned int i)
{
	struct acme_rx_buf *rb = &ap->rx_buf[i];
	unsigned int len = le16_to_cpu(ap->rx_ring[i].len);
	struct sk_buff *skb = rb->skb, *copy;

	prefetch(skb->data);
	if (len < ACME_COPYBREAK) {
		copy = napi_alloc_skb(&ap->napi, len);
		if (!copy)
			return;
		dma_sync_single_for_cpu(ap->dev, rb->dma, len, DMA_FROM_DEVICE);
		skb_copy_to_linear_data(copy, skb->data, len);
		dma_sync_single_for_device(ap->dev, rb->dma, len,
					   DMA_FROM_DEVICE);
		skb_put(copy, len);
		copy->protocol = eth_type_trans(copy, ap->ndev);
		napi_gro_receive(&ap->napi, copy);
		return;
	}
	dma_unmap_single(ap->dev, rb->dma, ACME_BUF, DMA_FROM_DEVICE);
	skb_put(skb, len);
	skb->protocol = eth_type_trans(skb, ap->ndev);
	napi_gro_receive(&ap->napi, skb);
	acme_refill(ap, i);
}

static void acme_unmap_fw(struct acme_priv *ap)
{
	dma_unmap_single(ap->dev, ap->fw_dma, PAGE_SIZE, DMA_BIDIRECTIONAL);
}

static int acme_fw_query(struct acme_priv *ap, u8 *mac)
{
	u8 *buf = ap->fw_buf;

	memset(buf, 0, PAGE_SIZE);
	buf[0] = 0x42;
	ap->fw_dma = dma_map_single(ap->dev, buf, PAGE_SIZE, DMA_BIDIRECTIONAL);
	if (dma_mapping_error(ap->dev, ap->fw_dma))
		return -ENOMEM;
	writel(lower_32_bits(ap->fw_dma), ap->regs);
	readl_poll_timeout(ap->regs, 0, 1, 10, 1000);
	acme_unmap_fw(ap);
	ether_addr_copy(mac, buf + 2);
	return buf[1];
}

static int acme_fw_peek(struct acme_priv *ap)
{
	u8 *buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	dma_addr_t addr;
	int ret;

	if (!buf)
		return -ENOMEM;
	addr = dma_map_single(ap->dev, buf, PAGE_SIZE, DMA_FROM_DEVICE);
	if (dma_mapping_error(ap->dev, addr)) {
		kfree(buf);
		return -ENOMEM;
	}
	writel(lower_32_bits(addr), ap->regs);
	writel(sizeof(*buf) * PAGE_SIZE, ap->regs + 4);
	writel(lower_32_bits(virt_to_phys(&buf[16])), ap->regs + 8);
	dma_sync_single_for_cpu(ap->dev, addr, PAGE_SIZE, DMA_FROM_DEVICE);
	ret = buf[0];
	dma_sync_single_for_device(ap->dev, addr, PAGE_SIZE, DMA_FROM_DEVICE);
	writel(1, ap->regs);
	dma_unmap_single(ap->dev, addr, PAGE_SIZE, DMA_FROM_DEVICE);
	ret += buf[1];
	buf = kmalloc(16, GFP_KERNEL);
	if (buf) {
		buf[0] = 0;
		kfree(buf);
	}
	return ret;
}

static int acme_ring_init(struct acme_priv *ap)
{
	unsigned int i;

	ap->rx_ring = dma_alloc_coherent(ap->dev,
					 ACME_RING * sizeof(*ap->rx_ring),
					 &ap->rx_ring_dma, GFP_KERNEL);
	if (!ap->rx_ring)
		return -ENOMEM;
	for (i = 0; i < ACME_RING; i++) {
		if (acme_refill(ap, i))
			return -ENOMEM;
		ap->rx_ring[i].status = cpu_to_le16(1);
	}
	return 0;
}

static int acme_fill_ring(struct acme_priv *ap, u8 **bufs)
{
	unsigned int i;
	dma_addr_t a;

	for (i = 0; i < ACME_RING; i++) {
		bufs[i][0] = 0;
		a = dma_map_single(ap->dev, bufs[i], ACME_BUF, DMA_FROM_DEVICE);
		if (dma_mapping_error(ap->dev, a))
			return -ENOMEM;
		ap->rx_ring[i].addr = cpu_to_le32(a);
	}
	return 0;
}
