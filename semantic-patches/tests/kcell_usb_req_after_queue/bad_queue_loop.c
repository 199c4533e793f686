// SPDX-License-Identifier: GPL-2.0
/*
 * Loops that queue a request and then touch it, or queue it again, on the
 * next turn: the completion may have run in between.
 */
#include <linux/usb/gadget.h>
#include <kcell/kcell.h>

#define ACME_QLEN	4

struct acme_fn {
	struct usb_ep *in_ep;
	struct usb_ep *out_ep;
	DECLARE_TAKE_CELL(idle, struct usb_request);
	DECLARE_TAKE_CELL(slot[ACME_QLEN], struct usb_request);
	unsigned int queued;
	u64 bytes;
};

/* Each turn queues the same request again. */
static int acme_prime(struct acme_fn *fn, struct usb_request *req)
{
	int i, err;

	for (i = 0; i < ACME_QLEN; i++) {
		req->length = 512;	/* KCELL-EXPECT */
		err = usb_ep_queue(fn->out_ep, req, GFP_ATOMIC);
		if (err)
			return err;
	}
	return 0;
}

static void acme_burst(struct acme_fn *fn, struct usb_request *req, int n)
{
	while (n--)
		usb_ep_queue(fn->in_ep, req, GFP_ATOMIC);	/* KCELL-EXPECT */
}

/* Accounting done after the queue, inside the loop. */
static int acme_drain_idle(struct acme_fn *fn)
{
	struct usb_request *req;
	int err;

	while ((req = take_cell_take(&fn->idle))) {
		err = usb_ep_queue(fn->in_ep, req, GFP_ATOMIC);
		if (err) {
			take_cell_put(&fn->idle, req);
			return err;
		}
		fn->bytes += req->length;	/* KCELL-EXPECT */
		fn->queued++;
	}
	return 0;
}

static int acme_fill(struct acme_fn *fn)
{
	struct usb_request *req;
	int i;

	for (i = 0; i < ACME_QLEN; i++) {
		req = take_cell_take(&fn->slot[i]);
		if (!req)
			continue;
		if (usb_ep_queue(fn->out_ep, req, GFP_KERNEL)) {
			take_cell_put(&fn->slot[i], req);
			return -EIO;
		}
		if (req->length < 512)	/* KCELL-EXPECT */
			fn->queued++;
	}
	return 0;
}
