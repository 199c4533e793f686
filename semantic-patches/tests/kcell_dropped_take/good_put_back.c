// SPDX-License-Identifier: GPL-2.0
/*
 * The counterpart of bad_error_paths.c: every path puts the skb back,
 * hands it on, or frees it; returns on the empty-cell path are fine.
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
	struct sk_buff *in_flight;
	bool link_up;
	unsigned int tx_errors;
};

static int acme_flush_pending(struct acme_priv *priv)
{
	struct sk_buff *skb = take_cell_take(&priv->pending);

	if (!skb)
		return 0;
	if (skb->len > ACME_MAX_FRAME) {
		dev_kfree_skb_any(skb);
		return -EMSGSIZE;
	}
	return acme_hw_queue(priv, skb);
}

static int acme_flush_pending_early(struct acme_priv *priv)
{
	struct sk_buff *skb;

	if (!priv->link_up)
		return -ENETDOWN;
	skb = take_cell_take(&priv->pending);
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
		goto out_put;
	ret = acme_hw_cmd(priv, cmd);
out_put:
	take_cell_put(&priv->cmd, cmd);
out:
	return ret;
}

static int acme_retry_pending(struct acme_priv *priv)
{
	struct sk_buff *skb;

	skb = take_cell_take(&priv->pending);
	if (skb) {
		if (acme_hw_prepare(priv)) {
			priv->tx_errors++;
			take_cell_put(&priv->pending, skb);
			return -EIO;
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
	dev_kfree_skb_any(skb);
}

/* Put back at a shared label, under a test of the pointer. */
static int acme_resubmit(struct acme_priv *priv)
{
	struct sk_buff *skb;
	int ret;

	skb = take_cell_take(&priv->pending);
	if (!skb)
		return -ENOENT;
	ret = acme_hw_prepare(priv);
	if (ret)
		goto err;
	ret = acme_hw_queue(priv, skb);
	skb = NULL;
	if (ret)
		goto err;
	return 0;
err:
	if (skb)
		take_cell_put(&priv->pending, skb);
	return ret;
}

/*
 * Stored in the driver's state, or returned to the caller.  The take in the
 * condition is not kernel style (checkpatch objects), but code written so
 * must be understood too.
 */
static struct sk_buff *acme_claim(struct acme_priv *priv, bool park)
{
	struct sk_buff *skb;

	if (!(skb = take_cell_take(&priv->pending)))
		return NULL;
	if (park) {
		priv->in_flight = skb;
		return NULL;
	}
	return skb;
}

/* A loop draining the cell. */
static void acme_purge(struct acme_priv *priv)
{
	struct sk_buff *skb;

	while ((skb = take_cell_take(&priv->pending)) != NULL)
		dev_kfree_skb_any(skb);
}
