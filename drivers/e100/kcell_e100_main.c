// SPDX-License-Identifier: GPL-2.0
/*
 * kcell_e100: a driver for the Intel 8255x (QEMU's "-device i82559er",
 * "i82557b" and their kin), converted from the in-tree e100 driver
 * (Copyright(c) 1999 - 2006 Intel Corporation).  Its command blocks are a
 * struct dma_ring (kcell_e100_cbs.c), its receive buffers DMA leases
 * whose descriptors it reads and writes in place (kcell_e100_rx.c), its
 * self-test and statistics a DMA region.  This file is the PCI and
 * net_device side.
 *
 * Who touches what:
 * - ndo_start_xmit and the control commands, under @cb_lock: the
 *   producer side of the command block list.
 * - NAPI (kcell_e100_poll): the receive frame area, and the completion
 *   side of the command block list (under @cb_lock).  The interrupt
 *   handler acknowledges, posts an RNR (rx.events), masks the interrupt
 *   and schedules NAPI; the watchdog posts a check of the receive unit.
 *   NAPI restarts the unit only if the device says it stopped.
 * - ndo_set_rx_mode, under the address list's lock (up, the watchdog and
 *   ethtool take it too): @flags and the configure and multicast commands.
 * - The watchdog timer: the link, the statistics dump, a software
 *   interrupt; it runs from up to down, which stops it synchronously.
 *   It and the reset work reach the registers inside a borrow of
 *   @hw_live, which remove revokes before it unmaps them.
 * - RTNL (open, stop, ring changes, the transmit timeout work, suspend
 *   and resume): everything else, with the device reset, NAPI disabled
 *   and the queue stopped whenever the lists are set up or torn down.
 *
 * What changed from e100, and why, is in drivers/e100/README.md.
 */
#include <linux/etherdevice.h>
#include <linux/interrupt.h>
#include <linux/mii.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/rtnetlink.h>

#include "kcell_e100.h"

static int debug = 3;
module_param(debug, int, 0);
MODULE_PARM_DESC(debug, "Debug level (0=none,...,16=all)");

#define KCELL_E100_DEVICE(device_id, ich) {				\
	PCI_VENDOR_ID_INTEL, device_id, PCI_ANY_ID, PCI_ANY_ID,		\
	PCI_CLASS_NETWORK_ETHERNET << 8, 0xFFFF00, ich }
static const struct pci_device_id kcell_e100_ids[] = {
	KCELL_E100_DEVICE(0x1029, 0), KCELL_E100_DEVICE(0x1030, 0),
	KCELL_E100_DEVICE(0x1031, 3), KCELL_E100_DEVICE(0x1032, 3),
	KCELL_E100_DEVICE(0x1033, 3), KCELL_E100_DEVICE(0x1034, 3),
	KCELL_E100_DEVICE(0x1038, 3), KCELL_E100_DEVICE(0x1039, 4),
	KCELL_E100_DEVICE(0x103A, 4), KCELL_E100_DEVICE(0x103B, 4),
	KCELL_E100_DEVICE(0x103C, 4), KCELL_E100_DEVICE(0x103D, 4),
	KCELL_E100_DEVICE(0x103E, 4), KCELL_E100_DEVICE(0x1050, 5),
	KCELL_E100_DEVICE(0x1051, 5), KCELL_E100_DEVICE(0x1052, 5),
	KCELL_E100_DEVICE(0x1053, 5), KCELL_E100_DEVICE(0x1054, 5),
	KCELL_E100_DEVICE(0x1055, 5), KCELL_E100_DEVICE(0x1056, 5),
	KCELL_E100_DEVICE(0x1057, 5), KCELL_E100_DEVICE(0x1059, 0),
	KCELL_E100_DEVICE(0x1064, 6), KCELL_E100_DEVICE(0x1065, 6),
	KCELL_E100_DEVICE(0x1066, 6), KCELL_E100_DEVICE(0x1067, 6),
	KCELL_E100_DEVICE(0x1068, 6), KCELL_E100_DEVICE(0x1069, 6),
	KCELL_E100_DEVICE(0x106A, 6), KCELL_E100_DEVICE(0x106B, 6),
	KCELL_E100_DEVICE(0x1091, 7), KCELL_E100_DEVICE(0x1092, 7),
	KCELL_E100_DEVICE(0x1093, 7), KCELL_E100_DEVICE(0x1094, 7),
	KCELL_E100_DEVICE(0x1095, 7), KCELL_E100_DEVICE(0x10fe, 7),
	KCELL_E100_DEVICE(0x1209, 0), KCELL_E100_DEVICE(0x1229, 0),
	KCELL_E100_DEVICE(0x2449, 2), KCELL_E100_DEVICE(0x2459, 2),
	KCELL_E100_DEVICE(0x245D, 2), KCELL_E100_DEVICE(0x27DC, 7),
	{ }
};
MODULE_DEVICE_TABLE(pci, kcell_e100_ids);

static irqreturn_t kcell_e100_intr(int irq, void *dev_id)
{
	struct net_device *netdev = dev_id;
	struct kcell_e100 *nic = netdev_priv(netdev);
	u8 stat_ack = kcell_e100_rd8(nic, scb.stat_ack);

	if (stat_ack == stat_ack_not_ours || stat_ack == stat_ack_not_present)
		return IRQ_NONE;
	kcell_e100_wr8(nic, scb.stat_ack, stat_ack);
	/*
	 * Out of buffers: NAPI restarts the receive unit once it refilled,
	 * if the device says it stopped (the RNR may be stale).  Posted even
	 * when the poll is running, as e100 notes it: acknowledged above, it
	 * would not come again.
	 */
	if (stat_ack & stat_ack_rnr)
		set_bit(KCELL_E100_RX_RNR, &nic->rx.events);
	if (likely(napi_schedule_prep(&nic->napi))) {
		kcell_e100_disable_irq(nic);
		__napi_schedule(&nic->napi);
	}
	return IRQ_HANDLED;
}

static int kcell_e100_poll(struct napi_struct *napi, int budget)
{
	struct kcell_e100 *nic = container_of(napi, struct kcell_e100, napi);
	unsigned int work_done = 0;

	kcell_e100_rx_clean(nic, &work_done, budget);
	kcell_e100_tx_clean(nic);
	if (work_done == budget)
		return budget;
	if (likely(napi_complete_done(napi, work_done)))
		kcell_e100_enable_irq(nic);
	return work_done;
}

static void kcell_e100_watchdog_run(struct kcell_e100 *nic)
{
	struct ethtool_cmd cmd = { .cmd = ETHTOOL_GSET };
	u32 speed;

	mii_ethtool_gset(&nic->mii, &cmd);
	speed = ethtool_cmd_speed(&cmd);
	if (mii_link_ok(&nic->mii) && !netif_carrier_ok(nic->netdev))
		netdev_info(nic->netdev, "NIC Link is Up %u Mbps %s Duplex\n",
			    speed == SPEED_100 ? 100 : 10,
			    cmd.duplex == DUPLEX_FULL ? "Full" : "Half");
	else if (!mii_link_ok(&nic->mii) && netif_carrier_ok(nic->netdev))
		netdev_info(nic->netdev, "NIC Link is Down\n");
	mii_check_link(&nic->mii);

	/*
	 * A software interrupt, so that NAPI runs every 2 s whatever comes,
	 * and asks the device whether its receive unit still runs.  The
	 * register holds the mask too: under the lock, so as not to unmask
	 * by accident.
	 */
	set_bit(KCELL_E100_RX_CHECK, &nic->rx.events);
	spin_lock_irq(&nic->cmd_lock);
	kcell_e100_wr8(nic, scb.cmd_hi,
		       kcell_e100_rd8(nic, scb.cmd_hi) | irq_sw_gen);
	kcell_e100_write_flush(nic);
	spin_unlock_irq(&nic->cmd_lock);

	kcell_e100_update_stats(nic);
	kcell_e100_adjust_adaptive_ifs(nic, speed, cmd.duplex);
	/* A multicast command works around an 82557 lock-up. */
	if (nic->mac <= mac_82557_D100_C)
		kcell_e100_update_rx_mode(nic);
	mod_timer(&nic->watchdog, round_jiffies(jiffies + KCELL_E100_WATCHDOG));
}

/*
 * Revoked, the watchdog neither touches the device nor re-arms, so one
 * del_timer_sync() after the revoke stops it for good, as
 * timer_shutdown_sync() (not in 6.1) would.
 */
static void kcell_e100_watchdog(struct timer_list *t)
{
	struct kcell_e100 *nic = from_timer(nic, t, watchdog);

	revocable_borrow(&nic->hw_live)
		kcell_e100_watchdog_run(nic);
}

/**
 * kcell_e100_up() - allocate the lists, initialise the device, start
 * @nic: the adapter, down
 *
 * Return: 0 or a negative errno, with nothing left allocated.
 */
int kcell_e100_up(struct kcell_e100 *nic)
{
	int err;

	err = kcell_e100_rx_alloc_list(nic);
	if (err)
		return err;
	err = kcell_e100_cbs_alloc(nic);
	if (err)
		goto err_rx;
	err = kcell_e100_hw_init(nic);
	if (err)
		goto err_cbs;
	kcell_e100_update_rx_mode(nic);
	kcell_e100_start_receiver(nic);
	err = request_irq(nic->pdev->irq, kcell_e100_intr, IRQF_SHARED,
			  nic->netdev->name, nic->netdev);
	if (err)
		goto err_cbs;
	/* After the last failure: the watchdog may turn the carrier on. */
	mod_timer(&nic->watchdog, jiffies);
	netif_wake_queue(nic->netdev);
	napi_enable(&nic->napi);
	/* After NAPI: an interrupt before would find it disabled. */
	kcell_e100_enable_irq(nic);
	nic->up = true;
	return 0;

err_cbs:
	kcell_e100_cbs_stop(nic);
	kcell_e100_hw_reset(nic);
	kcell_e100_cbs_free(nic);
err_rx:
	kcell_e100_rx_clean_list(nic);
	return err;
}

/**
 * kcell_e100_down() - stop, reset the device, free the lists
 * @nic: the adapter; nothing happens if it is not up (a reset that could
 *	not bring it back)
 */
void kcell_e100_down(struct kcell_e100 *nic)
{
	if (!nic->up)
		return;
	nic->up = false;
	napi_disable(&nic->napi);
	/*
	 * Unlike e100, nothing may queue a command once the device is reset:
	 * a transmit still running (netif_tx_disable() waits for it, where
	 * netif_stop_queue() does not), the watchdog, ndo_set_rx_mode (which
	 * does not hold RTNL).  Each would start the command unit on a list
	 * about to be freed.
	 */
	netif_tx_disable(nic->netdev);
	del_timer_sync(&nic->watchdog);
	kcell_e100_cbs_stop(nic);
	kcell_e100_hw_reset(nic);
	free_irq(nic->pdev->irq, nic->netdev);
	netif_carrier_off(nic->netdev);
	/* The device was reset: what it held comes back whatever it says. */
	kcell_e100_cbs_free(nic);
	kcell_e100_rx_clean_list(nic);
}

static void kcell_e100_tx_timeout(struct net_device *netdev,
				  unsigned int txqueue)
{
	struct kcell_e100 *nic = netdev_priv(netdev);

	/* request_irq() may sleep: the reset runs in a work. */
	schedule_delayed_work(&nic->reset_task, 0);
}

static void kcell_e100_reset(struct kcell_e100 *nic)
{
	struct net_device *netdev = nic->netdev;
	int err;

	rtnl_lock();
	/* Closed, or detached for suspend, meanwhile: nothing to reset. */
	if (netif_running(netdev) && netif_device_present(netdev)) {
		netif_printk(nic, tx_err, KERN_DEBUG, netdev,
			     "scb.status=0x%02X\n", kcell_e100_rd8(nic, scb.status));
		kcell_e100_down(nic);
		/*
		 * A device that cannot do DMA yet fails its self-test: try
		 * again later rather than leave the interface dead (the
		 * stack's watchdog does not fire without a carrier).
		 */
		err = kcell_e100_up(nic);
		if (err) {
			if (net_ratelimit())
				netdev_warn(netdev, "reset failed (%d), again in 1 s\n",
					    err);
			schedule_delayed_work(&nic->reset_task, HZ);
		}
	}
	rtnl_unlock();
}

/* Revoked, a reset queued late touches nothing and queues nothing. */
static void kcell_e100_reset_task(struct work_struct *work)
{
	struct kcell_e100 *nic = container_of(to_delayed_work(work),
					      struct kcell_e100, reset_task);

	revocable_borrow(&nic->hw_live)
		kcell_e100_reset(nic);
}

static int kcell_e100_open(struct net_device *netdev)
{
	struct kcell_e100 *nic = netdev_priv(netdev);
	int err;

	netif_carrier_off(netdev);
	err = kcell_e100_up(nic);
	if (err)
		netif_err(nic, ifup, netdev, "cannot open interface: %d\n", err);
	return err;
}

static int kcell_e100_close(struct net_device *netdev)
{
	kcell_e100_down(netdev_priv(netdev));
	return 0;
}

static int kcell_e100_ioctl(struct net_device *netdev, struct ifreq *ifr,
			    int cmd)
{
	struct kcell_e100 *nic = netdev_priv(netdev);

	return generic_mii_ioctl(&nic->mii, if_mii(ifr), cmd, NULL);
}

static const struct net_device_ops kcell_e100_netdev_ops = {
	.ndo_open		= kcell_e100_open,
	.ndo_stop		= kcell_e100_close,
	.ndo_start_xmit		= kcell_e100_xmit_frame,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_set_rx_mode	= kcell_e100_set_multicast_list,
	.ndo_set_mac_address	= kcell_e100_set_mac_address,
	.ndo_eth_ioctl		= kcell_e100_ioctl,
	.ndo_tx_timeout		= kcell_e100_tx_timeout,
};

static void kcell_e100_get_defaults(struct kcell_e100 *nic, bool ich)
{
	/* The MAC revision is the PCI revision; ICH parts act as an 82559. */
	nic->mac = ich ? mac_82559_D101M : nic->pdev->revision;
	if (nic->mac == mac_unknown)
		nic->mac = mac_82557_D100_A;
	nic->rfds_count = KCELL_E100_RFDS_MAX;
	nic->cbs_count = 128;
	/* Quadwords in the FIFO before a transmit starts. */
	nic->tx_threshold = 0xE0;
	/* No interrupt per transmit: a delay of 256 us, except on the 82557. */
	nic->tx_command = cpu_to_le16(cb_tx | cb_tx_sf |
				      (nic->mac >= mac_82558_D101_A4 ?
				       cb_cid : cb_i));
	nic->mii.phy_id_mask = 0x1F;
	nic->mii.reg_num_mask = 0x1F;
	nic->mii.dev = nic->netdev;
	nic->mii.mdio_read = kcell_e100_mdio_read;
	nic->mii.mdio_write = kcell_e100_mdio_write;
}

static int kcell_e100_probe_hw(struct kcell_e100 *nic)
{
	struct net_device *netdev = nic->netdev;
	int err;

	if (nic->mac == mac_82551_F || nic->mac == mac_82551_10) {
		/* e100 loads microcode these need; this driver loads none. */
		netif_err(nic, probe, netdev,
			  "82551 revision %u needs microcode, not supported\n",
			  nic->mac);
		return -ENODEV;
	}
	err = dma_region_alloc_array(&nic->mem, &nic->pdev->dev, 1,
				     struct kcell_e100_mem, GFP_KERNEL);
	if (err)
		return err;
	err = kcell_e100_eeprom_load(nic);
	if (!err)
		err = kcell_e100_phy_init(nic);
	if (err)
		goto err_mem;
	eth_hw_addr_set(netdev, (u8 *)nic->eeprom);
	if (!is_valid_ether_addr(netdev->dev_addr)) {
		netif_err(nic, probe, netdev, "invalid MAC address in EEPROM\n");
		err = -EAGAIN;
		goto err_mem;
	}
	return 0;

err_mem:
	dma_region_free(&nic->mem);
	return err;
}

static int kcell_e100_probe(struct pci_dev *pdev, const struct pci_device_id *ent)
{
	struct net_device *netdev;
	struct kcell_e100 *nic;
	int err;

	netdev = alloc_etherdev(sizeof(*nic));
	if (!netdev)
		return -ENOMEM;
	netdev->priv_flags |= IFF_SUPP_NOFCS;
	netdev->netdev_ops = &kcell_e100_netdev_ops;
	netdev->ethtool_ops = &kcell_e100_ethtool_ops;
	netdev->watchdog_timeo = KCELL_E100_WATCHDOG;
	SET_NETDEV_DEV(netdev, &pdev->dev);

	nic = netdev_priv(netdev);
	netif_napi_add_weight(netdev, &nic->napi, kcell_e100_poll,
			      KCELL_E100_NAPI_WEIGHT);
	nic->netdev = netdev;
	nic->pdev = pdev;
	nic->dev = &pdev->dev;
	nic->msg_enable = netif_msg_init(debug, NETIF_MSG_DRV | NETIF_MSG_PROBE |
					 NETIF_MSG_LINK);
	spin_lock_init(&nic->cb_lock);
	spin_lock_init(&nic->cmd_lock);
	spin_lock_init(&nic->mdio_lock);
	timer_setup(&nic->watchdog, kcell_e100_watchdog, 0);
	INIT_DELAYED_WORK(&nic->reset_task, kcell_e100_reset_task);
	revocable_init(&nic->hw_live);
	pci_set_drvdata(pdev, netdev);

	err = pci_enable_device(pdev);
	if (err)
		goto err_free_dev;
	if (!(pci_resource_flags(pdev, 0) & IORESOURCE_MEM)) {
		dev_err(&pdev->dev, "BAR 0 is not memory, aborting\n");
		err = -ENODEV;
		goto err_disable;
	}
	err = pci_request_regions(pdev, KCELL_E100_NAME);
	if (err)
		goto err_disable;
	/* Every address field of the device is 32 bits. */
	err = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(32));
	if (err)
		goto err_release;
	nic->csr = pci_iomap(pdev, 0, sizeof(struct kcell_e100_csr));
	if (!nic->csr) {
		err = -ENOMEM;
		goto err_release;
	}
	kcell_e100_get_defaults(nic, ent->driver_data);
	/* The 82557 takes no VLAN-sized frame at the normal MTU. */
	if (nic->mac < mac_82558_D101_A4)
		netdev->features |= NETIF_F_VLAN_CHALLENGED;
	/* Reset before bus mastering: no handler yet for what is pending. */
	kcell_e100_hw_reset(nic);
	pci_set_master(pdev);

	err = kcell_e100_probe_hw(nic);
	if (err)
		goto err_unmap;
	pci_pme_active(pdev, false);
	err = register_netdev(netdev);
	if (err)
		goto err_mem;
	netif_info(nic, probe, netdev, "addr %pR, irq %d, MAC addr %pM\n",
		   &pdev->resource[0], pdev->irq, netdev->dev_addr);
	return 0;

err_mem:
	dma_region_free(&nic->mem);
err_unmap:
	pci_iounmap(pdev, nic->csr);
err_release:
	pci_release_regions(pdev);
err_disable:
	pci_disable_device(pdev);
err_free_dev:
	free_netdev(netdev);
	return err;
}

static void kcell_e100_remove(struct pci_dev *pdev)
{
	struct net_device *netdev = pci_get_drvdata(pdev);
	struct kcell_e100 *nic = netdev_priv(netdev);

	unregister_netdev(netdev);
	/*
	 * From here neither the watchdog nor a reset touches the registers
	 * or re-arms itself, whoever armed it; so the two cancels below are
	 * final (timer_shutdown_sync(), which 6.1 lacks), whatever path left
	 * a timer or a work pending: both live in the net_device.
	 */
	revocable_revoke(&nic->hw_live);
	del_timer_sync(&nic->watchdog);
	cancel_delayed_work_sync(&nic->reset_task);
	dma_region_free(&nic->mem);
	pci_iounmap(pdev, nic->csr);
	pci_release_regions(pdev);
	pci_disable_device(pdev);
	free_netdev(netdev);
}

static int kcell_e100_suspend(struct device *dev)
{
	struct net_device *netdev = dev_get_drvdata(dev);
	struct kcell_e100 *nic = netdev_priv(netdev);

	rtnl_lock();
	netif_device_detach(netdev);
	if (netif_running(netdev))
		kcell_e100_down(nic);
	rtnl_unlock();
	cancel_delayed_work_sync(&nic->reset_task);
	pci_disable_device(to_pci_dev(dev));
	return 0;
}

static int kcell_e100_resume(struct device *dev)
{
	struct net_device *netdev = dev_get_drvdata(dev);
	struct kcell_e100 *nic = netdev_priv(netdev);
	int err;

	err = pci_enable_device(to_pci_dev(dev));
	if (err) {
		netdev_err(netdev, "resume cannot enable the device: %d\n", err);
		return err;
	}
	pci_set_master(to_pci_dev(dev));
	rtnl_lock();
	netif_device_attach(netdev);
	if (netif_running(netdev)) {
		err = kcell_e100_up(nic);
		if (err) {
			/* Running with no lists: the reset work tries again. */
			netdev_err(netdev, "resume cannot bring it up: %d\n", err);
			schedule_delayed_work(&nic->reset_task, HZ);
		}
	}
	rtnl_unlock();
	return 0;
}

static DEFINE_SIMPLE_DEV_PM_OPS(kcell_e100_pm_ops, kcell_e100_suspend,
				kcell_e100_resume);

static void kcell_e100_shutdown(struct pci_dev *pdev)
{
	struct net_device *netdev = pci_get_drvdata(pdev);

	rtnl_lock();
	netif_device_detach(netdev);
	if (netif_running(netdev))
		kcell_e100_down(netdev_priv(netdev));
	rtnl_unlock();
	pci_disable_device(pdev);
}

static struct pci_driver kcell_e100_driver = {
	.name		= KCELL_E100_NAME,
	.id_table	= kcell_e100_ids,
	.probe		= kcell_e100_probe,
	.remove		= kcell_e100_remove,
	.shutdown	= kcell_e100_shutdown,
	.driver.pm	= pm_sleep_ptr(&kcell_e100_pm_ops),
};
module_pci_driver(kcell_e100_driver);

MODULE_DESCRIPTION("Intel 8255x driver whose DMA is in kcell cells");
MODULE_AUTHOR("The kcell authors");
MODULE_LICENSE("GPL");
KCELL_REPORTS_PARAM();
