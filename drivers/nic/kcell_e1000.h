/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kcell_e1000: an Intel 82540EM driver whose packet buffers are DMA leases.
 * The adapter's private header, shared by its files:
 * kcell_e1000_main.c is the PCI and net_device side,
 * kcell_e1000_datapath.c transmit and NAPI, kcell_e1000_ethtool.c the
 * ethtool operations.  The rings (kcell_e1000_ring.c) have their own
 * header, kcell_e1000_ring.h, which knows nothing of this one.
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

#include "kcell_e1000_hw.h"
#include "kcell_e1000_ring.h"

#define KCELL_E1000_NAME		"kcell_e1000"

#define KCELL_E1000_DEFAULT_RING	256

/**
 * struct kcell_e1000_sw_stats - counters the driver keeps
 * @syncp: for 64-bit reads on 32-bit machines
 * @packets: frames delivered or completed
 * @bytes: their bytes
 * @frame_errors: RX: frames the device marked bad
 * @length_errors: RX: frames too long for the MTU or shorter than a header
 * @dropped: RX: no memory for the frame; TX: frames dropped by the driver
 * @busy: TX: transmissions refused with NETDEV_TX_BUSY
 * @stopped: TX: times the queue was stopped on a full ring
 * @woken: TX: times the completion side woke it
 * @map_errors: TX: DMA mapping failures; RX: received buffers copied
 *	out and left in the ring because no fresh buffer could be allocated
 *	(no memory) or mapped in their place, one per buffer (a jumbo frame
 *	may count several)
 * @flushed: TX: packets the device had not sent when the ring was
 *	stopped (down, an MTU or ring change, a fault domain's reset),
 *	freed unsent
 * @flushed_bytes: their bytes
 *
 * Each instance has one writer: RX and TX completion counters are
 * written by NAPI, transmit counters under the transmit queue lock.
 */
struct kcell_e1000_sw_stats {
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
	u64_stats_t flushed;
	u64_stats_t flushed_bytes;
};

/**
 * struct kcell_e1000_hw_stats - the device's clear-on-read counters, summed
 * @crc_errors: E1000_CRCERRS
 * @missed: E1000_MPC
 * @no_buffer: E1000_RNBC
 * @undersize: E1000_RUC
 * @oversize: E1000_ROC
 * @length_errors: E1000_RLEC
 * @collisions: E1000_COLC
 */
struct kcell_e1000_hw_stats {
	u64 crc_errors;
	u64 missed;
	u64 no_buffer;
	u64 undersize;
	u64 oversize;
	u64 length_errors;
	u64 collisions;
};

/*
 * struct kcell_e1000 - one 82540EM (a plain comment: kernel-doc does not parse
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
 * @rx_skbs: skbs the receive path allocated or built around a received
 *	buffer and has not yet handed to the stack or freed (NAPI, or RTNL
 *	while NAPI is disabled)
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
 * @xmit_map_run: transmit mappings failed in a row (ndo_start_xmit)
 * @link_work: carrier changes after an LSC interrupt
 * @domain: the fault domain of the running interface (its rings and
 *	their leases): ndo_start_xmit and NAPI use them only inside a borrow
 *	of it; a fault (a stuck transmitter, a garbage or unposted write-back,
 *	a mapping storm, a lease operation refused) resets the interface
 *	under RTNL and rebuilds it from @tx_count, @rx_count and the MTU
 * @hw_live: live from probe until remove unmaps @hw: the link work touches
 *	the registers only inside a borrow of it, whoever queued it and
 *	whenever it runs
 * @flags: KCELL_E1000_DOWN while the device is being or has been stopped
 *	(or a fault stopped feeding it): then neither the poll nor the
 *	interrupt handler restarts anything; KCELL_E1000_SUSPENDED from a
 *	suspend that took it down to the resume that brings it up;
 *	KCELL_E1000_TORN from a recovery that freed the rings of a running
 *	interface to the restart, resume or stop that follows (RTNL);
 *	KCELL_E1000_STALE from a stop that freed the rings a pending fault
 *	was about to the recovery's start (RTNL); KCELL_E1000_STOPPED from
 *	kcell_e1000_down() to kcell_e1000_up() (RTNL)
 */
struct kcell_e1000 {
	struct net_device *netdev;
	struct pci_dev *pdev;
	u8 __iomem *hw;
	struct napi_struct napi;

	struct kcell_e1000_ring tx;
	struct kcell_e1000_ring rx;
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

	struct kcell_e1000_sw_stats rx_stats;
	struct kcell_e1000_sw_stats tx_stats;
	struct kcell_e1000_sw_stats xmit_stats;
	spinlock_t hw_stats_lock;	/* @hw_stats, @tx_timeouts */
	struct kcell_e1000_hw_stats hw_stats;
	u64 tx_timeouts;
	unsigned int xmit_map_run;

	struct work_struct link_work;
	struct kcell_domain domain;
	struct kcell_revocable hw_live;
	unsigned long flags;
};

/*
 * Bits of kcell_e1000.flags.  KCELL_E1000_SUSPENDED: system sleep took a
 * running interface down and freed its interrupt; until resume brings it up
 * again, stop must not do either a second time, and the device's counters are
 * not read (it may be in D3).  KCELL_E1000_TORN: a fault domain recovery took
 * a running interface down and freed its rings, and no restart rebuilt them
 * yet; the interrupt stays requested.  KCELL_E1000_STALE: the interface was
 * closed while a fault's recovery waited for RTNL; what the fault was about
 * is gone, so that recovery resets nothing, even if an open came first.
 * KCELL_E1000_STOPPED: kcell_e1000_down() ran and no kcell_e1000_up() since
 * (NAPI disabled); unlike DOWN, which a fault sets too, with NAPI running.
 */
enum {
	KCELL_E1000_DOWN,
	KCELL_E1000_SUSPENDED,
	KCELL_E1000_TORN,
	KCELL_E1000_STALE,
	KCELL_E1000_STOPPED,
};

/*
 * Transmit mappings that fail this many times in a row, with none
 * succeeding, are a storm (an exhausted swiotlb, an IOMMU out of space,
 * mappings leaked): a fault.  Its reset gives every mapping of the rings
 * back before it maps the receive buffers again, and packets wait in the
 * qdisc meanwhile instead of being dropped one by one.  Receive refills
 * that fail are no fault: the frame is copied and its buffer stays.
 */
#define KCELL_E1000_MAP_STORM		256

/* A restart that failed (no memory, no mappings) is retried this often. */
#define KCELL_E1000_RETRY_MS		1000

/* Interrupts the driver handles. */
#define KCELL_E1000_IRQS	(E1000_ICR_TXDW | E1000_ICR_LSC | \
				 E1000_ICR_RXSEQ | E1000_ICR_RXDMT0 | \
				 E1000_ICR_RXO | E1000_ICR_RXT0)

/*
 * Interrupt moderation, in interrupts per second: at most 20000 while
 * traffic is light or made of small packets, for latency, and 4000 for
 * bulk transfers, where fewer interrupts mean more work per interrupt.
 * (The in-tree e1000's default, "dynamic conservative", moves between the
 * same two rates, with similar thresholds.)
 */
#define KCELL_E1000_ITR_LOW		20000
#define KCELL_E1000_ITR_BULK		4000

/*
 * Register access.  The KUnit suite, which includes the driver's files,
 * defines KCELL_E1000_FAKE_REGS and its own three functions first, to play the
 * device's registers and its PCI command register.
 */
#ifndef KCELL_E1000_FAKE_REGS
static inline u32 kcell_e1000_rd(struct kcell_e1000 *a, u32 reg)
{
	return readl(a->hw + reg);
}

static inline void kcell_e1000_wr(struct kcell_e1000 *a, u32 reg, u32 val)
{
	writel(val, a->hw + reg);
}

/* Bus mastering: off while a fault domain's recovery frees the rings. */
static inline void kcell_e1000_bus_master(struct kcell_e1000 *a, bool on)
{
	if (on)
		pci_set_master(a->pdev);
	else
		pci_clear_master(a->pdev);
}
#else
static u32 kcell_e1000_rd(struct kcell_e1000 *a, u32 reg);
static void kcell_e1000_wr(struct kcell_e1000 *a, u32 reg, u32 val);
static void kcell_e1000_bus_master(struct kcell_e1000 *a, bool on);
#endif

static inline void kcell_e1000_stats_inc(struct kcell_e1000_sw_stats *s,
					 u64_stats_t *ctr)
{
	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(ctr);
	u64_stats_update_end(&s->syncp);
}

/* kcell_e1000_datapath.c */
netdev_tx_t kcell_e1000_start_xmit(struct sk_buff *skb,
				   struct net_device *netdev);
int kcell_e1000_poll(struct napi_struct *napi, int budget);
void kcell_e1000_write_itr(struct kcell_e1000 *a, unsigned int per_sec);

/* kcell_e1000_main.c */
void kcell_e1000_read_hw_stats(struct kcell_e1000 *a,
			       struct kcell_e1000_hw_stats *out);
void kcell_e1000_read_sw_stats(struct kcell_e1000_sw_stats *s,
			       struct kcell_e1000_sw_stats *out);
int kcell_e1000_resize_rings(struct kcell_e1000 *a, unsigned int tx_count,
			     unsigned int rx_count);

extern const struct ethtool_ops kcell_e1000_ethtool_ops;

#endif /* _KCELL_E1000_H */
