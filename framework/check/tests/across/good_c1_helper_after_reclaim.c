// SPDX-License-Identifier: GPL-2.0
/* The twin of bad_c1_helper_after_grant.c: the helper runs while the CPU owns. */
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
	case_fill(&d->lease);
	case_post(d);
	dma_lease_reclaim(&d->lease);
	case_fill(&d->lease);
	case_unmap(d);
}
