// SPDX-License-Identifier: GPL-2.0
/*
 * kcell_e100: registers, EEPROM, PHY, and the control commands
 * (configure, individual address, multicast list, statistics dump).
 *
 * Who touches what: @cmd_lock serialises the SCB command register and the
 * interrupt mask; @mdio_lock the MDI register; the control commands are
 * command blocks (kcell_e100_exec_cb(), under @cb_lock), issued under
 * RTNL, from ndo_set_rx_mode, and from the watchdog timer.  The
 * statistics dump in @mem is read by the watchdog only.
 */
#include <linux/delay.h>
#include <linux/etherdevice.h>
#include <linux/mii.h>
#include <linux/netdevice.h>

#include "kcell_e100.h"

/**
 * kcell_e100_write_flush() - push posted writes out to the device
 * @nic: the adapter
 */
void kcell_e100_write_flush(struct kcell_e100 *nic)
{
	/* A benign read flushes writes through intermediate bridges. */
	(void)kcell_e100_rd8(nic, scb.status);
}

static void kcell_e100_irq_mask(struct kcell_e100 *nic, u8 mask)
{
	unsigned long flags;

	spin_lock_irqsave(&nic->cmd_lock, flags);
	kcell_e100_wr8(nic, scb.cmd_hi, mask);
	kcell_e100_write_flush(nic);
	spin_unlock_irqrestore(&nic->cmd_lock, flags);
}

/**
 * kcell_e100_enable_irq() - unmask the device's interrupt
 * @nic: the adapter
 */
void kcell_e100_enable_irq(struct kcell_e100 *nic)
{
	kcell_e100_irq_mask(nic, irq_mask_none);
}

/**
 * kcell_e100_disable_irq() - mask the device's interrupt
 * @nic: the adapter
 */
void kcell_e100_disable_irq(struct kcell_e100 *nic)
{
	kcell_e100_irq_mask(nic, irq_mask_all);
}

/**
 * kcell_e100_hw_reset() - stop the units and reset the device
 * @nic: the adapter
 *
 * Afterwards the device does no DMA, and its interrupt is masked.  Sleeps:
 * process context only.
 */
void kcell_e100_hw_reset(struct kcell_e100 *nic)
{
	/* A selective reset idles the units and takes the device off the bus. */
	kcell_e100_wr32(nic, port, selective_reset);
	kcell_e100_write_flush(nic);
	usleep_range(20, 40);
	kcell_e100_wr32(nic, port, software_reset);
	kcell_e100_write_flush(nic);
	usleep_range(20, 40);
	/* Reset unmasks the interrupt. */
	kcell_e100_disable_irq(nic);
}

static int kcell_e100_self_test(struct kcell_e100 *nic)
{
	kcell_dma_t addr = dma_region_addr(&nic->mem,
					   offsetof(struct kcell_e100_mem,
						    selftest));
	__le32 signature, result;

	/* Passing it shows that the device can DMA to and from memory. */
	dma_region_write_field(&nic->mem, 0, struct kcell_e100_mem,
			       selftest.signature, 0);
	dma_region_write_field(&nic->mem, 0, struct kcell_e100_mem,
			       selftest.result, cpu_to_le32(0xFFFFFFFF));
	kcell_e100_wr32(nic, port, selftest | kcell_dma_lower_32_bits(addr));
	kcell_e100_write_flush(nic);
	usleep_range(10000, 12000);
	/* The self-test unmasks the interrupt. */
	kcell_e100_disable_irq(nic);

	dma_region_read_field(&nic->mem, 0, struct kcell_e100_mem,
			      selftest.result, &result);
	dma_region_read_field(&nic->mem, 0, struct kcell_e100_mem,
			      selftest.signature, &signature);
	if (result) {
		netif_err(nic, hw, nic->netdev,
			  "self-test failed: result=0x%08X\n",
			  le32_to_cpu(result));
		return -ETIMEDOUT;
	}
	if (!signature) {
		netif_err(nic, hw, nic->netdev, "self-test failed: timed out\n");
		return -ETIMEDOUT;
	}
	return 0;
}

static __le16 kcell_e100_eeprom_read(struct kcell_e100 *nic, u16 *addr_len,
				     u16 addr)
{
	u32 cmd_addr_data = ((op_read << *addr_len) | addr) << 16;
	u16 data = 0;
	u8 ctrl;
	int i;

	kcell_e100_wr8(nic, eeprom_ctrl_lo, eecs | eesk);
	kcell_e100_write_flush(nic);
	udelay(4);
	/* Bit-bang the command and address, then read the word. */
	for (i = 31; i >= 0; i--) {
		ctrl = (cmd_addr_data & (1 << i)) ? eecs | eedi : eecs;
		kcell_e100_wr8(nic, eeprom_ctrl_lo, ctrl);
		kcell_e100_write_flush(nic);
		udelay(4);
		kcell_e100_wr8(nic, eeprom_ctrl_lo, ctrl | eesk);
		kcell_e100_write_flush(nic);
		udelay(4);
		/*
		 * The EEPROM drives a dummy zero once it has the whole
		 * address: that gives the address length.
		 */
		ctrl = kcell_e100_rd8(nic, eeprom_ctrl_lo);
		if (!(ctrl & eedo) && i > 16) {
			*addr_len -= (i - 16);
			i = 17;
		}
		data = (data << 1) | (ctrl & eedo ? 1 : 0);
	}
	kcell_e100_wr8(nic, eeprom_ctrl_lo, 0);
	kcell_e100_write_flush(nic);
	udelay(4);
	return cpu_to_le16(data);
}

/**
 * kcell_e100_eeprom_load() - read the EEPROM and check its checksum
 * @nic: the adapter
 *
 * Return: 0, or -EAGAIN if the checksum is wrong.
 */
int kcell_e100_eeprom_load(struct kcell_e100 *nic)
{
	u16 addr, addr_len = 8, checksum = 0;

	/* A read with 8 address bits finds the real address length. */
	kcell_e100_eeprom_read(nic, &addr_len, 0);
	nic->eeprom_wc = 1 << addr_len;
	for (addr = 0; addr < nic->eeprom_wc; addr++) {
		nic->eeprom[addr] = kcell_e100_eeprom_read(nic, &addr_len, addr);
		if (addr < nic->eeprom_wc - 1)
			checksum += le16_to_cpu(nic->eeprom[addr]);
	}
	/* The words sum to 0xBABA, the last one included. */
	if (cpu_to_le16(0xBABA - checksum) != nic->eeprom[nic->eeprom_wc - 1]) {
		netif_err(nic, probe, nic->netdev, "EEPROM corrupted\n");
		return -EAGAIN;
	}
	return 0;
}

static u16 kcell_e100_mdio_ctrl(struct kcell_e100 *nic, u32 addr, u32 dir,
				u32 reg, u16 data)
{
	unsigned long flags;
	u32 data_out = 0;
	unsigned int i;

	/*
	 * The register is written only once it says Ready, and the steps
	 * are one transaction: under the lock.
	 */
	spin_lock_irqsave(&nic->mdio_lock, flags);
	for (i = 100; i; --i) {
		if (kcell_e100_rd32(nic, mdi_ctrl) & mdi_ready)
			break;
		udelay(20);
	}
	if (unlikely(!i)) {
		spin_unlock_irqrestore(&nic->mdio_lock, flags);
		netdev_err(nic->netdev, "MDI control does not go Ready\n");
		return 0;
	}
	kcell_e100_wr32(nic, mdi_ctrl, (reg << 16) | (addr << 21) | dir | data);
	for (i = 0; i < 100; i++) {
		udelay(20);
		data_out = kcell_e100_rd32(nic, mdi_ctrl);
		if (data_out & mdi_ready)
			break;
	}
	spin_unlock_irqrestore(&nic->mdio_lock, flags);
	return (u16)data_out;
}

/**
 * kcell_e100_mdio_read() - read a PHY register, for the MII library
 * @netdev: the interface
 * @addr: the PHY's address
 * @reg: the register
 *
 * Return: its value.
 */
int kcell_e100_mdio_read(struct net_device *netdev, int addr, int reg)
{
	return kcell_e100_mdio_ctrl(netdev_priv(netdev), addr, mdi_read, reg, 0);
}

/**
 * kcell_e100_mdio_write() - write a PHY register, for the MII library
 * @netdev: the interface
 * @addr: the PHY's address
 * @reg: the register
 * @data: the value
 */
void kcell_e100_mdio_write(struct net_device *netdev, int addr, int reg,
			   int data)
{
	kcell_e100_mdio_ctrl(netdev_priv(netdev), addr, mdi_write, reg, data);
}

/**
 * kcell_e100_phy_init() - find the PHY and isolate the others
 * @nic: the adapter
 *
 * Return: 0, or -EAGAIN if no PHY answers.
 */
int kcell_e100_phy_init(struct kcell_e100 *nic)
{
	struct net_device *netdev = nic->netdev;
	u16 bmcr, stat;
	u32 addr;

	/* The PHY's address: tried in the order 1, 0, 2, ..., 31. */
	for (addr = 0; addr < 32; addr++) {
		nic->mii.phy_id = (addr == 0) ? 1 : (addr == 1) ? 0 : addr;
		bmcr = kcell_e100_mdio_read(netdev, nic->mii.phy_id, MII_BMCR);
		stat = kcell_e100_mdio_read(netdev, nic->mii.phy_id, MII_BMSR);
		stat = kcell_e100_mdio_read(netdev, nic->mii.phy_id, MII_BMSR);
		if (!(bmcr == 0xFFFF || (stat == 0 && bmcr == 0)))
			break;
	}
	if (addr == 32) {
		/* The MII-less PHYs e100 knows are not supported here. */
		netif_err(nic, hw, netdev, "no PHY found, aborting\n");
		return -EAGAIN;
	}
	nic->phy = (u32)kcell_e100_mdio_read(netdev, nic->mii.phy_id,
					      MII_PHYSID2) << 16 |
		   kcell_e100_mdio_read(netdev, nic->mii.phy_id, MII_PHYSID1);

	for (addr = 0; addr < 32; addr++) {
		if (addr != nic->mii.phy_id) {
			kcell_e100_mdio_write(netdev, addr, MII_BMCR,
					      BMCR_ISOLATE);
		} else {
			bmcr = kcell_e100_mdio_read(netdev, addr, MII_BMCR);
			kcell_e100_mdio_write(netdev, addr, MII_BMCR,
					      bmcr & ~BMCR_ISOLATE);
		}
	}
	return 0;
}

/* Issues @cmd, with @gen_ptr when it takes one; -EAGAIN if the SCB stays busy. */
static int kcell_e100_exec(struct kcell_e100 *nic, u8 cmd, bool with_ptr,
			   u32 gen_ptr)
{
	unsigned long flags;
	unsigned int i;
	int err = 0;

	spin_lock_irqsave(&nic->cmd_lock, flags);
	/* The previous command was accepted once the SCB reads back 0. */
	for (i = 0; i < 20000; i++) {
		if (likely(!kcell_e100_rd8(nic, scb.cmd_lo)))
			break;
		cpu_relax();
		if (unlikely(i > 20))
			udelay(5);
	}
	if (unlikely(i == 20000)) {
		err = -EAGAIN;
	} else {
		if (with_ptr)
			kcell_e100_wr32(nic, scb.gen_ptr, gen_ptr);
		kcell_e100_wr8(nic, scb.cmd_lo, cmd);
	}
	spin_unlock_irqrestore(&nic->cmd_lock, flags);
	return err;
}

/**
 * kcell_e100_exec_cmd() - issue an SCB command
 * @nic: the adapter
 * @cmd: the command (cuc_start, ruc_start, cuc_dump_addr...)
 * @addr: the address it takes; ignored by cuc_resume
 *
 * Return: 0, or -EAGAIN if the device did not accept the previous one.
 */
int kcell_e100_exec_cmd(struct kcell_e100 *nic, u8 cmd, kcell_dma_t addr)
{
	if (cmd != cuc_resume && kcell_dma_is_error(addr))
		return -EINVAL;
	return kcell_e100_exec(nic, cmd, cmd != cuc_resume,
			       kcell_dma_lower_32_bits(addr));
}

/* An SCB command without an address (a base of 0: addresses are absolute). */
static int kcell_e100_exec_plain(struct kcell_e100 *nic, u8 cmd)
{
	return kcell_e100_exec(nic, cmd, true, 0);
}

/* The configure command's bytes, for the adapter's state (e100's values). */
static void kcell_e100_config_bytes(const struct kcell_e100 *nic, u8 *c)
{
	bool promisc = nic->flags & KCELL_E100_PROMISC;

	memset(c, 0, KCELL_E100_CONFIG_LEN);
	c[0] = CFG0_BYTE_COUNT;
	c[1] = CFG1_RX_FIFO_LIMIT_8;
	c[2] = nic->adaptive_ifs;
	c[6] = CFG6_DIRECT_RX_DMA | CFG6_STANDARD_TCB | CFG6_STANDARD_STATS |
	       (promisc ? CFG6_SAVE_BAD_FRAMES : 0);
	c[7] = CFG7_UNDERRUN_RETRY_3 | (promisc ? 0 : CFG7_DISCARD_SHORT);
	c[8] = CFG8_MII_MODE;
	c[10] = CFG10_DEFAULT;
	c[12] = CFG12_IFS_6;
	c[14] = CFG14_IP_ADDR_HI;
	c[15] = CFG15_DEFAULT | (promisc ? CFG15_PROMISCUOUS : 0);
	c[17] = CFG17_FC_DELAY_HI;
	c[18] = CFG18_DEFAULT | CFG18_TX_PADDING;
	/* No wake-on-LAN. */
	c[19] = CFG19_FULL_DUPLEX_PIN | CFG19_NO_MAGIC_PACKET;
	if (nic->mii.force_media && nic->mii.full_duplex)
		c[19] |= CFG19_FULL_DUPLEX_FORCE;
	c[20] = CFG20_DEFAULT;
	c[21] = CFG21_DEFAULT;
	if (nic->flags & KCELL_E100_MULTICAST_ALL)
		c[21] |= CFG21_MULTICAST_ALL;
	if (nic->mac < mac_82558_D101_A4)
		return;
	c[3] |= CFG3_MWI_ENABLE;
	c[6] &= ~CFG6_STANDARD_TCB;
	c[18] |= CFG18_LONG_OK;
	c[19] |= CFG19_FC_DISABLE;
	if (nic->mac < mac_82559_D101M) {
		c[6] &= ~CFG6_STANDARD_STATS;
		return;
	}
	c[6] |= CFG6_TNO_INTR;
	if (nic->mac >= mac_82551_10) {
		c[0] = CFG0_BYTE_COUNT_D102;
		c[22] |= CFG22_RX_D102_MODE;
	}
}

static int kcell_e100_configure(struct kcell_e100 *nic, unsigned int i,
				struct sk_buff *unused)
{
	u8 config[KCELL_E100_CONFIG_LEN];

	kcell_e100_config_bytes(nic, config);
	netif_printk(nic, hw, KERN_DEBUG, nic->netdev, "config %*ph\n",
		     (int)sizeof(config), config);
	dma_ring_write(&nic->cbs.ring, i, struct kcell_e100_cb, command,
		       cpu_to_le16(cb_config));
	return dma_ring_copy_in(&nic->cbs.ring, i, struct kcell_e100_cb,
				u.config, &config);
}

static int kcell_e100_setup_iaaddr(struct kcell_e100 *nic, unsigned int i,
				   struct sk_buff *unused)
{
	u8 addr[ETH_ALEN];

	ether_addr_copy(addr, nic->netdev->dev_addr);
	dma_ring_write(&nic->cbs.ring, i, struct kcell_e100_cb, command,
		       cpu_to_le16(cb_iaaddr));
	return dma_ring_copy_in(&nic->cbs.ring, i, struct kcell_e100_cb,
				u.iaaddr, &addr);
}

static int kcell_e100_multi(struct kcell_e100 *nic, unsigned int i,
			    struct sk_buff *unused)
{
	struct net_device *netdev = nic->netdev;
	struct kcell_e100_multi multi = {};
	struct netdev_hw_addr *ha;
	u16 n = 0, count;

	count = min_t(unsigned int, netdev_mc_count(netdev),
		      KCELL_E100_MAX_MULTICAST);
	multi.count = cpu_to_le16(count * ETH_ALEN);
	netdev_for_each_mc_addr(ha, netdev) {
		if (n == count)
			break;
		ether_addr_copy(&multi.addr[n++ * ETH_ALEN], ha->addr);
	}
	dma_ring_write(&nic->cbs.ring, i, struct kcell_e100_cb, command,
		       cpu_to_le16(cb_multi));
	return dma_ring_copy_in(&nic->cbs.ring, i, struct kcell_e100_cb,
				u.multi, &multi);
}

/**
 * kcell_e100_set_multicast_list() - ndo_set_rx_mode
 * @netdev: the interface
 */
void kcell_e100_set_multicast_list(struct net_device *netdev)
{
	struct kcell_e100 *nic = netdev_priv(netdev);

	if (netdev->flags & IFF_PROMISC)
		nic->flags |= KCELL_E100_PROMISC;
	else
		nic->flags &= ~KCELL_E100_PROMISC;
	if (netdev->flags & IFF_ALLMULTI ||
	    netdev_mc_count(netdev) > KCELL_E100_MAX_MULTICAST)
		nic->flags |= KCELL_E100_MULTICAST_ALL;
	else
		nic->flags &= ~KCELL_E100_MULTICAST_ALL;
	kcell_e100_exec_cb(nic, NULL, kcell_e100_configure);
	kcell_e100_exec_cb(nic, NULL, kcell_e100_multi);
}

/**
 * kcell_e100_update_rx_mode() - ndo_set_rx_mode's work, from elsewhere
 * @nic: the adapter
 *
 * For the callers that do not hold the address list's lock (up, the
 * watchdog): the multicast list and the flags are read under it, as the
 * stack calls ndo_set_rx_mode.
 */
void kcell_e100_update_rx_mode(struct kcell_e100 *nic)
{
	netif_addr_lock_bh(nic->netdev);
	kcell_e100_set_multicast_list(nic->netdev);
	netif_addr_unlock_bh(nic->netdev);
}

/**
 * kcell_e100_reconfigure() - queue a configure command for the adapter's state
 * @nic: the adapter
 */
void kcell_e100_reconfigure(struct kcell_e100 *nic)
{
	kcell_e100_exec_cb(nic, NULL, kcell_e100_configure);
}

/**
 * kcell_e100_set_mac_address() - ndo_set_mac_address
 * @netdev: the interface
 * @p: a struct sockaddr
 *
 * Return: 0, or -EADDRNOTAVAIL for an address that is not a unicast one.
 */
int kcell_e100_set_mac_address(struct net_device *netdev, void *p)
{
	struct kcell_e100 *nic = netdev_priv(netdev);
	struct sockaddr *addr = p;

	if (!is_valid_ether_addr(addr->sa_data))
		return -EADDRNOTAVAIL;
	eth_hw_addr_set(netdev, addr->sa_data);
	if (netif_running(netdev))
		kcell_e100_exec_cb(nic, NULL, kcell_e100_setup_iaaddr);
	return 0;
}

/**
 * kcell_e100_hw_init() - reset, self-test and configure the device
 * @nic: the adapter, its command block list allocated
 *
 * Return: 0 or a negative errno.
 */
int kcell_e100_hw_init(struct kcell_e100 *nic)
{
	int err;

	kcell_e100_hw_reset(nic);
	err = kcell_e100_self_test(nic);
	if (err)
		return err;
	err = kcell_e100_phy_init(nic);
	if (err)
		return err;
	err = kcell_e100_exec_plain(nic, cuc_load_base);
	if (!err)
		err = kcell_e100_exec_plain(nic, ruc_load_base);
	if (err)
		return err;
	kcell_e100_cbs_open(nic);
	err = kcell_e100_exec_cb(nic, NULL, kcell_e100_configure);
	if (!err)
		err = kcell_e100_exec_cb(nic, NULL, kcell_e100_setup_iaaddr);
	if (!err)
		err = kcell_e100_exec_cmd(nic, cuc_dump_addr,
					  dma_region_addr(&nic->mem,
							  offsetof(struct kcell_e100_mem,
								   stats)));
	if (!err)
		err = kcell_e100_exec_plain(nic, cuc_dump_reset);
	if (err)
		return err;
	kcell_e100_disable_irq(nic);
	return 0;
}

/* Where the device writes the dump's completion word, by MAC revision. */
static size_t kcell_e100_stats_complete_off(const struct kcell_e100 *nic)
{
	if (nic->mac < mac_82558_D101_A4)
		return offsetof(struct kcell_e100_stats, fc_xmt_pause);
	if (nic->mac < mac_82559_D101M)
		return offsetof(struct kcell_e100_stats, xmt_tco_frames);
	return offsetof(struct kcell_e100_stats, complete);
}

/**
 * kcell_e100_update_stats() - fold the last statistics dump in, ask for another
 * @nic: the adapter, up
 *
 * The dump takes microseconds: each call reads the one the previous call
 * asked for.
 */
void kcell_e100_update_stats(struct kcell_e100 *nic)
{
	size_t base = offsetof(struct kcell_e100_mem, stats);
	struct net_device_stats *ns = &nic->netdev->stats;
	size_t off = kcell_e100_stats_complete_off(nic);
	struct kcell_e100_stats s;
	__le32 complete;

	if (dma_region_copy_out(&nic->mem, base, &s, sizeof(s)))
		return;
	memcpy(&complete, (u8 *)&s + off, sizeof(complete));
	if (complete == cpu_to_le32(cuc_dump_reset_complete)) {
		if (off == offsetof(struct kcell_e100_stats, complete))
			dma_region_write_field(&nic->mem, 0,
					       struct kcell_e100_mem,
					       stats.complete, 0);
		else if (off == offsetof(struct kcell_e100_stats, fc_xmt_pause))
			dma_region_write_field(&nic->mem, 0,
					       struct kcell_e100_mem,
					       stats.fc_xmt_pause, 0);
		else
			dma_region_write_field(&nic->mem, 0,
					       struct kcell_e100_mem,
					       stats.xmt_tco_frames, 0);
		nic->tx_frames = le32_to_cpu(s.tx_good_frames);
		nic->tx_collisions = le32_to_cpu(s.tx_total_collisions);
		ns->tx_aborted_errors += le32_to_cpu(s.tx_max_collisions);
		ns->tx_window_errors += le32_to_cpu(s.tx_late_collisions);
		ns->tx_carrier_errors += le32_to_cpu(s.tx_lost_crs);
		ns->tx_fifo_errors += le32_to_cpu(s.tx_underruns);
		ns->collisions += nic->tx_collisions;
		ns->tx_errors += le32_to_cpu(s.tx_max_collisions) +
				 le32_to_cpu(s.tx_lost_crs);
		nic->xstats.rx_short_frame_errors +=
			le32_to_cpu(s.rx_short_frame_errors);
		ns->rx_length_errors = nic->xstats.rx_short_frame_errors +
				       nic->xstats.rx_over_length_errors;
		ns->rx_crc_errors += le32_to_cpu(s.rx_crc_errors);
		ns->rx_frame_errors += le32_to_cpu(s.rx_alignment_errors);
		ns->rx_over_errors += le32_to_cpu(s.rx_overrun_errors);
		ns->rx_fifo_errors += le32_to_cpu(s.rx_overrun_errors);
		ns->rx_missed_errors += le32_to_cpu(s.rx_resource_errors);
		ns->rx_errors += le32_to_cpu(s.rx_crc_errors) +
				 le32_to_cpu(s.rx_alignment_errors) +
				 le32_to_cpu(s.rx_short_frame_errors) +
				 le32_to_cpu(s.rx_cdt_errors);
		nic->xstats.tx_deferred += le32_to_cpu(s.tx_deferred);
		nic->xstats.tx_single_collisions +=
			le32_to_cpu(s.tx_single_collisions);
		nic->xstats.tx_multiple_collisions +=
			le32_to_cpu(s.tx_multiple_collisions);
		if (nic->mac >= mac_82558_D101_A4) {
			nic->xstats.tx_fc_pause += le32_to_cpu(s.fc_xmt_pause);
			nic->xstats.rx_fc_pause += le32_to_cpu(s.fc_rcv_pause);
			nic->xstats.rx_fc_unsupported +=
				le32_to_cpu(s.fc_rcv_unsupported);
		}
	}
	if (kcell_e100_exec_plain(nic, cuc_dump_reset))
		netif_printk(nic, tx_err, KERN_DEBUG, nic->netdev,
			     "cuc_dump_reset failed\n");
}

/**
 * kcell_e100_adjust_adaptive_ifs() - widen the inter-frame gap on collisions
 * @nic: the adapter
 * @speed: SPEED_10 or SPEED_100
 * @duplex: DUPLEX_HALF or DUPLEX_FULL
 */
void kcell_e100_adjust_adaptive_ifs(struct kcell_e100 *nic, int speed,
				    int duplex)
{
	u32 prev = nic->adaptive_ifs, min_frames;

	if (duplex != DUPLEX_HALF)
		return;
	min_frames = (speed == SPEED_100) ? 1000 : 100;
	if (nic->tx_frames / 32 < nic->tx_collisions &&
	    nic->tx_frames > min_frames) {
		if (nic->adaptive_ifs < 60)
			nic->adaptive_ifs += 5;
	} else if (nic->tx_frames < min_frames) {
		if (nic->adaptive_ifs >= 5)
			nic->adaptive_ifs -= 5;
	}
	if (nic->adaptive_ifs != prev)
		kcell_e100_update_rx_mode(nic);	/* a configure, under the lock */
}
