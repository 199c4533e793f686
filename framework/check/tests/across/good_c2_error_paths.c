// SPDX-License-Identifier: GPL-2.0
/* The twin of bad_c2_error_paths.c: each path keeps the contract. */
#include "common.h"

static int case_setup(struct case_dev *d, void *buf)
	__kcell_gives_if(0, &d->lease)
{
	return dma_lease_map(&d->lease, d->dev, buf, 64, DMA_TO_DEVICE);
}

static void case_fill(struct dma_lease *l) __kcell_owns(l)
{
	u8 *p = dma_lease_cpu(l);

	if (p)
		p[0] = 1;
}

static void case_post(struct case_dev *d, bool ready) __kcell_takes(&d->lease)
{
	if (!ready) {
		/* Not posted: the buffer is released instead. */
		dma_lease_unmap(&d->lease);
		return;
	}
	d->posted = dma_lease_grant(&d->lease);
}

static void entry(struct case_dev *d, struct case_ring *r)
{
	void *buf = kzalloc(64, GFP_KERNEL);

	if (!buf)
		return;
	if (case_setup(d, buf)) {
		kfree(buf);
		return;
	}
	case_fill(&d->lease);
	case_post(d, true);
	dma_lease_reclaim(&d->lease);
	dma_lease_unmap(&d->lease);
	kfree(buf);
}
