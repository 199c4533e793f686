/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kcell_e1000 descriptor rings: the interface of kcell_e1000_ring.c.
 *
 * A ring knows its descriptors and the DMA leases of their buffers, and
 * nothing of registers, interrupts or the network stack: an skb is only a
 * pointer it holds while the device reads its bytes, and a receive buffer
 * is only laid out so that the caller can build an skb around it.  That
 * is what lets the KUnit suite drive the rings against a fake device.
 */
#ifndef _KCELL_E1000_RING_H
#define _KCELL_E1000_RING_H

#include <linux/skbuff.h>
#include <linux/types.h>

#include <kcell/dma_lease.h>
#include <kcell/dma_region.h>
#include <kcell/take_cell.h>

#include "kcell_e1000_hw.h"

struct device;
struct page_frag_cache;
struct sk_buff;

#define KCELL_E1000_MIN_RING		64
#define KCELL_E1000_MAX_RING		4096

/*
 * struct kcell_e1000_tx_slot - one transmit descriptor's buffer (a plain
 * comment: kernel-doc does not parse DECLARE_TAKE_CELL members)
 * @data: a data descriptor's bytes, mapped and granted to the device from
 *	kcell_e1000_tx_add_buf() until kcell_e1000_tx_complete() sees the
 *	packet done; unmapped for a context descriptor
 * @skb: on a packet's last descriptor: the packet, owned by the ring
 *	while in flight
 * @last: on a packet's first descriptor: the index of its last one
 */
struct kcell_e1000_tx_slot {
	struct dma_lease data;
	DECLARE_TAKE_CELL(skb, struct sk_buff);
	unsigned int last;
};

/**
 * struct kcell_e1000_tx_ctx - a context descriptor's offload parameters
 * @ipcss: IP checksum start
 * @ipcso: IP checksum offset
 * @ipcse: IP checksum end, 0 for the end
 * @tucss: TCP/UDP checksum start
 * @tucso: TCP/UDP checksum offset
 * @tucse: TCP/UDP checksum end, 0 for the end
 * @cmd_len: E1000_TXD_CMD_TCP/IP/TSE | TSO payload length
 * @hdr_len: TSO header length
 * @mss: TSO segment payload
 */
struct kcell_e1000_tx_ctx {
	u8 ipcss;
	u8 ipcso;
	u16 ipcse;
	u8 tucss;
	u8 tucso;
	u16 tucse;
	u32 cmd_len;
	u8 hdr_len;
	u16 mss;
};

/*
 * A receive buffer is a page fragment laid out for build_skb(): headroom
 * for the stack, the bytes the device writes (the ring's @buf_len: all the
 * lease maps, and the pointer the ring deals in), and room for the
 * skb_shared_info, so that a frame goes up the stack in the buffer the
 * device wrote it into.  The in-tree e1000 lays out its buffers the same.
 * KCELL_E1000_RX_TRUESIZE(len) is the size of the fragment.
 */
#define KCELL_E1000_RX_HEADROOM	(NET_SKB_PAD + NET_IP_ALIGN)
#define KCELL_E1000_RX_TRUESIZE(len)					\
	(SKB_DATA_ALIGN(KCELL_E1000_RX_HEADROOM + (len)) +		\
	 SKB_DATA_ALIGN(sizeof(struct skb_shared_info)))

/**
 * struct kcell_e1000_rx_slot - one receive descriptor's buffer
 * @buf: a buffer of the ring's @buf_len (KCELL_E1000_RX_HEADROOM into its
 *	page fragment), mapped while it is in the ring and granted to the device
 *	except between kcell_e1000_rx_peek() and kcell_e1000_rx_recycle();
 *	kcell_e1000_rx_swap() may put another buffer in its place between
 *	the two
 */
struct kcell_e1000_rx_slot {
	struct dma_lease buf;
};

/**
 * struct kcell_e1000_ring - a descriptor ring and its slots
 * @desc: the descriptors, shared with the device
 * @spare: RX: where kcell_e1000_rx_swap() maps a fresh buffer before it
 *	trades places with a slot's; unmapped outside that function (NAPI
 *	only), so a ring swap leaves it where it is
 * @state: everything below, as one assignable group (a region cannot be
 *	assigned: kcell_e1000_ring_swap() moves it with dma_region_swap())
 * @dev: the device, for mapping buffers
 * @count: number of descriptors, a multiple of E1000_RING_ALIGN
 * @next_to_use: TX: the first slot after the last committed packet;
 *	written only by the transmit path, released to the completion side
 * @next_to_clean: the next slot the device will complete; written only by
 *	the completion side (NAPI), released to the transmit path
 * @next_to_fill: TX: the next slot of the packet being built (transmit
 *	path only, between kcell_e1000_tx_begin() and kcell_e1000_tx_commit())
 * @fill_left: TX: descriptors that packet may still take
 * @last_data: TX: its last data descriptor so far
 * @leases_out: buffers mapped by the side that fills the ring, less those
 *	it took back itself (TX: the transmit path and its aborts; RX: init,
 *	then NAPI's fresh buffers)
 * @leases_in: buffers unmapped by the side that empties it (TX: NAPI and
 *	the drain; RX: NAPI's buffers that went up the stack, and release)
 * @granted: RX: buffers the device owns (NAPI, or RTNL while NAPI is
 *	disabled)
 * @buf_len: RX: the length of every buffer (E1000_RX_STD_BUF_LEN or
 *	E1000_RX_BUF_LEN), fixed at init
 * @tx: TX slots, @count of them
 * @rx: RX slots, @count of them
 *
 * One slot of a TX ring stays empty, so that equal indices mean an empty
 * ring, as they do for the device's head and tail registers.
 *
 * The three counters each have one writer at a time (an RX ring's init
 * runs before NAPI uses the ring) and are read without locks (ethtool
 * -S): kcell_e1000_ring_leases() is what the ring holds mapped, which must
 * be zero when the ring is released.
 */
struct kcell_e1000_ring {
	struct dma_region desc;
	struct dma_lease spare;
	struct_group(state,
		struct device *dev;
		unsigned int count;
		unsigned int next_to_use;
		unsigned int next_to_clean;
		unsigned int next_to_fill;
		unsigned int fill_left;
		unsigned int last_data;
		unsigned long leases_out;
		unsigned long leases_in;
		unsigned long granted;
		unsigned int buf_len;
		union {
			struct kcell_e1000_tx_slot *tx;
			struct kcell_e1000_rx_slot *rx;
		};
	);
};

/**
 * struct kcell_e1000_rx_done - what the device wrote back for a buffer
 * @len: bytes in the buffer
 * @status: E1000_RXD_STAT_*
 * @errors: E1000_RXD_ERR_*
 * @overrun: the device wrote back a length beyond the buffer (@len is
 *	clamped to it): no correct device does
 */
struct kcell_e1000_rx_done {
	unsigned int len;
	u8 status;
	u8 errors;
	bool overrun;
};

int kcell_e1000_tx_ring_init(struct kcell_e1000_ring *ring, struct device *dev,
			     unsigned int count);
void kcell_e1000_tx_ring_release(struct kcell_e1000_ring *ring);
unsigned int kcell_e1000_tx_unused(const struct kcell_e1000_ring *ring);
int kcell_e1000_tx_begin(struct kcell_e1000_ring *ring, unsigned int ndesc);
int kcell_e1000_tx_add_context(struct kcell_e1000_ring *ring,
			       const struct kcell_e1000_tx_ctx *ctx);
int kcell_e1000_tx_add_buf(struct kcell_e1000_ring *ring, void *data,
			   unsigned int len, u32 dcmd, u8 popts);
int kcell_e1000_tx_commit(struct kcell_e1000_ring *ring, struct sk_buff *skb);
void kcell_e1000_tx_abort(struct kcell_e1000_ring *ring);
struct sk_buff *kcell_e1000_tx_complete(struct kcell_e1000_ring *ring);
struct sk_buff *kcell_e1000_tx_drain(struct kcell_e1000_ring *ring);
bool kcell_e1000_tx_unposted_done(const struct kcell_e1000_ring *ring);
bool kcell_e1000_tx_empty(const struct kcell_e1000_ring *ring);
unsigned long kcell_e1000_ring_leases(const struct kcell_e1000_ring *ring);
void kcell_e1000_ring_swap(struct kcell_e1000_ring *a,
			   struct kcell_e1000_ring *b);

int kcell_e1000_rx_ring_init(struct kcell_e1000_ring *ring, struct device *dev,
			     unsigned int count, unsigned int buf_len);
void kcell_e1000_rx_ring_release(struct kcell_e1000_ring *ring);
void kcell_e1000_rx_ring_reset(struct kcell_e1000_ring *ring);
/*
 * The lease of the next buffer to clean: kcell_e1000_rx_peek() gives it to
 * its caller when it returns a buffer, kcell_e1000_rx_recycle() takes it
 * back.
 */
#define KCELL_E1000_RX_NEXT(ring)	(&(ring)->rx[(ring)->next_to_clean].buf)

void *kcell_e1000_rx_buf_alloc(struct page_frag_cache *nc, unsigned int len);
void kcell_e1000_rx_frag_cache_drain(struct page_frag_cache *nc);
void kcell_e1000_rx_buf_free(void *buf);

const void *kcell_e1000_rx_peek(struct kcell_e1000_ring *ring,
				struct kcell_e1000_rx_done *done)
	__kcell_gives_if(1, KCELL_E1000_RX_NEXT(ring));
void *kcell_e1000_rx_swap(struct kcell_e1000_ring *ring, void *fresh)
	__kcell_owns(KCELL_E1000_RX_NEXT(ring));
int kcell_e1000_rx_recycle(struct kcell_e1000_ring *ring)
	__kcell_takes(KCELL_E1000_RX_NEXT(ring));
unsigned int kcell_e1000_rx_tail(const struct kcell_e1000_ring *ring);

#endif /* _KCELL_E1000_RING_H */
