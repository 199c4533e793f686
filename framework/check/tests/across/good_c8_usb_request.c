// SPDX-License-Identifier: GPL-2.0
/*
 * The twin of bad_c8_usb_request.c: the request, through the structure or
 * another pointer, is prepared before usb_ep_queue() and touched after it
 * only on the path where the controller refused it.
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
	fn->ep0_req->zero = 0;
	err = usb_ep_queue(fn->ep0, fn->ep0_req, GFP_ATOMIC);
	if (err)
		fn->ep0_req->status = 0;
	return err;
}

static void notify(struct case_fn *fn)
{
	struct usb_request *req = fn->notify;
	unsigned int len = 8;

	req->length = len;
	if (usb_ep_queue(fn->in_ep, fn->notify, GFP_ATOMIC)) {
		req->length = 0;
		return;
	}
	fn->sent += len;
}

static void entry(struct case_dev *d, struct case_ring *r)
{
	pr_info("%d\n", reply(&case_fn, 8));
	notify(&case_fn);
}
