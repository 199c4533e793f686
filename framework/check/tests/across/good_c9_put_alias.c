// SPDX-License-Identifier: GPL-2.0
/*
 * The twin of bad_c9_put_alias.c: every other name for the command is
 * used before the put, and the command is taken back from the cell before
 * it is read again.
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

	cmd->status = -EINPROGRESS;
	ch->last_tag = traced->tag;
	ch->last_op = le32_to_cpu(w->opcode);
	take_cell_put(&ch->pending, cmd);
}

static int finish(struct case_chan *ch)
{
	struct case_cmd *cmd = take_cell_take(&ch->pending);
	int status;

	if (!cmd)
		return -ENOENT;
	status = cmd->status;
	kfree(cmd);
	return status;
}

static void entry(struct case_dev *d, struct case_ring *r)
{
	struct case_cmd *cmd = kzalloc(sizeof(*cmd), GFP_KERNEL);

	if (cmd)
		send(&case_chan, cmd);
	pr_info("%d\n", finish(&case_chan));
}
