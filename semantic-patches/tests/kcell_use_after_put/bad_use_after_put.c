// SPDX-License-Identifier: GPL-2.0
/*
 * A block-device-like driver that keeps using a request after parking it
 * in a TakeCell, where the completion interrupt may already have taken it.
 */
#include <linux/blkdev.h>
#include <linux/spinlock.h>
#include <kcell/kcell.h>

/* The hardware layer: acme_hw_submit(), acme_req_free(). */
#include "acme_hw.h"

struct acme_req {
	u32 tag;
	u32 len;
	int status;
};

struct acme_queue {
	DECLARE_TAKE_CELL(inflight, struct acme_req);
	DECLARE_TAKE_CELL(idle, struct acme_req);
	spinlock_t lock;
	void __iomem *regs;
};

static void acme_submit(struct acme_queue *q, struct acme_req *req)
{
	take_cell_put(&q->inflight, req);
	/* The interrupt may complete and free it right here. */
	acme_hw_submit(q, req->tag, req->len);	/* KCELL-EXPECT */
}

static void acme_requeue(struct acme_queue *q, struct acme_req *req)
{
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	take_cell_put_locked(&q->idle, req, &q->lock);
	spin_unlock_irqrestore(&q->lock, flags);
	req->status = 0;	/* KCELL-EXPECT */
}

static void acme_swap(struct acme_queue *q, struct acme_req *req)
{
	struct acme_req *old;

	old = take_cell_replace(&q->idle, req);
	if (old)
		acme_req_free(old);
	pr_debug("idle request %u\n", req->tag);	/* KCELL-EXPECT */
}

static int acme_claim(struct acme_queue *q, u32 tag)
{
	take_cell_map(&q->idle, req) {
		struct acme_req *mine = take_cell_keep(req);

		mine->tag = tag;
		/* take_cell_keep() cleared req. */
		acme_hw_submit(q, req->tag, mine->len);	/* KCELL-EXPECT */
		return 0;
	}
	return -EBUSY;
}
