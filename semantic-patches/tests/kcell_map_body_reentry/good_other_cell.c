// SPDX-License-Identifier: GPL-2.0
/*
 * The counterparts of the bad samples: map bodies that touch a different
 * cell, and operations on the same cell after the body has ended.
 */
#include <linux/usb/gadget.h>
#include <linux/spinlock.h>
#include <kcell/kcell.h>

/* The hardware layer: acme_fill(). */
#include "acme_hw.h"

struct acme_calib {
	s32 offset;
	s32 scale;
	u32 samples;
};

struct acme_fn {
	struct usb_ep *in_ep;
	DECLARE_TAKE_CELL(in_req, struct usb_request);
	DECLARE_TAKE_CELL(out_req, struct usb_request);
	DECLARE_MAP_CELL(calib, struct acme_calib);
	DECLARE_MAP_CELL(factory, struct acme_calib);
	spinlock_t lock;
	unsigned int queued;
	s32 last;
};

/* Keeps the request with take_cell_keep() instead of a take. */
static int acme_send(struct acme_fn *fn, const void *data, unsigned int len)
{
	int ret = -EBUSY;

	take_cell_map(&fn->in_req, req) {
		ret = acme_fill(req, data, len);
		if (ret)
			break;
		ret = usb_ep_queue(fn->in_ep, req, GFP_ATOMIC);
		if (!ret) {
			take_cell_keep(req);
			fn->queued++;
		}
	}
	return ret;
}

/* A body that puts into a different cell. */
static void acme_recycle(struct acme_fn *fn, struct usb_request *done)
{
	take_cell_map(&fn->out_req, req) {
		req->length = 0;
		if (!take_cell_put(&fn->in_req, done))
			usb_ep_free_request(fn->in_ep, done);
		return;
	}
	take_cell_put(&fn->out_req, done);
}

static void acme_dump(struct acme_fn *fn)
{
	take_cell_map(&fn->in_req, req) {
		pr_debug("in: %u bytes\n", req->length);
		take_cell_map(&fn->out_req, other) {
			pr_debug("out: %u bytes\n", other->length);
		}
	}
}

static void acme_reset_locked(struct acme_fn *fn)
{
	struct usb_request *req;
	unsigned long flags;

	spin_lock_irqsave(&fn->lock, flags);
	req = take_cell_take_locked(&fn->out_req, &fn->lock);
	if (req) {
		req->length = 0;
		take_cell_put_locked(&fn->out_req, req, &fn->lock);
	}
	spin_unlock_irqrestore(&fn->lock, flags);
}

/* Reads the calibration in place, replaces it after the body. */
static void acme_apply(struct acme_fn *fn, s32 raw)
{
	struct acme_calib snapshot;
	bool aged = false;

	map_cell_map(&fn->calib, cal) {
		fn->last = (raw - cal->offset) * cal->scale;
		aged = ++cal->samples > 1000;
	}
	if (aged && map_cell_take(&fn->calib, &snapshot))
		map_cell_put(&fn->factory, snapshot);
}

/* Copies from one cell into another inside the body. */
static void acme_restore_factory(struct acme_fn *fn)
{
	struct acme_calib old;

	map_cell_map(&fn->factory, fac) {
		map_cell_replace(&fn->calib, *fac, &old);
		map_cell_map(&fn->calib, cal)
			cal->samples = 0;
	}
}
