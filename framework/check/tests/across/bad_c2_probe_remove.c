// SPDX-License-Identifier: GPL-2.0
/*
 * Probe maps and grants a receive buffer; remove unmaps it without taking
 * it back from the device first.
 */
#include "common.h"

static int case_probe(struct case_dev *d)
{
	void *buf = kzalloc(64, GFP_KERNEL);
	int err;

	if (!buf)
		return -ENOMEM;
	err = dma_lease_map(&d->lease, d->dev, buf, 64, DMA_FROM_DEVICE);
	if (err) {
		kfree(buf);
		return err;
	}
	d->posted = dma_lease_grant(&d->lease);
	return 0;
}

static void case_remove(struct case_dev *d)
{
	dma_lease_unmap(&d->lease);	/* KCELL-EXPECT */
}

static void entry(struct case_dev *d, struct case_ring *r)
{
	if (!case_probe(d))
		case_remove(d);
}
