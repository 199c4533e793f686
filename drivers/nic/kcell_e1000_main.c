// SPDX-License-Identifier: GPL-2.0
/*
 * kcell_e1000: a driver for the Intel 82540EM (QEMU's "-device e1000")
 * whose packet buffers are DMA leases and whose descriptor rings are DMA
 * regions (see kcell_e1000_ring.c).  This file is the PCI and control side; the
 * data path is in kcell_e1000_datapath.c.
 *
 * Who touches what:
 * - ndo_start_xmit, under the TX queue lock: the producer side of @tx and
 *   @xmit_stats.
 * - NAPI (kcell_e1000_poll): the consumer side of @tx, all of @rx (the
 *   buffers it trades for fresh ones included, from the swap until they
 *   go up the stack in an skb), @rx_partial, @rx_discard, @rx_stats,
 *   @tx_stats and the interrupt rate (@itr and its counters).  The
 *   interrupt handler only masks interrupts and schedules it, or the link
 *   work.
 * - RTNL (open, stop, MTU and ring changes, the fault domain's recovery,
 *   suspend and resume): everything else, with the interrupt masked, NAPI
 *   disabled and the queue stopped whenever the rings are set up or torn
 *   down.
 * - @domain: ndo_start_xmit and NAPI use the rings inside a borrow of it.
 *   A fault (from NAPI, the transmit path or the watchdog) stops the
 *   queue, masks interrupts and revokes it; its recovery waits for the
 *   borrows in flight and, under RTNL, takes the interface down, turns
 *   bus mastering off, frees the rings (KCELL_E1000_TORN) and builds them
 *   again from @tx_count, @rx_count and the MTU: the settings are the
 *   checkpoint, the rings and their leases the state thrown away.
 * - @filter_lock: RCTL and the multicast table, which ndo_set_rx_mode
 *   writes without RTNL.
 * - @hw_stats_lock: the device's clear-on-read counters.
 * - The link work: the registers, inside a borrow of @hw_live, which
 *   remove revokes before it unmaps them; the recovery ends (domain
 *   stopped) before that.
 *
 * Writing CTRL.RST does not reset QEMU's model of this device, so the
 * driver never relies on reset values: every register it uses is written
 * before the device is enabled, and "reset" here means disabling receive,
 * transmit and interrupts, after which the device does no DMA.
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/iopoll.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/rtnetlink.h>

#include <kcell/kcell.h>

#include "kcell_e1000.h"

/* Stops interrupts, receive and transmit: afterwards the device does no DMA. */
static void kcell_e1000_hw_quiesce(struct kcell_e1000 *a)
{
	kcell_e1000_wr(a, E1000_IMC, ~0u);
	spin_lock_bh(&a->filter_lock);
	a->rctl &= ~E1000_RCTL_EN;
	kcell_e1000_wr(a, E1000_RCTL, a->rctl);
	spin_unlock_bh(&a->filter_lock);
	kcell_e1000_wr(a, E1000_TCTL, E1000_TCTL_PSP);
	/* Flush the posted writes before anyone frees what the device used. */
	kcell_e1000_rd(a, E1000_STATUS);
	kcell_e1000_rd(a, E1000_ICR);
}

static int kcell_e1000_eeprom_read(struct kcell_e1000 *a, unsigned int word,
				   u16 *out)
{
	u32 val;
	int err;

	kcell_e1000_wr(a, E1000_EERD,
		       word << E1000_EERD_ADDR_SHIFT | E1000_EERD_START);
	err = readl_poll_timeout(a->hw + E1000_EERD, val,
				 val & E1000_EERD_DONE, 5, 10000);
	if (err)
		return err;
	*out = val >> E1000_EERD_DATA_SHIFT;
	return 0;
}

/* The MAC address is EEPROM words 0-2, once the checksum says it is valid. */
static int kcell_e1000_read_mac(struct kcell_e1000 *a, u8 *mac)
{
	unsigned int i;
	u16 word, sum = 0;
	int err;

	for (i = 0; i < E1000_EEPROM_WORDS; i++) {
		err = kcell_e1000_eeprom_read(a, i, &word);
		if (err) {
			dev_err(&a->pdev->dev, "EEPROM word %u: no answer\n",
				i);
			return err;
		}
		sum += word;
		if (i < ETH_ALEN / 2) {
			mac[2 * i] = word & 0xff;
			mac[2 * i + 1] = word >> 8;
		}
	}
	if (sum != E1000_EEPROM_SUM) {
		dev_err(&a->pdev->dev, "EEPROM checksum %#06x, not %#06x\n",
			sum, E1000_EEPROM_SUM);
		return -EIO;
	}
	if (!is_valid_ether_addr(mac)) {
		dev_err(&a->pdev->dev, "EEPROM MAC address %pM is invalid\n",
			mac);
		return -EIO;
	}
	return 0;
}

static void kcell_e1000_write_mac(struct kcell_e1000 *a, const u8 *mac)
{
	kcell_e1000_wr(a, E1000_RAL0, mac[0] | mac[1] << 8 | mac[2] << 16 |
		       (u32)mac[3] << 24);
	kcell_e1000_wr(a, E1000_RAH0, mac[4] | mac[5] << 8 | E1000_RAH_AV);
}

/*
 * The multicast table is indexed by 12 bits of the address, bits 4-15 of
 * its last two bytes (RCTL.MO = 0).
 */
static void kcell_e1000_mta_set(u32 *mta, const u8 *addr)
{
	u16 hash = ((addr[4] >> 4) | addr[5] << 4) & 0xfff;

	mta[hash >> 5] |= BIT(hash & 31);
}

/* Writes RCTL and the multicast table; @filter_lock held. */
static void kcell_e1000_write_filters(struct kcell_e1000 *a)
{
	unsigned int i;

	for (i = 0; i < E1000_MTA_WORDS; i++)
		kcell_e1000_wr(a, E1000_MTA + 4 * i, a->mta[i]);
	kcell_e1000_wr(a, E1000_RCTL, a->rctl);
}

static void kcell_e1000_set_rx_mode(struct net_device *netdev)
{
	struct kcell_e1000 *a = netdev_priv(netdev);
	struct netdev_hw_addr *ha;

	spin_lock_bh(&a->filter_lock);
	a->rctl &= ~(E1000_RCTL_UPE | E1000_RCTL_MPE);
	if (netdev->flags & IFF_PROMISC)
		a->rctl |= E1000_RCTL_UPE | E1000_RCTL_MPE;
	else if (netdev->flags & IFF_ALLMULTI)
		a->rctl |= E1000_RCTL_MPE;
	memset(a->mta, 0, sizeof(a->mta));
	netdev_for_each_mc_addr(ha, netdev)
		kcell_e1000_mta_set(a->mta, ha->addr);
	kcell_e1000_write_filters(a);
	spin_unlock_bh(&a->filter_lock);
}

static int kcell_e1000_set_mac_address(struct net_device *netdev, void *p)
{
	struct kcell_e1000 *a = netdev_priv(netdev);
	struct sockaddr *sa = p;

	if (!is_valid_ether_addr(sa->sa_data))
		return -EADDRNOTAVAIL;
	eth_hw_addr_set(netdev, sa->sa_data);
	kcell_e1000_write_mac(a, netdev->dev_addr);
	return 0;
}

static void kcell_e1000_link_check(struct kcell_e1000 *a)
{
	struct net_device *netdev = a->netdev;
	u32 status = kcell_e1000_rd(a, E1000_STATUS);
	bool up = status & E1000_STATUS_LU;

	if (up == netif_carrier_ok(netdev))
		return;
	if (up) {
		unsigned int speed = status & E1000_STATUS_SPEED_1000 ? 1000 :
				     status & E1000_STATUS_SPEED_100 ? 100 : 10;

		netdev_info(netdev, "link up, %u Mbps, %s duplex\n", speed,
			    status & E1000_STATUS_FD ? "full" : "half");
		netif_carrier_on(netdev);
	} else {
		netdev_info(netdev, "link down\n");
		netif_carrier_off(netdev);
	}
}

static void kcell_e1000_link_work(struct work_struct *work)
{
	struct kcell_e1000 *a =
		container_of(work, struct kcell_e1000, link_work);

	revocable_borrow(&a->hw_live)
		kcell_e1000_link_check(a);
}

static irqreturn_t kcell_e1000_irq(int irq, void *data)
{
	struct kcell_e1000 *a = data;
	u32 icr = kcell_e1000_rd(a, E1000_ICR);

	/* Shared INTx: not ours, or the device is gone. */
	if (!icr || icr == ~0u)
		return IRQ_NONE;
	/*
	 * ICR shows causes even while they are masked, so another device on
	 * a shared line brings us here after kcell_e1000_down(): start nothing.
	 */
	if (test_bit(KCELL_E1000_DOWN, &a->flags))
		return IRQ_HANDLED;
	if (icr & E1000_ICR_LSC)
		schedule_work(&a->link_work);
	if (icr & ~E1000_ICR_LSC && napi_schedule_prep(&a->napi)) {
		/* NAPI unmasks them when it is done. */
		kcell_e1000_wr(a, E1000_IMC, ~0u);
		__napi_schedule(&a->napi);
	}
	return IRQ_HANDLED;
}

static void kcell_e1000_tx_timeout(struct net_device *netdev,
				   unsigned int queue)
{
	struct kcell_e1000 *a = netdev_priv(netdev);

	spin_lock(&a->hw_stats_lock);
	a->tx_timeouts++;
	spin_unlock(&a->hw_stats_lock);
	netdev_warn(netdev,
		    "transmit timed out (head %u, tail %u): resetting\n",
		    kcell_e1000_rd(a, E1000_TDH), kcell_e1000_rd(a, E1000_TDT));
	kcell_domain_fault(&a->domain, KCELL_FAULT_STUCK);
}

static void kcell_e1000_configure_tx(struct kcell_e1000 *a)
{
	kcell_dma_t base = dma_region_addr(&a->tx.desc, 0);

	kcell_e1000_wr(a, E1000_TDBAL, kcell_dma_lower_32_bits(base));
	kcell_e1000_wr(a, E1000_TDBAH, kcell_dma_upper_32_bits(base));
	kcell_e1000_wr(a, E1000_TDLEN,
		       a->tx.count * sizeof(struct e1000_data_desc));
	kcell_e1000_wr(a, E1000_TDH, 0);
	kcell_e1000_wr(a, E1000_TDT, 0);
	kcell_e1000_wr(a, E1000_TIDV, 0);
	kcell_e1000_wr(a, E1000_TIPG, E1000_TIPG_COPPER);
	kcell_e1000_wr(a, E1000_TCTL, E1000_TCTL_EN | E1000_TCTL_PSP |
		       0x0f << E1000_TCTL_CT_SHIFT |
		       0x40 << E1000_TCTL_COLD_SHIFT);
}

/*
 * The receive buffers' length for an MTU: up to 1500 the device drops
 * longer frames than a VLAN-tagged standard one (RCTL_LPE clear), so a
 * buffer need not hold more, as in the in-tree e1000; every byte less is
 * a byte less to zero in each new buffer (init_on_alloc) and to bounce
 * under swiotlb.  Above, 2 KiB buffers, several to a jumbo frame.
 */
static unsigned int kcell_e1000_rx_buf_len(unsigned int mtu)
{
	return mtu > ETH_DATA_LEN ? E1000_RX_BUF_LEN : E1000_RX_STD_BUF_LEN;
}

static void kcell_e1000_configure_rx(struct kcell_e1000 *a)
{
	kcell_dma_t base = dma_region_addr(&a->rx.desc, 0);
	struct net_device *netdev = a->netdev;

	a->rx_frame_max = netdev->mtu + VLAN_ETH_HLEN;
	kcell_e1000_wr(a, E1000_RDBAL, kcell_dma_lower_32_bits(base));
	kcell_e1000_wr(a, E1000_RDBAH, kcell_dma_upper_32_bits(base));
	kcell_e1000_wr(a, E1000_RDLEN,
		       a->rx.count * sizeof(struct e1000_rx_desc));
	kcell_e1000_wr(a, E1000_RDH, 0);
	kcell_e1000_wr(a, E1000_RDT, kcell_e1000_rx_tail(&a->rx));
	kcell_e1000_wr(a, E1000_RDTR, 0);
	kcell_e1000_wr(a, E1000_RADV, 0);

	spin_lock_bh(&a->filter_lock);
	a->rctl = (a->rctl & (E1000_RCTL_UPE | E1000_RCTL_MPE)) |
		  E1000_RCTL_EN | E1000_RCTL_BAM | E1000_RCTL_SECRC |
		  E1000_RCTL_BSIZE_2048;
	/*
	 * As e1000: a VLAN frame at MTU 1500 is the longest short one.  Long
	 * frames only into buffers of the size RCTL tells the device: with
	 * LPE it writes that much into each.
	 */
	if (netdev->mtu > ETH_DATA_LEN && a->rx.buf_len == E1000_RX_BUF_LEN)
		a->rctl |= E1000_RCTL_LPE;
	kcell_e1000_write_filters(a);
	spin_unlock_bh(&a->filter_lock);
}

/* Starts the device on rings that are set up; RTNL. */
static void kcell_e1000_up(struct kcell_e1000 *a)
{
	u32 ctrl = kcell_e1000_rd(a, E1000_CTRL);

	/*
	 * Whoever had the device before (another driver, the kernel that
	 * booted a hibernated image) may have left VLAN stripping on: the
	 * tags would go into descriptor fields this driver does not read.
	 */
	ctrl &= ~E1000_CTRL_VME;
	kcell_e1000_wr(a, E1000_CTRL, ctrl | E1000_CTRL_SLU | E1000_CTRL_ASDE);
	kcell_e1000_write_mac(a, a->netdev->dev_addr);
	kcell_e1000_configure_tx(a);
	kcell_e1000_configure_rx(a);
	kcell_e1000_write_itr(a, KCELL_E1000_ITR_LOW);
	netdev_reset_queue(a->netdev);
	a->xmit_map_run = 0;
	clear_bit(KCELL_E1000_STOPPED, &a->flags);
	/* Before NAPI and the interrupt, which test it. */
	clear_bit(KCELL_E1000_DOWN, &a->flags);
	/* Ordered before the enables below (clear_bit() orders nothing). */
	smp_mb__after_atomic();
	napi_enable(&a->napi);
	kcell_e1000_wr(a, E1000_IMS, KCELL_E1000_IRQS);
	/* Wake, not start: the qdisc may hold packets since the last down. */
	netif_wake_queue(a->netdev);
	/* The link may be up already: have the link work look. */
	kcell_e1000_wr(a, E1000_ICS, E1000_ICR_LSC);
}

/*
 * Stops the device and takes back every buffer; the rings stay allocated
 * and every receive buffer granted.  RTNL.
 */
static void kcell_e1000_down(struct kcell_e1000 *a)
{
	struct net_device *netdev = a->netdev;
	struct sk_buff *skb;

	/*
	 * First: from here the poll neither wakes the queue nor unmasks
	 * interrupts, and the interrupt handler schedules nothing.
	 */
	set_bit(KCELL_E1000_DOWN, &a->flags);
	/*
	 * Seen by a poll that runs after this (it tests the bit after its
	 * own barrier in kcell_e1000_clean_tx()) before the queue is stopped.
	 */
	smp_mb__after_atomic();
	netif_tx_disable(netdev);
	kcell_e1000_wr(a, E1000_IMC, ~0u);
	napi_disable(&a->napi);
	/*
	 * napi_disable() returns once the poll completed NAPI, maybe before
	 * the poll itself returned: wait for the end of every poll (it runs
	 * with bottom halves off, an RCU read side) before the quiesce.
	 */
	synchronize_net();
	kcell_e1000_hw_quiesce(a);
	synchronize_irq(a->pdev->irq);
	/* Let a DMA the device had started land before buffers go. */
	usleep_range(10000, 20000);
	cancel_work_sync(&a->link_work);
	netif_carrier_off(netdev);

	/*
	 * By index: a slot that lost its skb still has leases to take back.
	 * NAPI is off: its counters are ours.
	 */
	while (!kcell_e1000_tx_empty(&a->tx)) {
		skb = kcell_e1000_tx_drain(&a->tx);
		if (!skb)
			continue;
		u64_stats_update_begin(&a->tx_stats.syncp);
		u64_stats_inc(&a->tx_stats.flushed);
		u64_stats_add(&a->tx_stats.flushed_bytes, skb->len);
		u64_stats_update_end(&a->tx_stats.syncp);
		dev_kfree_skb_any(skb);
	}
	a->tx.next_to_use = 0;
	a->tx.next_to_clean = 0;
	skb = take_cell_take(&a->rx_partial);
	if (skb) {
		a->rx_skbs--;
		dev_kfree_skb_any(skb);
	}
	a->rx_discard = false;
	kcell_e1000_rx_ring_reset(&a->rx);
	set_bit(KCELL_E1000_STOPPED, &a->flags);
}

/* Both rings, of the sizes and buffer length the settings ask for; RTNL. */
static int kcell_e1000_rings_alloc(struct kcell_e1000 *a)
{
	struct device *dev = &a->pdev->dev;
	int err;

	err = kcell_e1000_tx_ring_init(&a->tx, dev, a->tx_count);
	if (err)
		return err;
	err = kcell_e1000_rx_ring_init(&a->rx, dev, a->rx_count,
				       kcell_e1000_rx_buf_len(a->netdev->mtu));
	if (err)
		kcell_e1000_tx_ring_release(&a->tx);
	return err;
}

static void kcell_e1000_rings_free(struct kcell_e1000 *a)
{
	kcell_e1000_rx_ring_release(&a->rx);
	kcell_e1000_tx_ring_release(&a->tx);
}

/*
 * The rings of an interface being closed, taken down already; RTNL.  A
 * fault whose recovery waits for RTNL was about these rings: once they
 * are freed, its recovery has nothing to reset, and must not reset the
 * rings an open may build before it runs.  No fault can come meanwhile:
 * the watchdog, the queue and NAPI are stopped.
 */
static void kcell_e1000_rings_close(struct kcell_e1000 *a, bool torn)
{
	if (!torn) {
		if (!kcell_domain_is_live(&a->domain)) {
			/* As the recovery would: no DMA while they go. */
			kcell_e1000_bus_master(a, false);
			set_bit(KCELL_E1000_STALE, &a->flags);
		}
		kcell_e1000_rings_free(a);
		return;
	}
	/*
	 * A recovery freed the rings, turned bus mastering off and left its
	 * restart pending, the domain revoked: mastering back on for the
	 * next open, and the restart now, which finds nothing to build and
	 * makes the domain live (the start wakes what an open made before
	 * it could not).
	 */
	kcell_e1000_bus_master(a, true);
	kcell_domain_retry_now(&a->domain);
}

static int kcell_e1000_open(struct net_device *netdev)
{
	struct kcell_e1000 *a = netdev_priv(netdev);
	int err;

	err = kcell_e1000_rings_alloc(a);
	if (err)
		goto fail;
	err = request_irq(a->pdev->irq, kcell_e1000_irq, IRQF_SHARED,
			  netdev->name, a);
	if (err)
		goto free_rings;
	/* A close of a faulted interface may have turned it off. */
	kcell_e1000_bus_master(a, true);
	kcell_e1000_up(a);
	return 0;

free_rings:
	kcell_e1000_rings_free(a);
fail:
	netdev_err(netdev, "cannot open: %pe\n", ERR_PTR(err));
	return err;
}

static int kcell_e1000_stop(struct net_device *netdev)
{
	struct kcell_e1000 *a = netdev_priv(netdev);
	bool suspended = test_and_clear_bit(KCELL_E1000_SUSPENDED, &a->flags);
	bool torn = test_and_clear_bit(KCELL_E1000_TORN, &a->flags);

	/*
	 * Suspend (or a resume that failed) took it down already, and freed
	 * the interrupt; a recovery took it down and freed the rings.
	 */
	if (!suspended && !torn)
		kcell_e1000_down(a);
	if (!suspended)
		free_irq(a->pdev->irq, a);
	kcell_e1000_rings_close(a, torn);
	return 0;
}

/*
 * The fault domain's steps.  What a recovery acts on: an interface that
 * is running, and whose rings it has not freed already; one suspended is
 * down already, and is rebuilt by resume.
 */
static struct kcell_e1000 *kcell_e1000_of(struct kcell_domain *d)
{
	return container_of(d, struct kcell_e1000, domain);
}

/*
 * Any context: the poll stops unmasking, the stack stops sending, and a
 * device that keeps raising a cause cannot storm; the recovery that
 * follows restores all three.
 */
static void kcell_e1000_domain_fault(struct kcell_domain *d)
{
	struct kcell_e1000 *a = kcell_e1000_of(d);

	set_bit(KCELL_E1000_DOWN, &a->flags);
	/* As in kcell_e1000_down(): seen by the poll before the stop. */
	smp_mb__after_atomic();
	netif_tx_stop_all_queues(a->netdev);
	kcell_e1000_wr(a, E1000_IMC, ~0u);
}

static void kcell_e1000_domain_begin(struct kcell_domain *d)
{
	rtnl_lock();
}

static void kcell_e1000_domain_quiesce(struct kcell_domain *d)
{
	struct kcell_e1000 *a = kcell_e1000_of(d);

	if (!netif_running(a->netdev) ||
	    test_bit(KCELL_E1000_TORN, &a->flags) ||
	    test_bit(KCELL_E1000_STALE, &a->flags))
		return;
	netdev_warn(a->netdev, "device fault (%s): resetting\n",
		    kcell_fault_name(kcell_domain_last_fault(d)));
	if (!test_bit(KCELL_E1000_SUSPENDED, &a->flags))
		kcell_e1000_down(a);
	/*
	 * A device that writes garbage may not honour the stop: no DMA at
	 * all while its buffers are freed.  The restart turns it back on.
	 */
	kcell_e1000_bus_master(a, false);
}

/* Every lease back: down took back the TX ring's, this frees the RX ring's. */
static void kcell_e1000_domain_reclaim(struct kcell_domain *d)
{
	struct kcell_e1000 *a = kcell_e1000_of(d);

	if (!netif_running(a->netdev) ||
	    test_bit(KCELL_E1000_STALE, &a->flags) ||
	    test_and_set_bit(KCELL_E1000_TORN, &a->flags))
		return;
	kcell_e1000_rings_free(a);
}

static int kcell_e1000_domain_restart(struct kcell_domain *d)
{
	struct kcell_e1000 *a = kcell_e1000_of(d);
	int err;

	/* Closed meanwhile (stop took it from here), or never torn down. */
	if (!netif_running(a->netdev) ||
	    !test_bit(KCELL_E1000_TORN, &a->flags))
		return 0;
	/* The device may be in D3: resume retries. */
	if (test_bit(KCELL_E1000_SUSPENDED, &a->flags))
		return -EAGAIN;
	err = kcell_e1000_rings_alloc(a);
	if (err) {
		netdev_err(a->netdev, "cannot restart: %pe; retrying\n",
			   ERR_PTR(err));
		return err;
	}
	clear_bit(KCELL_E1000_TORN, &a->flags);
	kcell_e1000_bus_master(a, true);
	return 0;
}

static void kcell_e1000_domain_start(struct kcell_domain *d)
{
	struct kcell_e1000 *a = kcell_e1000_of(d);

	/* The stale fault's recovery ends here; the next one is the device's. */
	clear_bit(KCELL_E1000_STALE, &a->flags);
	if (!netif_running(a->netdev) ||
	    test_bit(KCELL_E1000_TORN, &a->flags) ||
	    test_bit(KCELL_E1000_SUSPENDED, &a->flags))
		return;
	/* Rebuilt, taken down by the quiesce (or a suspend before it). */
	if (test_bit(KCELL_E1000_STOPPED, &a->flags)) {
		kcell_e1000_up(a);
		return;
	}
	/*
	 * Up, NAPI enabled, and DOWN set: a fault reported during the
	 * restart or since the domain went live ran ->fault(), and the
	 * recovery it queued takes the interface down.  Not up() again.
	 */
	if (test_bit(KCELL_E1000_DOWN, &a->flags))
		return;
	/*
	 * Up already (reopened after a stop made the fault stale, or brought
	 * up by a control path while the fault was pending), with the domain
	 * revoked: the poll left the interrupts masked and transmit stopped
	 * the queue.  Both again, and an interrupt for what came meanwhile.
	 */
	kcell_e1000_wr(a, E1000_IMS, KCELL_E1000_IRQS);
	kcell_e1000_wr(a, E1000_ICS, E1000_ICR_RXT0);
	netif_wake_queue(a->netdev);
}

static void kcell_e1000_domain_end(struct kcell_domain *d)
{
	rtnl_unlock();
}

static const struct kcell_domain_ops kcell_e1000_domain_ops = {
	.fault		= kcell_e1000_domain_fault,
	.begin		= kcell_e1000_domain_begin,
	.quiesce	= kcell_e1000_domain_quiesce,
	.reclaim	= kcell_e1000_domain_reclaim,
	.restart	= kcell_e1000_domain_restart,
	.start		= kcell_e1000_domain_start,
	.end		= kcell_e1000_domain_end,
};

static int kcell_e1000_change_mtu(struct net_device *netdev, int mtu)
{
	struct kcell_e1000 *a = netdev_priv(netdev);
	unsigned int buf_len = kcell_e1000_rx_buf_len(mtu);
	bool running = netif_running(netdev) &&
		       !test_bit(KCELL_E1000_TORN, &a->flags);
	struct kcell_e1000_ring rx = {};
	int err;

	/*
	 * Buffers of another length: a new RX ring, allocated before the old
	 * one goes, so that a change that does not fit changes nothing.
	 */
	if (running && buf_len != a->rx.buf_len) {
		err = kcell_e1000_rx_ring_init(&rx, &a->pdev->dev, a->rx_count,
					       buf_len);
		if (err)
			return err;
	}
	if (running)
		kcell_e1000_down(a);
	if (rx.count)
		kcell_e1000_ring_swap(&a->rx, &rx);
	WRITE_ONCE(netdev->mtu, mtu);
	if (running)
		kcell_e1000_up(a);
	if (rx.count)
		kcell_e1000_rx_ring_release(&rx);
	return 0;
}

/**
 * kcell_e1000_resize_rings() - change the ring sizes, reopening if running
 * @a: the device
 * @tx_count: new TX ring size
 * @rx_count: new RX ring size
 *
 * The new rings are allocated before the old ones are freed: on failure
 * the interface keeps running on the old ones.  Rings a fault domain
 * recovery freed are built at the new sizes by its restart.  RTNL.
 *
 * Return: 0 or -errno.
 */
int kcell_e1000_resize_rings(struct kcell_e1000 *a, unsigned int tx_count,
			     unsigned int rx_count)
{
	struct device *dev = &a->pdev->dev;
	struct kcell_e1000_ring tx = {}, rx = {};
	int err;

	if (!netif_running(a->netdev) ||
	    test_bit(KCELL_E1000_TORN, &a->flags)) {
		a->tx_count = tx_count;
		a->rx_count = rx_count;
		return 0;
	}
	err = kcell_e1000_tx_ring_init(&tx, dev, tx_count);
	if (err)
		return err;
	err = kcell_e1000_rx_ring_init(&rx, dev, rx_count,
				       kcell_e1000_rx_buf_len(a->netdev->mtu));
	if (err) {
		kcell_e1000_tx_ring_release(&tx);
		return err;
	}
	kcell_e1000_down(a);
	kcell_e1000_ring_swap(&a->tx, &tx);
	kcell_e1000_ring_swap(&a->rx, &rx);
	a->tx_count = tx_count;
	a->rx_count = rx_count;
	kcell_e1000_up(a);
	kcell_e1000_rx_ring_release(&rx);
	kcell_e1000_tx_ring_release(&tx);
	return 0;
}

/**
 * kcell_e1000_read_sw_stats() - a consistent copy of a set of driver counters
 * @s: the counters
 * @out: the copy (its @syncp is not used)
 */
void kcell_e1000_read_sw_stats(struct kcell_e1000_sw_stats *s,
			       struct kcell_e1000_sw_stats *out)
{
	unsigned int start;

	do {
		start = u64_stats_fetch_begin(&s->syncp);
		out->packets = s->packets;
		out->bytes = s->bytes;
		out->frame_errors = s->frame_errors;
		out->length_errors = s->length_errors;
		out->dropped = s->dropped;
		out->busy = s->busy;
		out->stopped = s->stopped;
		out->woken = s->woken;
		out->map_errors = s->map_errors;
		out->flushed = s->flushed;
		out->flushed_bytes = s->flushed_bytes;
	} while (u64_stats_fetch_retry(&s->syncp, start));
}

/**
 * kcell_e1000_read_hw_stats() - add the device's counters up and copy them
 * @a: the device
 * @out: the sums
 */
void kcell_e1000_read_hw_stats(struct kcell_e1000 *a,
			       struct kcell_e1000_hw_stats *out)
{
	struct kcell_e1000_hw_stats *hs = &a->hw_stats;

	spin_lock_bh(&a->hw_stats_lock);
	/*
	 * Detached for system sleep, the device may be in D3, where its
	 * registers read as all ones: keep the sums as they are.
	 */
	if (!netif_device_present(a->netdev))
		goto out;
	hs->crc_errors += kcell_e1000_rd(a, E1000_CRCERRS);
	hs->missed += kcell_e1000_rd(a, E1000_MPC);
	hs->no_buffer += kcell_e1000_rd(a, E1000_RNBC);
	hs->undersize += kcell_e1000_rd(a, E1000_RUC);
	hs->oversize += kcell_e1000_rd(a, E1000_ROC);
	hs->length_errors += kcell_e1000_rd(a, E1000_RLEC);
	hs->collisions += kcell_e1000_rd(a, E1000_COLC);
out:
	*out = *hs;
	spin_unlock_bh(&a->hw_stats_lock);
}

static void kcell_e1000_get_stats64(struct net_device *netdev,
				    struct rtnl_link_stats64 *stats)
{
	struct kcell_e1000 *a = netdev_priv(netdev);
	struct kcell_e1000_sw_stats rx, tx, xmit;
	struct kcell_e1000_hw_stats hw;

	kcell_e1000_read_sw_stats(&a->rx_stats, &rx);
	kcell_e1000_read_sw_stats(&a->tx_stats, &tx);
	kcell_e1000_read_sw_stats(&a->xmit_stats, &xmit);
	kcell_e1000_read_hw_stats(a, &hw);

	stats->rx_packets = u64_stats_read(&rx.packets);
	stats->rx_bytes = u64_stats_read(&rx.bytes);
	stats->rx_frame_errors = u64_stats_read(&rx.frame_errors);
	stats->rx_length_errors = u64_stats_read(&rx.length_errors) +
				  hw.length_errors;
	stats->rx_crc_errors = hw.crc_errors;
	stats->rx_missed_errors = hw.missed;
	stats->rx_over_errors = hw.oversize;
	stats->rx_errors = stats->rx_frame_errors + stats->rx_length_errors +
			   stats->rx_crc_errors + hw.undersize;
	stats->rx_dropped = u64_stats_read(&rx.dropped);
	stats->tx_packets = u64_stats_read(&tx.packets);
	stats->tx_bytes = u64_stats_read(&tx.bytes);
	stats->tx_dropped = u64_stats_read(&xmit.dropped);
	stats->collisions = hw.collisions;
}

static const struct net_device_ops kcell_e1000_netdev_ops = {
	.ndo_open		= kcell_e1000_open,
	.ndo_stop		= kcell_e1000_stop,
	.ndo_start_xmit		= kcell_e1000_start_xmit,
	.ndo_get_stats64	= kcell_e1000_get_stats64,
	.ndo_set_rx_mode	= kcell_e1000_set_rx_mode,
	.ndo_set_mac_address	= kcell_e1000_set_mac_address,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_change_mtu		= kcell_e1000_change_mtu,
	.ndo_tx_timeout		= kcell_e1000_tx_timeout,
};

/* The adapter's software state, as it is until the first open. */
static void kcell_e1000_adapter_init(struct kcell_e1000 *a,
				     struct net_device *netdev,
				     struct pci_dev *pdev)
{
	a->netdev = netdev;
	a->pdev = pdev;
	a->tx_count = KCELL_E1000_DEFAULT_RING;
	a->rx_count = KCELL_E1000_DEFAULT_RING;
	/* Down until the first open, NAPI disabled. */
	set_bit(KCELL_E1000_DOWN, &a->flags);
	set_bit(KCELL_E1000_STOPPED, &a->flags);
	take_cell_init(&a->rx_partial, NULL);
	spin_lock_init(&a->filter_lock);
	spin_lock_init(&a->hw_stats_lock);
	u64_stats_init(&a->rx_stats.syncp);
	u64_stats_init(&a->tx_stats.syncp);
	u64_stats_init(&a->xmit_stats.syncp);
	INIT_WORK(&a->link_work, kcell_e1000_link_work);
	kcell_domain_init(&a->domain, &kcell_e1000_domain_ops,
			  KCELL_E1000_RETRY_MS);
	revocable_init(&a->hw_live);
}

static int kcell_e1000_probe(struct pci_dev *pdev,
			     const struct pci_device_id *id)
{
	struct net_device *netdev;
	struct kcell_e1000 *a;
	u8 mac[ETH_ALEN];
	int err;

	err = pci_enable_device_mem(pdev);
	if (err)
		return err;
	err = pci_request_mem_regions(pdev, KCELL_E1000_NAME);
	if (err)
		goto disable;
	pci_set_master(pdev);
	err = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64));
	if (err) {
		dev_err(&pdev->dev, "no usable DMA mask\n");
		goto release;
	}

	netdev = alloc_etherdev(sizeof(*a));
	if (!netdev) {
		err = -ENOMEM;
		goto release;
	}
	SET_NETDEV_DEV(netdev, &pdev->dev);
	a = netdev_priv(netdev);
	kcell_e1000_adapter_init(a, netdev, pdev);

	a->hw = pci_ioremap_bar(pdev, 0);
	if (!a->hw) {
		dev_err(&pdev->dev, "cannot map BAR 0\n");
		err = -ENOMEM;
		goto free_netdev;
	}
	kcell_e1000_hw_quiesce(a);
	err = kcell_e1000_read_mac(a, mac);
	if (err)
		goto unmap;
	eth_hw_addr_set(netdev, mac);

	netdev->netdev_ops = &kcell_e1000_netdev_ops;
	netdev->ethtool_ops = &kcell_e1000_ethtool_ops;
	netdev->hw_features = NETIF_F_HW_CSUM;
	/* Fragments are mapped through their direct-map address. */
	if (!IS_ENABLED(CONFIG_HIGHMEM))
		netdev->hw_features |= NETIF_F_SG | NETIF_F_TSO;
	netdev->features = netdev->hw_features;
	netdev->watchdog_timeo = 5 * HZ;
	netdev->min_mtu = ETH_MIN_MTU;
	netdev->max_mtu = E1000_MAX_FRAME - VLAN_ETH_HLEN;
	netif_napi_add(netdev, &a->napi, kcell_e1000_poll);
	netif_carrier_off(netdev);

	pci_set_drvdata(pdev, a);
	err = register_netdev(netdev);
	if (err)
		goto unmap;
	netdev_info(netdev, "82540EM at %s, MAC %pM\n", pci_name(pdev),
		    netdev->dev_addr);
	return 0;

unmap:
	iounmap(a->hw);
free_netdev:
	free_netdev(netdev);
release:
	pci_release_mem_regions(pdev);
disable:
	pci_disable_device(pdev);
	return err;
}

static void kcell_e1000_remove(struct pci_dev *pdev)
{
	struct kcell_e1000 *a = pci_get_drvdata(pdev);

	unregister_netdev(a->netdev);
	/*
	 * Closed: a recovery finds nothing to rebuild.  Stopped, none runs,
	 * and a late fault (the watchdog, a poll) queues none.
	 */
	kcell_domain_stop(&a->domain);
	/*
	 * From here the link work touches no register, whoever queued it;
	 * the cancel is for its memory, which goes with the net_device.
	 */
	revocable_revoke(&a->hw_live);
	cancel_work_sync(&a->link_work);
	kcell_e1000_hw_quiesce(a);
	iounmap(a->hw);
	free_netdev(a->netdev);
	pci_release_mem_regions(pdev);
	pci_disable_device(pdev);
}

static void kcell_e1000_shutdown(struct pci_dev *pdev)
{
	struct kcell_e1000 *a = pci_get_drvdata(pdev);

	rtnl_lock();
	dev_close(a->netdev);
	netif_device_detach(a->netdev);
	rtnl_unlock();
	pci_disable_device(pdev);
}

/*
 * System sleep: the interface is detached (the stack stops calling in, the
 * watchdog stops looking, the device's counters are not read) and, if
 * running, brought down with its interrupt freed (KCELL_E1000_SUSPENDED); the
 * rings stay allocated, every receive buffer granted.
 * The PCI core saves and restores the configuration space; resume
 * programs every register kcell_e1000_up() relies on, as after a reset.
 */
static int kcell_e1000_suspend(struct device *dev)
{
	struct kcell_e1000 *a = dev_get_drvdata(dev);
	struct net_device *netdev = a->netdev;

	rtnl_lock();
	netif_device_detach(netdev);
	if (netif_running(netdev)) {
		/* A recovery that freed the rings took it down. */
		if (!test_bit(KCELL_E1000_TORN, &a->flags))
			kcell_e1000_down(a);
		free_irq(a->pdev->irq, a);
		set_bit(KCELL_E1000_SUSPENDED, &a->flags);
	}
	rtnl_unlock();
	return 0;
}

static int kcell_e1000_resume(struct device *dev)
{
	struct kcell_e1000 *a = dev_get_drvdata(dev);
	struct net_device *netdev = a->netdev;
	int err = 0;

	rtnl_lock();
	/* Closed while suspended: nothing to bring back. */
	if (test_bit(KCELL_E1000_SUSPENDED, &a->flags)) {
		err = request_irq(a->pdev->irq, kcell_e1000_irq, IRQF_SHARED,
				  netdev->name, a);
		if (err) {
			/* Stays down and detached; stop knows (SUSPENDED). */
			netdev_err(netdev, "cannot resume: %pe\n",
				   ERR_PTR(err));
			goto out;
		}
		clear_bit(KCELL_E1000_SUSPENDED, &a->flags);
		/*
		 * Rings a recovery freed are the domain's to rebuild, under
		 * RTNL once this returns: its restart waits for resume.
		 */
		if (test_bit(KCELL_E1000_TORN, &a->flags))
			kcell_domain_retry_now(&a->domain);
		else
			kcell_e1000_up(a);
	}
	netif_device_attach(netdev);
out:
	rtnl_unlock();
	return err;
}

static DEFINE_SIMPLE_DEV_PM_OPS(kcell_e1000_pm_ops, kcell_e1000_suspend,
				kcell_e1000_resume);

static const struct pci_device_id kcell_e1000_ids[] = {
	{ PCI_VDEVICE(INTEL, 0x100e) },	/* 82540EM */
	{ }
};
MODULE_DEVICE_TABLE(pci, kcell_e1000_ids);

static struct pci_driver kcell_e1000_driver = {
	.name		= KCELL_E1000_NAME,
	.id_table	= kcell_e1000_ids,
	.probe		= kcell_e1000_probe,
	.remove		= kcell_e1000_remove,
	.shutdown	= kcell_e1000_shutdown,
	.driver.pm	= pm_sleep_ptr(&kcell_e1000_pm_ops),
};
module_pci_driver(kcell_e1000_driver);

/* Debug mode: /sys/module/MODULE/parameters/kcell_reports. */
KCELL_REPORTS_PARAM();

MODULE_DESCRIPTION("Intel 82540EM driver whose DMA buffers are kcell leases");
MODULE_AUTHOR("The kcell authors");
MODULE_LICENSE("GPL");
