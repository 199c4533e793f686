// SPDX-License-Identifier: GPL-2.0
/* Driver macros that hide a grant and a buffer access. */
#include "common.h"

#define CASE_POST(d)	((d)->posted = dma_lease_grant(&(d)->lease))
#define CASE_BUF(d)	((u8 *)dma_lease_cpu(&(d)->lease))
#define CASE_STAMP(d)	do { u8 *__p = CASE_BUF(d); if (__p) __p[0] = 1; } while (0)

static void entry(struct case_dev *d, struct case_ring *r)
{
	if (case_map(d, DMA_TO_DEVICE))
		return;
	CASE_POST(d);
	CASE_STAMP(d);		/* KCELL-EXPECT */
	CASE_POST(d);		/* KCELL-EXPECT */
	dma_lease_reclaim(&d->lease);
	case_unmap(d);
}
