// SPDX-License-Identifier: GPL-2.0
/*
 * kcell_e100: the command block list, and transmit.
 *
 * The command unit follows a ring of command blocks linked by their link
 * fields, and stops after a block whose command has the suspend bit
 * (cb_s).  A transmit is one block whose buffer descriptor, inside the
 * block, points at the skb's data; configuration, the individual address
 * and the multicast list are blocks too, queued the same way.  The blocks
 * are a struct dma_ring: the skb's buffer is posted with the block and
 * comes back only through dma_ring_reclaim(), when the device marked the
 * block complete, or from a device that was reset.
 *
 * Who touches what: everything here is under @cb_lock (transmit, the
 * control commands, NAPI's completion), except allocation and freeing,
 * which run under RTNL with the device reset and NAPI disabled.  A list
 * takes commands only while @avail is not 0: set under the lock once the
 * list is ready, cleared under it before the device is reset.
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/slab.h>

#include "kcell_e100.h"

#define CB_RING(nic)	(&(nic)->cbs.ring)

static unsigned int cb_next(const struct kcell_e100_cbs *cbs, unsigned int i)
{
	return i + 1 < cbs->count ? i + 1 : 0;
}

/**
 * kcell_e100_cbs_alloc() - allocate the command block list, linked
 * @nic: the adapter, its device reset
 *
 * Return: 0 or -ENOMEM.
 */
int kcell_e100_cbs_alloc(struct kcell_e100 *nic)
{
	struct kcell_e100_cbs *cbs = &nic->cbs;
	unsigned int i, count = nic->cbs_count;
	int err;

	cbs->skb = kcalloc(count, sizeof(*cbs->skb), GFP_KERNEL);
	if (!cbs->skb)
		return -ENOMEM;
	err = dma_ring_alloc(&cbs->ring, nic->dev, count,
			     struct kcell_e100_cb, status, GFP_KERNEL);
	if (err) {
		kfree(cbs->skb);
		cbs->skb = NULL;
		return err;
	}
	cbs->count = count;
	for (i = 0; i < count; i++)
		dma_ring_link(&cbs->ring, i, struct kcell_e100_cb, link,
			      cb_next(cbs, i), status);
	cbs->to_use = 0;
	cbs->to_send = 0;
	cbs->to_clean = 0;
	cbs->cuc_cmd = cuc_start;
	dma_ring_start(&cbs->ring);
	return 0;
}

/**
 * kcell_e100_cbs_open() - take commands from now on
 * @nic: the adapter, its list allocated and its device reset and tested
 *
 * Not before: ndo_set_rx_mode queues commands without RTNL, and one
 * queued before the reset would be wiped by it, leaving the command unit
 * idle where the list says it was started.
 */
void kcell_e100_cbs_open(struct kcell_e100 *nic)
{
	spin_lock_irq(&nic->cb_lock);
	nic->cbs.avail = nic->cbs.count;
	spin_unlock_irq(&nic->cb_lock);
}

/**
 * kcell_e100_cbs_stop() - take no more commands
 * @nic: the adapter
 *
 * Before the device is reset for good: a command queued after the reset
 * (ndo_set_rx_mode does not hold RTNL) would start the command unit again
 * on a list about to be freed.  Afterwards kcell_e100_exec_cb() refuses
 * every command, and none is in progress.
 */
void kcell_e100_cbs_stop(struct kcell_e100 *nic)
{
	spin_lock_irq(&nic->cb_lock);
	nic->cbs.avail = 0;
	spin_unlock_irq(&nic->cb_lock);
}

/**
 * kcell_e100_cbs_free() - take back every buffer and free the list
 * @nic: the adapter, stopped (kcell_e100_cbs_stop()) and its device reset
 *	(it does no more DMA)
 */
void kcell_e100_cbs_free(struct kcell_e100 *nic)
{
	struct kcell_e100_cbs *cbs = &nic->cbs;
	unsigned int i;

	kcell_e100_cbs_stop(nic);
	if (!cbs->skb)
		return;
	dma_ring_stop(&cbs->ring);
	for (i = 0; i < cbs->count; i++) {
		dma_ring_reclaim_stopped(&cbs->ring, i);
		dma_ring_unmap(&cbs->ring, i);
		dev_kfree_skb_any(cbs->skb[i]);
	}
	dma_ring_free(&cbs->ring);
	kfree(cbs->skb);
	cbs->skb = NULL;
	cbs->count = 0;
	cbs->avail = 0;
}

/* Tells the command unit of every block queued since the last call. */
static void kcell_e100_cbs_send(struct kcell_e100 *nic, int err)
{
	struct kcell_e100_cbs *cbs = &nic->cbs;

	while (cbs->to_send != cbs->to_use) {
		if (kcell_e100_exec_cmd(nic, cbs->cuc_cmd,
					dma_ring_desc_addr(&cbs->ring,
							   cbs->to_send))) {
			/*
			 * The command unit is busy: what is queued goes with
			 * the next command; on a full list nothing would
			 * come, so reset.
			 */
			if (err == -ENOSPC)
				schedule_delayed_work(&nic->reset_task, 0);
			break;
		}
		cbs->cuc_cmd = cuc_resume;
		cbs->to_send = cb_next(cbs, cbs->to_send);
	}
}

/**
 * kcell_e100_exec_cb() - queue a command block
 * @nic: the adapter
 * @skb: for a transmit, the frame; else NULL
 * @prepare: fills block @i (and for a transmit, posts @skb's buffer)
 *
 * A transmit that takes the last free block, or finds none, stops the
 * queue here, under the list's lock, so that the completion that frees a
 * block (under the same lock) cannot miss waking it.
 *
 * Return: 0; -ENOSPC if the block queued was the last free one; -EBUSY if
 * none was free (or the list is stopped); @prepare's error if it failed
 * (nothing queued: the block is free again).
 */
int kcell_e100_exec_cb(struct kcell_e100 *nic, struct sk_buff *skb,
		       int (*prepare)(struct kcell_e100 *nic, unsigned int i,
				      struct sk_buff *skb))
{
	struct kcell_e100_cbs *cbs = &nic->cbs;
	unsigned int i, prev;
	unsigned long flags;
	__le16 command;
	int err;

	spin_lock_irqsave(&nic->cb_lock, flags);
	if (unlikely(!cbs->avail)) {
		err = -EBUSY;
		if (skb)
			netif_stop_queue(nic->netdev);
		goto unlock;
	}
	i = cbs->to_use;
	/*
	 * Unlike e100, a failed prepare gives the block back: e100 kept it
	 * queued with the previous frame's buffer descriptor, for the next
	 * command to send.
	 */
	err = prepare(nic, i, skb);
	if (err)
		goto unlock;
	cbs->skb[i] = skb;
	cbs->to_use = cb_next(cbs, i);
	cbs->avail--;
	if (unlikely(!cbs->avail)) {
		err = -ENOSPC;
		if (skb)
			netif_stop_queue(nic->netdev);
	}

	/*
	 * Suspend after this block first, then let the unit past the
	 * previous one: the other order races the device.
	 */
	dma_ring_read(&cbs->ring, i, struct kcell_e100_cb, command, &command);
	dma_ring_write(&cbs->ring, i, struct kcell_e100_cb, command,
		       command | cpu_to_le16(cb_s));
	dma_wmb();
	prev = i ? i - 1 : cbs->count - 1;
	dma_ring_read(&cbs->ring, prev, struct kcell_e100_cb, command, &command);
	dma_ring_write(&cbs->ring, prev, struct kcell_e100_cb, command,
		       command & ~cpu_to_le16(cb_s));
	kcell_e100_cbs_send(nic, err);
unlock:
	spin_unlock_irqrestore(&nic->cb_lock, flags);
	return err;
}

static int kcell_e100_xmit_prepare(struct kcell_e100 *nic, unsigned int i,
				   struct sk_buff *skb)
{
	struct dma_ring *ring = CB_RING(nic);
	__le16 command = nic->tx_command;

	int err;

	err = dma_ring_map_post(ring, i, skb->data, skb_headlen(skb),
				DMA_TO_DEVICE, struct kcell_e100_cb,
				u.tcb.tbd.buf_addr);
	if (err)
		return err;
	/* The frame's last 4 bytes as its CRC (frames sent with a bad one). */
	if (unlikely(skb->no_fcs))
		command |= cpu_to_le16(cb_tx_nc);
	/* An interrupt every 16 frames whatever the delay. */
	if (((nic->cbs.avail - 1) & ~15) == nic->cbs.avail - 1)
		command |= cpu_to_le16(cb_i);
	dma_ring_write(ring, i, struct kcell_e100_cb, command, command);
	dma_ring_link(ring, i, struct kcell_e100_cb, u.tcb.tbd_array,
		      i, u.tcb.tbd);
	dma_ring_write(ring, i, struct kcell_e100_cb, u.tcb.tcb_byte_count, 0);
	dma_ring_write(ring, i, struct kcell_e100_cb, u.tcb.threshold,
		       nic->tx_threshold);
	dma_ring_write(ring, i, struct kcell_e100_cb, u.tcb.tbd_count, 1);
	dma_ring_write(ring, i, struct kcell_e100_cb, u.tcb.tbd.size,
		       cpu_to_le16(skb_headlen(skb)));
	dma_ring_write(ring, i, struct kcell_e100_cb, u.tcb.tbd.eol, 0);
	/*
	 * QEMU's model reads both descriptors of an extended block,
	 * whatever the count says: the second must be empty, not what an
	 * earlier command (a configure) left there.  e100 leaves it, and
	 * some of its frames go out with 1343 bytes appended.
	 */
	dma_ring_write(ring, i, struct kcell_e100_cb, u.tcb.tbd2[0], 0);
	dma_ring_write(ring, i, struct kcell_e100_cb, u.tcb.tbd2[1], 0);
	skb_tx_timestamp(skb);
	return 0;
}

/**
 * kcell_e100_xmit_frame() - ndo_start_xmit
 * @skb: the frame, linear (the device is not given NETIF_F_SG)
 * @netdev: the interface
 *
 * Return: NETDEV_TX_OK; NETDEV_TX_BUSY if no block or mapping was free.
 */
netdev_tx_t kcell_e100_xmit_frame(struct sk_buff *skb,
				  struct net_device *netdev)
{
	struct kcell_e100 *nic = netdev_priv(netdev);

	switch (kcell_e100_exec_cb(nic, skb, kcell_e100_xmit_prepare)) {
	case 0:
	case -ENOSPC:	/* queued, and the queue stopped */
		break;
	case -EBUSY:	/* no block: the queue stopped, a completion wakes it */
		return NETDEV_TX_BUSY;
	default:
		/*
		 * The frame cannot be mapped.  Dropped rather than handed
		 * back: with nothing in flight, no completion would wake a
		 * stopped queue before the transmit timeout.
		 */
		netif_printk(nic, tx_err, KERN_DEBUG, netdev,
			     "cannot map a frame, dropped\n");
		netdev->stats.tx_dropped++;
		dev_kfree_skb_any(skb);
		break;
	}
	return NETDEV_TX_OK;
}

/**
 * kcell_e100_tx_clean() - free the blocks the device completed
 * @nic: the adapter
 */
void kcell_e100_tx_clean(struct kcell_e100 *nic)
{
	struct kcell_e100_cbs *cbs = &nic->cbs;
	struct net_device *dev = nic->netdev;
	bool freed = false;
	unsigned int i;
	__le16 status;

	spin_lock(&nic->cb_lock);
	while (cbs->avail < cbs->count) {
		i = cbs->to_clean;
		if (cbs->skb[i]) {
			/* The status read once, then a read barrier. */
			if (!dma_ring_reclaim(&cbs->ring, i, cb_complete))
				break;
			dma_ring_unmap(&cbs->ring, i);
			dev->stats.tx_packets++;
			dev->stats.tx_bytes += cbs->skb[i]->len;
			dev_kfree_skb_any(cbs->skb[i]);
			cbs->skb[i] = NULL;
		} else {
			/* A command: no buffer, only its completion. */
			dma_ring_read(&cbs->ring, i, struct kcell_e100_cb,
				      status, &status);
			if (!(status & cpu_to_le16(cb_complete)))
				break;
		}
		dma_ring_write(&cbs->ring, i, struct kcell_e100_cb, status, 0);
		cbs->avail++;
		cbs->to_clean = cb_next(cbs, i);
		freed = true;
	}
	/* Under the lock that stopped it: see kcell_e100_exec_cb(). */
	if (unlikely(freed && netif_queue_stopped(dev)))
		netif_wake_queue(dev);
	spin_unlock(&nic->cb_lock);
}
