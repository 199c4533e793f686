// SPDX-License-Identifier: GPL-2.0
/* A helper fills a lease's buffer; its caller calls it after the grant. */
#include "common.h"

static void case_fill(struct dma_lease *l) __kcell_owns(l)
{
	u8 *p = dma_lease_cpu(l);

	if (p)
		p[0] = 0xff;
}

static void case_post(struct case_dev *d) __kcell_takes(&d->lease)
{
	d->posted = dma_lease_grant(&d->lease);
}

static void entry(struct case_dev *d, struct case_ring *r)
{
	if (case_map(d, DMA_TO_DEVICE))
		return;
	case_post(d);
	case_fill(&d->lease);	/* KCELL-EXPECT */
	dma_lease_reclaim(&d->lease);
	case_unmap(d);
}
