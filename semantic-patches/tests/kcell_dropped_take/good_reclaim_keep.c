// SPDX-License-Identifier: GPL-2.0
/*
 * The counterpart of bad_reclaim_keep.c: reclaimed buffers are granted
 * again on the error path, kept pointers handed on or put back.
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
		rx->rx_errors++;
		dma_lease_grant(&rx->buf[i]);
		return;
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
		/* Returning from the body puts skb back. */
		if (!netif_running(rx->ndev))
			return -ENETDOWN;
		mine = take_cell_keep(skb);
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
	if (old->len) {
		take_cell_put(&rx->staged, old);
		return -EEXIST;
	}
	dev_kfree_skb_any(old);
	return 0;
}

static int acme_unstage_locked(struct acme_rx *rx)
{
	struct sk_buff *skb;
	unsigned long flags;
	int ret = 0;

	spin_lock_irqsave(&rx->lock, flags);
	skb = take_cell_take_locked(&rx->staged, &rx->lock);
	if (skb && !netif_running(rx->ndev)) {
		take_cell_put_locked(&rx->staged, skb, &rx->lock);
		skb = NULL;
		ret = -ENETDOWN;
	}
	spin_unlock_irqrestore(&rx->lock, flags);
	if (!skb)
		return ret ? ret : -ENOENT;
	return acme_hw_queue(rx, skb);
}
