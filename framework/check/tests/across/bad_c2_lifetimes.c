// SPDX-License-Identifier: GPL-2.0
/*
 * Class 2, more forms: a probe-like function that maps through a helper
 * and returns with the lease still the CPU's on its success path (neither
 * granted nor unmapped: a leak), and a poll that reclaims through a helper
 * twice.
 */
#include "common.h"

static int setup(struct case_dev *d, void *buf) __kcell_gives_if(0, &d->lease)
{
	return dma_lease_map(&d->lease, d->dev, buf, 64, DMA_FROM_DEVICE);
}

static void *rx_done(struct case_dev *d) __kcell_gives(&d->lease)
{
	return dma_lease_reclaim(&d->lease);
}

static void post(struct case_dev *d) __kcell_takes(&d->lease)
{
	d->posted = dma_lease_grant(&d->lease);
}

static int open_dev(struct case_dev *d, void *buf)
{
	if (setup(d, buf))
		return -ENOMEM;
	return 0;
}	/* KCELL-EXPECT */

static void poll_twice(struct case_dev *d) __kcell_not_owned(&d->lease)
{
	rx_done(d);
	rx_done(d);						/* KCELL-EXPECT */
	post(d);
}

static void entry(struct case_dev *d, struct case_ring *r)
{
	pr_info("%d\n", open_dev(d, NULL));
	poll_twice(d);
}
