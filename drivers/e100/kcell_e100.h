/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kcell_e100: an Intel 8255x driver whose command blocks are a DMA ring
 * and whose receive buffers are DMA leases.  The adapter's private header:
 * kcell_e100_main.c is the PCI and net_device side, kcell_e100_hw.c the
 * EEPROM, PHY and commands, kcell_e100_cbs.c the command block list and
 * transmit, kcell_e100_rx.c the receive frame area, kcell_e100_ethtool.c
 * the ethtool operations.
 */
#ifndef _KCELL_E100_H
#define _KCELL_E100_H

#include <linux/io.h>
#include <linux/mii.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/workqueue.h>

#include <kcell/kcell.h>

#include "kcell_e100_hw.h"

#define KCELL_E100_NAME		"kcell_e100"
#define KCELL_E100_WATCHDOG	(2 * HZ)
#define KCELL_E100_NAPI_WEIGHT	16

#define KCELL_E100_RFDS_MIN	16
#define KCELL_E100_RFDS_MAX	256
#define KCELL_E100_CBS_MIN	64
#define KCELL_E100_CBS_MAX	256

enum kcell_e100_ru_state {
	RU_SUSPENDED = 0,
	RU_RUNNING = 1,
	RU_UNINITIALIZED = -1,
};

/**
 * struct kcell_e100_rx_slot - one receive buffer of the frame area
 * @lease: its mapping (DMA_BIDIRECTIONAL: the descriptor at its head is
 *	the CPU's to write and the device's to complete); granted while the
 *	device may fill it
 * @skb: the skb whose data the lease maps
 */
struct kcell_e100_rx_slot {
	struct dma_lease lease;
	struct sk_buff *skb;
};

/**
 * struct kcell_e100_rx - the receive frame area
 * @slot: @count buffers, linked in a ring by their descriptors
 * @spare: unmapped between refills: a fresh buffer is mapped here, then
 *	swapped into the slot whose frame goes up the stack
 * @count: number of slots
 * @to_clean: the next slot the device completes; the end-of-list stop is
 *	two slots before it (each slot goes back to the device as soon as
 *	its frame is taken, so none is left empty)
 * @ru_running: whether the receive unit runs, or waits for a restart
 *	(NAPI's alone: the interrupt and the watchdog post @events)
 * @events: KCELL_E100_RX_RNR, set by the interrupt on an RNR;
 *	KCELL_E100_RX_CHECK, set by the watchdog: ask the device whether a
 *	unit thought running stopped.  Taken by NAPI.
 */
struct kcell_e100_rx {
	struct kcell_e100_rx_slot *slot;
	struct dma_lease spare;
	unsigned int count;
	unsigned int to_clean;
	enum kcell_e100_ru_state ru_running;
	unsigned long events;
};

#define KCELL_E100_RX_RNR	0
#define KCELL_E100_RX_CHECK	1

/**
 * struct kcell_e100_cbs - the command block list
 * @ring: the blocks, linked in a ring, and a lease per block for a
 *	transmit's buffer
 * @skb: the skb each transmit block sends, until its completion
 * @count: number of blocks
 * @to_use: the next free block
 * @to_send: the next block the command unit has not been told of
 * @to_clean: the oldest block not completed
 * @avail: free blocks
 * @cuc_cmd: cuc_start for the first block after a reset, then cuc_resume
 */
struct kcell_e100_cbs {
	struct dma_ring ring;
	struct sk_buff **skb;
	unsigned int count;
	unsigned int to_use;
	unsigned int to_send;
	unsigned int to_clean;
	unsigned int avail;
	u8 cuc_cmd;
};

/**
 * struct kcell_e100 - one adapter
 * @netdev: its net_device
 * @pdev: its PCI device
 * @dev: the device that maps the lists and buffers (@pdev's)
 * @csr: the registers
 * @msg_enable: netif_msg bits
 * @rx: the receive frame area
 * @cbs: the command block list, under @cb_lock
 * @cb_lock: @cbs, from transmit, NAPI and the control commands
 * @cmd_lock: the SCB command register and the interrupt mask
 * @mdio_lock: the MDI control register
 * @napi: receive and transmit completion
 * @mem: self-test result and statistics dump
 * @watchdog: link, statistics, and a software interrupt every 2 s
 * @reset_task: the reset after a transmit timeout, again every second
 *	until the device comes back up
 * @hw_live: live from probe until remove unmaps @csr: the watchdog and
 *	the reset work touch the registers, and re-arm themselves, only
 *	inside a borrow of it
 * @up: whether kcell_e100_up() set the device up (RTNL)
 * @mii: the PHY
 * @mac: the MAC revision
 * @phy: the PHY's id
 * @flags: KCELL_E100_PROMISC, KCELL_E100_MULTICAST_ALL
 * @rfds_count: receive slots at the next up
 * @cbs_count: command blocks at the next up
 * @tx_command: the command word of a transmit block
 * @tx_threshold: bytes in the FIFO before a transmit starts, in 8s
 * @adaptive_ifs: inter-frame spacing for half duplex
 * @tx_frames: last statistics dump: frames sent
 * @tx_collisions: last statistics dump: collisions
 * @xstats: counters for ethtool -S
 * @eeprom_wc: EEPROM words
 * @eeprom: the EEPROM
 */
struct kcell_e100 {
	struct net_device *netdev;
	struct pci_dev *pdev;
	struct device *dev;
	struct kcell_e100_csr __iomem *csr;
	u32 msg_enable;

	struct kcell_e100_rx rx ____cacheline_aligned;

	spinlock_t cb_lock ____cacheline_aligned;
	spinlock_t cmd_lock;	/* the SCB command register, the mask */
	struct kcell_e100_cbs cbs;
	struct napi_struct napi;
	__le16 tx_command;

	spinlock_t mdio_lock;	/* the MDI control register */
	struct dma_region mem;
	struct timer_list watchdog;
	struct delayed_work reset_task;
	struct kcell_revocable hw_live;
	bool up;
	struct mii_if_info mii;
	u8 mac;
	u32 phy;
	unsigned long flags;
	unsigned int rfds_count;
	unsigned int cbs_count;
	u8 tx_threshold;
	u8 adaptive_ifs;
	u32 tx_frames;
	u32 tx_collisions;
	struct {
		u64 tx_deferred;
		u64 tx_single_collisions;
		u64 tx_multiple_collisions;
		u64 tx_fc_pause;
		u64 rx_fc_pause;
		u64 rx_fc_unsupported;
		u64 rx_short_frame_errors;
		u64 rx_over_length_errors;
		u64 rx_copied;
		u64 rx_swapped;
		u64 rx_dropped_nomem;
		u64 rx_restarts;
		u64 rx_stale_rnr;
		u64 rx_found_stopped;
	} xstats;
	u16 eeprom_wc;
	__le16 eeprom[256];
};

/*
 * The registers, by field of struct kcell_e100_csr.  A KUnit suite that
 * plays the device defines KCELL_E100_FAKE_REGS and its own.
 */
#ifndef KCELL_E100_FAKE_REGS
#define kcell_e100_rd8(nic, reg)	ioread8(&(nic)->csr->reg)
#define kcell_e100_rd32(nic, reg)	ioread32(&(nic)->csr->reg)
#define kcell_e100_wr8(nic, reg, val)	iowrite8(val, &(nic)->csr->reg)
#define kcell_e100_wr32(nic, reg, val)	iowrite32(val, &(nic)->csr->reg)
/* After each write to a descriptor the device owns: the suite's view. */
static inline void kcell_e100_rfd_poked(struct kcell_e100_rx *rx,
					unsigned int i)
{
}
#endif

#define KCELL_E100_PROMISC		BIT(0)
#define KCELL_E100_MULTICAST_ALL	BIT(1)

/* kcell_e100_hw.c */
void kcell_e100_write_flush(struct kcell_e100 *nic);
void kcell_e100_enable_irq(struct kcell_e100 *nic);
void kcell_e100_disable_irq(struct kcell_e100 *nic);
void kcell_e100_hw_reset(struct kcell_e100 *nic);
int kcell_e100_exec_cmd(struct kcell_e100 *nic, u8 cmd, kcell_dma_t addr);
int kcell_e100_eeprom_load(struct kcell_e100 *nic);
int kcell_e100_phy_init(struct kcell_e100 *nic);
int kcell_e100_hw_init(struct kcell_e100 *nic);
void kcell_e100_set_multicast_list(struct net_device *netdev);
void kcell_e100_update_rx_mode(struct kcell_e100 *nic);
void kcell_e100_reconfigure(struct kcell_e100 *nic);
int kcell_e100_set_mac_address(struct net_device *netdev, void *p);
void kcell_e100_update_stats(struct kcell_e100 *nic);
void kcell_e100_adjust_adaptive_ifs(struct kcell_e100 *nic, int speed,
				    int duplex);
int kcell_e100_mdio_read(struct net_device *netdev, int addr, int reg);
void kcell_e100_mdio_write(struct net_device *netdev, int addr, int reg,
			   int data);

/* kcell_e100_cbs.c */
int kcell_e100_cbs_alloc(struct kcell_e100 *nic);
void kcell_e100_cbs_open(struct kcell_e100 *nic);
void kcell_e100_cbs_stop(struct kcell_e100 *nic);
void kcell_e100_cbs_free(struct kcell_e100 *nic);
int kcell_e100_exec_cb(struct kcell_e100 *nic, struct sk_buff *skb,
		       int (*prepare)(struct kcell_e100 *nic, unsigned int i,
				      struct sk_buff *skb));
netdev_tx_t kcell_e100_xmit_frame(struct sk_buff *skb,
				  struct net_device *netdev);
void kcell_e100_tx_clean(struct kcell_e100 *nic);

/* kcell_e100_rx.c */
int kcell_e100_rx_alloc_list(struct kcell_e100 *nic);
void kcell_e100_rx_clean_list(struct kcell_e100 *nic);
void kcell_e100_rx_clean(struct kcell_e100 *nic, unsigned int *work_done,
			 unsigned int work_to_do);
void kcell_e100_start_receiver(struct kcell_e100 *nic);

/* kcell_e100_main.c */
int kcell_e100_up(struct kcell_e100 *nic);
void kcell_e100_down(struct kcell_e100 *nic);

/* kcell_e100_ethtool.c */
extern const struct ethtool_ops kcell_e100_ethtool_ops;

#endif /* _KCELL_E100_H */
