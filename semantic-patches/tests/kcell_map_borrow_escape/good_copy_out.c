// SPDX-License-Identifier: GPL-2.0
/*
 * The counterparts of the bad samples: values are copied out of the
 * borrow, pointers into it stay in variables of the body, and functions
 * that need the value after the body take it out of the cell.
 */
#include <linux/netdevice.h>
#include <linux/string.h>
#include <kcell/kcell.h>

struct acme_stats {
	u64 rx_packets;
	u64 rx_bytes;
	u64 tx_packets;
	u32 hist[8];
};

struct acme_key {
	u8 bytes[32];
	u8 *iv;
	u32 len;
};

struct acme_priv {
	struct net_device *ndev;
	DECLARE_MAP_CELL(stats, struct acme_stats);
	DECLARE_MAP_CELL(key, struct acme_key);
	struct acme_stats last_stats;
	u64 rx_packets;
	u32 key_len;
	u8 iv_copy[16];
};

static u64 acme_total;

static void acme_count_rx(struct acme_priv *priv, unsigned int len)
{
	map_cell_map(&priv->stats, st) {
		u32 *bucket = &st->hist[ilog2(len) & 7];
		struct acme_stats *alias;

		(*bucket)++;
		alias = st;
		alias->rx_packets++;
		st->rx_bytes += len;
		priv->last_stats = *st;
		priv->rx_packets = st->rx_packets;
		acme_total = st->rx_packets + st->tx_packets;
	}
}

static bool acme_stats_copy(struct acme_priv *priv, struct acme_stats *out)
{
	bool ok = false;

	map_cell_map(&priv->stats, st) {
		memcpy(out, st, sizeof(*st));
		*out = *st;
		ok = true;
	}
	return ok;
}

static u32 acme_key_len(struct acme_priv *priv)
{
	map_cell_map(&priv->key, k) {
		return k->len;
	}
	return 0;
}

static int acme_key_iv(struct acme_priv *priv)
{
	int ret = -ENOKEY;

	map_cell_map(&priv->key, k) {
		u8 *iv = k->iv;

		if (!iv)
			break;
		memcpy(priv->iv_copy, iv, sizeof(priv->iv_copy));
		priv->key_len = k->len;
		ret = 0;
	}
	return ret;
}

static bool acme_key_take(struct acme_priv *priv, struct acme_key *out)
{
	return map_cell_take(&priv->key, out);
}
