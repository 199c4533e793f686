// SPDX-License-Identifier: GPL-2.0
/*
 * A command queue that parks a command in a TakeCell and goes on through
 * another name for it: a copy made for tracing, a cast to the wire
 * header, the address of its status word.
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
	int *status;

	status = &cmd->status;
	take_cell_put(&ch->pending, cmd);
	ch->last_tag = traced->tag;		/* KCELL-EXPECT */
	writel(le32_to_cpu(w->opcode), ch->regs);	/* KCELL-EXPECT */
	*status = -EINPROGRESS;			/* KCELL-EXPECT */
}
