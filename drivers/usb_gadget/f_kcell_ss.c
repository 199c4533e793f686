// SPDX-License-Identifier: GPL-2.0
/*
 * kcell_ss: a USB gadget function that speaks Gadget Zero's source/sink
 * protocol (bulk IN source, bulk OUT sink, control requests 0x5b/0x5c), so
 * that the host's usbtest driver and testusb exercise it, with its
 * requests leased to the controller.
 *
 * Every struct usb_request, with its buffer, lives in a TakeCell of its
 * endpoint's pool (kcell_ss_pool.c) while the function owns it, and nowhere
 * while the controller does.  This file is the function around the pools:
 * descriptors, enabling and disabling the endpoints, ep0's vendor
 * requests, configfs.
 *
 * A controller that completes an OUT request with more bytes than it
 * asked for is writing garbage: the function's fault domain (kcell/domain.h)
 * stops requeueing, then resets the endpoints from the settings, as a
 * set_alt would, halts them for the host to clear, and starts the pools
 * again; the stats count it.
 *
 * Instantiate through configfs: functions/kcell_ss.NAME, with the
 * attributes pattern (0 zeroes, 1 "mod 63", 2 none), loopback (1: echo
 * what the host writes, as Gadget Zero's loopback configuration does),
 * bulk_buflen and bulk_qlen, and the read-only stats.
 *
 * Who touches what:
 *   configfs stores	the instance's settings, under kcell_ss_opts.lock,
 *			while no function is made from it
 *   stats (configfs)	a bound function's pools and endpoints, inside a
 *			borrow of kcell_ss.bound; the function's memory is
 *			kept by kcell_ss_opts.lock (free_func takes it)
 *   bind / unbind	arm and revoke kcell_ss.bound around the pools'
 *			and endpoints' lifetime: unbind waits for the
 *			stats readers in flight before it frees anything
 *   set_alt / disable	start and stop the pools, set and clear @active
 *			(composite core's lock)
 *   recovery		the domain's work: stops and starts an active
 *			function's endpoints and pools under the composite
 *			core's lock, as set_alt does; unbind stops the
 *			domain before it frees the pools
 *   completions	the requests, in kcell_ss_pool.c, inside a borrow
 *			of the domain
 */
#define pr_fmt(fmt) "kcell_ss: " fmt

#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/usb/composite.h>

#include <kcell/domain.h>
#include <kcell/revocable.h>

#include "kcell_ss_pool.h"

#define KCELL_SS_DEFAULT_BUFLEN	4096
#define KCELL_SS_MAX_BUFLEN		65536
#define KCELL_SS_DEFAULT_QLEN	1
#define KCELL_SS_MAX_QLEN		64

/* A restart that failed (an endpoint refused) is tried again this soon. */
#define KCELL_SS_RETRY_MS		100

/* Gadget Zero's vendor control requests, as usbtest sends them. */
#define KCELL_SS_REQ_CTRL_WRITE	0x5b
#define KCELL_SS_REQ_CTRL_READ	0x5c

/**
 * struct kcell_ss - one kcell_ss function
 * @func: the gadget function
 * @in: the source endpoint's requests (loopback: the echo's)
 * @out: the sink endpoint's requests
 * @qlen: requests per endpoint
 * @bound: live from a successful bind to unbind: what a borrow may then
 *	reach (@in, @out, their endpoints and the gadget) belongs to the
 *	controller and goes with it; its generation counts the binds
 * @node: in kcell_ss_opts.funcs, under kcell_ss_opts.lock
 * @domain: the fault domain of the pools, from bind to unbind
 * @active: from a set_alt that succeeded to disable, or to a recovery
 *	that could not queue (the composite core's lock): the endpoints are
 *	this function's, and a recovery restarts them
 */
struct kcell_ss {
	struct usb_function func;
	struct kcell_ss_pool in;
	struct kcell_ss_pool out;
	unsigned int qlen;
	struct kcell_revocable bound;
	struct list_head node;
	struct kcell_domain domain;
	bool active;
};

/**
 * struct kcell_ss_opts - a configfs instance's settings
 * @fi: the function instance
 * @lock: serialises the attributes and @refcnt
 * @refcnt: functions made from this instance; attributes are read-only
 *	while any exists
 * @pattern: KCELL_SS_PATTERN_*
 * @loopback: echo what the host writes instead of sourcing and sinking
 * @buflen: bytes per request
 * @qlen: requests per endpoint
 * @funcs: the functions made from this instance (one per configuration
 *	it is linked into), for the stats attribute
 */
struct kcell_ss_opts {
	struct usb_function_instance fi;
	struct mutex lock;	/* the attributes, @refcnt and @funcs */
	int refcnt;
	struct list_head funcs;
	unsigned int pattern;
	unsigned int loopback;
	unsigned int buflen;
	unsigned int qlen;
};

static struct usb_interface_descriptor kcell_ss_intf = {
	.bLength		= USB_DT_INTERFACE_SIZE,
	.bDescriptorType	= USB_DT_INTERFACE,
	.bAlternateSetting	= 0,
	.bNumEndpoints		= 2,
	.bInterfaceClass	= USB_CLASS_VENDOR_SPEC,
};

static struct usb_endpoint_descriptor kcell_ss_fs_in = {
	.bLength		= USB_DT_ENDPOINT_SIZE,
	.bDescriptorType	= USB_DT_ENDPOINT,
	.bEndpointAddress	= USB_DIR_IN,
	.bmAttributes		= USB_ENDPOINT_XFER_BULK,
};

static struct usb_endpoint_descriptor kcell_ss_fs_out = {
	.bLength		= USB_DT_ENDPOINT_SIZE,
	.bDescriptorType	= USB_DT_ENDPOINT,
	.bEndpointAddress	= USB_DIR_OUT,
	.bmAttributes		= USB_ENDPOINT_XFER_BULK,
};

static struct usb_descriptor_header *kcell_ss_fs_descs[] = {
	(struct usb_descriptor_header *)&kcell_ss_intf,
	(struct usb_descriptor_header *)&kcell_ss_fs_out,
	(struct usb_descriptor_header *)&kcell_ss_fs_in,
	NULL,
};

static struct usb_endpoint_descriptor kcell_ss_hs_in = {
	.bLength		= USB_DT_ENDPOINT_SIZE,
	.bDescriptorType	= USB_DT_ENDPOINT,
	.bmAttributes		= USB_ENDPOINT_XFER_BULK,
	.wMaxPacketSize		= cpu_to_le16(512),
};

static struct usb_endpoint_descriptor kcell_ss_hs_out = {
	.bLength		= USB_DT_ENDPOINT_SIZE,
	.bDescriptorType	= USB_DT_ENDPOINT,
	.bmAttributes		= USB_ENDPOINT_XFER_BULK,
	.wMaxPacketSize		= cpu_to_le16(512),
};

static struct usb_descriptor_header *kcell_ss_hs_descs[] = {
	(struct usb_descriptor_header *)&kcell_ss_intf,
	(struct usb_descriptor_header *)&kcell_ss_hs_out,
	(struct usb_descriptor_header *)&kcell_ss_hs_in,
	NULL,
};

static struct usb_endpoint_descriptor kcell_ss_ss_in = {
	.bLength		= USB_DT_ENDPOINT_SIZE,
	.bDescriptorType	= USB_DT_ENDPOINT,
	.bmAttributes		= USB_ENDPOINT_XFER_BULK,
	.wMaxPacketSize		= cpu_to_le16(1024),
};

static struct usb_ss_ep_comp_descriptor kcell_ss_ss_in_comp = {
	.bLength		= USB_DT_SS_EP_COMP_SIZE,
	.bDescriptorType	= USB_DT_SS_ENDPOINT_COMP,
};

static struct usb_endpoint_descriptor kcell_ss_ss_out = {
	.bLength		= USB_DT_ENDPOINT_SIZE,
	.bDescriptorType	= USB_DT_ENDPOINT,
	.bmAttributes		= USB_ENDPOINT_XFER_BULK,
	.wMaxPacketSize		= cpu_to_le16(1024),
};

static struct usb_ss_ep_comp_descriptor kcell_ss_ss_out_comp = {
	.bLength		= USB_DT_SS_EP_COMP_SIZE,
	.bDescriptorType	= USB_DT_SS_ENDPOINT_COMP,
};

static struct usb_descriptor_header *kcell_ss_ss_descs[] = {
	(struct usb_descriptor_header *)&kcell_ss_intf,
	(struct usb_descriptor_header *)&kcell_ss_ss_out,
	(struct usb_descriptor_header *)&kcell_ss_ss_out_comp,
	(struct usb_descriptor_header *)&kcell_ss_ss_in,
	(struct usb_descriptor_header *)&kcell_ss_ss_in_comp,
	NULL,
};

static struct kcell_ss *func_to_kcell_ss(struct usb_function *f)
{
	return container_of(f, struct kcell_ss, func);
}

/*
 * Stops both pools, then disables both endpoints (either may not be
 * enabled: usb_ep_disable() passes over it): the controller completes every
 * queued request into its cell.  The pools stay: a completion the
 * controller had begun may still be running on another CPU.
 */
static void kcell_ss_stop(struct kcell_ss *kss)
{
	/* First: a completion from here on leaves its request in its cell. */
	kcell_ss_pool_stop(&kss->in);
	kcell_ss_pool_stop(&kss->out);
	usb_ep_disable(kss->in.ep);
	usb_ep_disable(kss->out.ep);
}

/* Enables both endpoints for the connection's speed; neither on error. */
static int kcell_ss_enable(struct kcell_ss *kss)
{
	struct usb_gadget *gadget = kss->func.config->cdev->gadget;
	int err;

	err = config_ep_by_speed(gadget, &kss->func, kss->in.ep);
	if (!err)
		err = config_ep_by_speed(gadget, &kss->func, kss->out.ep);
	if (err)
		return err;
	err = usb_ep_enable(kss->in.ep);
	if (!err)
		err = usb_ep_enable(kss->out.ep);
	if (err)
		kcell_ss_stop(kss);
	return err;
}

/* Starts the IN pool, then the OUT pool; the caller stops both on error. */
static int kcell_ss_pools_start(struct kcell_ss *kss)
{
	int err;

	err = kcell_ss_pool_start(&kss->in);
	if (!err)
		err = kcell_ss_pool_start(&kss->out);
	return err;
}

static int kcell_ss_start(struct kcell_ss *kss)
{
	int err;

	err = kcell_ss_enable(kss);
	if (!err)
		err = kcell_ss_pools_start(kss);
	if (err)
		kcell_ss_stop(kss);
	return err;
}

static void kcell_ss_disable(struct usb_function *f)
{
	struct kcell_ss *kss = func_to_kcell_ss(f);

	kss->active = false;
	kcell_ss_stop(kss);
}

/*
 * While the domain recovers, the pools start with nothing queued (a
 * revoked domain refuses their kicks); the recovery's start queues.
 */
static int kcell_ss_set_alt(struct usb_function *f, unsigned int intf,
			    unsigned int alt)
{
	struct kcell_ss *kss = func_to_kcell_ss(f);

	int err;

	if (alt)
		return -EINVAL;
	kcell_ss_stop(kss);
	err = kcell_ss_start(kss);
	kss->active = !err;
	return err;
}

static struct kcell_ss *domain_to_kcell_ss(struct kcell_domain *d)
{
	return container_of(d, struct kcell_ss, domain);
}

/* The composite core's lock of the bound function's gadget. */
static spinlock_t *kcell_ss_cdev_lock(struct kcell_domain *d)
{
	return &domain_to_kcell_ss(d)->func.config->cdev->lock;
}

/*
 * The recovery runs under the composite core's lock, as set_alt and
 * disable do, so that @active and the endpoints are the same throughout.
 * The function is bound: unbind stops the domain first.  The recovery is
 * a work item: interrupts are on.
 */
static void kcell_ss_domain_begin(struct kcell_domain *d)
	__acquires(kcell_ss_cdev_lock(d))
{
	spin_lock_irq(kcell_ss_cdev_lock(d));
}

static void kcell_ss_domain_end(struct kcell_domain *d)
	__releases(kcell_ss_cdev_lock(d))
{
	spin_unlock_irq(kcell_ss_cdev_lock(d));
}

/*
 * No request goes to the controller, none is left queued there.  Only
 * an active function has anything to stop: bind allocates the pools
 * stopped, and whatever else cleared @active (disable, a failed set_alt
 * or start) stopped them and disabled the endpoints, which may since be
 * another configuration's (functions of different configurations share
 * them).
 */
static void kcell_ss_domain_quiesce(struct kcell_domain *d)
{
	struct kcell_ss *kss = domain_to_kcell_ss(d);

	dev_warn_ratelimited(&kss->func.config->cdev->gadget->dev,
			     "kcell_ss: controller fault (%s): resetting the endpoints\n",
			     kcell_fault_name(kcell_domain_last_fault(d)));
	if (kss->active)
		kcell_ss_stop(kss);
}

/*
 * The pools stay (a completion the controller had begun may still run):
 * every request given back is in its cell; one still away parks there
 * when it comes back, and the start queues it.
 */
static void kcell_ss_domain_reclaim(struct kcell_domain *d)
{
	struct kcell_ss *kss = domain_to_kcell_ss(d);
	unsigned int away;

	away = kcell_ss_pool_away(&kss->in) + kcell_ss_pool_away(&kss->out);
	if (away)
		dev_info(&kss->func.config->cdev->gadget->dev,
			 "kcell_ss: %u requests still with the controller\n",
			 away);
}

/*
 * The endpoints again, for the current speed, if the host selected us, and
 * halted: the host must know.  An endpoint disabled and enabled again
 * starts a new data toggle (a new sequence number at SuperSpeed), which
 * the host's side of it does not: its next packet would be dropped or
 * taken twice.  A halt makes the host clear it, which resets both sides,
 * and it stops the host's transfers with -EPIPE where the device dropped
 * data, as Gadget Zero's sink does on a bad byte.  Nothing is queued yet.
 */
static int kcell_ss_domain_restart(struct kcell_domain *d)
{
	struct kcell_ss *kss = domain_to_kcell_ss(d);
	int err;

	if (!kss->active)
		return 0;
	/* A set_alt between the fault and the recovery enabled them. */
	kcell_ss_stop(kss);
	err = kcell_ss_enable(kss);
	if (err)
		return err;
	usb_ep_set_halt(kss->in.ep);
	usb_ep_set_halt(kss->out.ep);
	return 0;
}

/*
 * The requests back to the controller.  One that cannot be queued leaves
 * the function stopped, as a set_alt that fails does, until the host
 * selects it again.
 */
static void kcell_ss_domain_start(struct kcell_domain *d)
{
	struct kcell_ss *kss = domain_to_kcell_ss(d);
	int err;

	if (!kss->active)
		return;
	err = kcell_ss_pools_start(kss);
	if (!err)
		return;
	kcell_ss_stop(kss);
	kss->active = false;
	/* A disconnect on its way is no news. */
	if (err != -ESHUTDOWN)
		dev_err(&kss->func.config->cdev->gadget->dev,
			"kcell_ss: cannot queue after the reset: %d\n", err);
}

static const struct kcell_domain_ops kcell_ss_domain_ops = {
	.begin		= kcell_ss_domain_begin,
	.quiesce	= kcell_ss_domain_quiesce,
	.reclaim	= kcell_ss_domain_reclaim,
	.restart	= kcell_ss_domain_restart,
	.start		= kcell_ss_domain_start,
	.end		= kcell_ss_domain_end,
};

static int kcell_ss_get_alt(struct usb_function *f, unsigned int intf)
{
	return 0;
}

/*
 * Gadget Zero's control tests: 0x5b writes up to a buffer's worth of
 * bytes into ep0's request, 0x5c reads them back.  Everything else is the
 * composite core's, or a stall.
 */
static int kcell_ss_setup(struct usb_function *f,
			  const struct usb_ctrlrequest *ctrl)
{
	struct usb_composite_dev *cdev = f->config->cdev;
	struct usb_request *req = cdev->req;
	u16 w_length = le16_to_cpu(ctrl->wLength);

	if (ctrl->wValue || ctrl->wIndex || w_length > USB_COMP_EP0_BUFSIZ)
		return -EOPNOTSUPP;
	switch (ctrl->bRequest) {
	case KCELL_SS_REQ_CTRL_WRITE:
		if (ctrl->bRequestType != (USB_DIR_OUT | USB_TYPE_VENDOR))
			return -EOPNOTSUPP;
		break;
	case KCELL_SS_REQ_CTRL_READ:
		if (ctrl->bRequestType != (USB_DIR_IN | USB_TYPE_VENDOR))
			return -EOPNOTSUPP;
		break;
	default:
		return -EOPNOTSUPP;
	}
	req->zero = 0;
	req->length = w_length;
	return usb_ep_queue(cdev->gadget->ep0, req, GFP_ATOMIC);
}

/* The descriptor templates are shared by every instance's bind. */
static DEFINE_MUTEX(kcell_ss_desc_lock);

/*
 * Fills the templates with what bind chose (interface number, the full
 * speed endpoints as autoconfig completed them) and copies them into @f.
 */
static int kcell_ss_assign_descriptors(struct usb_function *f, u8 intf,
				       const struct usb_endpoint_descriptor *in,
				       const struct usb_endpoint_descriptor *out)
{
	int err;

	mutex_lock(&kcell_ss_desc_lock);
	kcell_ss_intf.bInterfaceNumber = intf;
	kcell_ss_fs_in = *in;
	kcell_ss_fs_out = *out;
	kcell_ss_hs_in.bEndpointAddress = in->bEndpointAddress;
	kcell_ss_hs_out.bEndpointAddress = out->bEndpointAddress;
	kcell_ss_ss_in.bEndpointAddress = in->bEndpointAddress;
	kcell_ss_ss_out.bEndpointAddress = out->bEndpointAddress;
	err = usb_assign_descriptors(f, kcell_ss_fs_descs, kcell_ss_hs_descs,
				     kcell_ss_ss_descs, kcell_ss_ss_descs);
	mutex_unlock(&kcell_ss_desc_lock);
	return err;
}

/*
 * Unbind: nothing is queued any more, and the endpoints still exist.
 * Frees what bind allocated; a request the controller kept is reported
 * and not freed.
 */
static void kcell_ss_unbind(struct usb_configuration *c, struct usb_function *f)
{
	struct kcell_ss *kss = func_to_kcell_ss(f);
	unsigned int lost;

	/* No recovery runs from here; completions park their requests. */
	kcell_domain_stop(&kss->domain);
	/* No stats reader looks at the pools or the endpoints from here. */
	revocable_revoke(&kss->bound);
	lost = kcell_ss_pool_free(&kss->in);
	lost += kcell_ss_pool_free(&kss->out);
	WARN(lost, "kcell_ss: %u requests not given back by %s\n", lost,
	     c->cdev->gadget->name);
	usb_free_all_descriptors(f);
}

static int kcell_ss_bind(struct usb_configuration *c, struct usb_function *f)
{
	struct usb_composite_dev *cdev = c->cdev;
	struct usb_endpoint_descriptor in_desc, out_desc;
	struct kcell_ss *kss = func_to_kcell_ss(f);
	int id, err;

	id = usb_interface_id(c, f);
	if (id < 0)
		return id;

	/*
	 * Autoconfig writes the address and full-speed packet size it chose
	 * into the descriptor: each bind its own copies.
	 */
	mutex_lock(&kcell_ss_desc_lock);
	in_desc = kcell_ss_fs_in;
	out_desc = kcell_ss_fs_out;
	mutex_unlock(&kcell_ss_desc_lock);
	in_desc.bEndpointAddress = USB_DIR_IN;
	in_desc.wMaxPacketSize = 0;
	out_desc.bEndpointAddress = USB_DIR_OUT;
	out_desc.wMaxPacketSize = 0;
	kss->in.ep = usb_ep_autoconfig(cdev->gadget, &in_desc);
	kss->out.ep = usb_ep_autoconfig(cdev->gadget, &out_desc);
	if (!kss->in.ep || !kss->out.ep) {
		dev_err(&cdev->gadget->dev,
			"kcell_ss: no bulk endpoints on %s\n",
			cdev->gadget->name);
		return -ENODEV;
	}
	err = kcell_ss_assign_descriptors(f, id, &in_desc, &out_desc);
	if (err)
		return err;
	/* Each bind a new domain: unbind stopped the last one. */
	kcell_domain_init(&kss->domain, &kcell_ss_domain_ops,
			  KCELL_SS_RETRY_MS);
	kss->active = false;
	kss->in.domain = &kss->domain;
	kss->out.domain = &kss->domain;
	/* The pools live until unbind; see kcell_ss_pool.c. */
	err = kcell_ss_pool_alloc(&kss->in, kss->qlen, GFP_KERNEL);
	if (!err) {
		err = kcell_ss_pool_alloc(&kss->out, kss->qlen, GFP_KERNEL);
		if (err)
			kcell_ss_pool_free(&kss->in);
	}
	if (err) {
		usb_free_all_descriptors(f);
		return err;
	}
	revocable_rearm(&kss->bound);
	return 0;
}

static struct kcell_ss_opts *fi_to_opts(struct usb_function_instance *fi)
{
	return container_of(fi, struct kcell_ss_opts, fi);
}

static void kcell_ss_free_func(struct usb_function *f)
{
	/* f->fi is const; the options it belongs to are not. */
	struct kcell_ss_opts *opts =
		container_of(f->fi, struct kcell_ss_opts, fi);

	struct kcell_ss *kss = func_to_kcell_ss(f);

	/* A stats reader holds the lock while it looks at @kss. */
	mutex_lock(&opts->lock);
	opts->refcnt--;
	list_del(&kss->node);
	mutex_unlock(&opts->lock);
	kfree(kss);
}

static struct usb_function *
kcell_ss_alloc_func(struct usb_function_instance *fi)
{
	struct kcell_ss_opts *opts = fi_to_opts(fi);
	struct kcell_ss *kss;

	kss = kzalloc(sizeof(*kss), GFP_KERNEL);
	if (!kss)
		return ERR_PTR(-ENOMEM);
	/* Revoked until bind; no borrower exists yet to wait for. */
	revocable_init(&kss->bound);
	revocable_revoke_start(&kss->bound);
	mutex_lock(&opts->lock);
	opts->refcnt++;
	list_add_tail(&kss->node, &opts->funcs);
	kss->in.pattern = opts->pattern;
	kss->out.pattern = opts->pattern;
	kss->in.buflen = opts->buflen;
	kss->out.buflen = opts->buflen;
	kss->qlen = opts->qlen;
	if (opts->loopback) {
		kss->in.loop = &kss->out;
		kss->out.loop = &kss->in;
	}
	mutex_unlock(&opts->lock);

	kss->in.in = true;
	kss->func.name = "kcell source/sink";
	kss->func.bind = kcell_ss_bind;
	kss->func.unbind = kcell_ss_unbind;
	kss->func.set_alt = kcell_ss_set_alt;
	kss->func.get_alt = kcell_ss_get_alt;
	kss->func.disable = kcell_ss_disable;
	kss->func.setup = kcell_ss_setup;
	kss->func.free_func = kcell_ss_free_func;
	return &kss->func;
}

static struct kcell_ss_opts *item_to_opts(struct config_item *item)
{
	return container_of(to_config_group(item), struct kcell_ss_opts,
			    fi.group);
}

/*
 * Stores an attribute: a number in [@min, @max], refused with -EBUSY while
 * the function is in a configuration and -EINVAL out of range; nothing
 * changes on an error.
 */
static ssize_t kcell_ss_store(struct config_item *item, const char *page,
			      size_t len, unsigned int *field, unsigned int min,
			      unsigned int max, const char *name)
{
	struct kcell_ss_opts *opts = item_to_opts(item);
	unsigned int val;
	int err;

	err = kstrtouint(page, 0, &val);
	if (err)
		return err;
	if (val < min || val > max) {
		pr_err("%s must be from %u to %u, not %u\n", name,
		       min, max, val);
		return -EINVAL;
	}
	mutex_lock(&opts->lock);
	if (opts->refcnt) {
		mutex_unlock(&opts->lock);
		pr_err("%s cannot change while the function is in a configuration\n",
		       name);
		return -EBUSY;
	}
	*field = val;
	mutex_unlock(&opts->lock);
	return len;
}

static ssize_t kcell_ss_show(struct config_item *item, char *page,
			     unsigned int *field)
{
	struct kcell_ss_opts *opts = item_to_opts(item);
	unsigned int val;

	mutex_lock(&opts->lock);
	val = *field;
	mutex_unlock(&opts->lock);
	return sysfs_emit(page, "%u\n", val);
}

/*
 * KCELL_SS_OPTS_ATTR(name, field, min, max): the configfs attribute "name",
 * showing and storing struct kcell_ss_opts' @field within [@min, @max].
 */
#define KCELL_SS_OPTS_ATTR(name, field, min, max)				\
	static ssize_t kcell_ss_opts_##name##_show(struct config_item *item,	\
						   char *page)			\
	{									\
		return kcell_ss_show(item, page, &item_to_opts(item)->field);	\
	}									\
										\
	static ssize_t kcell_ss_opts_##name##_store(				\
		struct config_item *item, const char *page, size_t len)		\
	{									\
		return kcell_ss_store(item, page, len,				\
				      &item_to_opts(item)->field, min, max,	\
				      #name);					\
	}									\
										\
	CONFIGFS_ATTR(kcell_ss_opts_, name)

KCELL_SS_OPTS_ATTR(pattern, pattern, KCELL_SS_PATTERN_ZERO,
		   KCELL_SS_PATTERN_NONE);
KCELL_SS_OPTS_ATTR(loopback, loopback, 0, 1);
KCELL_SS_OPTS_ATTR(bulk_buflen, buflen, 1, KCELL_SS_MAX_BUFLEN);
KCELL_SS_OPTS_ATTR(bulk_qlen, qlen, 1, KCELL_SS_MAX_QLEN);

/*
 * What one function does now.  Bound: "bind N UDC SPEED" (N counts the
 * function's binds; UDC is the name the gadget's UDC file takes), a line
 * per pool and "domain faults F recoveries R failed_restarts X
 * last_recovery_ns T" (this bind's); otherwise "unbound".  The
 * gadget, the endpoints and the pools are the controller's and go at
 * unbind, which may run at any moment (the UDC file, the UDC's module
 * unloading): they are read inside a borrow of @kss->bound only.
 */
static int kcell_ss_stats_one(struct kcell_ss *kss, char *page, int at)
{
	struct kcell_domain_stats st;
	struct usb_gadget *gadget;
	u64 faults = 0;
	int i, len = 0;

	revocable_borrow(&kss->bound) {
		gadget = kss->func.config->cdev->gadget;
		len = sysfs_emit_at(page, at, "bind %u %s %s\n",
				    revocable_generation(&kss->bound),
				    dev_name(gadget->dev.parent),
				    usb_speed_string(gadget->speed));
		len += kcell_ss_pool_show(&kss->in, page, at + len);
		len += kcell_ss_pool_show(&kss->out, page, at + len);
		kcell_domain_read_stats(&kss->domain, &st);
		for (i = 0; i < KCELL_FAULT_NR; i++)
			faults += st.faults[i];
		len += sysfs_emit_at(page, at + len,
				     "domain faults %llu recoveries %llu failed_restarts %llu last_recovery_ns %llu\n",
				     faults, st.recoveries, st.failed_restarts,
				     st.last_recovery_ns);
	}
	if (!len)
		len = sysfs_emit_at(page, at, "unbound\n");
	return len;
}

/*
 * Room one function's stats take at most: a bind line (two names of at
 * most 32 bytes, a number), two pool lines (an endpoint's name, two
 * numbers of 10 digits and two of 20) and the domain's (four of 20).
 */
#define KCELL_SS_STATS_MAX	640

/*
 * stats: each function made from the instance, in the order of linking
 * (as many as a page holds); "unbound" if there is none.  The lock keeps
 * each function's memory (free_func takes it); the borrow, its binding.
 */
static ssize_t kcell_ss_opts_stats_show(struct config_item *item, char *page)
{
	struct kcell_ss_opts *opts = item_to_opts(item);
	struct kcell_ss *kss;
	int len = 0;

	mutex_lock(&opts->lock);
	list_for_each_entry(kss, &opts->funcs, node) {
		if (len > PAGE_SIZE - KCELL_SS_STATS_MAX)
			break;
		len += kcell_ss_stats_one(kss, page, len);
	}
	mutex_unlock(&opts->lock);
	if (!len)
		len = sysfs_emit(page, "unbound\n");
	return len;
}

CONFIGFS_ATTR_RO(kcell_ss_opts_, stats);

static struct configfs_attribute *kcell_ss_attrs[] = {
	&kcell_ss_opts_attr_pattern,
	&kcell_ss_opts_attr_loopback,
	&kcell_ss_opts_attr_bulk_buflen,
	&kcell_ss_opts_attr_bulk_qlen,
	&kcell_ss_opts_attr_stats,
	NULL,
};

static void kcell_ss_attr_release(struct config_item *item)
{
	usb_put_function_instance(&item_to_opts(item)->fi);
}

static struct configfs_item_operations kcell_ss_item_ops = {
	.release	= kcell_ss_attr_release,
};

static const struct config_item_type kcell_ss_func_type = {
	.ct_item_ops	= &kcell_ss_item_ops,
	.ct_attrs	= kcell_ss_attrs,
	.ct_owner	= THIS_MODULE,
};

static void kcell_ss_free_inst(struct usb_function_instance *fi)
{
	struct kcell_ss_opts *opts = fi_to_opts(fi);

	mutex_destroy(&opts->lock);
	kfree(opts);
}

static struct usb_function_instance *kcell_ss_alloc_inst(void)
{
	struct kcell_ss_opts *opts = kzalloc(sizeof(*opts), GFP_KERNEL);

	if (!opts)
		return ERR_PTR(-ENOMEM);
	mutex_init(&opts->lock);
	INIT_LIST_HEAD(&opts->funcs);
	opts->fi.free_func_inst = kcell_ss_free_inst;
	opts->buflen = KCELL_SS_DEFAULT_BUFLEN;
	opts->qlen = KCELL_SS_DEFAULT_QLEN;
	config_group_init_type_name(&opts->fi.group, "", &kcell_ss_func_type);
	return &opts->fi;
}

DECLARE_USB_FUNCTION(kcell_ss, kcell_ss_alloc_inst, kcell_ss_alloc_func);

static struct dentry *kcell_ss_debugfs;

static int __init kcell_ss_init(void)
{
	int err;

	kcell_ss_debugfs = debugfs_create_dir("kcell_ss", NULL);
	kcell_ss_pool_debugfs(kcell_ss_debugfs);
	err = usb_function_register(&kcell_ssusb_func);
	if (err)
		debugfs_remove_recursive(kcell_ss_debugfs);
	return err;
}
module_init(kcell_ss_init);

static void __exit kcell_ss_exit(void)
{
	usb_function_unregister(&kcell_ssusb_func);
	debugfs_remove_recursive(kcell_ss_debugfs);
}
module_exit(kcell_ss_exit);

/* Debug mode: /sys/module/MODULE/parameters/kcell_reports. */
KCELL_REPORTS_PARAM();

MODULE_DESCRIPTION("USB source/sink function whose requests are leased to the controller");
MODULE_AUTHOR("The kcell authors");
MODULE_LICENSE("GPL");
