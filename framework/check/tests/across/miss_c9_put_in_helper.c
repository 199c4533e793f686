// SPDX-License-Identifier: GPL-2.0
/*
 * Not caught (class 9): the put is done by a helper, and the caller goes
 * on using the pointer.  The TakeCell rules look at one function, and a
 * TakeCell is not a capability the contracts track.
 */
#include "common.h"

struct case_cmd {
	u32 tag;
};

struct case_chan {
	DECLARE_TAKE_CELL(pending, struct case_cmd);
	u32 last_tag;
};

static struct case_chan case_chan;

static void park(struct case_chan *ch, struct case_cmd *cmd)
{
	take_cell_put(&ch->pending, cmd);
}

static void send(struct case_chan *ch, struct case_cmd *cmd)
{
	park(ch, cmd);
	ch->last_tag = cmd->tag;				/* KCELL-MISS */
}

static void entry(struct case_dev *d, struct case_ring *r)
{
	struct case_cmd *cmd = kzalloc(sizeof(*cmd), GFP_KERNEL);

	if (cmd)
		send(&case_chan, cmd);
}
