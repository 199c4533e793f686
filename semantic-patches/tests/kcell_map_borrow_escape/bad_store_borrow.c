// SPDX-License-Identifier: GPL-2.0
/*
 * A network driver whose statistics live in a MapCell, and which keeps
 * pointers into the borrowed value after the map_cell_map() body ends.
 */
#include <linux/netdevice.h>
#include <linux/list.h>
#include <linux/rcupdate.h>
#include <kcell/kcell.h>

struct acme_stats {
	u64 rx_packets;
	u64 rx_bytes;
	u64 tx_packets;
	struct list_head node;
	u32 hist[8];
};

struct acme_priv {
	struct net_device *ndev;
	DECLARE_MAP_CELL(stats, struct acme_stats);
	struct acme_stats *last_stats;
	struct acme_stats __rcu *published;
	DECLARE_TAKE_CELL(snapshot, struct acme_stats);
	DECLARE_OPTIONAL_CELL(hist0, u32 *);
	struct list_head all_stats;
	u32 *hot_bucket;
};

static struct acme_stats *acme_debug_stats;

static void acme_count_rx(struct acme_priv *priv, unsigned int len)
{
	map_cell_map(&priv->stats, st) {
		st->rx_packets++;
		st->rx_bytes += len;
		priv->last_stats = st;	/* KCELL-EXPECT */
		acme_debug_stats = st;	/* KCELL-EXPECT */
	}
}

static void acme_publish(struct acme_priv *priv)
{
	map_cell_map(&priv->stats, st) {
		rcu_assign_pointer(priv->published, st);	/* KCELL-EXPECT */
		list_add_tail(&st->node, &priv->all_stats);	/* KCELL-EXPECT */
		take_cell_put(&priv->snapshot, st);	/* KCELL-EXPECT */
	}
}

static u32 *acme_bucket(struct acme_priv *priv, unsigned int len,
			struct acme_stats **out)
{
	u32 *bucket = NULL;

	map_cell_map(&priv->stats, st) {
		bucket = &st->hist[ilog2(len) & 7];	/* KCELL-EXPECT */
		priv->hot_bucket = &st->hist[0];	/* KCELL-EXPECT */
		optional_cell_set(&priv->hist0, &st->hist[0]);	/* KCELL-EXPECT */
		*out = st;	/* KCELL-EXPECT */
	}
	return bucket;
}
