// SPDX-License-Identifier: GPL-2.0
/*
 * kcell_ss: a USB gadget function that speaks Gadget Zero's source/sink
 * protocol (bulk IN source, bulk OUT sink, control requests 0x5b/0x5c), so
 * that the host's usbtest driver and testusb exercise it, with its
 * requests leased to the controller.
 *
 * Every struct usb_request, with its buffer, lives in a TakeCell of a slot
 * of its endpoint's pool while the function owns it.  Queueing takes it
 * out of the cell and hands it to the controller; from then until its
 * completion the function holds no pointer to it at all, so it cannot
 * touch a queued request or its buffer.  The completion hands it back:
 * the function requeues it or returns it to its cell.  Tearing down an
 * endpoint disables it (the controller completes every queued request)
 * and then frees what the cells hold; an empty cell there is a request
 * the controller never gave back, reported and not freed.
 *
 * Instantiate through configfs: functions/kcell_ss.NAME, with the
 * attributes pattern (0 zeroes, 1 "mod 63", 2 none), loopback (1: echo
 * what the host writes, as Gadget Zero's loopback configuration does),
 * bulk_buflen and bulk_qlen.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/usb/composite.h>

#include <kcell/kcell.h>

#define KSS_DEFAULT_BUFLEN	4096
#define KSS_MAX_BUFLEN		65536
#define KSS_DEFAULT_QLEN	1
#define KSS_MAX_QLEN		64

/* Gadget Zero's vendor control requests, as usbtest sends them. */
#define KSS_REQ_CTRL_WRITE	0x5b
#define KSS_REQ_CTRL_READ	0x5c

struct kss_ep;

/*
 * One request of an endpoint's pool (a plain comment: kernel-doc does not
 * parse DECLARE_TAKE_CELL members): @req holds the request and its buffer
 * while the function owns them and is empty while the controller does.
 */
struct kss_slot {
	DECLARE_TAKE_CELL(req, struct usb_request);
	struct kss_ep *kep;
};

/**
 * struct kss_ep - a bulk endpoint and its request pool
 * @ep: the endpoint
 * @kss: the function it belongs to
 * @slots: the pool, @nslots of them while the endpoint is enabled
 * @nslots: pool size
 * @in: IN (source) rather than OUT (sink)
 */
struct kss_ep {
	struct usb_ep *ep;
	struct kss *kss;
	struct kss_slot *slots;
	unsigned int nslots;
	bool in;
};

/**
 * struct kss - one kcell_ss function
 * @func: the gadget function
 * @in: the source endpoint
 * @out: the sink endpoint
 * @pattern: data pattern, 0, 1 or 2
 * @loopback: echo what the host writes instead of sourcing and sinking
 * @buflen: bytes per request
 * @qlen: requests queued per endpoint
 */
struct kss {
	struct usb_function func;
	struct kss_ep in;
	struct kss_ep out;
	unsigned int pattern;
	unsigned int loopback;
	unsigned int buflen;
	unsigned int qlen;
};

/**
 * struct kss_opts - a configfs instance's settings
 * @fi: the function instance
 * @lock: serialises the attributes and @refcnt
 * @refcnt: functions made from this instance; attributes are read-only
 *	while any exists
 * @pattern: see struct kss
 * @loopback: see struct kss
 * @buflen: see struct kss
 * @qlen: see struct kss
 */
struct kss_opts {
	struct usb_function_instance fi;
	struct mutex lock;
	int refcnt;
	unsigned int pattern;
	unsigned int loopback;
	unsigned int buflen;
	unsigned int qlen;
};

static struct usb_interface_descriptor kss_intf = {
	.bLength		= USB_DT_INTERFACE_SIZE,
	.bDescriptorType	= USB_DT_INTERFACE,
	.bAlternateSetting	= 0,
	.bNumEndpoints		= 2,
	.bInterfaceClass	= USB_CLASS_VENDOR_SPEC,
};

static struct usb_endpoint_descriptor kss_fs_in = {
	.bLength		= USB_DT_ENDPOINT_SIZE,
	.bDescriptorType	= USB_DT_ENDPOINT,
	.bEndpointAddress	= USB_DIR_IN,
	.bmAttributes		= USB_ENDPOINT_XFER_BULK,
};

static struct usb_endpoint_descriptor kss_fs_out = {
	.bLength		= USB_DT_ENDPOINT_SIZE,
	.bDescriptorType	= USB_DT_ENDPOINT,
	.bEndpointAddress	= USB_DIR_OUT,
	.bmAttributes		= USB_ENDPOINT_XFER_BULK,
};

static struct usb_descriptor_header *kss_fs_descs[] = {
	(struct usb_descriptor_header *)&kss_intf,
	(struct usb_descriptor_header *)&kss_fs_out,
	(struct usb_descriptor_header *)&kss_fs_in,
	NULL,
};

static struct usb_endpoint_descriptor kss_hs_in = {
	.bLength		= USB_DT_ENDPOINT_SIZE,
	.bDescriptorType	= USB_DT_ENDPOINT,
	.bmAttributes		= USB_ENDPOINT_XFER_BULK,
	.wMaxPacketSize		= cpu_to_le16(512),
};

static struct usb_endpoint_descriptor kss_hs_out = {
	.bLength		= USB_DT_ENDPOINT_SIZE,
	.bDescriptorType	= USB_DT_ENDPOINT,
	.bmAttributes		= USB_ENDPOINT_XFER_BULK,
	.wMaxPacketSize		= cpu_to_le16(512),
};

static struct usb_descriptor_header *kss_hs_descs[] = {
	(struct usb_descriptor_header *)&kss_intf,
	(struct usb_descriptor_header *)&kss_hs_out,
	(struct usb_descriptor_header *)&kss_hs_in,
	NULL,
};

static struct usb_endpoint_descriptor kss_ss_in = {
	.bLength		= USB_DT_ENDPOINT_SIZE,
	.bDescriptorType	= USB_DT_ENDPOINT,
	.bmAttributes		= USB_ENDPOINT_XFER_BULK,
	.wMaxPacketSize		= cpu_to_le16(1024),
};

static struct usb_ss_ep_comp_descriptor kss_ss_in_comp = {
	.bLength		= USB_DT_SS_EP_COMP_SIZE,
	.bDescriptorType	= USB_DT_SS_ENDPOINT_COMP,
};

static struct usb_endpoint_descriptor kss_ss_out = {
	.bLength		= USB_DT_ENDPOINT_SIZE,
	.bDescriptorType	= USB_DT_ENDPOINT,
	.bmAttributes		= USB_ENDPOINT_XFER_BULK,
	.wMaxPacketSize		= cpu_to_le16(1024),
};

static struct usb_ss_ep_comp_descriptor kss_ss_out_comp = {
	.bLength		= USB_DT_SS_EP_COMP_SIZE,
	.bDescriptorType	= USB_DT_SS_ENDPOINT_COMP,
};

static struct usb_descriptor_header *kss_ss_descs[] = {
	(struct usb_descriptor_header *)&kss_intf,
	(struct usb_descriptor_header *)&kss_ss_out,
	(struct usb_descriptor_header *)&kss_ss_out_comp,
	(struct usb_descriptor_header *)&kss_ss_in,
	(struct usb_descriptor_header *)&kss_ss_in_comp,
	NULL,
};

static struct kss *func_to_kss(struct usb_function *f)
{
	return container_of(f, struct kss, func);
}

/* Pattern 1: byte i of a transfer is (i mod wMaxPacketSize) mod 63. */
static u8 kss_pattern_byte(struct usb_ep *ep, unsigned int i)
{
	return (i % usb_endpoint_maxp(ep->desc)) % 63;
}

static void kss_fill(struct kss *kss, struct usb_ep *ep, u8 *buf,
		     unsigned int len)
{
	unsigned int i;

	if (kss->pattern == 0)
		memset(buf, 0, len);
	else if (kss->pattern == 1)
		for (i = 0; i < len; i++)
			buf[i] = kss_pattern_byte(ep, i);
}

/* Whether @len bytes received fit the pattern; pattern 2 checks nothing. */
static bool kss_check(struct kss *kss, struct usb_ep *ep, const u8 *buf,
		      unsigned int len)
{
	unsigned int i;

	for (i = 0; i < len && kss->pattern != 2; i++) {
		u8 want = kss->pattern == 1 ? kss_pattern_byte(ep, i) : 0;

		if (buf[i] != want) {
			pr_err("kcell_ss: %s: bad OUT byte %u: %#x, not %#x\n",
			       ep->name, i, buf[i], want);
			return false;
		}
	}
	return true;
}

/*
 * Hands a request to the controller.  Return: 0, or the error of
 * usb_ep_queue(), in which case the request is back in @slot.
 */
static int kss_queue(struct kss_slot *slot, struct usb_request *req)
{
	struct kss_ep *kep = slot->kep;
	struct kss *kss = kep->kss;
	int err;

	/* A loopback IN request carries what its OUT partner received. */
	if (!kss->loopback || !kep->in)
		req->length = kss->buflen;
	if (!kss->loopback && kep->in)
		kss_fill(kss, kep->ep, req->buf, req->length);
	else if (!kss->loopback && kss->pattern != 2)
		/* Stale bytes must not pass the check of a short transfer. */
		memset(req->buf, 0x55, req->length);
	err = usb_ep_queue(kep->ep, req, GFP_ATOMIC);
	if (err)
		take_cell_put(&slot->req, req);
	return err;
}

/*
 * Loopback: @req completed on one endpoint; its buffer moves to the request
 * of the same slot on the other endpoint, which goes to the controller.
 * The buffer is only ever in one of the two: the one that is idle in its
 * cell has none.
 */
static void kss_loop(struct kss_slot *slot, struct usb_request *req)
{
	struct kss_ep *kep = slot->kep;
	struct kss *kss = kep->kss;
	struct kss_ep *other = kep->in ? &kss->out : &kss->in;
	struct kss_slot *partner = &other->slots[slot - kep->slots];
	struct usb_request *next = take_cell_take(&partner->req);

	if (!next) {
		/* Both halves with the controller: a bookkeeping bug. */
		WARN_ONCE(1, "kcell_ss: loopback pair %td broken\n",
			  slot - kep->slots);
		take_cell_put(&slot->req, req);
		return;
	}
	next->buf = req->buf;
	req->buf = NULL;
	if (!kep->in) {
		next->length = req->actual;
		next->zero = req->actual < req->length;
	}
	take_cell_put(&slot->req, req);
	if (kss_queue(partner, next)) {
		pr_err("kcell_ss: %s: cannot loop back\n", other->ep->name);
		usb_ep_set_halt(other->ep);
	}
}

/* The controller gives a request back: the function owns it again. */
static void kss_complete(struct usb_ep *ep, struct usb_request *req)
{
	struct kss_slot *slot = req->context;
	struct kss_ep *kep = slot->kep;

	switch (req->status) {
	case 0:
		if (kep->kss->loopback) {
			kss_loop(slot, req);
			return;
		}
		if (!kep->in &&
		    !kss_check(kep->kss, ep, req->buf, req->actual)) {
			/* The host sees the endpoint halt, as with g_zero. */
			usb_ep_set_halt(ep);
		}
		break;
	case -ECONNABORTED:	/* endpoint reset */
	case -ECONNRESET:	/* dequeued */
	case -ESHUTDOWN:	/* disconnect, or the endpoint disabled */
		take_cell_put(&slot->req, req);
		return;
	default:		/* short read, overflow: go on */
		break;
	}
	if (kss_queue(slot, req)) {
		pr_err("kcell_ss: %s: cannot requeue\n", ep->name);
		usb_ep_set_halt(ep);
	}
}

/* Frees what the pool's cells hold; the endpoint must be disabled. */
static void kss_pool_free(struct kss_ep *kep)
{
	unsigned int i;

	for (i = 0; i < kep->nslots; i++) {
		struct usb_request *req = take_cell_take(&kep->slots[i].req);

		/* Not given back: the controller may still write it. */
		if (WARN_ONCE(!req, "kcell_ss: %s: request %u not returned\n",
			      kep->ep->name, i))
			continue;
		kfree(req->buf);
		usb_ep_free_request(kep->ep, req);
	}
	kfree(kep->slots);
	kep->slots = NULL;
	kep->nslots = 0;
}

/* Fills the pool of a freshly enabled endpoint and queues all of it. */
static int kss_pool_start(struct kss_ep *kep)
{
	struct kss *kss = kep->kss;
	unsigned int i;
	int err;

	/* set_alt may run in the controller's interrupt context. */
	kep->slots = kcalloc(kss->qlen, sizeof(*kep->slots), GFP_ATOMIC);
	if (!kep->slots)
		return -ENOMEM;
	for (i = 0; i < kss->qlen; i++) {
		struct kss_slot *slot = &kep->slots[i];
		struct usb_request *req;

		slot->kep = kep;
		take_cell_init(&slot->req, NULL);
		req = usb_ep_alloc_request(kep->ep, GFP_ATOMIC);
		if (!req)
			goto nomem;
		/* In loopback, IN requests borrow their OUT partner's buffer. */
		if (!kss->loopback || !kep->in) {
			req->buf = kmalloc(kss->buflen, GFP_ATOMIC);
			if (!req->buf) {
				usb_ep_free_request(kep->ep, req);
				goto nomem;
			}
		}
		req->complete = kss_complete;
		req->context = slot;
		take_cell_put(&slot->req, req);
		kep->nslots++;
	}
	/* In loopback, IN requests wait for data from OUT. */
	for (i = 0; i < kep->nslots && !(kss->loopback && kep->in); i++) {
		struct usb_request *req = take_cell_take(&kep->slots[i].req);

		err = kss_queue(&kep->slots[i], req);
		if (err)
			return err;
	}
	return 0;

nomem:
	return -ENOMEM;
}

static void kss_ep_stop(struct kss_ep *kep)
{
	if (!kep->slots)
		return;
	/* Every queued request completes (-ESHUTDOWN) into its cell. */
	usb_ep_disable(kep->ep);
	kss_pool_free(kep);
}

static int kss_ep_start(struct kss_ep *kep)
{
	struct usb_composite_dev *cdev = kep->kss->func.config->cdev;
	int err;

	err = config_ep_by_speed(cdev->gadget, &kep->kss->func, kep->ep);
	if (err)
		return err;
	err = usb_ep_enable(kep->ep);
	if (err)
		return err;
	err = kss_pool_start(kep);
	if (err) {
		usb_ep_disable(kep->ep);
		kss_pool_free(kep);
	}
	return err;
}

static void kss_disable(struct usb_function *f)
{
	struct kss *kss = func_to_kss(f);

	kss_ep_stop(&kss->in);
	kss_ep_stop(&kss->out);
}

static int kss_set_alt(struct usb_function *f, unsigned int intf,
		       unsigned int alt)
{
	struct kss *kss = func_to_kss(f);
	int err;

	if (alt)
		return -EINVAL;
	kss_disable(f);
	err = kss_ep_start(&kss->in);
	if (!err) {
		err = kss_ep_start(&kss->out);
		if (err)
			kss_ep_stop(&kss->in);
	}
	return err;
}

static int kss_get_alt(struct usb_function *f, unsigned int intf)
{
	return 0;
}

/*
 * Gadget Zero's control tests: 0x5b writes up to a buffer's worth of
 * bytes into ep0's request, 0x5c reads them back.  Everything else is the
 * composite core's, or a stall.
 */
static int kss_setup(struct usb_function *f, const struct usb_ctrlrequest *ctrl)
{
	struct usb_composite_dev *cdev = f->config->cdev;
	struct usb_request *req = cdev->req;
	u16 w_length = le16_to_cpu(ctrl->wLength);
	int err;

	if (ctrl->wValue || ctrl->wIndex || w_length > USB_COMP_EP0_BUFSIZ)
		return -EOPNOTSUPP;
	switch (ctrl->bRequest) {
	case KSS_REQ_CTRL_WRITE:
		if (ctrl->bRequestType != (USB_DIR_OUT | USB_TYPE_VENDOR))
			return -EOPNOTSUPP;
		break;
	case KSS_REQ_CTRL_READ:
		if (ctrl->bRequestType != (USB_DIR_IN | USB_TYPE_VENDOR))
			return -EOPNOTSUPP;
		break;
	default:
		return -EOPNOTSUPP;
	}
	req->zero = 0;
	req->length = w_length;
	err = usb_ep_queue(cdev->gadget->ep0, req, GFP_ATOMIC);
	return err ? err : w_length;
}

static int kss_bind(struct usb_configuration *c, struct usb_function *f)
{
	struct usb_composite_dev *cdev = c->cdev;
	struct kss *kss = func_to_kss(f);
	int id;

	id = usb_interface_id(c, f);
	if (id < 0)
		return id;
	kss_intf.bInterfaceNumber = id;

	kss->in.ep = usb_ep_autoconfig(cdev->gadget, &kss_fs_in);
	kss->out.ep = usb_ep_autoconfig(cdev->gadget, &kss_fs_out);
	if (!kss->in.ep || !kss->out.ep) {
		dev_err(&cdev->gadget->dev, "kcell_ss: no bulk endpoints on %s\n",
			cdev->gadget->name);
		return -ENODEV;
	}
	kss_hs_in.bEndpointAddress = kss_fs_in.bEndpointAddress;
	kss_hs_out.bEndpointAddress = kss_fs_out.bEndpointAddress;
	kss_ss_in.bEndpointAddress = kss_fs_in.bEndpointAddress;
	kss_ss_out.bEndpointAddress = kss_fs_out.bEndpointAddress;
	return usb_assign_descriptors(f, kss_fs_descs, kss_hs_descs,
				      kss_ss_descs, kss_ss_descs);
}

static struct kss_opts *fi_to_opts(struct usb_function_instance *fi)
{
	return container_of(fi, struct kss_opts, fi);
}

static void kss_free_func(struct usb_function *f)
{
	struct kss_opts *opts = container_of(f->fi, struct kss_opts, fi);

	mutex_lock(&opts->lock);
	opts->refcnt--;
	mutex_unlock(&opts->lock);
	usb_free_all_descriptors(f);
	kfree(func_to_kss(f));
}

static struct usb_function *kss_alloc_func(struct usb_function_instance *fi)
{
	struct kss_opts *opts = fi_to_opts(fi);
	struct kss *kss;

	kss = kzalloc(sizeof(*kss), GFP_KERNEL);
	if (!kss)
		return ERR_PTR(-ENOMEM);
	mutex_lock(&opts->lock);
	opts->refcnt++;
	kss->pattern = opts->pattern;
	kss->loopback = opts->loopback;
	kss->buflen = opts->buflen;
	kss->qlen = opts->qlen;
	mutex_unlock(&opts->lock);

	kss->in.kss = kss;
	kss->in.in = true;
	kss->out.kss = kss;
	kss->func.name = "kcell source/sink";
	kss->func.bind = kss_bind;
	kss->func.set_alt = kss_set_alt;
	kss->func.get_alt = kss_get_alt;
	kss->func.disable = kss_disable;
	kss->func.setup = kss_setup;
	kss->func.free_func = kss_free_func;
	return &kss->func;
}

static struct kss_opts *item_to_opts(struct config_item *item)
{
	return container_of(to_config_group(item), struct kss_opts, fi.group);
}

/*
 * Stores an attribute: a number in [@min, @max], refused with -EBUSY while
 * the function is in a configuration and -EINVAL out of range; nothing
 * changes on an error.
 */
static ssize_t kss_store(struct config_item *item, const char *page,
			 size_t len, unsigned int *field, unsigned int min,
			 unsigned int max, const char *name)
{
	struct kss_opts *opts = item_to_opts(item);
	unsigned int val;
	int err;

	err = kstrtouint(page, 0, &val);
	if (err)
		return err;
	if (val < min || val > max) {
		pr_err("kcell_ss: %s must be from %u to %u, not %u\n", name,
		       min, max, val);
		return -EINVAL;
	}
	mutex_lock(&opts->lock);
	if (opts->refcnt) {
		mutex_unlock(&opts->lock);
		pr_err("kcell_ss: %s cannot change while the function is in a configuration\n",
		       name);
		return -EBUSY;
	}
	*field = val;
	mutex_unlock(&opts->lock);
	return len;
}

static ssize_t kss_show(struct config_item *item, char *page,
			unsigned int *field)
{
	struct kss_opts *opts = item_to_opts(item);
	unsigned int val;

	mutex_lock(&opts->lock);
	val = *field;
	mutex_unlock(&opts->lock);
	return sysfs_emit(page, "%u\n", val);
}

static ssize_t kss_opts_pattern_show(struct config_item *item, char *page)
{
	return kss_show(item, page, &item_to_opts(item)->pattern);
}

static ssize_t kss_opts_pattern_store(struct config_item *item,
				      const char *page, size_t len)
{
	return kss_store(item, page, len, &item_to_opts(item)->pattern, 0, 2,
			 "pattern");
}

static ssize_t kss_opts_loopback_show(struct config_item *item, char *page)
{
	return kss_show(item, page, &item_to_opts(item)->loopback);
}

static ssize_t kss_opts_loopback_store(struct config_item *item,
				       const char *page, size_t len)
{
	return kss_store(item, page, len, &item_to_opts(item)->loopback, 0, 1,
			 "loopback");
}

static ssize_t kss_opts_bulk_buflen_show(struct config_item *item, char *page)
{
	return kss_show(item, page, &item_to_opts(item)->buflen);
}

static ssize_t kss_opts_bulk_buflen_store(struct config_item *item,
					  const char *page, size_t len)
{
	return kss_store(item, page, len, &item_to_opts(item)->buflen, 1,
			 KSS_MAX_BUFLEN, "bulk_buflen");
}

static ssize_t kss_opts_bulk_qlen_show(struct config_item *item, char *page)
{
	return kss_show(item, page, &item_to_opts(item)->qlen);
}

static ssize_t kss_opts_bulk_qlen_store(struct config_item *item,
					const char *page, size_t len)
{
	return kss_store(item, page, len, &item_to_opts(item)->qlen, 1,
			 KSS_MAX_QLEN, "bulk_qlen");
}

CONFIGFS_ATTR(kss_opts_, pattern);
CONFIGFS_ATTR(kss_opts_, loopback);
CONFIGFS_ATTR(kss_opts_, bulk_buflen);
CONFIGFS_ATTR(kss_opts_, bulk_qlen);

static struct configfs_attribute *kss_attrs[] = {
	&kss_opts_attr_pattern,
	&kss_opts_attr_loopback,
	&kss_opts_attr_bulk_buflen,
	&kss_opts_attr_bulk_qlen,
	NULL,
};

static void kss_attr_release(struct config_item *item)
{
	usb_put_function_instance(&item_to_opts(item)->fi);
}

static struct configfs_item_operations kss_item_ops = {
	.release	= kss_attr_release,
};

static const struct config_item_type kss_func_type = {
	.ct_item_ops	= &kss_item_ops,
	.ct_attrs	= kss_attrs,
	.ct_owner	= THIS_MODULE,
};

static void kss_free_inst(struct usb_function_instance *fi)
{
	kfree(fi_to_opts(fi));
}

static struct usb_function_instance *kss_alloc_inst(void)
{
	struct kss_opts *opts = kzalloc(sizeof(*opts), GFP_KERNEL);

	if (!opts)
		return ERR_PTR(-ENOMEM);
	mutex_init(&opts->lock);
	opts->fi.free_func_inst = kss_free_inst;
	opts->buflen = KSS_DEFAULT_BUFLEN;
	opts->qlen = KSS_DEFAULT_QLEN;
	config_group_init_type_name(&opts->fi.group, "", &kss_func_type);
	return &opts->fi;
}

DECLARE_USB_FUNCTION_INIT(kcell_ss, kss_alloc_inst, kss_alloc_func);

MODULE_DESCRIPTION("USB source/sink function whose requests are leased to the controller");
MODULE_AUTHOR("The kcell authors");
MODULE_LICENSE("GPL");
