// SPDX-License-Identifier: GPL-2.0
/*
 * The twin of bad_alias_or_field.c: the request named through the
 * function's structure, or through a second pointer, is touched after the
 * queue only on its failure path.
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
	fn->ep0_req->zero = 0;
	err = usb_ep_queue(fn->ep0, fn->ep0_req, GFP_ATOMIC);
	if (err)
		fn->ep0_req->status = 0;
	return err;
}

static void acme_notify(struct acme_fn *fn)
{
	struct usb_request *req = fn->notify_req;
	unsigned int len = 8;

	req->length = len;
	if (usb_ep_queue(fn->in_ep, fn->notify_req, GFP_ATOMIC)) {
		req->length = 0;
		return;
	}
	fn->sent += len;
}
