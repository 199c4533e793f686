// SPDX-License-Identifier: GPL-2.0
/* The counterpart of bad_use_after_put.c. */
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
	u32 tag = req->tag, len = req->len;

	take_cell_put(&q->inflight, req);
	acme_hw_submit(q, tag, len);
}

static void acme_requeue(struct acme_queue *q, struct acme_req *req)
{
	unsigned long flags;

	req->status = 0;
	spin_lock_irqsave(&q->lock, flags);
	take_cell_put_locked(&q->idle, req, &q->lock);
	spin_unlock_irqrestore(&q->lock, flags);
}

/* A full cell leaves the request with the caller, who frees it. */
static void acme_park(struct acme_queue *q, struct acme_req *req)
{
	if (!take_cell_put(&q->idle, req))
		acme_req_free(req);
}

static void acme_swap(struct acme_queue *q, struct acme_req *req)
{
	struct acme_req *old;

	pr_debug("idle request %u\n", req->tag);
	old = take_cell_replace(&q->idle, req);
	if (old)
		acme_req_free(old);
}

static int acme_claim(struct acme_queue *q, u32 tag)
{
	take_cell_map(&q->idle, req) {
		struct acme_req *mine = take_cell_keep(req);

		mine->tag = tag;
		acme_hw_submit(q, mine->tag, mine->len);
		return 0;
	}
	return -EBUSY;
}

/* Reassigned after the put: a different request from there on. */
static void acme_refill(struct acme_queue *q, struct acme_req **pool, int n)
{
	struct acme_req *req;
	int i;

	for (i = 0; i < n; i++) {
		req = pool[i];
		req->status = 0;
		take_cell_put(&q->idle, req);
	}
}
