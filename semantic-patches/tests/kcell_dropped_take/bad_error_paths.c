// SPDX-License-Identifier: GPL-2.0
/*
 * A network driver's transmit path: the skb parked in a TakeCell is taken
 * out, and some error paths return without putting it back.
 */
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <kcell/kcell.h>

/* The hardware layer: acme_hw_queue(), acme_hw_cmd(), acme_hw_prepare(). */
#include "acme_hw.h"

#define ACME_MAX_FRAME	1536

struct acme_cmd {
	u32 opcode;
	u32 arg;
};

struct acme_priv {
	struct net_device *ndev;
	void __iomem *regs;
	DECLARE_TAKE_CELL(pending, struct sk_buff);
	DECLARE_TAKE_CELL(cmd, struct acme_cmd);
	bool link_up;
	unsigned int tx_errors;
};

static int acme_flush_pending(struct acme_priv *priv)
{
	struct sk_buff *skb = take_cell_take(&priv->pending);

	if (!skb)
		return 0;
	if (skb->len > ACME_MAX_FRAME)
		return -EMSGSIZE;	/* KCELL-EXPECT */
	return acme_hw_queue(priv, skb);
}

static int acme_flush_pending_early(struct acme_priv *priv)
{
	struct sk_buff *skb;

	skb = take_cell_take(&priv->pending);
	/* Checks the link after the take: the skb is lost when it is down. */
	if (!priv->link_up)
		return -ENETDOWN;	/* KCELL-EXPECT */
	if (!skb)
		return 0;
	return acme_hw_queue(priv, skb);
}

static int acme_send_cmd(struct acme_priv *priv, u32 opcode)
{
	struct acme_cmd *cmd;
	int ret = 0;

	cmd = take_cell_take(&priv->cmd);
	if (cmd == NULL) {
		ret = -EBUSY;
		goto out;
	}
	cmd->opcode = opcode;
	ret = acme_hw_prepare(priv);
	if (ret)
		goto out;
	ret = acme_hw_cmd(priv, cmd);
	take_cell_put(&priv->cmd, cmd);
out:
	return ret;	/* KCELL-EXPECT */
}

static int acme_retry_pending(struct acme_priv *priv)
{
	struct sk_buff *skb;

	skb = take_cell_take(&priv->pending);
	if (skb) {
		if (acme_hw_prepare(priv)) {
			priv->tx_errors++;
			return -EIO;	/* KCELL-EXPECT */
		}
		return acme_hw_queue(priv, skb);
	}
	return 0;
}

static void acme_tx_timeout_work(struct acme_priv *priv)
{
	struct sk_buff *skb;

	skb = take_cell_take(&priv->pending);
	if (!skb)
		return;
	netdev_warn(priv->ndev, "dropping a %u byte frame\n", skb->len);
	priv->tx_errors++;
}	/* KCELL-EXPECT */
