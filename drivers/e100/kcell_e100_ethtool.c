// SPDX-License-Identifier: GPL-2.0
/*
 * kcell_e100: ethtool operations.  All run under RTNL; a ring size change
 * takes the interface down and up again.
 */
#include <linux/ethtool.h>
#include <linux/mii.h>
#include <linux/netdevice.h>

#include "kcell_e100.h"

static int kcell_e100_get_link_ksettings(struct net_device *netdev,
					 struct ethtool_link_ksettings *cmd)
{
	struct kcell_e100 *nic = netdev_priv(netdev);

	mii_ethtool_get_link_ksettings(&nic->mii, cmd);
	return 0;
}

static int kcell_e100_set_link_ksettings(struct net_device *netdev,
					 const struct ethtool_link_ksettings *cmd)
{
	struct kcell_e100 *nic = netdev_priv(netdev);
	int err;

	kcell_e100_mdio_write(netdev, nic->mii.phy_id, MII_BMCR, BMCR_RESET);
	err = mii_ethtool_set_link_ksettings(&nic->mii, cmd);
	if (netif_running(netdev))
		kcell_e100_update_rx_mode(nic);	/* reconfigures */
	return err;
}

static void kcell_e100_get_drvinfo(struct net_device *netdev,
				   struct ethtool_drvinfo *info)
{
	struct kcell_e100 *nic = netdev_priv(netdev);

	strscpy(info->driver, KCELL_E100_NAME, sizeof(info->driver));
	strscpy(info->bus_info, pci_name(nic->pdev), sizeof(info->bus_info));
}

static u32 kcell_e100_get_msglevel(struct net_device *netdev)
{
	struct kcell_e100 *nic = netdev_priv(netdev);

	return nic->msg_enable;
}

static void kcell_e100_set_msglevel(struct net_device *netdev, u32 value)
{
	struct kcell_e100 *nic = netdev_priv(netdev);

	nic->msg_enable = value;
}

static int kcell_e100_nway_reset(struct net_device *netdev)
{
	struct kcell_e100 *nic = netdev_priv(netdev);

	return mii_nway_restart(&nic->mii);
}

static u32 kcell_e100_get_link(struct net_device *netdev)
{
	struct kcell_e100 *nic = netdev_priv(netdev);

	return mii_link_ok(&nic->mii);
}

static int kcell_e100_get_eeprom_len(struct net_device *netdev)
{
	struct kcell_e100 *nic = netdev_priv(netdev);

	return nic->eeprom_wc << 1;
}

#define KCELL_E100_EEPROM_MAGIC	0x1234

static int kcell_e100_get_eeprom(struct net_device *netdev,
				 struct ethtool_eeprom *eeprom, u8 *bytes)
{
	struct kcell_e100 *nic = netdev_priv(netdev);

	/* ethtool's core keeps offset + len within get_eeprom_len(). */
	eeprom->magic = KCELL_E100_EEPROM_MAGIC;
	memcpy(bytes, (u8 *)nic->eeprom + eeprom->offset, eeprom->len);
	return 0;
}

static void kcell_e100_get_ringparam(struct net_device *netdev,
				     struct ethtool_ringparam *ring,
				     struct kernel_ethtool_ringparam *kernel_ring,
				     struct netlink_ext_ack *extack)
{
	struct kcell_e100 *nic = netdev_priv(netdev);

	ring->rx_max_pending = KCELL_E100_RFDS_MAX;
	ring->tx_max_pending = KCELL_E100_CBS_MAX;
	ring->rx_pending = nic->rfds_count;
	ring->tx_pending = nic->cbs_count;
}

static int kcell_e100_set_ringparam(struct net_device *netdev,
				    struct ethtool_ringparam *ring,
				    struct kernel_ethtool_ringparam *kernel_ring,
				    struct netlink_ext_ack *extack)
{
	struct kcell_e100 *nic = netdev_priv(netdev);
	int err = 0;

	if (ring->rx_mini_pending || ring->rx_jumbo_pending)
		return -EINVAL;
	if (netif_running(netdev))
		kcell_e100_down(nic);
	nic->rfds_count = clamp_t(u32, ring->rx_pending, KCELL_E100_RFDS_MIN,
				  KCELL_E100_RFDS_MAX);
	nic->cbs_count = clamp_t(u32, ring->tx_pending, KCELL_E100_CBS_MIN,
				 KCELL_E100_CBS_MAX);
	netif_info(nic, drv, netdev, "ring params: rx %u, tx %u\n",
		   nic->rfds_count, nic->cbs_count);
	if (netif_running(netdev)) {
		err = kcell_e100_up(nic);
		if (err) {
			/* Running with no lists: the reset work tries again. */
			netdev_err(netdev, "cannot come back up: %d\n", err);
			schedule_delayed_work(&nic->reset_task, HZ);
		}
	}
	return err;
}

static const char kcell_e100_stat_names[][ETH_GSTRING_LEN] = {
	"rx_packets", "tx_packets", "rx_bytes", "tx_bytes", "rx_errors",
	"tx_errors", "rx_dropped", "tx_dropped", "multicast", "collisions",
	"rx_length_errors", "rx_over_errors", "rx_crc_errors",
	"rx_frame_errors", "rx_fifo_errors", "rx_missed_errors",
	"tx_aborted_errors", "tx_carrier_errors", "tx_fifo_errors",
	"tx_heartbeat_errors", "tx_window_errors",
	/* device counters */
	"tx_deferred", "tx_single_collisions", "tx_multi_collisions",
	"tx_flow_control_pause", "rx_flow_control_pause",
	"rx_flow_control_unsupported", "rx_short_frame_errors",
	"rx_over_length_errors",
	/* the receive path's buffer handling */
	"rx_swapped", "rx_copied", "rx_dropped_nomem",
	/* the receive unit's restarts */
	"rx_restarts", "rx_stale_rnr", "rx_found_stopped",
};

#define KCELL_E100_NET_STATS	21

static int kcell_e100_get_sset_count(struct net_device *netdev, int sset)
{
	return sset == ETH_SS_STATS ? ARRAY_SIZE(kcell_e100_stat_names) :
				      -EOPNOTSUPP;
}

static void kcell_e100_get_ethtool_stats(struct net_device *netdev,
					 struct ethtool_stats *stats, u64 *data)
{
	struct kcell_e100 *nic = netdev_priv(netdev);
	const unsigned long *ns = (const unsigned long *)&netdev->stats;
	int i;

	for (i = 0; i < KCELL_E100_NET_STATS; i++)
		data[i] = ns[i];
	data[i++] = nic->xstats.tx_deferred;
	data[i++] = nic->xstats.tx_single_collisions;
	data[i++] = nic->xstats.tx_multiple_collisions;
	data[i++] = nic->xstats.tx_fc_pause;
	data[i++] = nic->xstats.rx_fc_pause;
	data[i++] = nic->xstats.rx_fc_unsupported;
	data[i++] = nic->xstats.rx_short_frame_errors;
	data[i++] = nic->xstats.rx_over_length_errors;
	data[i++] = nic->xstats.rx_swapped;
	data[i++] = nic->xstats.rx_copied;
	data[i++] = nic->xstats.rx_dropped_nomem;
	data[i++] = nic->xstats.rx_restarts;
	data[i++] = nic->xstats.rx_stale_rnr;
	data[i++] = nic->xstats.rx_found_stopped;
}

static void kcell_e100_get_strings(struct net_device *netdev, u32 stringset,
				   u8 *data)
{
	if (stringset == ETH_SS_STATS)
		memcpy(data, kcell_e100_stat_names,
		       sizeof(kcell_e100_stat_names));
}

const struct ethtool_ops kcell_e100_ethtool_ops = {
	.get_drvinfo		= kcell_e100_get_drvinfo,
	.get_msglevel		= kcell_e100_get_msglevel,
	.set_msglevel		= kcell_e100_set_msglevel,
	.nway_reset		= kcell_e100_nway_reset,
	.get_link		= kcell_e100_get_link,
	.get_eeprom_len		= kcell_e100_get_eeprom_len,
	.get_eeprom		= kcell_e100_get_eeprom,
	.get_ringparam		= kcell_e100_get_ringparam,
	.set_ringparam		= kcell_e100_set_ringparam,
	.get_strings		= kcell_e100_get_strings,
	.get_sset_count		= kcell_e100_get_sset_count,
	.get_ethtool_stats	= kcell_e100_get_ethtool_stats,
	.get_ts_info		= ethtool_op_get_ts_info,
	.get_link_ksettings	= kcell_e100_get_link_ksettings,
	.set_link_ksettings	= kcell_e100_set_link_ksettings,
};
