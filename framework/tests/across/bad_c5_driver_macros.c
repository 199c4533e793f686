// SPDX-License-Identifier: GPL-2.0
/* Driver macros that hide a grant and a buffer access. */
#include "common.h"

#define CASE_POST(d)	((d)->posted = dma_lease_grant(&(d)->lease))
#define CASE_BUF(d)	((u8 *)dma_lease_cpu(&(d)->lease))
#define CASE_STAMP(d)	do { u8 *__p = CASE_BUF(d); if (__p) __p[0] = 1; } while (0)

static void entry(struct case_dev *d, struct case_ring *r)
{
	void *buf = kzalloc(64, GFP_KERNEL);

	if (!buf)
		return;
	if (dma_lease_map(&d->lease, d->dev, buf, 64, DMA_TO_DEVICE)) {
		kfree(buf);
		return;
	}
	CASE_POST(d);
	CASE_STAMP(d);		/* KCELL-EXPECT */
	CASE_POST(d);		/* KCELL-EXPECT */
	dma_lease_reclaim(&d->lease);
	dma_lease_unmap(&d->lease);
	kfree(buf);
}
