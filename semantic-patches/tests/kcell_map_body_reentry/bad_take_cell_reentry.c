// SPDX-License-Identifier: GPL-2.0
/*
 * A USB gadget function that touches its request cell from inside the
 * take_cell_map() body that has borrowed it.
 */
#include <linux/usb/gadget.h>
#include <linux/spinlock.h>
#include <kcell/kcell.h>

/* The hardware layer: acme_fill(). */
#include "acme_hw.h"

struct acme_fn {
	struct usb_ep *in_ep;
	DECLARE_TAKE_CELL(in_req, struct usb_request);
	DECLARE_TAKE_CELL(out_req, struct usb_request);
	spinlock_t lock;
	unsigned int queued;
};

static int acme_send(struct acme_fn *fn, const void *data, unsigned int len)
{
	int ret = -EBUSY;

	take_cell_map(&fn->in_req, req) {
		ret = acme_fill(req, data, len);
		if (ret)
			break;
		ret = usb_ep_queue(fn->in_ep, req, GFP_ATOMIC);
		if (!ret) {
			/* Meant to keep it, but the cell is lent to us. */
			req = take_cell_take(&fn->in_req);	/* KCELL-EXPECT */
			fn->queued++;
		}
	}
	return ret;
}

static void acme_recycle(struct acme_fn *fn, struct usb_request *done)
{
	take_cell_map(&fn->in_req, req) {
		if (req->status) {
			/* Refills the borrowed cell: the put-back is refused. */
			take_cell_put(&fn->in_req, done);	/* KCELL-EXPECT */
			continue;
		}
		req->length = 0;
		done = take_cell_replace(&fn->in_req, done);	/* KCELL-EXPECT */
	}
}

static void acme_dump(struct acme_fn *fn)
{
	take_cell_map(&fn->in_req, req) {
		pr_debug("in: %u bytes\n", req->length);
		/* A nested borrow of the same cell never runs. */
		take_cell_map(&fn->in_req, again) {	/* KCELL-EXPECT */
			pr_debug("again: %u bytes\n", again->length);
		}
	}
}

static void acme_reset_locked(struct acme_fn *fn)
{
	struct usb_request *req2;
	unsigned long flags;

	spin_lock_irqsave(&fn->lock, flags);
	take_cell_map(&fn->out_req, req) {
		req->length = 0;
		req2 = take_cell_take_locked(&fn->out_req, &fn->lock);	/* KCELL-EXPECT */
		if (req2)
			take_cell_put_locked(&fn->out_req, req2, &fn->lock);	/* KCELL-EXPECT */
	}
	spin_unlock_irqrestore(&fn->lock, flags);
}
