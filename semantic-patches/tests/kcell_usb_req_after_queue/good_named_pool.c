// SPDX-License-Identifier: GPL-2.0
/*
 * Requests named through an array whose index moves, or returned by a
 * call, are not followed (each name may be another request the next
 * time), and a request measured with sizeof is not used.
 */
#include <linux/usb/gadget.h>
#include <kcell/kcell.h>

#define ACME_QLEN	4

struct acme_fn {
	struct usb_ep *ep;
	struct usb_request *reqs[ACME_QLEN];
	struct usb_request *req;
	unsigned int head;
};

static struct usb_request *acme_pool_get(struct acme_fn *fn)
{
	return fn->reqs[fn->head++ % ACME_QLEN];
}

static void acme_prime(struct acme_fn *fn)
{
	unsigned int i;

	for (i = 0; i < ACME_QLEN; i++) {
		fn->reqs[i]->length = 512;
		if (usb_ep_queue(fn->ep, fn->reqs[i], GFP_KERNEL))
			break;
	}
	usb_ep_queue(fn->ep, acme_pool_get(fn), GFP_KERNEL);
	usb_ep_queue(fn->ep, acme_pool_get(fn), GFP_KERNEL);
}

static size_t acme_send(struct acme_fn *fn)
{
	struct usb_request *r = fn->req;

	usb_ep_queue(fn->ep, fn->req, GFP_ATOMIC);
	return sizeof(*fn->req) + sizeof(*r);
}
