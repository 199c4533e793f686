// SPDX-License-Identifier: GPL-2.0
/*
 * An e1000-like NIC written against kcell: descriptor rings in DMA
 * regions, one DMA lease per buffer, the skb of each TX slot parked in a
 * TakeCell until its completion, statistics in a MapCell and the link
 * speed in an OptionalCell.
 */
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <kcell/kcell.h>

#define ACME_RING		64
#define ACME_RX_BUF		2048
#define ACME_DESC		16
#define ACME_DESC_ADDR		0
#define ACME_DESC_LEN		8
#define ACME_DESC_STATUS	12
#define ACME_DESC_DONE		BIT(31)
#define ACME_DESC_ERR		BIT(30)
#define ACME_REG_TDT		0x3818
#define ACME_REG_RDT		0x2818
#define ACME_REG_ICR		0x00c0

struct acme_stats {
	u64 rx_packets;
	u64 rx_bytes;
	u64 rx_errors;
	u64 tx_packets;
	u64 tx_bytes;
};

struct acme_tx_slot {
	DECLARE_TAKE_CELL(skb, struct sk_buff);
	struct dma_lease lease;
};

struct acme_rx_slot {
	struct dma_lease lease;
	void *buf;
};

struct acme_nic {
	struct net_device *ndev;
	struct pci_dev *pdev;
	void __iomem *regs;
	struct napi_struct napi;
	struct dma_region tx_ring;
	struct dma_region rx_ring;
	struct acme_tx_slot tx[ACME_RING];
	struct acme_rx_slot rx[ACME_RING];
	unsigned int tx_head;
	unsigned int tx_tail;
	unsigned int rx_head;
	DECLARE_MAP_CELL(stats, struct acme_stats);
	DECLARE_OPTIONAL_CELL(speed, u32);
};

static int acme_desc_post(struct dma_region *ring, unsigned int i,
			  kcell_dma_t bus, u32 len)
{
	size_t off = i * ACME_DESC;
	int ret;

	ret = dma_region_write(ring, off + ACME_DESC_ADDR,
			       kcell_dma_to_le64(bus));
	if (ret)
		return ret;
	ret = dma_region_write(ring, off + ACME_DESC_STATUS, (u32)0);
	if (ret)
		return ret;
	dma_wmb();
	return dma_region_write(ring, off + ACME_DESC_LEN, len);
}

static int acme_rx_arm(struct acme_nic *nic, unsigned int i)
{
	kcell_dma_t bus;

	bus = dma_lease_grant(&nic->rx[i].lease);
	if (kcell_dma_is_error(bus))
		return -EBUSY;
	return acme_desc_post(&nic->rx_ring, i, bus, ACME_RX_BUF);
}

static netdev_tx_t acme_xmit(struct sk_buff *skb, struct net_device *ndev)
{
	struct acme_nic *nic = netdev_priv(ndev);
	unsigned int i = nic->tx_head;
	struct acme_tx_slot *slot = &nic->tx[i];
	kcell_dma_t bus;
	int ret;

	if (take_cell_is_some(&slot->skb)) {
		netif_stop_queue(ndev);
		return NETDEV_TX_BUSY;
	}
	ret = dma_lease_map(&slot->lease, &nic->pdev->dev, skb->data,
			    skb_headlen(skb), DMA_TO_DEVICE);
	if (ret)
		goto drop;
	bus = dma_lease_grant(&slot->lease);
	if (kcell_dma_is_error(bus))
		goto unmap;
	if (!take_cell_put(&slot->skb, skb)) {
		dma_lease_reclaim(&slot->lease);
		goto unmap;
	}
	acme_desc_post(&nic->tx_ring, i, bus, skb_headlen(skb));
	nic->tx_head = (i + 1) % ACME_RING;
	writel(nic->tx_head, nic->regs + ACME_REG_TDT);
	return NETDEV_TX_OK;

unmap:
	dma_lease_unmap(&slot->lease);
drop:
	dev_kfree_skb_any(skb);
	map_cell_map(&nic->stats, st)
		st->tx_packets++;
	return NETDEV_TX_OK;
}

static void acme_tx_clean(struct acme_nic *nic)
{
	struct acme_tx_slot *slot;
	struct sk_buff *skb;
	unsigned int i;
	u32 status;

	while (nic->tx_tail != nic->tx_head) {
		i = nic->tx_tail;
		slot = &nic->tx[i];
		if (dma_region_read(&nic->tx_ring, i * ACME_DESC + ACME_DESC_STATUS,
				    &status))
			break;
		if (!(status & ACME_DESC_DONE))
			break;
		dma_lease_reclaim(&slot->lease);
		dma_lease_unmap(&slot->lease);
		skb = take_cell_take(&slot->skb);
		if (skb) {
			map_cell_map(&nic->stats, st) {
				st->tx_packets++;
				st->tx_bytes += skb->len;
			}
			dev_consume_skb_any(skb);
		}
		nic->tx_tail = (i + 1) % ACME_RING;
	}
	if (netif_queue_stopped(nic->ndev))
		netif_wake_queue(nic->ndev);
}

static int acme_rx_poll(struct acme_nic *nic, int budget)
{
	struct acme_rx_slot *slot;
	struct sk_buff *skb;
	unsigned int i, len;
	int done = 0;
	u32 status;
	u8 *data;

	while (done < budget) {
		i = nic->rx_head;
		slot = &nic->rx[i];
		if (dma_region_read(&nic->rx_ring, i * ACME_DESC + ACME_DESC_STATUS,
				    &status))
			break;
		if (!(status & ACME_DESC_DONE))
			break;
		data = dma_lease_reclaim(&slot->lease);
		len = status & 0xffff;
		if ((status & ACME_DESC_ERR) || len > ACME_RX_BUF) {
			map_cell_map(&nic->stats, st)
				st->rx_errors++;
			acme_rx_arm(nic, i);
			goto next;
		}
		skb = napi_alloc_skb(&nic->napi, len);
		if (skb) {
			skb_put_data(skb, data, len);
			skb->protocol = eth_type_trans(skb, nic->ndev);
			napi_gro_receive(&nic->napi, skb);
			map_cell_map(&nic->stats, st) {
				st->rx_packets++;
				st->rx_bytes += len;
			}
		}
		acme_rx_arm(nic, i);
next:
		nic->rx_head = (i + 1) % ACME_RING;
		done++;
	}
	writel(nic->rx_head, nic->regs + ACME_REG_RDT);
	return done;
}

static int acme_napi_poll(struct napi_struct *napi, int budget)
{
	struct acme_nic *nic = container_of(napi, struct acme_nic, napi);
	int done;

	acme_tx_clean(nic);
	done = acme_rx_poll(nic, budget);
	if (done < budget)
		napi_complete_done(napi, done);
	return done;
}

static irqreturn_t acme_irq(int irq, void *data)
{
	struct acme_nic *nic = data;

	if (!readl(nic->regs + ACME_REG_ICR))
		return IRQ_NONE;
	napi_schedule(&nic->napi);
	return IRQ_HANDLED;
}

static void acme_get_stats64(struct net_device *ndev,
			     struct rtnl_link_stats64 *s)
{
	struct acme_nic *nic = netdev_priv(ndev);

	map_cell_map(&nic->stats, st) {
		s->rx_packets = st->rx_packets;
		s->rx_bytes = st->rx_bytes;
		s->rx_errors = st->rx_errors;
		s->tx_packets = st->tx_packets;
		s->tx_bytes = st->tx_bytes;
	}
}

static void acme_rx_free(struct acme_nic *nic, unsigned int n)
{
	struct acme_rx_slot *slot;
	unsigned int i;

	for (i = 0; i < n; i++) {
		slot = &nic->rx[i];
		if (dma_lease_is_granted(&slot->lease))
			dma_lease_reclaim(&slot->lease);
		dma_lease_unmap(&slot->lease);
		kfree(slot->buf);
		slot->buf = NULL;
	}
}

static int acme_open(struct net_device *ndev)
{
	struct acme_nic *nic = netdev_priv(ndev);
	struct device *dev = &nic->pdev->dev;
	struct acme_rx_slot *slot;
	unsigned int i;
	int ret;

	ret = dma_region_alloc(&nic->tx_ring, dev, ACME_RING * ACME_DESC,
			       GFP_KERNEL);
	if (ret)
		return ret;
	ret = dma_region_alloc(&nic->rx_ring, dev, ACME_RING * ACME_DESC,
			       GFP_KERNEL);
	if (ret)
		goto err_tx_ring;

	for (i = 0; i < ACME_RING; i++) {
		take_cell_init(&nic->tx[i].skb, NULL);
		slot = &nic->rx[i];
		slot->buf = kmalloc(ACME_RX_BUF, GFP_KERNEL);
		if (!slot->buf) {
			ret = -ENOMEM;
			goto err_rx;
		}
		ret = dma_lease_map(&slot->lease, dev, slot->buf, ACME_RX_BUF,
				    DMA_FROM_DEVICE);
		if (ret) {
			kfree(slot->buf);
			slot->buf = NULL;
			goto err_rx;
		}
		ret = acme_rx_arm(nic, i);
		if (ret) {
			i++;
			goto err_rx;
		}
	}

	ret = request_irq(nic->pdev->irq, acme_irq, IRQF_SHARED,
			  netdev_name(ndev), nic);
	if (ret)
		goto err_rx;
	nic->tx_head = 0;
	nic->tx_tail = 0;
	nic->rx_head = 0;
	optional_cell_set(&nic->speed, 1000);
	napi_enable(&nic->napi);
	netif_start_queue(ndev);
	return 0;

err_rx:
	acme_rx_free(nic, i);
	dma_region_free(&nic->rx_ring);
err_tx_ring:
	dma_region_free(&nic->tx_ring);
	return ret;
}

static int acme_stop(struct net_device *ndev)
{
	struct acme_nic *nic = netdev_priv(ndev);
	struct sk_buff *skb;
	unsigned int i;

	netif_stop_queue(ndev);
	napi_disable(&nic->napi);
	free_irq(nic->pdev->irq, nic);
	optional_cell_clear(&nic->speed);
	for (i = 0; i < ACME_RING; i++) {
		struct acme_tx_slot *slot = &nic->tx[i];

		if (dma_lease_is_granted(&slot->lease))
			dma_lease_reclaim(&slot->lease);
		dma_lease_unmap(&slot->lease);
		skb = take_cell_take(&slot->skb);
		dev_kfree_skb_any(skb);
	}
	acme_rx_free(nic, ACME_RING);
	dma_region_free(&nic->rx_ring);
	dma_region_free(&nic->tx_ring);
	return 0;
}

static u32 acme_link_speed(struct net_device *ndev)
{
	struct acme_nic *nic = netdev_priv(ndev);
	u32 speed;

	if (!optional_cell_get(&nic->speed, &speed))
		return SPEED_UNKNOWN;
	return speed;
}

static const struct net_device_ops acme_netdev_ops = {
	.ndo_open = acme_open,
	.ndo_stop = acme_stop,
	.ndo_start_xmit = acme_xmit,
	.ndo_get_stats64 = acme_get_stats64,
};
