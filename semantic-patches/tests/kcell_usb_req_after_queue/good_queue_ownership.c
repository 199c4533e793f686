// SPDX-License-Identifier: GPL-2.0
/*
 * The counterpart of bad_use_after_queue.c and bad_queue_loop.c: requests
 * are prepared before usb_ep_queue(), touched after it only when it failed
 * (the request is still the function's then), and otherwise only once the
 * completion has given them back.
 */
#include <linux/completion.h>
#include <linux/usb/gadget.h>
#include <kcell/kcell.h>

#define ACME_QLEN	4

struct acme_slot {
	DECLARE_TAKE_CELL(req, struct usb_request);
	unsigned int queued;
};

struct acme_fn {
	struct usb_ep *in_ep;
	struct usb_ep *out_ep;
	struct acme_slot in;
	struct acme_slot out;
	DECLARE_TAKE_CELL(slot[ACME_QLEN], struct usb_request);
	struct completion done;
	struct usb_request *ep0_req;
	bool ep0_pending;
	u64 bytes_in;
	u64 bytes_out;
};

/* The request goes back to its cell if the controller refused it. */
static int acme_queue(struct acme_slot *slot, struct usb_ep *ep,
		      struct usb_request *req)
{
	int err;

	err = usb_ep_queue(ep, req, GFP_ATOMIC);
	if (err)
		take_cell_put(&slot->req, req);
	return err;
}

static int acme_send(struct acme_fn *fn, struct usb_request *req)
{
	unsigned int len = req->length;
	int err;

	req->zero = len % 512 == 0;
	memset(req->buf, 0, len);
	err = usb_ep_queue(fn->in_ep, req, GFP_ATOMIC);
	if (err) {
		pr_err("%s: %u bytes: %d\n", fn->in_ep->name, req->length, err);
		take_cell_put(&fn->in.req, req);
		return err;
	}
	fn->bytes_in += len;
	return 0;
}

/* The completion requeues; a failure puts the request back. */
static void acme_out_complete(struct usb_ep *ep, struct usb_request *req)
{
	struct acme_fn *fn = ep->driver_data;
	int status;

	if (req->status) {
		take_cell_put(&fn->out.req, req);
		return;
	}
	fn->bytes_out += req->actual;
	req->length = 512;
	status = usb_ep_queue(ep, req, GFP_ATOMIC);
	if (status < 0) {
		pr_err("%s: requeue: %d, %u bytes\n", ep->name, status,
		       req->actual);
		take_cell_put(&fn->out.req, req);
	}
}

static void acme_in_complete(struct usb_ep *ep, struct usb_request *req)
{
	struct acme_fn *fn = ep->driver_data;

	if (!req->status && usb_ep_queue(ep, req, GFP_ATOMIC) == 0)
		return;
	take_cell_put(&fn->in.req, req);
}

static int acme_start_in(struct acme_fn *fn, struct usb_request *req)
{
	req->length = 64;
	return usb_ep_queue(fn->in_ep, req, GFP_KERNEL);
}

static int acme_start_out(struct acme_fn *fn, struct usb_request *req)
{
	if (!usb_ep_queue(fn->out_ep, req, GFP_KERNEL))
		return 0;
	req->length = 0;
	take_cell_put(&fn->out.req, req);
	return -EIO;
}

/* Each turn takes the next request from its cell. */
static int acme_fill(struct acme_fn *fn)
{
	struct usb_request *req;
	int i, err;

	for (i = 0; i < ACME_QLEN; i++) {
		req = take_cell_take(&fn->slot[i]);
		if (!req)
			continue;
		req->length = 512;
		err = usb_ep_queue(fn->out_ep, req, GFP_KERNEL);
		if (err) {
			take_cell_put(&fn->slot[i], req);
			return err;
		}
	}
	return 0;
}

/* Queued from inside the borrow: kept on success, put back otherwise. */
static int acme_echo(struct acme_fn *fn, const void *data, unsigned int len)
{
	int ret = -EBUSY;

	take_cell_map(&fn->in.req, req) {
		memcpy(req->buf, data, len);
		req->length = len;
		ret = usb_ep_queue(fn->in_ep, req, GFP_ATOMIC);
		if (!ret)
			take_cell_keep(req);
	}
	return ret;
}

static void acme_echo_done(struct usb_ep *ep, struct usb_request *req)
{
	struct acme_fn *fn = ep->driver_data;
	int ret;

	ret = usb_ep_queue(ep, req, GFP_ATOMIC);
	if (ret && !take_cell_put(&fn->in.req, req))
		usb_ep_free_request(ep, req);
}

/* Synchronous: the completion signals done, the request is back. */
static int acme_sync_read(struct acme_fn *fn, struct usb_request *req)
{
	int err;

	reinit_completion(&fn->done);
	err = usb_ep_queue(fn->out_ep, req, GFP_KERNEL);
	if (err)
		return err;
	if (!wait_for_completion_timeout(&fn->done, HZ)) {
		usb_ep_dequeue(fn->out_ep, req);
		wait_for_completion(&fn->done);
	}
	return req->status ? req->status : req->actual;
}

/* Cancelling a queued request is what usb_ep_dequeue() is for. */
static void acme_cancel(struct acme_fn *fn, struct usb_request *req)
{
	if (usb_ep_queue(fn->in_ep, req, GFP_ATOMIC))
		return;
	usb_ep_dequeue(fn->in_ep, req);
}

/* Disabling the endpoint completes every request queued on it. */
static void acme_stop(struct acme_fn *fn, struct usb_request *req)
{
	if (usb_ep_queue(fn->out_ep, req, GFP_ATOMIC) < 0)
		pr_debug("stop: queue refused\n");
	usb_ep_disable(fn->out_ep);
	usb_ep_free_request(fn->out_ep, req);
}

/* Only the failure reaches the code after the test. */
static int acme_queue_or_drop(struct acme_fn *fn, struct usb_request *req)
{
	int err;

	err = usb_ep_queue(fn->in_ep, req, GFP_ATOMIC);
	if (!err)
		return 0;
	req->length = 0;
	take_cell_put(&fn->in.req, req);
	return err;
}

/* As f_loopback: the failure jumps to the label that frees the request. */
static void acme_loop_complete(struct usb_ep *ep, struct usb_request *req)
{
	struct acme_fn *fn = ep->driver_data;
	int status = req->status;

	switch (status) {
	case 0:
		req->length = req->actual;
		status = usb_ep_queue(fn->in_ep, req, GFP_ATOMIC);
		if (status == 0) {
			return;
		} else {
			pr_err("%s: cannot loop back: %d\n", ep->name, status);
			goto free_req;
		}
	default:
		pr_err("%s: status %d, %u/%u\n", ep->name, status,
		       req->actual, req->length);
		fallthrough;
	case -ECONNRESET:
	case -ESHUTDOWN:
free_req:
		kfree(req->buf);
		usb_ep_free_request(ep, req);
		return;
	}
}

static void acme_note(struct acme_fn *fn, struct usb_request *req)
{
	int err;

	err = usb_ep_queue(fn->in_ep, req, GFP_ATOMIC);
	if (unlikely(err))
		pr_debug("note: %u bytes, %d\n", req->length, err);
	else
		fn->in.queued += sizeof(*req);
}

/* Written the other way round, as legacy/inode.c does. */
static int acme_submit(struct acme_fn *fn, struct usb_request *req)
{
	int value;

	value = usb_ep_queue(fn->out_ep, req, GFP_ATOMIC);
	if (unlikely(0 != value)) {
		usb_ep_free_request(fn->out_ep, req);
		return value;
	}
	return 0;
}

/* Comparing or printing the pointer does not touch the request. */
static int acme_ep0_queue(struct acme_fn *fn, struct usb_ep *ep0,
			  struct usb_request *req)
{
	int ret;

	ret = usb_ep_queue(ep0, req, GFP_ATOMIC);
	if (ret == 0) {
		if (fn->ep0_req == req)
			fn->ep0_pending = true;
		else
			WARN(1, "unknown request %p\n", req);
	}
	return ret;
}
