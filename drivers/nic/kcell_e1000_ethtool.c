// SPDX-License-Identifier: GPL-2.0
/*
 * kcell_e1000 ethtool operations: driver information, link, ring sizes
 * and statistics.  All run under RTNL (the ethtool core takes it); the
 * statistics read counters that the data path writes without it (see
 * struct kcell_e1000).
 */
#include <linux/ethtool.h>
#include <linux/linkmode.h>
#include <linux/netdevice.h>
#include <linux/pci.h>

#include "kcell_e1000.h"

static void kcell_e1000_get_drvinfo(struct net_device *netdev,
				    struct ethtool_drvinfo *info)
{
	struct kcell_e1000 *a = netdev_priv(netdev);

	strscpy(info->driver, KCELL_E1000_NAME, sizeof(info->driver));
	strscpy(info->bus_info, pci_name(a->pdev), sizeof(info->bus_info));
}

static int kcell_e1000_get_link_ksettings(struct net_device *netdev,
					  struct ethtool_link_ksettings *ks)
{
	struct kcell_e1000 *a = netdev_priv(netdev);
	u32 status = readl(a->hw + E1000_STATUS);

	ethtool_link_ksettings_zero_link_mode(ks, supported);
	ethtool_link_ksettings_add_link_mode(ks, supported, 10baseT_Half);
	ethtool_link_ksettings_add_link_mode(ks, supported, 10baseT_Full);
	ethtool_link_ksettings_add_link_mode(ks, supported, 100baseT_Half);
	ethtool_link_ksettings_add_link_mode(ks, supported, 100baseT_Full);
	ethtool_link_ksettings_add_link_mode(ks, supported, 1000baseT_Full);
	ethtool_link_ksettings_add_link_mode(ks, supported, Autoneg);
	ethtool_link_ksettings_add_link_mode(ks, supported, TP);
	linkmode_copy(ks->link_modes.advertising, ks->link_modes.supported);
	ks->base.port = PORT_TP;
	ks->base.autoneg = AUTONEG_ENABLE;
	if (netif_carrier_ok(netdev)) {
		ks->base.speed = status & E1000_STATUS_SPEED_1000 ? SPEED_1000 :
				 status & E1000_STATUS_SPEED_100 ? SPEED_100 :
				 SPEED_10;
		ks->base.duplex = status & E1000_STATUS_FD ? DUPLEX_FULL :
							     DUPLEX_HALF;
	} else {
		ks->base.speed = SPEED_UNKNOWN;
		ks->base.duplex = DUPLEX_UNKNOWN;
	}
	return 0;
}

static void kcell_e1000_get_ringparam(struct net_device *netdev,
				      struct ethtool_ringparam *ring,
				      struct kernel_ethtool_ringparam *kring,
				      struct netlink_ext_ack *extack)
{
	struct kcell_e1000 *a = netdev_priv(netdev);

	ring->rx_max_pending = KCELL_E1000_MAX_RING;
	ring->tx_max_pending = KCELL_E1000_MAX_RING;
	ring->rx_pending = a->rx_count;
	ring->tx_pending = a->tx_count;
}

static int kcell_e1000_set_ringparam(struct net_device *netdev,
				     struct ethtool_ringparam *ring,
				     struct kernel_ethtool_ringparam *kring,
				     struct netlink_ext_ack *extack)
{
	struct kcell_e1000 *a = netdev_priv(netdev);
	unsigned int tx = ring->tx_pending, rx = ring->rx_pending;

	if (ring->rx_mini_pending || ring->rx_jumbo_pending) {
		NL_SET_ERR_MSG(extack, "no mini or jumbo rings");
		return -EINVAL;
	}
	/* The maximum is enforced by ethtool; the device needs the rest. */
	if (tx < KCELL_E1000_MIN_RING || rx < KCELL_E1000_MIN_RING) {
		NL_SET_ERR_MSG(extack, "a ring needs at least "
			       __stringify(KCELL_E1000_MIN_RING)
			       " descriptors");
		return -EINVAL;
	}
	tx = ALIGN(tx, E1000_RING_ALIGN);
	rx = ALIGN(rx, E1000_RING_ALIGN);
	if (tx == a->tx_count && rx == a->rx_count)
		return 0;
	return kcell_e1000_resize_rings(a, tx, rx);
}

/* A statistic: its name, and where it is in the snapshot below. */
struct kcell_e1000_stat {
	char name[ETH_GSTRING_LEN];
	size_t offset;
};

struct kcell_e1000_stats_snapshot {
	struct kcell_e1000_sw_stats rx;
	struct kcell_e1000_sw_stats tx;
	struct kcell_e1000_sw_stats xmit;
	struct kcell_e1000_hw_stats hw;
	u64 tx_timeouts;
	u64 tx_leases;
	u64 rx_leases;
	u64 rx_granted;
	u64 rx_skbs;
	struct kcell_domain_stats domain;
};

#define KCELL_E1000_STAT(name, member)					\
	{ name, offsetof(struct kcell_e1000_stats_snapshot, member) }

static const struct kcell_e1000_stat kcell_e1000_stats[] = {
	KCELL_E1000_STAT("rx_packets", rx.packets),
	KCELL_E1000_STAT("rx_bytes", rx.bytes),
	KCELL_E1000_STAT("rx_frame_errors", rx.frame_errors),
	KCELL_E1000_STAT("rx_length_errors", rx.length_errors),
	KCELL_E1000_STAT("rx_no_memory", rx.dropped),
	KCELL_E1000_STAT("rx_refill_failed", rx.map_errors),
	KCELL_E1000_STAT("tx_packets", tx.packets),
	KCELL_E1000_STAT("tx_bytes", tx.bytes),
	KCELL_E1000_STAT("tx_queue_woken", tx.woken),
	KCELL_E1000_STAT("tx_flushed", tx.flushed),
	KCELL_E1000_STAT("tx_flushed_bytes", tx.flushed_bytes),
	KCELL_E1000_STAT("tx_dropped", xmit.dropped),
	KCELL_E1000_STAT("tx_busy", xmit.busy),
	KCELL_E1000_STAT("tx_queue_stopped", xmit.stopped),
	KCELL_E1000_STAT("tx_queue_restarted", xmit.woken),
	KCELL_E1000_STAT("tx_dma_map_errors", xmit.map_errors),
	KCELL_E1000_STAT("tx_timeouts", tx_timeouts),
	KCELL_E1000_STAT("hw_rx_crc_errors", hw.crc_errors),
	KCELL_E1000_STAT("hw_rx_missed", hw.missed),
	KCELL_E1000_STAT("hw_rx_no_buffer", hw.no_buffer),
	KCELL_E1000_STAT("hw_rx_undersize", hw.undersize),
	KCELL_E1000_STAT("hw_rx_oversize", hw.oversize),
	KCELL_E1000_STAT("hw_rx_length_errors", hw.length_errors),
	KCELL_E1000_STAT("hw_collisions", hw.collisions),
	/* The fault domain: faults reported, by reason, and recoveries. */
	KCELL_E1000_STAT("fault_misuse", domain.faults[KCELL_FAULT_MISUSE]),
	KCELL_E1000_STAT("fault_garbage", domain.faults[KCELL_FAULT_GARBAGE]),
	KCELL_E1000_STAT("fault_unposted",
			 domain.faults[KCELL_FAULT_UNPOSTED]),
	KCELL_E1000_STAT("fault_map_storm",
			 domain.faults[KCELL_FAULT_MAP_STORM]),
	KCELL_E1000_STAT("fault_stuck", domain.faults[KCELL_FAULT_STUCK]),
	KCELL_E1000_STAT("recoveries", domain.recoveries),
	KCELL_E1000_STAT("failed_restarts", domain.failed_restarts),
	KCELL_E1000_STAT("last_recovery_ns", domain.last_recovery_ns),
	KCELL_E1000_STAT("max_recovery_ns", domain.max_recovery_ns),
	/*
	 * What the driver holds now, not totals: at rest, with the
	 * interface up, the TX ring maps nothing, every RX buffer is mapped
	 * and the device's, and no received skb is held; all zero when it
	 * is down.  A test that provokes errors checks they come back.
	 */
	KCELL_E1000_STAT("held_tx_leases", tx_leases),
	KCELL_E1000_STAT("held_rx_leases", rx_leases),
	KCELL_E1000_STAT("held_rx_granted", rx_granted),
	KCELL_E1000_STAT("held_rx_skbs", rx_skbs),
};

static int kcell_e1000_get_sset_count(struct net_device *netdev, int sset)
{
	return sset == ETH_SS_STATS ? ARRAY_SIZE(kcell_e1000_stats) :
				      -EOPNOTSUPP;
}

static void kcell_e1000_get_strings(struct net_device *netdev, u32 sset,
				    u8 *data)
{
	unsigned int i;

	if (sset != ETH_SS_STATS)
		return;
	for (i = 0; i < ARRAY_SIZE(kcell_e1000_stats); i++)
		memcpy(data + i * ETH_GSTRING_LEN, kcell_e1000_stats[i].name,
		       ETH_GSTRING_LEN);
}

static void kcell_e1000_get_ethtool_stats(struct net_device *netdev,
					  struct ethtool_stats *stats,
					  u64 *data)
{
	struct kcell_e1000 *a = netdev_priv(netdev);
	struct kcell_e1000_stats_snapshot snap;
	unsigned int i;

	kcell_e1000_read_sw_stats(&a->rx_stats, &snap.rx);
	kcell_e1000_read_sw_stats(&a->tx_stats, &snap.tx);
	kcell_e1000_read_sw_stats(&a->xmit_stats, &snap.xmit);
	kcell_e1000_read_hw_stats(a, &snap.hw);
	spin_lock_bh(&a->hw_stats_lock);
	snap.tx_timeouts = a->tx_timeouts;
	spin_unlock_bh(&a->hw_stats_lock);
	/* Under RTNL: the rings are not being swapped. */
	snap.tx_leases = kcell_e1000_ring_leases(&a->tx);
	snap.rx_leases = kcell_e1000_ring_leases(&a->rx);
	snap.rx_granted = READ_ONCE(a->rx.granted);
	snap.rx_skbs = READ_ONCE(a->rx_skbs);
	kcell_domain_read_stats(&a->domain, &snap.domain);

	/* Every member listed is a u64 or a u64_stats_t. */
	for (i = 0; i < ARRAY_SIZE(kcell_e1000_stats); i++) {
		const void *p = (const u8 *)&snap + kcell_e1000_stats[i].offset;

		data[i] = *(const u64 *)p;
	}
}

const struct ethtool_ops kcell_e1000_ethtool_ops = {
	.get_drvinfo		= kcell_e1000_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_link_ksettings	= kcell_e1000_get_link_ksettings,
	.get_ringparam		= kcell_e1000_get_ringparam,
	.set_ringparam		= kcell_e1000_set_ringparam,
	.get_sset_count		= kcell_e1000_get_sset_count,
	.get_strings		= kcell_e1000_get_strings,
	.get_ethtool_stats	= kcell_e1000_get_ethtool_stats,
};
