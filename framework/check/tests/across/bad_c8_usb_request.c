// SPDX-License-Identifier: GPL-2.0
/*
 * Class 8: a USB request used after usb_ep_queue() handed it to the
 * controller, named through the function's structure or through another
 * pointer taken before the call.  The completion may run, and reuse or
 * free the request, before usb_ep_queue() even returns.
 */
#include <linux/usb/gadget.h>
#include "common.h"

struct case_fn {
	struct usb_ep *ep0;
	struct usb_ep *in_ep;
	struct usb_request *ep0_req;
	struct usb_request *notify;
	unsigned int sent;
};

static struct case_fn case_fn;

static int reply(struct case_fn *fn, unsigned int len)
{
	int err;

	fn->ep0_req->length = len;
	err = usb_ep_queue(fn->ep0, fn->ep0_req, GFP_ATOMIC);
	fn->ep0_req->zero = 0;					/* KCELL-EXPECT */
	return err;
}

static void notify(struct case_fn *fn)
{
	struct usb_request *req = fn->notify;

	req->length = 8;
	if (usb_ep_queue(fn->in_ep, fn->notify, GFP_ATOMIC))
		return;
	fn->sent += req->length;				/* KCELL-EXPECT */
}

static void kick(struct case_fn *fn)
{
	struct usb_request *r = fn->notify;

	usb_ep_queue(fn->in_ep, fn->notify, GFP_ATOMIC);
	usb_ep_free_request(fn->in_ep, r);			/* KCELL-EXPECT */
}

static void entry(struct case_dev *d, struct case_ring *r)
{
	pr_info("%d\n", reply(&case_fn, 8));
	notify(&case_fn);
	kick(&case_fn);
}
