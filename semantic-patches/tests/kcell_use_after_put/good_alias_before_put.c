// SPDX-License-Identifier: GPL-2.0
/*
 * The twin of bad_alias_after_put.c: every other name for the command is
 * used before the command is parked, or taken again from the cell.
 */
#include <linux/io.h>
#include <kcell/kcell.h>

struct acme_wire {
	__le32 opcode;
};

struct acme_cmd {
	struct acme_wire wire;
	u32 tag;
	int status;
};

struct acme_chan {
	DECLARE_TAKE_CELL(pending, struct acme_cmd);
	void __iomem *regs;
	u32 last_tag;
};

static void acme_send(struct acme_chan *ch, struct acme_cmd *cmd)
{
	struct acme_cmd *traced = cmd;
	struct acme_wire *w = (struct acme_wire *)cmd;

	cmd->status = -EINPROGRESS;
	ch->last_tag = traced->tag;
	writel(le32_to_cpu(w->opcode), ch->regs);
	take_cell_put(&ch->pending, cmd);
}

static int acme_done(struct acme_chan *ch)
{
	struct acme_cmd *cmd, *traced;

	cmd = take_cell_take(&ch->pending);
	if (!cmd)
		return -ENOENT;
	traced = cmd;
	take_cell_put(&ch->pending, cmd);
	traced = take_cell_take(&ch->pending);
	return traced ? traced->status : -ENOENT;
}
