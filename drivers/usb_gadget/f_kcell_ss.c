// SPDX-License-Identifier: GPL-2.0
/*
 * kcell_ss: a USB gadget function that speaks Gadget Zero's source/sink
 * protocol (bulk IN source, bulk OUT sink, control requests 0x5b/0x5c), so
 * that the host's usbtest driver and testusb exercise it, with its
 * requests leased to the controller.
 *
 * Every struct usb_request, with its buffer, lives in a TakeCell of its
 * endpoint's pool (kss_pool.c) while the function owns it, and nowhere
 * while the controller does.  This file is the function around the pools:
 * descriptors, enabling and disabling the endpoints, ep0's vendor
 * requests, configfs.
 *
 * Instantiate through configfs: functions/kcell_ss.NAME, with the
 * attributes pattern (0 zeroes, 1 "mod 63", 2 none), loopback (1: echo
 * what the host writes, as Gadget Zero's loopback configuration does),
 * bulk_buflen and bulk_qlen.
 */
#define pr_fmt(fmt) "kcell_ss: " fmt

#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/usb/composite.h>

#include "kss_pool.h"

#define KSS_DEFAULT_BUFLEN	4096
#define KSS_MAX_BUFLEN		65536
#define KSS_DEFAULT_QLEN	1
#define KSS_MAX_QLEN		64

/* Gadget Zero's vendor control requests, as usbtest sends them. */
#define KSS_REQ_CTRL_WRITE	0x5b
#define KSS_REQ_CTRL_READ	0x5c

/**
 * struct kss - one kcell_ss function
 * @func: the gadget function
 * @in: the source endpoint's requests (loopback: the echo's)
 * @out: the sink endpoint's requests
 * @qlen: requests per endpoint
 */
struct kss {
	struct usb_function func;
	struct kss_pool in;
	struct kss_pool out;
	unsigned int qlen;
};

/**
 * struct kss_opts - a configfs instance's settings
 * @fi: the function instance
 * @lock: serialises the attributes and @refcnt
 * @refcnt: functions made from this instance; attributes are read-only
 *	while any exists
 * @pattern: KSS_PATTERN_*
 * @loopback: echo what the host writes instead of sourcing and sinking
 * @buflen: bytes per request
 * @qlen: requests per endpoint
 */
struct kss_opts {
	struct usb_function_instance fi;
	struct mutex lock;	/* the attributes and @refcnt */
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

/*
 * Stops both pools, then disables both endpoints (either may not be
 * enabled: usb_ep_disable() passes over it): the controller completes every
 * queued request into its cell.  The pools stay: a completion the
 * controller had begun may still be running on another CPU.
 */
static void kss_stop(struct kss *kss)
{
	/* First: a completion from here on leaves its request in its cell. */
	kss_pool_stop(&kss->in);
	kss_pool_stop(&kss->out);
	usb_ep_disable(kss->in.ep);
	usb_ep_disable(kss->out.ep);
}

static int kss_start(struct kss *kss)
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
	if (!err)
		err = kss_pool_start(&kss->in);
	if (!err)
		err = kss_pool_start(&kss->out);
	if (err)
		kss_stop(kss);
	return err;
}

static void kss_disable(struct usb_function *f)
{
	kss_stop(func_to_kss(f));
}

static int kss_set_alt(struct usb_function *f, unsigned int intf,
		       unsigned int alt)
{
	struct kss *kss = func_to_kss(f);

	if (alt)
		return -EINVAL;
	kss_stop(kss);
	return kss_start(kss);
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
	return usb_ep_queue(cdev->gadget->ep0, req, GFP_ATOMIC);
}

/* The descriptor templates are shared by every instance's bind. */
static DEFINE_MUTEX(kss_desc_lock);

/*
 * Fills the templates with what bind chose (interface number, the full
 * speed endpoints as autoconfig completed them) and copies them into @f.
 */
static int kss_assign_descriptors(struct usb_function *f, u8 intf,
				  const struct usb_endpoint_descriptor *in,
				  const struct usb_endpoint_descriptor *out)
{
	int err;

	mutex_lock(&kss_desc_lock);
	kss_intf.bInterfaceNumber = intf;
	kss_fs_in = *in;
	kss_fs_out = *out;
	kss_hs_in.bEndpointAddress = in->bEndpointAddress;
	kss_hs_out.bEndpointAddress = out->bEndpointAddress;
	kss_ss_in.bEndpointAddress = in->bEndpointAddress;
	kss_ss_out.bEndpointAddress = out->bEndpointAddress;
	err = usb_assign_descriptors(f, kss_fs_descs, kss_hs_descs,
				     kss_ss_descs, kss_ss_descs);
	mutex_unlock(&kss_desc_lock);
	return err;
}

/*
 * Unbind: nothing is queued any more, and the endpoints still exist.
 * Frees what bind allocated; a request the controller kept is reported
 * and not freed.
 */
static void kss_unbind(struct usb_configuration *c, struct usb_function *f)
{
	struct kss *kss = func_to_kss(f);
	unsigned int lost;

	lost = kss_pool_free(&kss->in);
	lost += kss_pool_free(&kss->out);
	WARN(lost, "kcell_ss: %u requests not given back by %s\n", lost,
	     c->cdev->gadget->name);
	usb_free_all_descriptors(f);
}

static int kss_bind(struct usb_configuration *c, struct usb_function *f)
{
	struct usb_composite_dev *cdev = c->cdev;
	struct usb_endpoint_descriptor in_desc, out_desc;
	struct kss *kss = func_to_kss(f);
	int id, err;

	id = usb_interface_id(c, f);
	if (id < 0)
		return id;

	/*
	 * Autoconfig writes the address and full-speed packet size it chose
	 * into the descriptor: each bind its own copies.
	 */
	mutex_lock(&kss_desc_lock);
	in_desc = kss_fs_in;
	out_desc = kss_fs_out;
	mutex_unlock(&kss_desc_lock);
	in_desc.bEndpointAddress = USB_DIR_IN;
	in_desc.wMaxPacketSize = 0;
	out_desc.bEndpointAddress = USB_DIR_OUT;
	out_desc.wMaxPacketSize = 0;
	kss->in.ep = usb_ep_autoconfig(cdev->gadget, &in_desc);
	kss->out.ep = usb_ep_autoconfig(cdev->gadget, &out_desc);
	if (!kss->in.ep || !kss->out.ep) {
		dev_err(&cdev->gadget->dev, "kcell_ss: no bulk endpoints on %s\n",
			cdev->gadget->name);
		return -ENODEV;
	}
	err = kss_assign_descriptors(f, id, &in_desc, &out_desc);
	if (err)
		return err;
	/* The pools live until unbind; see kss_pool.c. */
	err = kss_pool_alloc(&kss->in, kss->qlen, GFP_KERNEL);
	if (!err) {
		err = kss_pool_alloc(&kss->out, kss->qlen, GFP_KERNEL);
		if (err)
			kss_pool_free(&kss->in);
	}
	if (err)
		usb_free_all_descriptors(f);
	return err;
}

static struct kss_opts *fi_to_opts(struct usb_function_instance *fi)
{
	return container_of(fi, struct kss_opts, fi);
}

static void kss_free_func(struct usb_function *f)
{
	/* f->fi is const; the options it belongs to are not. */
	struct kss_opts *opts = container_of(f->fi, struct kss_opts, fi);

	mutex_lock(&opts->lock);
	opts->refcnt--;
	mutex_unlock(&opts->lock);
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
	kss->func.bind = kss_bind;
	kss->func.unbind = kss_unbind;
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

/*
 * KSS_OPTS_ATTR(name, field, min, max): the configfs attribute "name",
 * showing and storing struct kss_opts' @field within [@min, @max].
 */
#define KSS_OPTS_ATTR(name, field, min, max)				\
static ssize_t kss_opts_##name##_show(struct config_item *item,	\
				      char *page)			\
{									\
	return kss_show(item, page, &item_to_opts(item)->field);	\
}									\
									\
static ssize_t kss_opts_##name##_store(struct config_item *item,	\
				       const char *page, size_t len)	\
{									\
	return kss_store(item, page, len, &item_to_opts(item)->field,	\
			 min, max, #name);				\
}									\
									\
CONFIGFS_ATTR(kss_opts_, name)

KSS_OPTS_ATTR(pattern, pattern, KSS_PATTERN_ZERO, KSS_PATTERN_NONE);
KSS_OPTS_ATTR(loopback, loopback, 0, 1);
KSS_OPTS_ATTR(bulk_buflen, buflen, 1, KSS_MAX_BUFLEN);
KSS_OPTS_ATTR(bulk_qlen, qlen, 1, KSS_MAX_QLEN);

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
	struct kss_opts *opts = fi_to_opts(fi);

	mutex_destroy(&opts->lock);
	kfree(opts);
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

DECLARE_USB_FUNCTION(kcell_ss, kss_alloc_inst, kss_alloc_func);

static struct dentry *kss_debugfs;

static int __init kss_init(void)
{
	int err;

	kss_debugfs = debugfs_create_dir("kcell_ss", NULL);
	kss_pool_debugfs(kss_debugfs);
	err = usb_function_register(&kcell_ssusb_func);
	if (err)
		debugfs_remove_recursive(kss_debugfs);
	return err;
}
module_init(kss_init);

static void __exit kss_exit(void)
{
	usb_function_unregister(&kcell_ssusb_func);
	debugfs_remove_recursive(kss_debugfs);
}
module_exit(kss_exit);

MODULE_DESCRIPTION("USB source/sink function whose requests are leased to the controller");
MODULE_AUTHOR("The kcell authors");
MODULE_LICENSE("GPL");
