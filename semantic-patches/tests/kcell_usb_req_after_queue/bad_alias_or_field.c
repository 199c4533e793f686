// SPDX-License-Identifier: GPL-2.0
/*
 * A gadget function that names its request through the function's
 * structure, or through a second pointer taken before the queue, and
 * goes on using it after usb_ep_queue() handed it to the controller.
 */
#include <linux/usb/gadget.h>
#include <kcell/kcell.h>

struct acme_fn {
	struct usb_ep *in_ep;
	struct usb_ep *ep0;
	struct usb_request *ep0_req;
	struct usb_request *notify_req;
	unsigned int sent;
};

static int acme_setup_reply(struct acme_fn *fn, unsigned int len)
{
	int err;

	fn->ep0_req->length = len;
	err = usb_ep_queue(fn->ep0, fn->ep0_req, GFP_ATOMIC);
	fn->ep0_req->zero = 0;				/* KCELL-EXPECT */
	return err;
}

static void acme_notify(struct acme_fn *fn)
{
	struct usb_request *req = fn->notify_req;
	int err;

	req->length = 8;
	err = usb_ep_queue(fn->in_ep, fn->notify_req, GFP_ATOMIC);
	if (err)
		return;
	fn->sent += req->actual;			/* KCELL-EXPECT */
}

static void acme_kick(struct acme_fn *fn, struct usb_request *req)
{
	struct usb_request *r = req;

	usb_ep_queue(fn->in_ep, req, GFP_ATOMIC);
	r->length = 0;					/* KCELL-EXPECT */
}
