// SPDX-License-Identifier: GPL-2.0
/*
 * A USB-gadget-like endpoint whose completion and timeout paths both
 * reclaim the same request buffer.
 */
#include <linux/usb/gadget.h>
#include <linux/dma-mapping.h>
#include <kcell/kcell.h>

struct acme_ep {
	struct usb_ep *ep;
	struct dma_lease buf;
	unsigned int errors;
	unsigned int len;
	bool timed_out;
};

static void acme_ep_parse(struct acme_ep *aep, const u8 *data)
{
	aep->len = data[0] | data[1] << 8;
}

static void acme_ep_complete(struct acme_ep *aep, int status)
{
	u8 *data;

	data = dma_lease_reclaim(&aep->buf);
	if (status) {
		aep->errors++;
		if (aep->timed_out)
			/* The first reclaim above already took it back. */
			data = dma_lease_reclaim(&aep->buf);	/* KCELL-EXPECT */
		return;
	}
	acme_ep_parse(aep, data);
}

static void acme_ep_flush(struct acme_ep *aep)
{
	u8 *data;

	usb_ep_fifo_flush(aep->ep);
	data = dma_lease_reclaim(&aep->buf);
	if (data[0])
		acme_ep_parse(aep, data);
	/* "Just to be sure": the lease is CPU-owned already. */
	dma_lease_reclaim(&aep->buf);	/* KCELL-EXPECT */
}
