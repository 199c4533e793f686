// SPDX-License-Identifier: GPL-2.0
/*
 * A USB gadget function (a loopback in the style of f_loopback) written
 * against kcell: the idle IN and OUT requests wait in TakeCells, the
 * completion handlers put them back, the line settings live in a MapCell
 * and the host's alternate setting in an OptionalCell.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/usb/composite.h>
#include <linux/usb/gadget.h>
#include <kcell/kcell.h>

#define ACME_BUFLEN	512

struct acme_line {
	u32 rate;
	u8 bits;
	u8 parity;
	u64 bytes_in;
	u64 bytes_out;
};

struct acme_loop {
	struct usb_function func;
	struct usb_ep *in_ep;
	struct usb_ep *out_ep;
	DECLARE_TAKE_CELL(in_req, struct usb_request);
	DECLARE_TAKE_CELL(out_req, struct usb_request);
	DECLARE_MAP_CELL(line, struct acme_line);
	DECLARE_OPTIONAL_CELL(alt, unsigned int);
	spinlock_t lock;
	DECLARE_TAKE_CELL(parked, struct usb_request);
};

static inline struct acme_loop *func_to_loop(struct usb_function *f)
{
	return container_of(f, struct acme_loop, func);
}

static void acme_in_complete(struct usb_ep *ep, struct usb_request *req)
{
	struct acme_loop *loop = ep->driver_data;

	map_cell_map(&loop->line, line)
		line->bytes_out += req->actual;
	if (!take_cell_put(&loop->in_req, req))
		usb_ep_free_request(ep, req);
}

static int acme_echo(struct acme_loop *loop, const void *data,
		     unsigned int len)
{
	int ret = -EBUSY;

	take_cell_map(&loop->in_req, req) {
		memcpy(req->buf, data, len);
		req->length = len;
		req->complete = acme_in_complete;
		ret = usb_ep_queue(loop->in_ep, req, GFP_ATOMIC);
		if (!ret)
			take_cell_keep(req);
	}
	return ret;
}

static void acme_out_complete(struct usb_ep *ep, struct usb_request *req)
{
	struct acme_loop *loop = ep->driver_data;
	int ret;

	if (req->status) {
		take_cell_put(&loop->out_req, req);
		return;
	}
	map_cell_map(&loop->line, line)
		line->bytes_in += req->actual;
	acme_echo(loop, req->buf, req->actual);
	ret = usb_ep_queue(ep, req, GFP_ATOMIC);
	if (ret && !take_cell_put(&loop->out_req, req))
		usb_ep_free_request(ep, req);
}

static int acme_start_out(struct acme_loop *loop)
{
	struct usb_request *req;
	int ret;

	req = take_cell_take(&loop->out_req);
	if (!req)
		return -EBUSY;
	req->length = ACME_BUFLEN;
	req->complete = acme_out_complete;
	ret = usb_ep_queue(loop->out_ep, req, GFP_KERNEL);
	if (ret)
		take_cell_put(&loop->out_req, req);
	return ret;
}

static struct usb_request *acme_alloc_req(struct usb_ep *ep)
{
	struct usb_request *req;

	req = usb_ep_alloc_request(ep, GFP_KERNEL);
	if (!req)
		return NULL;
	req->buf = kmalloc(ACME_BUFLEN, GFP_KERNEL);
	if (!req->buf) {
		usb_ep_free_request(ep, req);
		return NULL;
	}
	return req;
}

static void acme_free_req(struct usb_ep *ep, struct usb_request *req)
{
	if (!req)
		return;
	kfree(req->buf);
	usb_ep_free_request(ep, req);
}

static int acme_set_alt(struct usb_function *f, unsigned int intf,
			unsigned int alt)
{
	struct acme_loop *loop = func_to_loop(f);
	struct usb_request *in, *out;
	int ret;

	in = acme_alloc_req(loop->in_ep);
	if (!in)
		return -ENOMEM;
	out = acme_alloc_req(loop->out_ep);
	if (!out) {
		acme_free_req(loop->in_ep, in);
		return -ENOMEM;
	}
	take_cell_init(&loop->in_req, in);
	take_cell_init(&loop->out_req, out);
	optional_cell_set(&loop->alt, alt);
	ret = acme_start_out(loop);
	if (ret)
		optional_cell_clear(&loop->alt);
	return ret;
}

static void acme_disable(struct usb_function *f)
{
	struct acme_loop *loop = func_to_loop(f);
	struct usb_request *req;
	unsigned long flags;

	usb_ep_disable(loop->in_ep);
	usb_ep_disable(loop->out_ep);
	optional_cell_clear(&loop->alt);
	acme_free_req(loop->in_ep, take_cell_take(&loop->in_req));
	acme_free_req(loop->out_ep, take_cell_take(&loop->out_req));
	spin_lock_irqsave(&loop->lock, flags);
	req = take_cell_take_locked(&loop->parked, &loop->lock);
	spin_unlock_irqrestore(&loop->lock, flags);
	acme_free_req(loop->in_ep, req);
}

static int acme_get_alt(struct usb_function *f, unsigned int intf)
{
	struct acme_loop *loop = func_to_loop(f);
	unsigned int alt;

	if (!optional_cell_get(&loop->alt, &alt))
		return -EINVAL;
	return alt;
}

static bool acme_line_settings(struct acme_loop *loop, struct acme_line *out)
{
	bool ok = false;

	map_cell_map(&loop->line, line) {
		*out = *line;
		ok = true;
	}
	return ok;
}

static void acme_set_rate(struct acme_loop *loop, u32 rate)
{
	struct acme_line line = { .rate = rate, .bits = 8 };
	struct acme_line old;

	if (!map_cell_replace(&loop->line, line, &old))
		pr_debug("line settings busy\n");
}
