// SPDX-License-Identifier: GPL-2.0
/*
 * The twin of bad_c2_lifetimes.c: open posts what it mapped (its contract
 * says it hands the lease to the device), and the poll reclaims once
 * before it reposts.
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
	post(d);
	return 0;
}

static void poll_once(struct case_dev *d) __kcell_not_owned(&d->lease)
{
	rx_done(d);
	post(d);
}

static void entry(struct case_dev *d, struct case_ring *r)
{
	pr_info("%d\n", open_dev(d, NULL));
	poll_once(d);
}
