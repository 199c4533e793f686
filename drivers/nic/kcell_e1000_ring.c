// SPDX-License-Identifier: GPL-2.0
/*
 * kcell_e1000 descriptor rings: which buffer belongs to the device.
 *
 * Every packet buffer is a dma_lease.  A buffer is granted when its
 * descriptor is written for the device and reclaimed only after the device
 * wrote back, with DD set, that descriptor (receive) or the last one of its
 * packet (transmit), so the CPU cannot read a receive buffer the device is
 * still writing, nor free a packet the device is still reading; and a
 * descriptor's address field (kcell_dma_le64_t) can only be filled with
 * what dma_lease_grant() returned.
 *
 * Nothing here knows registers or the network stack: the caller writes the
 * tail register from kcell_e1000_rx_tail() and ring->next_to_use, and turns
 * buffers into sk_buffs.  That keeps the bookkeeping testable against a
 * fake device (drivers/nic/tests/kcell_e1000_kunit.c).
 *
 * Transmit ring: the xmit path builds each packet (kcell_e1000_tx_begin(), then
 * kcell_e1000_tx_add_context() and kcell_e1000_tx_add_buf(), then
 * kcell_e1000_tx_commit() or kcell_e1000_tx_abort()) while NAPI takes completed
 * ones back (kcell_e1000_tx_complete()).  Each writes one index; a slot belongs
 * to the side whose index range holds it, and the index stores are releases and
 * the loads acquires, so whoever receives a slot also sees its lease state and
 * its TakeCell as the other side left them.
 *
 * Receive ring: only NAPI uses it after kcell_e1000_rx_ring_init().  A
 * buffer the device filled is the CPU's from kcell_e1000_rx_peek() to
 * kcell_e1000_rx_recycle(); in between, kcell_e1000_rx_swap() may trade it
 * for a fresh one, mapped first into the ring's spare lease so that a
 * failure leaves the slot its old buffer: a slot never goes empty.
 */
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/skbuff.h>
#include <linux/slab.h>

#include "kcell_e1000_ring.h"

static unsigned int kcell_e1000_next(const struct kcell_e1000_ring *ring,
				     unsigned int i)
{
	return ++i == ring->count ? 0 : i;
}

/* One writer each (struct kcell_e1000_ring); ethtool reads them unlocked. */
static void kcell_e1000_count(unsigned long *ctr, long n)
{
	WRITE_ONCE(*ctr, *ctr + n);
}

/**
 * kcell_e1000_ring_leases() - buffers the ring holds mapped
 * @ring: the ring
 *
 * Exact when neither side of the ring runs; otherwise a snapshot that may
 * be off by the buffers in transit.
 *
 * Return: buffers mapped and not yet unmapped.
 */
unsigned long kcell_e1000_ring_leases(const struct kcell_e1000_ring *ring)
{
	unsigned long in = READ_ONCE(ring->leases_in);

	/*
	 * Never more in than out: in is read first, so that the read of out
	 * after it covers at least the buffers in counts.
	 */
	smp_rmb();
	return READ_ONCE(ring->leases_out) - in;
}

/**
 * kcell_e1000_ring_swap() - exchange two rings, descriptors and slots
 * @a: a ring
 * @b: another
 *
 * For a resize: neither ring may be in use (the device stopped, NAPI and
 * the transmit path off).  The leases stay in their slots, which move
 * with the slot arrays; each ring keeps its spare lease, unmapped in both.
 */
void kcell_e1000_ring_swap(struct kcell_e1000_ring *a,
			   struct kcell_e1000_ring *b)
{
	dma_region_swap(&a->desc, &b->desc);
	swap(a->state, b->state);
}

static bool kcell_e1000_ring_count_ok(unsigned int count)
{
	return count >= KCELL_E1000_MIN_RING && count <= KCELL_E1000_MAX_RING &&
	       !(count % E1000_RING_ALIGN);
}

/*
 * The slots of a ring whose descriptors kcell_e1000_ring_alloc() allocated
 * in @ring->desc; frees those on failure.  Return: 0 or -ENOMEM.
 */
static int kcell_e1000_ring_slots(struct kcell_e1000_ring *ring,
				  struct device *dev, unsigned int count,
				  size_t slot_size)
{
	void *slots = kvcalloc(count, slot_size, GFP_KERNEL);

	if (!slots) {
		dma_region_free(&ring->desc);
		return -ENOMEM;
	}
	ring->dev = dev;
	ring->count = count;
	/* A leak of the ring this one replaces stays visible until here. */
	ring->leases_out = 0;
	ring->leases_in = 0;
	ring->granted = 0;
	ring->next_to_use = 0;
	ring->next_to_clean = 0;
	ring->tx = slots;
	return 0;
}

/*
 * A ring of @count descriptors of @desc_type (a region of typed elements),
 * each with a slot of @slot_type.  Return: 0, -EINVAL for a bad @count, or
 * -ENOMEM.
 */
#define kcell_e1000_ring_alloc(ring, dev, count, desc_type, slot_type) ({ \
	struct kcell_e1000_ring *__ring = (ring);			\
	struct device *__dev = (dev);					\
	unsigned int __count = (count);					\
									\
	!kcell_e1000_ring_count_ok(__count) ? -EINVAL :			\
	dma_region_alloc_array(&__ring->desc, __dev, __count, desc_type, \
			       GFP_KERNEL) ?:				\
	kcell_e1000_ring_slots(__ring, __dev, __count, sizeof(slot_type)); \
})

static void kcell_e1000_ring_free(struct kcell_e1000_ring *ring)
{
	/* A mapping left here is a lease no one will ever unmap. */
	dev_WARN_ONCE(ring->dev, kcell_e1000_ring_leases(ring),
		      "%lu buffers mapped at ring release\n",
		      kcell_e1000_ring_leases(ring));
	dma_region_free(&ring->desc);
	kvfree(ring->tx);
	ring->tx = NULL;
	ring->count = 0;
}

/**
 * kcell_e1000_tx_ring_init() - allocate an empty transmit ring
 * @ring: the ring, zeroed or released
 * @dev: the device that will read it
 * @count: descriptors: KCELL_E1000_MIN_RING to KCELL_E1000_MAX_RING, a
 *	multiple of E1000_RING_ALIGN
 *
 * Return: 0, -EINVAL for a bad @count, or -ENOMEM.
 */
int kcell_e1000_tx_ring_init(struct kcell_e1000_ring *ring, struct device *dev,
			     unsigned int count)
{
	unsigned int i;
	int err;

	err = kcell_e1000_ring_alloc(ring, dev, count, struct e1000_data_desc,
				     struct kcell_e1000_tx_slot);
	if (err)
		return err;
	for (i = 0; i < count; i++)
		take_cell_init(&ring->tx[i].skb, NULL);
	return 0;
}

/**
 * kcell_e1000_tx_ring_release() - free a transmit ring
 * @ring: the ring, with nothing in flight (kcell_e1000_tx_empty())
 */
void kcell_e1000_tx_ring_release(struct kcell_e1000_ring *ring)
{
	WARN_ON(ring->next_to_use != ring->next_to_clean);
	kcell_e1000_ring_free(ring);
}

/**
 * kcell_e1000_tx_unused() - free transmit descriptors
 * @ring: the ring
 *
 * Called by the transmit path; the completion side may only add to it.
 *
 * Return: how many more descriptors kcell_e1000_tx_begin() may ask for.
 */
unsigned int kcell_e1000_tx_unused(const struct kcell_e1000_ring *ring)
{
	/* Pairs with the release in kcell_e1000_tx_retire(): slots are free. */
	unsigned int clean = smp_load_acquire(&ring->next_to_clean);
	unsigned int use = ring->next_to_use;

	return (clean + ring->count - use - 1) % ring->count;
}

/**
 * kcell_e1000_tx_begin() - start a packet
 * @ring: the ring
 * @ndesc: the most descriptors the packet will take
 *
 * Then kcell_e1000_tx_add_context() and kcell_e1000_tx_add_buf() fill
 * descriptors, which the device does not see before kcell_e1000_tx_commit() (or
 * which kcell_e1000_tx_abort() takes back).  Transmit path only.
 *
 * Return: 0, or -EBUSY if fewer than @ndesc descriptors are free.
 */
int kcell_e1000_tx_begin(struct kcell_e1000_ring *ring, unsigned int ndesc)
{
	if (!ndesc || kcell_e1000_tx_unused(ring) < ndesc)
		return -EBUSY;
	ring->next_to_fill = ring->next_to_use;
	ring->fill_left = ndesc;
	ring->last_data = UINT_MAX;
	return 0;
}

/* The next descriptor of the packet being built, or -ENOSPC. */
static int kcell_e1000_tx_claim(struct kcell_e1000_ring *ring)
{
	unsigned int i = ring->next_to_fill;

	if (!ring->fill_left)
		return -ENOSPC;
	ring->fill_left--;
	ring->next_to_fill = kcell_e1000_next(ring, i);
	return i;
}

/**
 * kcell_e1000_tx_add_context() - add a context descriptor to the packet
 * @ring: the ring
 * @ctx: the offload parameters for the data descriptors that follow
 *
 * Return: 0, or -ENOSPC past the descriptors kcell_e1000_tx_begin() asked for.
 */
int kcell_e1000_tx_add_context(struct kcell_e1000_ring *ring,
			       const struct kcell_e1000_tx_ctx *ctx)
{
	struct dma_region *desc = &ring->desc;
	int i = kcell_e1000_tx_claim(ring);

	if (i < 0)
		return i;
	dma_region_write_field(desc, i, struct e1000_context_desc, ipcss,
			       ctx->ipcss);
	dma_region_write_field(desc, i, struct e1000_context_desc, ipcso,
			       ctx->ipcso);
	dma_region_write_field(desc, i, struct e1000_context_desc, ipcse,
			       cpu_to_le16(ctx->ipcse));
	dma_region_write_field(desc, i, struct e1000_context_desc, tucss,
			       ctx->tucss);
	dma_region_write_field(desc, i, struct e1000_context_desc, tucso,
			       ctx->tucso);
	dma_region_write_field(desc, i, struct e1000_context_desc, tucse,
			       cpu_to_le16(ctx->tucse));
	dma_region_write_field(desc, i, struct e1000_context_desc, cmd_len,
			       cpu_to_le32(ctx->cmd_len | E1000_TXD_CMD_DEXT |
					   E1000_TXD_DTYP_C));
	dma_region_write_field(desc, i, struct e1000_context_desc, status, 0);
	dma_region_write_field(desc, i, struct e1000_context_desc, hdr_len,
			       ctx->hdr_len);
	dma_region_write_field(desc, i, struct e1000_context_desc, mss,
			       cpu_to_le16(ctx->mss));
	return 0;
}

/**
 * kcell_e1000_tx_add_buf() - add a buffer of the packet
 * @ring: the ring
 * @data: the bytes, in the kernel's direct map (an skb's head or a lowmem
 *	fragment)
 * @len: how many, 1 to E1000_TXD_MAX_LEN
 * @dcmd: E1000_TXD_CMD_TSE or 0 (EOP and RS are set by kcell_e1000_tx_commit())
 * @popts: E1000_TXD_POPTS_* checksums to insert
 *
 * Maps @data under the descriptor's lease and grants it in one step
 * (dma_lease_map_grant()), and writes the descriptor with the granted
 * address.
 *
 * Return: 0; -EINVAL for a bad length; -ENOSPC past the descriptors
 * kcell_e1000_tx_begin() asked for; the mapping's -errno.
 */
int kcell_e1000_tx_add_buf(struct kcell_e1000_ring *ring, void *data,
			   unsigned int len, u32 dcmd, u8 popts)
{
	struct dma_region *desc = &ring->desc;
	struct dma_lease *lease;
	kcell_dma_t addr;
	int i, err;

	if (!len || len > E1000_TXD_MAX_LEN)
		return -EINVAL;
	i = kcell_e1000_tx_claim(ring);
	if (i < 0)
		return i;
	lease = &ring->tx[i].data;
	/* One sync: under swiotlb, one copy of the packet, not two. */
	err = dma_lease_map_grant(lease, ring->dev, data, len, DMA_TO_DEVICE,
				  &addr);
	if (err) {
		/* The descriptor stays unused: give it back. */
		ring->next_to_fill = i;
		ring->fill_left++;
		return err;
	}
	kcell_e1000_count(&ring->leases_out, 1);
	dma_region_write_field(desc, i, struct e1000_data_desc, addr,
			       kcell_dma_to_desc(addr));
	dma_region_write_field(desc, i, struct e1000_data_desc, lower,
			       cpu_to_le32(len | dcmd | E1000_TXD_DTYP_D |
					   E1000_TXD_CMD_DEXT |
					   E1000_TXD_CMD_IFCS));
	dma_region_write_field(desc, i, struct e1000_data_desc, status, 0);
	dma_region_write_field(desc, i, struct e1000_data_desc, popts, popts);
	ring->last_data = i;
	return 0;
}

/*
 * Takes back descriptors @first to @last: their leases end here, and
 * their status is cleared, so that a DD found on a slot the transmit path
 * has not posted was written there since, by a broken device
 * (kcell_e1000_tx_unposted_done()), whichever descriptors this one writes
 * back.  Return: how many buffers were unmapped.
 */
static unsigned int kcell_e1000_tx_unmap(struct kcell_e1000_ring *ring,
					 unsigned int first, unsigned int last)
{
	unsigned int i = first, unmapped = 0;

	for (;;) {
		struct dma_lease *lease = &ring->tx[i].data;

		/* A context descriptor has no buffer. */
		if (dma_lease_is_granted(lease)) {
			dma_lease_reclaim(lease);
			dma_lease_unmap(lease);
			unmapped++;
		}
		dma_region_write_field(&ring->desc, i, struct e1000_data_desc,
				       status, 0);
		if (i == last)
			break;
		i = kcell_e1000_next(ring, i);
	}
	return unmapped;
}

/**
 * kcell_e1000_tx_abort() - take back the descriptors of an uncommitted packet
 * @ring: the ring
 */
void kcell_e1000_tx_abort(struct kcell_e1000_ring *ring)
{
	unsigned int first = ring->next_to_use;

	/* The transmit path takes back its own: it counts them out again. */
	if (ring->next_to_fill != first) {
		unsigned int last = (ring->next_to_fill + ring->count - 1) %
				    ring->count;

		kcell_e1000_count(&ring->leases_out,
				  -(long)kcell_e1000_tx_unmap(ring, first, last));
	}
	ring->next_to_fill = first;
	ring->fill_left = 0;
}

/**
 * kcell_e1000_tx_commit() - hand the packet built since kcell_e1000_tx_begin()
 * over
 * @ring: the ring
 * @skb: the packet; the ring owns it from here if 0 is returned
 *
 * Marks its last buffer end-of-packet with status reporting and publishes
 * its descriptors.  The caller then writes ring->next_to_use to the tail
 * register.
 *
 * Return: 0, or -EINVAL if the packet has no buffer; the descriptors are
 * then still the caller's to abort.
 */
int kcell_e1000_tx_commit(struct kcell_e1000_ring *ring, struct sk_buff *skb)
{
	unsigned int first = ring->next_to_use, last = ring->last_data;
	struct dma_region *desc = &ring->desc;
	__le32 lower;

	if (last == UINT_MAX ||
	    dma_region_read_field(desc, last, struct e1000_data_desc, lower,
				  &lower) ||
	    !dma_lease_is_granted(&ring->tx[last].data))
		return -EINVAL;
	if (!take_cell_put(&ring->tx[last].skb, skb)) {
		/* The slot was never completed: a bookkeeping bug, not load. */
		WARN_ON_ONCE(1);
		return -EINVAL;
	}
	dma_region_write_field(desc, last, struct e1000_data_desc, lower,
			       lower | cpu_to_le32(E1000_TXD_CMD_EOP |
						   E1000_TXD_CMD_RS));
	ring->tx[first].last = last;
	ring->fill_left = 0;
	/* Pairs with the acquire in kcell_e1000_tx_complete(): slots are full. */
	smp_store_release(&ring->next_to_use, ring->next_to_fill);
	return 0;
}

/* Takes back the oldest packet: the device no longer reads it. */
static struct sk_buff *kcell_e1000_tx_retire(struct kcell_e1000_ring *ring,
					     unsigned int first)
{
	unsigned int last = ring->tx[first].last;
	struct sk_buff *skb;

	kcell_e1000_count(&ring->leases_in,
			  kcell_e1000_tx_unmap(ring, first, last));
	skb = take_cell_take(&ring->tx[last].skb);
	/*
	 * Pairs with the acquire in kcell_e1000_tx_unused(): past this store
	 * the transmit path may fill the slots again.
	 */
	smp_store_release(&ring->next_to_clean, kcell_e1000_next(ring, last));
	return skb;
}

/**
 * kcell_e1000_tx_complete() - take back the oldest packet the device sent
 * @ring: the ring
 *
 * A packet is done when the device wrote back its last descriptor.
 * Packets complete in ring order: a later one written back before an
 * earlier one waits for it.
 *
 * Return: the packet, now the caller's; NULL if none is done.
 */
struct sk_buff *kcell_e1000_tx_complete(struct kcell_e1000_ring *ring)
{
	unsigned int i = ring->next_to_clean;
	u8 status;

	/* Pairs with the release in kcell_e1000_tx_commit(). */
	if (i == smp_load_acquire(&ring->next_to_use))
		return NULL;
	if (dma_region_read_field(&ring->desc, ring->tx[i].last,
				  struct e1000_data_desc, status, &status) ||
	    !(status & E1000_TXD_STAT_DD))
		return NULL;
	/* Nothing of the packet is read before the device says it is done. */
	dma_rmb();
	return kcell_e1000_tx_retire(ring, i);
}

/**
 * kcell_e1000_tx_unposted_done() - whether the device completed a slot never posted
 * @ring: the ring
 *
 * The slot at the transmit path's index is not the device's: its status
 * was cleared when it was last taken back (or it was never used), and the
 * device may not write back a descriptor before the tail register passes
 * it.  Completion side, once kcell_e1000_tx_complete() returned NULL.
 *
 * Return: true if that slot has DD set and the transmit path has not
 * posted it since: a device fault.
 */
bool kcell_e1000_tx_unposted_done(const struct kcell_e1000_ring *ring)
{
	/* Pairs with the release in kcell_e1000_tx_commit(). */
	unsigned int i = smp_load_acquire(&ring->next_to_use);
	u8 status;

	if (dma_region_read_field(&ring->desc, i, struct e1000_data_desc,
				  status, &status) ||
	    !(status & E1000_TXD_STAT_DD))
		return false;
	/*
	 * A DD from a correct device comes after a commit that moved the
	 * index past the slot: read the index again after the status.
	 */
	dma_rmb();
	return READ_ONCE(ring->next_to_use) == i;
}

/**
 * kcell_e1000_tx_empty() - whether no packet is in the transmit ring
 * @ring: the ring
 *
 * Return: true when every slot committed was taken back.
 */
bool kcell_e1000_tx_empty(const struct kcell_e1000_ring *ring)
{
	return ring->next_to_clean == ring->next_to_use;
}

/**
 * kcell_e1000_tx_drain() - take back a packet the device will not send
 * @ring: the ring of a device that was reset (it does no more DMA)
 *
 * Unmaps the oldest packet's buffers.  Call until kcell_e1000_tx_empty(): a
 * packet whose skb is missing (NULL) still had its buffers taken back.
 *
 * Return: the oldest packet still in flight; NULL when none is left or its
 * skb was missing.
 */
struct sk_buff *kcell_e1000_tx_drain(struct kcell_e1000_ring *ring)
{
	unsigned int i = ring->next_to_clean;

	if (i == ring->next_to_use)
		return NULL;
	return kcell_e1000_tx_retire(ring, i);
}

/**
 * kcell_e1000_rx_buf_alloc() - a receive buffer, for process context
 * @nc: the page fragment cache to carve it from, the caller's: zeroed
 *	before the first buffer, kcell_e1000_rx_frag_cache_drain() after the
 *	last
 * @len: the bytes the device may write into it
 *
 * In a page fragment laid out for build_skb() (KCELL_E1000_RX_TRUESIZE(@len)
 * bytes, the buffer KCELL_E1000_RX_HEADROOM into it), as NAPI allocates
 * its fresh buffers with napi_alloc_frag().  GFP_KERNEL, not the
 * GFP_ATOMIC of netdev_alloc_frag(): a whole ring is filled at once (open,
 * MTU and ring changes, all of which may sleep), where an atomic
 * allocation would fail under memory pressure instead of reclaiming, and
 * would use up the reserves kept for allocations that cannot wait.
 *
 * Return: the buffer, or NULL.
 */
void *kcell_e1000_rx_buf_alloc(struct page_frag_cache *nc, unsigned int len)
{
	u8 *frag = page_frag_alloc(nc, KCELL_E1000_RX_TRUESIZE(len),
				   GFP_KERNEL);

	return frag ? frag + KCELL_E1000_RX_HEADROOM : NULL;
}

/**
 * kcell_e1000_rx_frag_cache_drain() - let go of a page fragment cache
 * @nc: the cache kcell_e1000_rx_buf_alloc() carved buffers from
 *
 * Drops the references the cache holds on its page; the buffers carved
 * from it keep theirs, so each is freed on its own, as an skb's head or
 * fragment or by kcell_e1000_rx_buf_free().  @nc is empty again.
 */
void kcell_e1000_rx_frag_cache_drain(struct page_frag_cache *nc)
{
	/*
	 * What 6.12's page_frag_cache_drain() does; 6.1 has only this half
	 * of it, and the same two fields, so one way fits both.
	 */
	if (nc->va)
		__page_frag_cache_drain(virt_to_head_page(nc->va),
					nc->pagecnt_bias);
	nc->va = NULL;
}

/**
 * kcell_e1000_rx_buf_free() - free a receive buffer no skb was built on
 * @buf: what kcell_e1000_rx_buf_alloc() returned, or a buffer of the same
 *	layout from napi_alloc_frag(), unmapped
 */
void kcell_e1000_rx_buf_free(void *buf)
{
	skb_free_frag((u8 *)buf - KCELL_E1000_RX_HEADROOM);
}

/**
 * kcell_e1000_rx_ring_init() - allocate a receive ring, every buffer granted
 * @ring: the ring, zeroed or released
 * @dev: the device that will fill it
 * @count: descriptors: KCELL_E1000_MIN_RING to KCELL_E1000_MAX_RING, a
 *	multiple of E1000_RING_ALIGN
 * @buf_len: the length of each buffer, at most E1000_RX_BUF_LEN (what the
 *	device is told); less only where the device drops longer frames
 *	(E1000_RX_STD_BUF_LEN without RCTL_LPE)
 *
 * Return: 0, -EINVAL for a bad @count or @buf_len, -ENOMEM, or a
 * mapping's -errno.
 */
int kcell_e1000_rx_ring_init(struct kcell_e1000_ring *ring, struct device *dev,
			     unsigned int count, unsigned int buf_len)
{
	struct page_frag_cache nc = {};
	unsigned int i;
	int err;

	if (!buf_len || buf_len > E1000_RX_BUF_LEN)
		return -EINVAL;
	err = kcell_e1000_ring_alloc(ring, dev, count, struct e1000_rx_desc,
				     struct kcell_e1000_rx_slot);
	if (err)
		return err;
	ring->buf_len = buf_len;
	for (i = 0; i < count; i++) {
		struct dma_lease *lease = &ring->rx[i].buf;
		void *buf = kcell_e1000_rx_buf_alloc(&nc, buf_len);
		kcell_dma_t addr;

		if (!buf) {
			err = -ENOMEM;
			break;
		}
		err = dma_lease_map(lease, dev, buf, buf_len, DMA_FROM_DEVICE);
		if (err) {
			kcell_e1000_rx_buf_free(buf);
			break;
		}
		ring->leases_out++;
		ring->granted++;
		addr = dma_lease_grant(lease);
		dma_region_write_field(&ring->desc, i, struct e1000_rx_desc,
				       addr, kcell_dma_to_desc(addr));
	}
	kcell_e1000_rx_frag_cache_drain(&nc);
	if (err) {
		ring->count = i;
		kcell_e1000_rx_ring_release(ring);
	}
	return err;
}

/**
 * kcell_e1000_rx_ring_release() - unmap and free a receive ring's buffers
 * @ring: the ring of a device that was reset (it does no more DMA)
 */
void kcell_e1000_rx_ring_release(struct kcell_e1000_ring *ring)
{
	unsigned int i;

	for (i = 0; i < ring->count; i++) {
		struct dma_lease *lease = &ring->rx[i].buf;
		void *buf;

		if (dma_lease_is_granted(lease)) {
			buf = dma_lease_reclaim(lease);
			ring->granted--;
		} else {
			/* Peeked and not recycled: the device stopped first. */
			dma_lease_owned(lease);
			buf = dma_lease_cpu(lease);
		}
		/* An unmapped slot (a bookkeeping bug) has nothing to free. */
		if (!dma_lease_unmap(lease) && buf) {
			ring->leases_in++;
			kcell_e1000_rx_buf_free(buf);
		}
	}
	/* Mapped only inside kcell_e1000_rx_swap(). */
	WARN_ON_ONCE(dma_lease_is_mapped(&ring->spare));
	kcell_e1000_ring_free(ring);
}

/**
 * kcell_e1000_rx_ring_reset() - forget what the device wrote back
 * @ring: the ring of a device that was reset (it does no more DMA)
 *
 * Every buffer stays granted; the device starts again from the first
 * descriptor.
 */
void kcell_e1000_rx_ring_reset(struct kcell_e1000_ring *ring)
{
	unsigned int i;

	for (i = 0; i < ring->count; i++)
		dma_region_write_field(&ring->desc, i, struct e1000_rx_desc,
				       status, 0);
	ring->next_to_clean = 0;
}

/**
 * kcell_e1000_rx_peek() - the oldest buffer the device filled
 * @ring: the ring
 * @done: what the device wrote back for it
 *
 * Reclaims the buffer: it is the CPU's until kcell_e1000_rx_recycle(), which
 * must be called next (after kcell_e1000_rx_swap(), if the caller keeps
 * the buffer).
 *
 * Return: the buffer, or NULL if the device has not filled it yet.
 */
const void *kcell_e1000_rx_peek(struct kcell_e1000_ring *ring,
				struct kcell_e1000_rx_done *done)
{
	unsigned int i = ring->next_to_clean;
	struct dma_region *desc = &ring->desc;
	const void *buf;
	__le16 len;
	u8 status;

	if (dma_region_read_field(desc, i, struct e1000_rx_desc, status,
				  &status) ||
	    !(status & E1000_RXD_STAT_DD))
		return NULL;
	/* The rest of the descriptor is valid once DD is seen. */
	dma_rmb();
	dma_region_read_field(desc, i, struct e1000_rx_desc, length, &len);
	dma_region_read_field(desc, i, struct e1000_rx_desc, errors,
			      &done->errors);
	done->status = status;
	/* A device that says it wrote more wrote no more than the buffer. */
	done->overrun = le16_to_cpu(len) > ring->buf_len;
	done->len = min_t(unsigned int, le16_to_cpu(len), ring->buf_len);
	buf = dma_lease_reclaim(KCELL_E1000_RX_NEXT(ring));
	if (buf)
		kcell_e1000_count(&ring->granted, -1);
	return buf;
}

/**
 * kcell_e1000_rx_swap() - trade the peeked buffer for a fresh one
 * @ring: the ring, its next buffer peeked and not yet recycled
 * @fresh: a buffer of @ring->buf_len laid out as kcell_e1000_rx_buf_alloc()
 *	lays them out, the caller's
 *
 * Maps @fresh into the ring's spare lease, swaps the spare with the slot's
 * (dma_lease_swap(): nothing is unmapped or synced) and unmaps the spare,
 * which then holds the peeked buffer.  The mapping comes first so that
 * when it fails the slot still has its old buffer to recycle.  Either way
 * the caller then calls kcell_e1000_rx_recycle(), which grants the slot's
 * buffer: @fresh after a swap, the old one after a failure.  NAPI only.
 *
 * Return: the peeked buffer, with the frame in it, now the caller's and
 * unmapped (@fresh is the ring's); NULL if @fresh could not be mapped,
 * or the slot was not the CPU's (a misuse debug mode reports): @fresh
 * stays the caller's, unmapped, and the slot keeps the peeked buffer.
 */
void *kcell_e1000_rx_swap(struct kcell_e1000_ring *ring, void *fresh)
{
	void *full = dma_lease_cpu(KCELL_E1000_RX_NEXT(ring));

	if (!full || dma_lease_map(&ring->spare, ring->dev, fresh,
				   ring->buf_len, DMA_FROM_DEVICE))
		return NULL;
	kcell_e1000_count(&ring->leases_out, 1);
	/* Not refused while the caller keeps its contract: the slot's ours. */
	if (dma_lease_swap(KCELL_E1000_RX_NEXT(ring), &ring->spare))
		full = NULL;
	/* The peeked buffer after the swap, else @fresh: either is done. */
	dma_lease_unmap(&ring->spare);
	/*
	 * Never more in than out for kcell_e1000_ring_leases(), which reads
	 * in first: the count out above is seen before this one.
	 */
	smp_wmb();
	kcell_e1000_count(&ring->leases_in, 1);
	return full;
}

/**
 * kcell_e1000_rx_recycle() - give the peeked buffer back to the device
 * @ring: the ring
 *
 * Grants the slot's buffer: the peeked one, or the fresh one that
 * kcell_e1000_rx_swap() put in its place.  The caller then writes
 * kcell_e1000_rx_tail() to the tail register.
 *
 * Return: 0, or -EINVAL if no buffer was peeked (the grant refuses it, a
 * misuse debug mode reports).
 */
int kcell_e1000_rx_recycle(struct kcell_e1000_ring *ring)
{
	unsigned int i = ring->next_to_clean;
	kcell_dma_t addr;

	addr = dma_lease_grant(KCELL_E1000_RX_NEXT(ring));
	if (addr == KCELL_DMA_ERROR)
		return -EINVAL;
	kcell_e1000_count(&ring->granted, 1);
	dma_region_write_field(&ring->desc, i, struct e1000_rx_desc, status, 0);
	dma_region_write_field(&ring->desc, i, struct e1000_rx_desc, addr,
			       kcell_dma_to_desc(addr));
	ring->next_to_clean = kcell_e1000_next(ring, i);
	return 0;
}

/**
 * kcell_e1000_rx_tail() - the receive tail register's value
 * @ring: the ring
 *
 * The device may fill every descriptor from its head up to, not
 * including, the tail: all but the one before the next to clean.
 *
 * Return: the index to write to the tail register.
 */
unsigned int kcell_e1000_rx_tail(const struct kcell_e1000_ring *ring)
{
	return (ring->next_to_clean + ring->count - 1) % ring->count;
}
