// SPDX-License-Identifier: GPL-2.0
/*
 * Grant, reclaim and unmap each in a helper: a double grant through the
 * helper, an unmap of a granted lease, a reclaim of a lease the CPU owns.
 */
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

static void twice(struct case_dev *d, void *buf)
{
	if (case_setup(d, buf))
		return;
	case_post(d);
	case_post(d);		/* KCELL-EXPECT */
	case_complete(d);
	case_release(d);
}

static void unmap_granted(struct case_dev *d, void *buf)
{
	if (case_setup(d, buf))
		return;
	case_post(d);
	case_release(d);		/* KCELL-EXPECT */
}

static void reclaim_owned(struct case_dev *d, void *buf)
{
	if (case_setup(d, buf))
		return;
	case_complete(d);		/* KCELL-EXPECT */
	case_release(d);
}

static void entry(struct case_dev *d, struct case_ring *r)
{
	void *buf = kzalloc(64, GFP_KERNEL);

	if (!buf)
		return;
	twice(d, buf);
	unmap_granted(d, buf);
	reclaim_owned(d, buf);
	kfree(buf);
}
