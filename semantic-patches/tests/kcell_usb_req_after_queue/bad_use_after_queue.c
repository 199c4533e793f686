// SPDX-License-Identifier: GPL-2.0
/*
 * A USB gadget function that keeps touching its requests after handing
 * them to the controller with usb_ep_queue(): the completion may already
 * have run, on another CPU or before usb_ep_queue() returned, and put the
 * request back in its cell, requeued it or freed it.
 */
#include <linux/kfifo.h>
#include <linux/usb/gadget.h>
#include <kcell/kcell.h>

struct acme_slot {
	DECLARE_TAKE_CELL(req, struct usb_request);
	unsigned int queued;
};

struct acme_fn {
	struct usb_ep *in_ep;
	struct usb_ep *out_ep;
	struct acme_slot in;
	struct acme_slot out;
	u64 bytes_in;
	u64 bytes_out;
	DECLARE_KFIFO_PTR(inflight, struct usb_request *);
};

/* The result ignored: the request is the controller's from the call on. */
static void acme_send(struct acme_fn *fn, struct usb_request *req)
{
	usb_ep_queue(fn->in_ep, req, GFP_ATOMIC);
	fn->bytes_in += req->length;	/* KCELL-EXPECT */
}

/* The error tested, then the request touched on the success path. */
static int acme_receive(struct acme_fn *fn, struct usb_request *req)
{
	int err;

	req->length = 512;
	err = usb_ep_queue(fn->out_ep, req, GFP_ATOMIC);
	if (err)
		return err;
	req->actual = 0;	/* KCELL-EXPECT */
	return 0;
}

/* Set after the queue, only when it succeeded: too late. */
static int acme_send_zlp(struct acme_fn *fn, struct usb_request *req)
{
	int err;

	err = usb_ep_queue(fn->in_ep, req, GFP_ATOMIC);
	if (!err)
		req->zero = 1;	/* KCELL-EXPECT */
	return err;
}

/* Put back on an error, but read on both paths after the test. */
static int acme_queue_slot(struct acme_fn *fn, struct acme_slot *slot,
			   struct usb_request *req)
{
	int err;

	err = usb_ep_queue(fn->in_ep, req, GFP_ATOMIC);
	if (err)
		take_cell_put(&slot->req, req);
	pr_debug("queued %u bytes\n", req->length);	/* KCELL-EXPECT */
	return err;
}

/* A use between the queue and the test of its result. */
static int acme_queue_count(struct acme_fn *fn, struct acme_slot *slot,
			    struct usb_request *req)
{
	int err;

	err = usb_ep_queue(fn->out_ep, req, GFP_ATOMIC);
	fn->bytes_out += req->length;	/* KCELL-EXPECT */
	if (err < 0) {
		take_cell_put(&slot->req, req);
		return err;
	}
	slot->queued++;
	return 0;
}

/* Tested in the condition: the request is ours only in the branch. */
static int acme_queue_or_park(struct acme_fn *fn, struct acme_slot *slot,
			      struct usb_request *req)
{
	if (usb_ep_queue(fn->in_ep, req, GFP_ATOMIC)) {
		req->status = -EIO;
		take_cell_put(&slot->req, req);
		return -EIO;
	}
	fn->bytes_in += req->length;	/* KCELL-EXPECT */
	return 0;
}

static void acme_queue_log(struct acme_fn *fn, struct acme_slot *slot,
			   struct usb_request *req)
{
	if (usb_ep_queue(fn->in_ep, req, GFP_ATOMIC) < 0)
		take_cell_put(&slot->req, req);
	else
		pr_debug("%s: %u bytes\n", fn->in_ep->name, req->length);	/* KCELL-EXPECT */
}

/* The error branch is the else branch here. */
static int acme_queue_else(struct acme_fn *fn, struct acme_slot *slot,
			   struct usb_request *req)
{
	int ret;

	ret = usb_ep_queue(fn->out_ep, req, GFP_KERNEL);
	if (ret == 0) {
		slot->queued++;
		fn->bytes_out += req->length;	/* KCELL-EXPECT */
	} else {
		pr_err("%s: queue failed, %u bytes: %d\n", fn->out_ep->name,
		       req->length, ret);
		take_cell_put(&slot->req, req);
	}
	return ret;
}

/* Queued twice: the second call finds it on the controller's list. */
static int acme_kick(struct acme_fn *fn, struct usb_request *req)
{
	int err;

	err = usb_ep_queue(fn->in_ep, req, GFP_ATOMIC);
	if (err)
		return err;
	return usb_ep_queue(fn->in_ep, req, GFP_ATOMIC);	/* KCELL-EXPECT */
}

/* Freed under the controller. */
static void acme_flush(struct acme_fn *fn, struct usb_request *req)
{
	int err;

	err = usb_ep_queue(fn->out_ep, req, GFP_ATOMIC);
	if (err)
		pr_err("flush: %d\n", err);
	kfree(req->buf);	/* KCELL-EXPECT */
	usb_ep_free_request(fn->out_ep, req);
}

/* The success branch falls through to the accounting after the if. */
static int acme_queue_stats(struct acme_fn *fn, struct acme_slot *slot,
			    struct usb_request *req)
{
	int err;

	err = usb_ep_queue(fn->in_ep, req, GFP_ATOMIC);
	if (!err) {
		slot->queued++;
	} else {
		take_cell_put(&slot->req, req);
		return err;
	}
	fn->bytes_in += req->length;	/* KCELL-EXPECT */
	return 0;
}

static void acme_queue_trace(struct acme_fn *fn, struct acme_slot *slot,
			     struct usb_request *req)
{
	if (usb_ep_queue(fn->out_ep, req, GFP_ATOMIC) < 0)
		take_cell_put(&slot->req, req);
	else
		slot->queued++;
	pr_debug("%s: %u bytes\n", fn->out_ep->name, req->length);	/* KCELL-EXPECT */
}

/* Recording a queued request elsewhere keeps a second owner of it. */
static int acme_queue_recorded(struct acme_fn *fn, struct usb_request *req)
{
	int err;

	err = usb_ep_queue(fn->in_ep, req, GFP_ATOMIC);
	if (err)
		return err;
	kfifo_put(&fn->inflight, req);	/* KCELL-EXPECT */
	return 0;
}
