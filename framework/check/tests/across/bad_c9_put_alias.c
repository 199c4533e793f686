// SPDX-License-Identifier: GPL-2.0
/*
 * Class 9: a pointer given to a TakeCell, used afterwards through another
 * name taken before the put: a copy, a cast to the wire header, the
 * address of one of its members.  From the put on, the interrupt handler
 * may take it and free it.
 */
#include "common.h"

struct case_wire {
	__le32 opcode;
};

struct case_cmd {
	struct case_wire wire;
	u32 tag;
	int status;
};

struct case_chan {
	DECLARE_TAKE_CELL(pending, struct case_cmd);
	u32 last_tag;
	u32 last_op;
};

static struct case_chan case_chan;

static void send(struct case_chan *ch, struct case_cmd *cmd)
{
	struct case_cmd *traced = cmd;
	struct case_wire *w = (struct case_wire *)cmd;
	int *status = &cmd->status;

	take_cell_put(&ch->pending, cmd);
	ch->last_tag = traced->tag;				/* KCELL-EXPECT */
	ch->last_op = le32_to_cpu(w->opcode);			/* KCELL-EXPECT */
	*status = -EINPROGRESS;					/* KCELL-EXPECT */
}

static void entry(struct case_dev *d, struct case_ring *r)
{
	struct case_cmd *cmd = kzalloc(sizeof(*cmd), GFP_KERNEL);

	if (cmd)
		send(&case_chan, cmd);
}
