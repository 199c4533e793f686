// SPDX-License-Identifier: GPL-2.0
/* The twin of bad_c5_driver_macros.c: stamp, post, reclaim, stamp. */
#include "common.h"

#define CASE_POST(d)	((d)->posted = dma_lease_grant(&(d)->lease))
#define CASE_BUF(d)	((u8 *)dma_lease_cpu(&(d)->lease))
#define CASE_STAMP(d)	do { u8 *__p = CASE_BUF(d); if (__p) __p[0] = 1; } while (0)

static void entry(struct case_dev *d, struct case_ring *r)
{
	if (case_map(d, DMA_TO_DEVICE))
		return;
	CASE_STAMP(d);
	CASE_POST(d);
	dma_lease_reclaim(&d->lease);
	CASE_STAMP(d);
	case_unmap(d);
}
