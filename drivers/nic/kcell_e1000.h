/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kcell_e1000: an Intel 82540EM driver whose packet buffers are DMA leases.
 *
 * e1000_ring.c keeps the descriptor rings and the leases of their buffers,
 * without knowing about registers or the network stack (the KUnit suite
 * drives it against a fake device); e1000_main.c is the PCI and net_device
 * side; e1000_ethtool.c the ethtool operations.
 */
#ifndef _KCELL_E1000_H
#define _KCELL_E1000_H

#include <linux/io.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/spinlock.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>

#include <kcell/kcell.h>

#include "e1000_hw.h"

#define KE1000_NAME		"kcell_e1000"

#define KE1000_DEFAULT_RING	256
#define KE1000_MIN_RING		64
#define KE1000_MAX_RING		4096

/*
 * struct ke1000_tx_slot - one transmit descriptor's buffer (a plain comment:
 * kernel-doc does not parse DECLARE_TAKE_CELL members)
 * @data: a data descriptor's bytes, mapped and granted to the device from
 *	ke1000_tx_add_buf() until ke1000_tx_complete() sees the packet done;
 *	unmapped for a context descriptor
 * @skb: on a packet's last descriptor: the packet, owned by the ring
 *	while in flight
 * @last: on a packet's first descriptor: the index of its last one
 */
struct ke1000_tx_slot {
	struct dma_lease data;
	DECLARE_TAKE_CELL(skb, struct sk_buff);
	unsigned int last;
};

/**
 * struct ke1000_tx_ctx - a context descriptor's offload parameters
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
struct ke1000_tx_ctx {
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

/**
 * struct ke1000_rx_slot - one receive descriptor's buffer
 * @buf: an E1000_RX_BUF_LEN buffer, mapped for the ring's lifetime and
 *	granted to the device except between ke1000_rx_peek() and
 *	ke1000_rx_recycle()
 */
struct ke1000_rx_slot {
	struct dma_lease buf;
};

/**
 * struct ke1000_ring - a descriptor ring and its slots
 * @desc: the descriptors, shared with the device
 * @dev: the device, for mapping buffers
 * @count: number of descriptors, a multiple of E1000_RING_ALIGN
 * @next_to_use: TX: the first slot after the last committed packet;
 *	written only by the transmit path, released to the completion side
 * @next_to_clean: the next slot the device will complete; written only by
 *	the completion side (NAPI), released to the transmit path
 * @next_to_fill: TX: the next slot of the packet being built (transmit
 *	path only, between ke1000_tx_begin() and ke1000_tx_commit())
 * @fill_left: TX: descriptors that packet may still take
 * @last_data: TX: its last data descriptor so far
 * @leases_out: buffers mapped by the side that fills the ring, less those
 *	it took back itself (TX: the transmit path and its aborts; RX: init)
 * @leases_in: buffers unmapped by the side that empties it (TX: NAPI and
 *	the drain; RX: release)
 * @granted: RX: buffers the device owns (NAPI, or RTNL while NAPI is
 *	disabled)
 * @tx: TX slots, @count of them
 * @rx: RX slots, @count of them
 *
 * One slot of a TX ring stays empty, so that equal indices mean an empty
 * ring, as they do for the device's head and tail registers.
 *
 * The three counters each have one writer and are read without locks
 * (ethtool -S): ke1000_ring_leases() is what the ring holds mapped, which
 * must be zero when the ring is released.
 */
struct ke1000_ring {
	struct dma_region desc;
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
	union {
		struct ke1000_tx_slot *tx;
		struct ke1000_rx_slot *rx;
	};
};

/**
 * struct ke1000_rx_done - what the device wrote back for a received buffer
 * @len: bytes in the buffer
 * @status: E1000_RXD_STAT_*
 * @errors: E1000_RXD_ERR_*
 */
struct ke1000_rx_done {
	unsigned int len;
	u8 status;
	u8 errors;
};

int ke1000_tx_ring_init(struct ke1000_ring *ring, struct device *dev,
			unsigned int count);
void ke1000_tx_ring_release(struct ke1000_ring *ring);
unsigned int ke1000_tx_unused(const struct ke1000_ring *ring);
int ke1000_tx_begin(struct ke1000_ring *ring, unsigned int ndesc);
int ke1000_tx_add_context(struct ke1000_ring *ring,
			  const struct ke1000_tx_ctx *ctx);
int ke1000_tx_add_buf(struct ke1000_ring *ring, void *data, unsigned int len,
		      u32 dcmd, u8 popts);
int ke1000_tx_commit(struct ke1000_ring *ring, struct sk_buff *skb);
void ke1000_tx_abort(struct ke1000_ring *ring);
struct sk_buff *ke1000_tx_complete(struct ke1000_ring *ring);
struct sk_buff *ke1000_tx_drain(struct ke1000_ring *ring);
bool ke1000_tx_empty(const struct ke1000_ring *ring);
unsigned long ke1000_ring_leases(const struct ke1000_ring *ring);

int ke1000_rx_ring_init(struct ke1000_ring *ring, struct device *dev,
			unsigned int count);
void ke1000_rx_ring_release(struct ke1000_ring *ring);
void ke1000_rx_ring_reset(struct ke1000_ring *ring);
/*
 * The lease of the next buffer to clean: ke1000_rx_peek() gives it to its
 * caller when it returns a buffer, and ke1000_rx_recycle() takes it back.
 */
#define KE1000_RX_NEXT(ring)	(&(ring)->rx[(ring)->next_to_clean].buf)

const void *ke1000_rx_peek(struct ke1000_ring *ring,
			   struct ke1000_rx_done *done)
	__kcell_gives_if(1, KE1000_RX_NEXT(ring));
int ke1000_rx_recycle(struct ke1000_ring *ring)
	__kcell_takes(KE1000_RX_NEXT(ring));
unsigned int ke1000_rx_tail(const struct ke1000_ring *ring);

/**
 * struct ke1000_sw_stats - counters the driver keeps
 * @syncp: for 64-bit reads on 32-bit machines
 * @packets: frames delivered or completed
 * @bytes: their bytes
 * @frame_errors: RX: frames the device marked bad
 * @length_errors: RX: frames too long for the MTU or shorter than a header
 * @dropped: RX: no memory for the frame; TX: frames dropped by the driver
 * @busy: TX: transmissions refused with NETDEV_TX_BUSY
 * @stopped: TX: times the queue was stopped on a full ring
 * @woken: TX: times the completion side woke it
 * @map_errors: TX: DMA mapping failures
 *
 * Each instance has one writer: RX and TX completion counters are
 * written by NAPI, transmit counters under the transmit queue lock.
 */
struct ke1000_sw_stats {
	struct u64_stats_sync syncp;
	u64_stats_t packets;
	u64_stats_t bytes;
	u64_stats_t frame_errors;
	u64_stats_t length_errors;
	u64_stats_t dropped;
	u64_stats_t busy;
	u64_stats_t stopped;
	u64_stats_t woken;
	u64_stats_t map_errors;
};

/**
 * struct ke1000_hw_stats - the device's clear-on-read counters, summed
 * @crc_errors: E1000_CRCERRS
 * @missed: E1000_MPC
 * @no_buffer: E1000_RNBC
 * @undersize: E1000_RUC
 * @oversize: E1000_ROC
 * @length_errors: E1000_RLEC
 * @collisions: E1000_COLC
 */
struct ke1000_hw_stats {
	u64 crc_errors;
	u64 missed;
	u64 no_buffer;
	u64 undersize;
	u64 oversize;
	u64 length_errors;
	u64 collisions;
};

/*
 * struct ke1000 - one 82540EM (a plain comment: kernel-doc does not parse
 * DECLARE_TAKE_CELL members)
 * @netdev: its network interface
 * @pdev: its PCI function
 * @hw: BAR 0
 * @napi: receive and transmit completion
 * @tx: transmit ring: ndo_start_xmit produces, NAPI consumes
 * @rx: receive ring: NAPI only
 * @rx_partial: a frame whose first descriptors arrived without its last
 *	(a jumbo frame spans several): NAPI only
 * @rx_discard: the rest of the current frame is dropped (NAPI only)
 * @rx_skbs: skbs the receive path allocated and has not yet handed to the
 *	stack or freed (NAPI, or RTNL while NAPI is disabled)
 * @rx_frame_max: the largest frame accepted, from the MTU (read by NAPI,
 *	written while NAPI is disabled)
 * @itr: interrupts per second the device is set to (NAPI, and RTNL
 *	while NAPI is disabled)
 * @itr_packets: packets since the last interrupt (NAPI only)
 * @itr_bytes: their bytes (NAPI only)
 * @tx_count: TX ring size for the next open (RTNL)
 * @rx_count: RX ring size for the next open (RTNL)
 * @filter_lock: RCTL and the multicast table, written by ndo_set_rx_mode
 *	(under the address list lock) and by the RTNL paths
 * @rctl: what RCTL is programmed with (@filter_lock)
 * @mta: the multicast table (@filter_lock)
 * @rx_stats: written by NAPI
 * @tx_stats: completions, written by NAPI
 * @xmit_stats: written by ndo_start_xmit under the queue lock
 * @hw_stats_lock: serialises reading the device's counters into @hw_stats
 * @hw_stats: the device's counters, summed
 * @tx_timeouts: watchdog firings (@hw_stats_lock)
 * @link_work: carrier changes after an LSC interrupt
 * @reset_work: reset after a transmit timeout, under RTNL
 * @flags: KE1000_DOWN while the device is being or has been stopped:
 *	then neither the poll nor the interrupt handler restarts anything;
 *	KE1000_SUSPENDED from a suspend that took it down to the resume that
 *	brings it up (RTNL)
 */
struct ke1000 {
	struct net_device *netdev;
	struct pci_dev *pdev;
	u8 __iomem *hw;
	struct napi_struct napi;

	struct ke1000_ring tx;
	struct ke1000_ring rx;
	DECLARE_TAKE_CELL(rx_partial, struct sk_buff);
	bool rx_discard;
	unsigned long rx_skbs;
	unsigned int rx_frame_max;
	unsigned int itr;
	unsigned int itr_packets;
	unsigned int itr_bytes;
	unsigned int tx_count;
	unsigned int rx_count;

	spinlock_t filter_lock;		/* @rctl, @mta and their registers */
	u32 rctl;
	u32 mta[E1000_MTA_WORDS];

	struct ke1000_sw_stats rx_stats;
	struct ke1000_sw_stats tx_stats;
	struct ke1000_sw_stats xmit_stats;
	spinlock_t hw_stats_lock;	/* @hw_stats, @tx_timeouts */
	struct ke1000_hw_stats hw_stats;
	u64 tx_timeouts;

	struct work_struct link_work;
	struct work_struct reset_work;
	unsigned long flags;
};

/*
 * Bits of ke1000.flags.  KE1000_SUSPENDED: system sleep took a running
 * interface down and freed its interrupt; until resume brings it up
 * again, stop must not do either a second time, and the device's
 * counters are not read (it may be in D3).
 */
enum {
	KE1000_DOWN,
	KE1000_SUSPENDED,
};

/* Interrupts the driver handles. */
#define KE1000_IRQS	(E1000_ICR_TXDW | E1000_ICR_LSC | E1000_ICR_RXSEQ | \
			 E1000_ICR_RXDMT0 | E1000_ICR_RXO | E1000_ICR_RXT0)

/*
 * Interrupt moderation, in interrupts per second: at most 20000 while
 * traffic is light or made of small packets, for latency, and 4000 for
 * bulk transfers, where fewer interrupts mean more work per interrupt.
 * (The in-tree e1000's default, "dynamic conservative", moves between the
 * same two rates, with similar thresholds.)
 */
#define KE1000_ITR_LOW		20000
#define KE1000_ITR_BULK		4000

/*
 * Register access.  The KUnit suite, which includes the driver's files,
 * defines KE1000_FAKE_REGS and its own two functions first, to play the
 * device's registers.
 */
#ifndef KE1000_FAKE_REGS
static inline u32 ke1000_rd(struct ke1000 *a, u32 reg)
{
	return readl(a->hw + reg);
}

static inline void ke1000_wr(struct ke1000 *a, u32 reg, u32 val)
{
	writel(val, a->hw + reg);
}
#else
static u32 ke1000_rd(struct ke1000 *a, u32 reg);
static void ke1000_wr(struct ke1000 *a, u32 reg, u32 val);
#endif

static inline void ke1000_stats_inc(struct ke1000_sw_stats *s,
				    u64_stats_t *ctr)
{
	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(ctr);
	u64_stats_update_end(&s->syncp);
}

/* e1000_datapath.c */
netdev_tx_t ke1000_start_xmit(struct sk_buff *skb, struct net_device *netdev);
int ke1000_poll(struct napi_struct *napi, int budget);
void ke1000_write_itr(struct ke1000 *a, unsigned int per_sec);

/* e1000_main.c */
void ke1000_read_hw_stats(struct ke1000 *a, struct ke1000_hw_stats *out);
void ke1000_read_sw_stats(struct ke1000_sw_stats *s,
			  struct ke1000_sw_stats *out);
int ke1000_resize_rings(struct ke1000 *a, unsigned int tx_count,
			unsigned int rx_count);

extern const struct ethtool_ops ke1000_ethtool_ops;

#endif /* _KCELL_E1000_H */
