// SPDX-License-Identifier: GPL-2.0
/*
 * kcell_e1000 data path: ndo_start_xmit and the NAPI poll.
 *
 * The transmit path builds each packet in the TX ring (kcell_e1000_ring.c) from
 * the skb's head and fragments, each a lease of its own, behind a context
 * descriptor when the device is to checksum or segment it.  NAPI takes
 * completed packets back, hands received frames up the stack in the
 * buffers the device wrote them into (each buffer traded in the ring for
 * a fresh one: kcell_e1000_rx_swap()), copies out the small ones and those
 * for which no fresh buffer could be had, and picks the interrupt rate.
 * Who touches what: see kcell_e1000_main.c.
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <net/checksum.h>

#include <kcell/kcell.h>

#include "kcell_e1000.h"

/*
 * The most descriptors a packet takes: a context descriptor, the head and
 * every fragment.  The queue stops when fewer are free.
 */
#define KCELL_E1000_TX_DESC_MAX	(MAX_SKB_FRAGS + 2)

/* The transmit queue wakes when this many descriptors are free. */
static unsigned int kcell_e1000_tx_wake(const struct kcell_e1000 *a)
{
	return max_t(unsigned int, KCELL_E1000_TX_DESC_MAX, a->tx.count / 4);
}

static void kcell_e1000_clean_tx(struct kcell_e1000 *a, int budget)
{
	unsigned int skbs = 0, skb_bytes = 0, pkts = 0, bytes = 0;
	struct net_device *netdev = a->netdev;
	struct sk_buff *skb;

	while ((skb = kcell_e1000_tx_complete(&a->tx))) {
		skbs++;
		skb_bytes += skb->len;
		pkts++;
		bytes += skb->len;
		/* On the wire, a TSO packet's headers go out with every segment. */
		if (skb_is_gso(skb)) {
			unsigned int more = skb_shinfo(skb)->gso_segs - 1;

			pkts += more;
			bytes += more * skb_tcp_all_headers(skb);
		}
		napi_consume_skb(skb, budget);
	}
	if (kcell_e1000_tx_unposted_done(&a->tx))
		kcell_domain_fault(&a->domain, KCELL_FAULT_UNPOSTED);
	if (!skbs)
		return;
	a->itr_packets += pkts;
	a->itr_bytes += bytes;
	u64_stats_update_begin(&a->tx_stats.syncp);
	u64_stats_add(&a->tx_stats.packets, pkts);
	u64_stats_add(&a->tx_stats.bytes, bytes);
	u64_stats_update_end(&a->tx_stats.syncp);
	/* The queue counted skbs and their lengths (__netdev_sent_queue()). */
	netdev_completed_queue(netdev, skbs, skb_bytes);

	/* Pairs with the barriers in kcell_e1000_maybe_stop() and _down(). */
	smp_mb();
	if (netif_queue_stopped(netdev) &&
	    !test_bit(KCELL_E1000_DOWN, &a->flags) &&
	    kcell_e1000_tx_unused(&a->tx) >= kcell_e1000_tx_wake(a)) {
		netif_wake_queue(netdev);
		kcell_e1000_stats_inc(&a->tx_stats, &a->tx_stats.woken);
	}
}

/*
 * Frames up to this many bytes are copied into an skb of their size and
 * their buffer goes back to the device as it is, as the in-tree e1000 does
 * (its copybreak parameter, 256 by default): for a TCP acknowledgment, a
 * copy costs less than a fresh buffer (a new page fragment, zeroed where
 * init_on_alloc is on, and its mapping, which under swiotlb copies the
 * whole buffer into its bounce slot), and the skb's truesize is that of
 * the frame, not of a buffer.  docs/BENCHMARKS.md has the counts with and
 * without it.
 */
#define KCELL_E1000_COPYBREAK	256

/*
 * The peeked buffer for the stack: a fresh one takes its place in the
 * ring.  Return: the buffer (KCELL_E1000_RX_HEADROOM into its page
 * fragment), now the caller's; NULL if no fresh buffer could be allocated
 * or mapped: the ring keeps the peeked one, and the caller copies from it.
 */
static void *kcell_e1000_rx_take(struct kcell_e1000 *a)
	__kcell_owns(KCELL_E1000_RX_NEXT(&a->rx))
{
	u8 *fresh = napi_alloc_frag(KCELL_E1000_RX_TRUESIZE(a->rx.buf_len));
	void *full;

	if (fresh) {
		full = kcell_e1000_rx_swap(&a->rx,
					   fresh + KCELL_E1000_RX_HEADROOM);
		if (full)
			return full;
		skb_free_frag(fresh);
	}
	kcell_e1000_stats_inc(&a->rx_stats, &a->rx_stats.map_errors);
	return NULL;
}

/* A frame's first @len bytes, copied into an skb of @size bytes. */
static struct sk_buff *kcell_e1000_rx_copy(struct kcell_e1000 *a,
					   const void *buf, unsigned int len,
					   unsigned int size)
{
	struct sk_buff *skb = napi_alloc_skb(&a->napi, size);

	if (skb)
		skb_put_data(skb, buf, len);
	return skb;
}

/*
 * The skb of a frame's first buffer, @buf with @len bytes in it: built
 * around the buffer itself, or a copy (a small frame, or no fresh buffer
 * for the ring).  Return: the skb, or NULL (no memory).
 */
static struct sk_buff *kcell_e1000_rx_first(struct kcell_e1000 *a,
					    const void *buf, unsigned int len,
					    bool eop)
	__kcell_owns(KCELL_E1000_RX_NEXT(&a->rx))
{
	/* A copied jumbo frame has room for the rest of it behind. */
	unsigned int size = eop ? len : a->rx_frame_max;
	struct sk_buff *skb;
	u8 *full;

	if (eop && len <= KCELL_E1000_COPYBREAK)
		return kcell_e1000_rx_copy(a, buf, len, len);
	full = kcell_e1000_rx_take(a);
	if (!full)
		return kcell_e1000_rx_copy(a, buf, len, size);
	skb = napi_build_skb(full - KCELL_E1000_RX_HEADROOM,
			     KCELL_E1000_RX_TRUESIZE(a->rx.buf_len));
	if (!skb) {
		/*
		 * The ring has its fresh buffer already and the frame is
		 * in this one, ours now: a smaller allocation may still
		 * hold a copy.
		 */
		skb = kcell_e1000_rx_copy(a, full, len, size);
		kcell_e1000_rx_buf_free(full);
		return skb;
	}
	skb_reserve(skb, KCELL_E1000_RX_HEADROOM);
	skb_put(skb, len);
	return skb;
}

/*
 * Adds a jumbo frame's next buffer, @buf with @len bytes in it, to @skb:
 * copied behind the head of a frame that was copied so far, else as a
 * fragment, the buffer itself or (no fresh buffer for the ring) a copy in
 * a fragment of its own.  Return: false if there was no memory for it.
 */
static bool kcell_e1000_rx_more(struct kcell_e1000 *a, struct sk_buff *skb,
				const void *buf, unsigned int len)
	__kcell_owns(KCELL_E1000_RX_NEXT(&a->rx))
{
	unsigned int truesize = KCELL_E1000_RX_TRUESIZE(a->rx.buf_len);
	struct page *page;
	u8 *frag;

	/*
	 * In order: behind the head only while no fragment follows it.
	 * skb_tailroom() says 0 once one does, too (and skb_put() would
	 * BUG() on a nonlinear skb), but the order is the reason.
	 */
	if (!skb_shinfo(skb)->nr_frags && skb_tailroom(skb) >= len) {
		skb_put_data(skb, buf, len);
		return true;
	}
	frag = kcell_e1000_rx_take(a);
	if (!frag) {
		truesize = SKB_DATA_ALIGN(len);
		frag = napi_alloc_frag(len);
		if (!frag)
			return false;
		memcpy(frag, buf, len);
	}
	page = virt_to_head_page(frag);
	skb_add_rx_frag(skb, skb_shinfo(skb)->nr_frags, page,
			frag - (u8 *)page_address(page), len, truesize);
	return true;
}

/*
 * Adds one received buffer, the ring's next, to the frame being assembled,
 * and hands the frame up at its last buffer.  Called between
 * kcell_e1000_rx_peek() and kcell_e1000_rx_recycle(): a buffer the frame
 * keeps is traded for a fresh one in the ring here.
 */
static void kcell_e1000_rx_buf(struct kcell_e1000 *a, const void *buf,
			       const struct kcell_e1000_rx_done *done)
	__kcell_owns(KCELL_E1000_RX_NEXT(&a->rx))
{
	bool eop = done->status & E1000_RXD_STAT_EOP;
	struct kcell_e1000_sw_stats *st = &a->rx_stats;
	unsigned int len = done->len, total;
	struct sk_buff *skb;

	/* No correct device writes it: reset the device. */
	if (done->overrun)
		kcell_domain_fault(&a->domain, KCELL_FAULT_GARBAGE);
	if (a->rx_discard) {
		a->rx_discard = !eop;
		return;
	}
	skb = take_cell_take(&a->rx_partial);
	if (done->overrun) {
		kcell_e1000_stats_inc(st, &st->length_errors);
		goto drop;
	}
	if (done->errors & E1000_RXD_ERR_FRAME) {
		kcell_e1000_stats_inc(st, &st->frame_errors);
		goto drop;
	}
	/*
	 * Checked before the buffer is taken, so that a bad frame's stays in
	 * the ring.  A first buffer must hold the Ethernet header, EOP or
	 * not: eth_type_trans() pulls it from the skb's head, which is that
	 * buffer when it goes up zero-copy, and a head shorter than the
	 * header is a BUG() there even with the rest in fragments.  The last
	 * test is for a device that splits a frame into more buffers than an
	 * skb has fragments.
	 */
	total = (skb ? skb->len : 0) + len;
	if (total > a->rx_frame_max || (!skb && len < ETH_HLEN) ||
	    (skb && skb_shinfo(skb)->nr_frags == MAX_SKB_FRAGS)) {
		kcell_e1000_stats_inc(st, &st->length_errors);
		goto drop;
	}
	if (!skb) {
		skb = kcell_e1000_rx_first(a, buf, len, eop);
		if (!skb) {
			kcell_e1000_stats_inc(st, &st->dropped);
			goto drop;
		}
		WRITE_ONCE(a->rx_skbs, a->rx_skbs + 1);
	} else if (len && !kcell_e1000_rx_more(a, skb, buf, len)) {
		kcell_e1000_stats_inc(st, &st->dropped);
		goto drop;
	}
	if (!eop) {
		take_cell_put(&a->rx_partial, skb);
		return;
	}
	a->itr_packets++;
	a->itr_bytes += skb->len;
	u64_stats_update_begin(&st->syncp);
	u64_stats_inc(&st->packets);
	u64_stats_add(&st->bytes, skb->len);
	u64_stats_update_end(&st->syncp);
	skb->protocol = eth_type_trans(skb, a->netdev);
	WRITE_ONCE(a->rx_skbs, a->rx_skbs - 1);
	napi_gro_receive(&a->napi, skb);
	return;

drop:
	if (skb) {
		WRITE_ONCE(a->rx_skbs, a->rx_skbs - 1);
		dev_kfree_skb_any(skb);
	}
	a->rx_discard = !eop;
}

static int kcell_e1000_clean_rx(struct kcell_e1000 *a, int budget)
{
	struct kcell_e1000_rx_done done;
	const void *buf;
	int frames = 0;
	bool any = false;

	/* Not a frame more once a fault was reported: the device is suspect. */
	while (frames < budget && kcell_domain_is_live(&a->domain)) {
		buf = kcell_e1000_rx_peek(&a->rx, &done);
		if (!buf)
			break;
		kcell_e1000_rx_buf(a, buf, &done);
		any = true;
		/* Refused only if the ring lost track of its buffer. */
		if (kcell_e1000_rx_recycle(&a->rx)) {
			kcell_domain_fault(&a->domain, KCELL_FAULT_MISUSE);
			break;
		}
		if (done.status & E1000_RXD_STAT_EOP)
			frames++;
	}
	/* writel() orders the descriptor writes before the device sees it. */
	if (any)
		kcell_e1000_wr(a, E1000_RDT, kcell_e1000_rx_tail(&a->rx));
	return frames;
}

/**
 * kcell_e1000_write_itr() - set the interrupt rate
 * @a: the device
 * @per_sec: at most this many interrupts per second
 *
 * NAPI, or RTNL while NAPI is disabled.
 */
void kcell_e1000_write_itr(struct kcell_e1000 *a, unsigned int per_sec)
{
	a->itr = per_sec;
	/* ITR counts 256 ns units between interrupts. */
	kcell_e1000_wr(a, E1000_ITR, NSEC_PER_SEC / (per_sec * 256));
}

/*
 * Picks the interrupt rate from what the last interrupt brought: many
 * bytes in large packets is a bulk transfer; little, or many small
 * packets, is latency-bound.  NAPI only.
 */
static void kcell_e1000_update_itr(struct kcell_e1000 *a)
{
	unsigned int packets = a->itr_packets, bytes = a->itr_bytes;
	unsigned int itr = a->itr;

	a->itr_packets = 0;
	a->itr_bytes = 0;
	if (!packets)
		return;
	if (itr == KCELL_E1000_ITR_LOW) {
		if ((bytes > 10000 &&
		     (bytes / packets > 1200 || packets < 10)) ||
		    bytes / packets > 2000)
			itr = KCELL_E1000_ITR_BULK;
	} else if (bytes < 6000 || (bytes > 25000 && packets > 35)) {
		itr = KCELL_E1000_ITR_LOW;
	}
	if (itr != a->itr)
		kcell_e1000_write_itr(a, itr);
}

/**
 * kcell_e1000_poll() - NAPI: transmit completions, then received frames
 * @napi: the device's NAPI context
 * @budget: frames it may deliver
 *
 * Inside a borrow of the fault domain: once a fault was reported, the
 * poll touches neither ring until the recovery rebuilt them, and completes
 * without unmasking interrupts (the recovery's start does).  Unmasks the
 * device's interrupts when it is done within @budget.
 *
 * Return: frames delivered.
 */
int kcell_e1000_poll(struct napi_struct *napi, int budget)
{
	struct kcell_e1000 *a = container_of(napi, struct kcell_e1000, napi);
	bool live = false;
	int done = 0;

	kcell_domain_borrow(&a->domain) {
		live = true;
		kcell_e1000_clean_tx(a, budget);
		done = kcell_e1000_clean_rx(a, budget);
	}
	if (done < budget && napi_complete_done(napi, done)) {
		kcell_e1000_update_itr(a);
		/*
		 * Not while kcell_e1000_down() masks them (it waits for us),
		 * nor after a fault (which set DOWN, or found it revoked).
		 */
		if (live && !test_bit(KCELL_E1000_DOWN, &a->flags))
			kcell_e1000_wr(a, E1000_IMS, KCELL_E1000_IRQS);
	}
	return done;
}

/* Stops the queue when the ring is full; kcell_e1000_clean_tx() wakes it. */
static void kcell_e1000_maybe_stop(struct kcell_e1000 *a)
{
	if (kcell_e1000_tx_unused(&a->tx) >= KCELL_E1000_TX_DESC_MAX)
		return;
	netif_stop_queue(a->netdev);
	kcell_e1000_stats_inc(&a->xmit_stats, &a->xmit_stats.stopped);
	/* Completion may have freed descriptors before it saw the stop. */
	smp_mb();
	if (kcell_e1000_tx_unused(&a->tx) >= kcell_e1000_tx_wake(a)) {
		netif_start_queue(a->netdev);
		kcell_e1000_stats_inc(&a->xmit_stats, &a->xmit_stats.woken);
	}
}

/*
 * Fills @ctx for a packet the device checksums or segments, as the stack
 * left it (CHECKSUM_PARTIAL, or GSO for TSO).  Return: 1 if the packet
 * needs this context descriptor, 0 if it needs none, or -errno.
 */
static int kcell_e1000_tx_offload(struct sk_buff *skb,
				  struct kcell_e1000_tx_ctx *ctx, u32 *dcmd,
				  u8 *popts)
{
	unsigned int css, hdr_len;
	int err;

	memset(ctx, 0, sizeof(*ctx));
	if (skb_is_gso(skb)) {
		struct iphdr *iph;

		/* Only TCP over IPv4 is offered (NETIF_F_TSO). */
		err = skb_cow_head(skb, 0);
		if (err)
			return err;
		iph = ip_hdr(skb);
		hdr_len = skb_transport_offset(skb) + tcp_hdrlen(skb);
		/* The device fills these in for every segment. */
		iph->tot_len = 0;
		iph->check = 0;
		tcp_hdr(skb)->check = ~csum_tcpudp_magic(iph->saddr, iph->daddr,
							 0, IPPROTO_TCP, 0);
		ctx->ipcss = skb_network_offset(skb);
		ctx->ipcso = (u8 *)&iph->check - skb->data;
		ctx->ipcse = skb_transport_offset(skb) - 1;
		ctx->tucss = skb_transport_offset(skb);
		ctx->tucso = (u8 *)&tcp_hdr(skb)->check - skb->data;
		ctx->cmd_len = E1000_TXD_CMD_IP | E1000_TXD_CMD_TCP |
			       E1000_TXD_CMD_TSE | (skb->len - hdr_len);
		ctx->hdr_len = hdr_len;
		ctx->mss = skb_shinfo(skb)->gso_size;
		*dcmd = E1000_TXD_CMD_TSE;
		*popts = E1000_TXD_POPTS_IXSM | E1000_TXD_POPTS_TXSM;
		return 1;
	}
	*dcmd = 0;
	*popts = 0;
	if (skb->ip_summed != CHECKSUM_PARTIAL)
		return 0;
	css = skb_checksum_start_offset(skb);
	/* The context's offsets are bytes: beyond them, checksum here. */
	if (css + skb->csum_offset > U8_MAX)
		return skb_checksum_help(skb);
	ctx->tucss = css;
	ctx->tucso = css + skb->csum_offset;
	*popts = E1000_TXD_POPTS_TXSM;
	return 1;
}

/* Maps the packet's head and fragments into the descriptors begun. */
static int kcell_e1000_tx_add_skb(struct kcell_e1000 *a, struct sk_buff *skb,
				  u32 dcmd, u8 popts)
{
	unsigned int i, head = skb_headlen(skb);
	int err = 0;

	if (head)
		err = kcell_e1000_tx_add_buf(&a->tx, skb->data, head, dcmd,
					     popts);
	for (i = 0; !err && i < skb_shinfo(skb)->nr_frags; i++) {
		skb_frag_t *frag = &skb_shinfo(skb)->frags[i];

		err = kcell_e1000_tx_add_buf(&a->tx, skb_frag_address(frag),
					     skb_frag_size(frag), dcmd, popts);
	}
	return err;
}

/* The transmit path proper, inside a borrow of the fault domain. */
static netdev_tx_t kcell_e1000_xmit(struct kcell_e1000 *a, struct sk_buff *skb)
{
	struct net_device *netdev = a->netdev;
	struct kcell_e1000_sw_stats *st = &a->xmit_stats;
	struct kcell_e1000_tx_ctx ctx;
	unsigned int len;
	u32 dcmd;
	u8 popts;
	int ctx_needed, err;

	/* The device pads short frames, but would send the skb's tail. */
	if (skb_put_padto(skb, ETH_ZLEN)) {
		kcell_e1000_stats_inc(st, &st->dropped);
		return NETDEV_TX_OK;
	}
	err = kcell_e1000_tx_begin(&a->tx, KCELL_E1000_TX_DESC_MAX);
	if (err) {
		/* The queue is stopped before the ring fills: not reached. */
		netif_stop_queue(netdev);
		kcell_e1000_stats_inc(st, &st->busy);
		kcell_e1000_wr(a, E1000_TDT, a->tx.next_to_use);
		return NETDEV_TX_BUSY;
	}
	ctx_needed = kcell_e1000_tx_offload(skb, &ctx, &dcmd, &popts);
	err = ctx_needed < 0 ? ctx_needed : 0;
	if (ctx_needed > 0)
		err = kcell_e1000_tx_add_context(&a->tx, &ctx);
	if (!err) {
		err = kcell_e1000_tx_add_skb(a, skb, dcmd, popts);
		if (err == -ENOMEM) {
			kcell_e1000_stats_inc(st, &st->map_errors);
			if (++a->xmit_map_run == KCELL_E1000_MAP_STORM) {
				a->xmit_map_run = 0;
				kcell_domain_fault(&a->domain,
						   KCELL_FAULT_MAP_STORM);
			}
		} else if (!err) {
			a->xmit_map_run = 0;
		}
	}
	len = skb->len;
	if (!err)
		err = kcell_e1000_tx_commit(&a->tx, skb);
	if (err) {
		kcell_e1000_tx_abort(&a->tx);
		kcell_e1000_stats_inc(st, &st->dropped);
		dev_kfree_skb_any(skb);
		/*
		 * Packets posted earlier in this batch wait for the tail
		 * write that the last one would have made.
		 */
		if (!netdev_xmit_more())
			kcell_e1000_wr(a, E1000_TDT, a->tx.next_to_use);
		return NETDEV_TX_OK;
	}
	/* The ring owns the skb now: only its length is used below. */
	kcell_e1000_maybe_stop(a);
	if (__netdev_sent_queue(netdev, len, netdev_xmit_more()))
		kcell_e1000_wr(a, E1000_TDT, a->tx.next_to_use);
	return NETDEV_TX_OK;
}

/**
 * kcell_e1000_start_xmit() - ndo_start_xmit: queue a packet for the device
 * @skb: the packet
 * @netdev: the interface
 *
 * Under the transmit queue lock.  The tail register is written at the end
 * of a batch (netdev_xmit_more()), also when a packet of it is dropped.
 * Inside a borrow of the fault domain: once a fault was reported, and
 * until the recovery rebuilt the rings (a resume may wake the queue of a
 * torn-down interface), the packet goes back to the qdisc and the queue
 * stops; the recovery's start wakes it.
 *
 * Return: NETDEV_TX_OK; NETDEV_TX_BUSY if the ring was full (the queue is
 * stopped before that can happen) or a fault is being recovered from.
 */
netdev_tx_t kcell_e1000_start_xmit(struct sk_buff *skb,
				   struct net_device *netdev)
{
	struct kcell_e1000 *a = netdev_priv(netdev);
	netdev_tx_t ret = NETDEV_TX_BUSY;
	bool live = false;

	kcell_domain_borrow(&a->domain) {
		live = true;
		ret = kcell_e1000_xmit(a, skb);
	}
	if (!live) {
		netif_stop_queue(netdev);
		kcell_e1000_stats_inc(&a->xmit_stats, &a->xmit_stats.busy);
	}
	return ret;
}
