// SPDX-License-Identifier: GPL-2.0
/*
 * The twin of good_locked_put.c that keeps using the request after the
 * unlock, when another user may have taken it under the lock.
 */
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <kcell/kcell.h>

#include "acme_hw.h"

struct acme_req {
	u32 tag;
	int status;
};

struct acme_queue {
	DECLARE_TAKE_CELL(idle, struct acme_req);
	spinlock_t lock;
};

static void acme_requeue(struct acme_queue *q, struct acme_req *req)
{
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	take_cell_put_locked(&q->idle, req, &q->lock);
	req->status = 0;
	spin_unlock_irqrestore(&q->lock, flags);
	acme_hw_submit(q, req->tag, 0);				/* KCELL-EXPECT */
}

/* An atomic put says other users take without the lock. */
static void acme_requeue_atomic(struct acme_queue *q, struct acme_req *req)
{
	spin_lock(&q->lock);
	take_cell_put(&q->idle, req);
	req->status = 0;					/* KCELL-EXPECT */
	spin_unlock(&q->lock);
}
