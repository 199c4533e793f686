// SPDX-License-Identifier: GPL-2.0
/*
 * Pointers moved out by dma_lease_reclaim(), take_cell_keep(),
 * take_cell_replace() and take_cell_take_locked(), then dropped on an
 * early return.
 */
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <kcell/kcell.h>

/* The hardware layer: acme_rx_deliver(), acme_rx_post(), acme_hw_queue(). */
#include "acme_hw.h"

#define ACME_RX_RING	16
#define ACME_RX_ERR	BIT(30)

struct acme_rx {
	struct net_device *ndev;
	struct dma_lease buf[ACME_RX_RING];
	DECLARE_TAKE_CELL(spare, struct sk_buff);
	DECLARE_TAKE_CELL(staged, struct sk_buff);
	spinlock_t lock;
	unsigned int rx_errors;
};

static void acme_rx_one(struct acme_rx *rx, unsigned int i, u32 status)
{
	void *data;

	data = dma_lease_reclaim(&rx->buf[i]);
	if (status & ACME_RX_ERR) {
		/* The slot is neither delivered nor handed back. */
		rx->rx_errors++;
		return;	/* KCELL-EXPECT */
	}
	acme_rx_deliver(rx, data, status & 0xffff);
	acme_rx_post(rx, i);
}

static int acme_stage(struct acme_rx *rx, unsigned int len)
{
	take_cell_map(&rx->spare, skb) {
		struct sk_buff *mine;

		if (skb->len < len)
			continue;
		mine = take_cell_keep(skb);
		if (!netif_running(rx->ndev))
			return -ENETDOWN;	/* KCELL-EXPECT */
		return acme_hw_queue(rx, mine);
	}
	return -ENOBUFS;
}

static int acme_swap_spare(struct acme_rx *rx, struct sk_buff *fresh)
{
	struct sk_buff *old;

	old = take_cell_replace(&rx->spare, fresh);
	if (!old)
		return 0;
	if (old->len)
		return -EEXIST;	/* KCELL-EXPECT */
	dev_kfree_skb_any(old);
	return 0;
}

static int acme_unstage_locked(struct acme_rx *rx)
{
	struct sk_buff *skb;
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&rx->lock, flags);
	skb = take_cell_take_locked(&rx->staged, &rx->lock);
	spin_unlock_irqrestore(&rx->lock, flags);
	if (!skb)
		return -ENOENT;
	ret = netif_running(rx->ndev) ? 0 : -ENETDOWN;
	if (ret)
		return ret;	/* KCELL-EXPECT */
	return acme_hw_queue(rx, skb);
}
