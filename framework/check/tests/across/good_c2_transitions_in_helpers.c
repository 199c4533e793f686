// SPDX-License-Identifier: GPL-2.0
/* The twin of bad_c2_transitions_in_helpers.c: each helper in its turn. */
#include "common.h"

static void case_post(struct case_dev *d) __kcell_takes(&d->lease)
{
	d->posted = dma_lease_grant(&d->lease);
}

static void case_complete(struct case_dev *d) __kcell_gives(&d->lease)
{
	dma_lease_reclaim(&d->lease);
}

static void case_release(struct case_dev *d) __kcell_takes(&d->lease)
{
	dma_lease_unmap(&d->lease);
}

static int case_setup(struct case_dev *d, void *buf) __kcell_gives_if(0, &d->lease)
{
	return dma_lease_map(&d->lease, d->dev, buf, 64, DMA_FROM_DEVICE);
}

static void entry(struct case_dev *d, struct case_ring *r)
{
	void *buf = kzalloc(64, GFP_KERNEL);
	int err;

	if (!buf)
		return;
	err = case_setup(d, buf);
	if (!err) {
		case_post(d);
		case_complete(d);
		case_post(d);
		case_complete(d);
		case_release(d);
	}
	kfree(buf);
}
