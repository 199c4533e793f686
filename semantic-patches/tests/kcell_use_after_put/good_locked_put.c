// SPDX-License-Identifier: GPL-2.0
/*
 * A cell every user of which holds the queue lock: after a _locked put the
 * request is still the caller's to look at until the unlock, since nobody
 * can take it without the lock.
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
	struct mutex cfg_lock;
	DECLARE_TAKE_CELL(cfg, struct acme_req);
};

static void acme_requeue(struct acme_queue *q, struct acme_req *req)
{
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	take_cell_put_locked(&q->idle, req, &q->lock);
	req->status = 0;
	acme_hw_submit(q, req->tag, 0);
	spin_unlock_irqrestore(&q->lock, flags);
}

static void acme_set_cfg(struct acme_queue *q, struct acme_req *req)
{
	mutex_lock(&q->cfg_lock);
	take_cell_put_locked(&q->cfg, req, &q->cfg_lock);
	pr_debug("cfg %u\n", req->tag);
	mutex_unlock(&q->cfg_lock);
}
