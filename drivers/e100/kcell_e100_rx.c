// SPDX-License-Identifier: GPL-2.0
/*
 * kcell_e100: the receive frame area.
 *
 * Each receive buffer starts with its receive frame descriptor (RFD); the
 * device writes the frame after it, then the descriptor's status.  The
 * descriptors are linked in a ring through their link fields, and the
 * one before the last the driver handed over carries the end-of-list bit
 * and a size of 0: the receive unit stops there ("no resources") and
 * never writes it, so the driver may relink the last one.
 *
 * Every buffer is a DMA lease (DMA_BIDIRECTIONAL: the CPU writes the
 * descriptor, the device the status and the frame).  While the device
 * owns a buffer the driver reads its status with dma_lease_peek() and
 * moves the link and end-of-list bit with dma_lease_poke(), each syncing
 * only the bytes it touches; a completed buffer is reclaimed whole.  The
 * frame then goes up the stack in its own buffer: a fresh one is mapped
 * into @spare and swapped into the slot.  If no fresh buffer can be had
 * or mapped, the frame is copied out and the old buffer stays: a slot is
 * never left empty.
 *
 * Who touches what: NAPI (kcell_e100_rx_clean()) owns all of @rx while
 * the interface is up; kcell_e100_rx_alloc_list() and
 * kcell_e100_rx_clean_list() run under RTNL with NAPI disabled and the
 * device reset.
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/slab.h>

#include "kcell_e100.h"

#define RFD_FRAME_LEN	(VLAN_ETH_FRAME_LEN + ETH_FCS_LEN)

static unsigned int rx_next(const struct kcell_e100_rx *rx, unsigned int i)
{
	return i + 1 < rx->count ? i + 1 : 0;
}

static unsigned int rx_prev(const struct kcell_e100_rx *rx, unsigned int i)
{
	return i ? i - 1 : rx->count - 1;
}

/* The descriptor of a fresh buffer, written while the CPU owns it. */
static void rx_blank(void *buf)
{
	const struct kcell_e100_rfd blank = {
		.rbd = cpu_to_le32(0xFFFFFFFF),
		.size = cpu_to_le16(RFD_FRAME_LEN),
	};

	memcpy(buf, &blank, sizeof(blank));
}

static struct sk_buff *rx_alloc_skb(struct kcell_e100 *nic)
{
	struct sk_buff *skb;

	skb = netdev_alloc_skb_ip_align(nic->netdev, KCELL_E100_RFD_BUF_LEN);
	if (skb)
		rx_blank(skb->data);
	return skb;
}

/* Writes a 16-bit field of slot @i's descriptor, granted or not. */
static void rx_poke16(struct kcell_e100_rx *rx, unsigned int i, size_t off,
		      u16 val)
{
	__le16 v = cpu_to_le16(val);

	dma_lease_poke(&rx->slot[i].lease, off, &v, sizeof(v));
	kcell_e100_rfd_poked(rx, i);
}

#define RFD_OFF(field)	offsetof(struct kcell_e100_rfd, field)

/*
 * Hands @l to the device and links the previous slot's descriptor, @prev,
 * to it (if @prev is the device's: the first slot of a new list has no
 * previous one yet).  The previous one is past the end-of-list stop, so
 * the device is not reading its link.
 */
static void rx_give(struct dma_lease *l, struct dma_lease *prev)
	__kcell_takes(l)
{
	kcell_dma_t addr = dma_lease_grant(l);
	kcell_dma_le32_t link;

	if (kcell_dma_is_error(addr) || !dma_lease_is_granted(prev))
		return;
	link = kcell_dma_to_desc32(addr);
	dma_lease_poke(prev, RFD_OFF(link), &link, sizeof(link));
}

/**
 * kcell_e100_rx_clean_list() - take back and free every receive buffer
 * @nic: the adapter, its device reset
 *
 * Every slot is the device's, or unmapped (a list whose allocation
 * failed).
 */
void kcell_e100_rx_clean_list(struct kcell_e100 *nic)
{
	struct kcell_e100_rx *rx = &nic->rx;
	unsigned int i;

	rx->ru_running = RU_UNINITIALIZED;
	if (!rx->slot)
		return;
	for (i = 0; i < rx->count; i++) {
		struct kcell_e100_rx_slot *slot = &rx->slot[i];

		if (dma_lease_is_granted(&slot->lease)) {
			dma_lease_reclaim(&slot->lease);
			dma_lease_unmap(&slot->lease);
		}
		dev_kfree_skb_any(slot->skb);
	}
	kfree(rx->slot);
	rx->slot = NULL;
	rx->to_clean = 0;
}

/**
 * kcell_e100_rx_alloc_list() - fill, link and hand over every receive buffer
 * @nic: the adapter, its device reset
 *
 * Return: 0 or -ENOMEM (nothing left allocated).
 */
int kcell_e100_rx_alloc_list(struct kcell_e100 *nic)
{
	struct kcell_e100_rx *rx = &nic->rx;
	unsigned int i;

	rx->ru_running = RU_UNINITIALIZED;
	rx->events = 0;
	rx->count = nic->rfds_count;
	rx->to_clean = 0;
	rx->slot = kcalloc(rx->count, sizeof(*rx->slot), GFP_KERNEL);
	if (!rx->slot)
		return -ENOMEM;
	for (i = 0; i < rx->count; i++) {
		struct kcell_e100_rx_slot *slot = &rx->slot[i];
		struct kcell_e100_rfd *rfd;

		slot->skb = rx_alloc_skb(nic);
		if (!slot->skb)
			goto err;
		/* The stop before the last buffer: end of list, no room. */
		if (i == rx->count - 2) {
			rfd = (struct kcell_e100_rfd *)slot->skb->data;
			rfd->command = cpu_to_le16(cb_el);
			rfd->size = 0;
		}
		if (dma_lease_map(&slot->lease, nic->dev, slot->skb->data,
				  KCELL_E100_RFD_BUF_LEN, DMA_BIDIRECTIONAL))
			goto err;
		rx_give(&slot->lease, &rx->slot[rx_prev(rx, i)].lease);
	}
	rx->ru_running = RU_SUSPENDED;
	return 0;

err:
	kcell_e100_rx_clean_list(nic);
	return -ENOMEM;
}

/* Whether the receive unit is ready, as the device itself says. */
static bool rx_unit_ready(struct kcell_e100 *nic)
{
	return (kcell_e100_rd8(nic, scb.status) & rus_mask) == rus_ready;
}

/* Whether the device completed slot @i (granted: a peek of its status). */
static bool rx_slot_done(struct kcell_e100_rx *rx, unsigned int i)
{
	__le16 status;

	return !dma_lease_peek(&rx->slot[i].lease, 0, &status, sizeof(status)) &&
	       (status & cpu_to_le16(cb_complete));
}

/**
 * kcell_e100_start_receiver() - (re)start the receive unit at @to_clean
 * @nic: the adapter
 *
 * Only when it waits for a restart (at up, and after an RNR), only if the
 * device says it is not ready, and only if it has not filled @to_clean.
 * A start moves the unit's pointer to @to_clean whatever it was doing:
 * sent to a unit that runs, or that stopped after filling @to_clean and
 * more since the poll looked, it would write the next frame over one the
 * driver has not taken, or into a buffer that went up the stack, through
 * a mapping that is gone.  An RNR can be stale: QEMU's model raises one
 * for every frame it drops while stopped, so one may come after the
 * restart that ended the stop.  The RNR is acknowledged before the state
 * is read, so that one raised afterwards describes a later stop; a unit
 * that stopped cannot fill a slot before it is started again, so the
 * slot is looked at after the state.
 */
void kcell_e100_start_receiver(struct kcell_e100 *nic)
{
	struct kcell_e100_rx *rx = &nic->rx;
	struct dma_lease *at;

	if (!rx->slot || rx->ru_running != RU_SUSPENDED)
		return;
	at = &rx->slot[rx->to_clean].lease;
	if (!dma_lease_is_granted(at))
		return;
	kcell_e100_wr8(nic, scb.stat_ack, stat_ack_rnr);
	if (rx_unit_ready(nic)) {
		nic->xstats.rx_stale_rnr++;
		rx->ru_running = RU_RUNNING;
		return;
	}
	/* Frames to take first: their interrupt brings the next poll. */
	if (rx_slot_done(rx, rx->to_clean))
		return;
	/* A command the device did not take leaves it to the next poll. */
	if (kcell_e100_exec_cmd(nic, ruc_start, dma_lease_addr(at)))
		return;
	nic->xstats.rx_restarts++;
	rx->ru_running = RU_RUNNING;
}

/*
 * A unit thought running that stopped with no RNR taken yet (one raised
 * while the poll ran, behind the mask, or lost): asked once per watchdog
 * period, so that a stop missed costs at most that long, not the
 * interface.
 */
static void rx_check_unit(struct kcell_e100 *nic)
{
	struct kcell_e100_rx *rx = &nic->rx;

	/* A plain read first: no locked operation on a poll with nothing. */
	if (!test_bit(KCELL_E100_RX_CHECK, &rx->events) ||
	    !test_and_clear_bit(KCELL_E100_RX_CHECK, &rx->events))
		return;
	if (rx->ru_running == RU_RUNNING && !rx_unit_ready(nic)) {
		nic->xstats.rx_found_stopped++;
		rx->ru_running = RU_SUSPENDED;
	}
}

/* Whether the receive unit stopped at an end of list, with interrupts off. */
static void rx_check_stopped(struct kcell_e100 *nic, __le16 command)
{
	if ((command & cpu_to_le16(cb_el)) && nic->rx.ru_running == RU_RUNNING &&
	    (kcell_e100_rd8(nic, scb.status) & rus_no_res))
		nic->rx.ru_running = RU_SUSPENDED;
}

/*
 * The frame of reclaimed slot @slot, @len bytes, in an skb of its own: the
 * slot's own buffer when a fresh one can take its place, else a copy.
 * Either way the slot ends CPU-owned, mapped, with a blank descriptor.
 */
static struct sk_buff *rx_take(struct kcell_e100 *nic,
			       struct kcell_e100_rx_slot *slot, void *buf,
			       unsigned int len)
	__kcell_owns(&slot->lease)
{
	struct kcell_e100_rx *rx = &nic->rx;
	struct sk_buff *full = slot->skb, *fresh, *copy;

	fresh = rx_alloc_skb(nic);
	if (fresh && !dma_lease_map(&rx->spare, nic->dev, fresh->data,
				    KCELL_E100_RFD_BUF_LEN,
				    DMA_BIDIRECTIONAL)) {
		/* Both CPU-owned: the swap and the unmap cannot fail. */
		dma_lease_swap(&slot->lease, &rx->spare);
		dma_lease_unmap(&rx->spare);	/* the full buffer is the CPU's */
		slot->skb = fresh;
		nic->xstats.rx_swapped++;
		skb_reserve(full, sizeof(struct kcell_e100_rfd));
		skb_put(full, len);
		return full;
	}
	dev_kfree_skb_any(fresh);

	copy = napi_alloc_skb(&nic->napi, len);
	if (copy) {
		skb_put_data(copy, buf + sizeof(struct kcell_e100_rfd), len);
		nic->xstats.rx_copied++;
	} else {
		nic->xstats.rx_dropped_nomem++;
		nic->netdev->stats.rx_dropped++;
	}
	rx_blank(buf);
	return copy;
}

/*
 * Whether slot @i holds a frame: the device completed it and it is not the
 * stop (a peek, the slot granted).  @command gets the descriptor's command
 * (0 if the slot is not granted).
 *
 * The stop is never a frame.  The 8255x does not write it; QEMU's model
 * completes it with 0 bytes, which must not go up the stack: the
 * completion is cleared when the stop moves.
 */
static bool rx_slot_has_frame(struct kcell_e100_rx *rx, unsigned int i,
			      __le16 *command)
{
	__le16 head[2];		/* status, command */

	*command = 0;
	if (dma_lease_peek(&rx->slot[i].lease, 0, head, sizeof(head)))
		return false;
	*command = head[1];
	return (head[0] & cpu_to_le16(cb_complete)) &&
	       !(head[1] & cpu_to_le16(cb_el));
}

/*
 * How many slots from @to_clean, at most @max, hold a frame the device
 * finished writing.  The 8255x writes a descriptor's status last, but
 * QEMU's model writes it first, then the byte count, then the frame: a
 * poll that took a frame on its status alone could send up bytes still
 * being written and unmap the buffer under the device's write (a DMAR
 * fault under a strict IOMMU).  So the frames are counted first, then a
 * register of the device is read: the read returns only after the writes
 * the device made before it (PCI ordering: a read completion does not
 * pass the device's posted writes; QEMU's model writes a frame whole
 * under the lock that a register access takes).  One read per batch of
 * frames, none for a poll that finds nothing.  If there is no frame, the
 * slot may be where the unit stopped.
 */
static unsigned int rx_frames_written(struct kcell_e100 *nic, unsigned int max)
{
	struct kcell_e100_rx *rx = &nic->rx;
	unsigned int n = 0, i = rx->to_clean;
	__le16 command;

	while (n < max && rx_slot_has_frame(rx, i, &command)) {
		n++;
		i = rx_next(rx, i);
	}
	if (n)
		kcell_e100_rd8(nic, scb.status);
	else
		rx_check_stopped(nic, command);
	return n;
}

/*
 * Slot @i's frame, completed and written whole, up the stack, and the
 * slot back to the device.  @work_done counts the frames sent up.
 */
static void rx_indicate(struct kcell_e100 *nic, unsigned int i,
			unsigned int *work_done)
{
	struct kcell_e100_rx_slot *slot = &nic->rx.slot[i];
	struct net_device *dev = nic->netdev;
	struct kcell_e100_rfd *rfd;
	unsigned int actual_size;
	struct sk_buff *skb;

	/*
	 * Synced whole for the CPU: the frame and the size the device wrote.
	 * The slot was granted (rx_frames_written() peeked it), so the
	 * reclaim gives the buffer.
	 */
	rfd = dma_lease_reclaim(&slot->lease);
	actual_size = le16_to_cpu(rfd->actual_size) & 0x3FFF;
	actual_size = min_t(unsigned int, actual_size, RFD_FRAME_LEN);

	if (unlikely(!(rfd->status & cpu_to_le16(cb_ok)) || !actual_size)) {
		/*
		 * A bad frame: the device's counters have it.  Or an empty
		 * one: QEMU's 0-byte completion of a stop, whose clearing
		 * raced the device.
		 */
		rx_blank(rfd);
		skb = NULL;
	} else if (unlikely(actual_size > ETH_DATA_LEN + VLAN_ETH_HLEN)) {
		nic->xstats.rx_over_length_errors++;
		rx_blank(rfd);
		skb = NULL;
	} else {
		skb = rx_take(nic, slot, rfd, actual_size);
		if (work_done)
			(*work_done)++;
	}
	/*
	 * Back to the device at once, linked from the previous slot: the
	 * device is past both and cannot come back before the stop moves.
	 */
	rx_give(&slot->lease, &nic->rx.slot[rx_prev(&nic->rx, i)].lease);
	if (skb) {
		skb->protocol = eth_type_trans(skb, dev);
		dev->stats.rx_packets++;
		dev->stats.rx_bytes += actual_size;
		netif_receive_skb(skb);
	}
}

/**
 * kcell_e100_rx_clean() - receive, hand the buffers back, move the stop
 * @nic: the adapter
 * @work_done: frames received so far in this poll, updated
 * @work_to_do: the poll's budget
 */
void kcell_e100_rx_clean(struct kcell_e100 *nic, unsigned int *work_done,
			 unsigned int work_to_do)
{
	struct kcell_e100_rx *rx = &nic->rx;
	unsigned int old_stop, new_stop, written = 0;
	bool restart;
	int err = 0;

	if (test_bit(KCELL_E100_RX_RNR, &rx->events) &&
	    test_and_clear_bit(KCELL_E100_RX_RNR, &rx->events))
		rx->ru_running = RU_SUSPENDED;
	old_stop = rx_prev(rx, rx_prev(rx, rx->to_clean));
	while (dma_lease_is_granted(&rx->slot[rx->to_clean].lease)) {
		if (work_done && *work_done >= work_to_do) {
			err = -EAGAIN;
			break;
		}
		if (!written)
			written = rx_frames_written(nic, work_done ?
						    work_to_do - *work_done :
						    rx->count);
		if (!written) {
			err = -ENODATA;
			break;
		}
		rx_indicate(nic, rx->to_clean, work_done);
		written--;
		rx->to_clean = rx_next(rx, rx->to_clean);
	}
	/*
	 * A receive unit that ran out restarts only once the list is whole
	 * again (not at the budget): it must not start on a half-cleaned one.
	 */
	if (err != -EAGAIN)
		rx_check_unit(nic);
	restart = err != -EAGAIN && rx->ru_running == RU_SUSPENDED;

	new_stop = rx_prev(rx, rx_prev(rx, rx->to_clean));
	if (new_stop != old_stop) {
		/*
		 * The new stop first, then the old one cleared: the device
		 * is never without a stop.  The old one's status (a 0-byte
		 * completion, from QEMU), then its size, then its end-of-list
		 * bit; and the new one's bit before its size: the device
		 * never reads a descriptor with room for nothing and no end
		 * of list.  e100 clears the bit before the size; QEMU's model
		 * then completes a frame of 0 bytes, runs on, and tells its
		 * network layer it could not take the frame, which stops
		 * delivering to it until the next start: with the unit ready
		 * and no RNR, none comes.  Read with the bit and the size, a
		 * stop takes a frame and stops the unit; the next poll takes
		 * the frame, then restarts it.
		 */
		rx_poke16(rx, new_stop, RFD_OFF(command), cb_el);
		rx_poke16(rx, new_stop, RFD_OFF(size), 0);
		dma_wmb();
		rx_poke16(rx, old_stop, RFD_OFF(status), 0);
		rx_poke16(rx, old_stop, RFD_OFF(size), RFD_FRAME_LEN);
		dma_wmb();
		rx_poke16(rx, old_stop, RFD_OFF(command), 0);
	}

	if (restart) {
		kcell_e100_start_receiver(nic);
		if (work_done)
			(*work_done)++;
	}
}
