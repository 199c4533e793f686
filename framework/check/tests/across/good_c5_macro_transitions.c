// SPDX-License-Identifier: GPL-2.0
/*
 * The twin of bad_c5_macro_transitions.c: one reclaim, the buffer read
 * while the CPU owns it, then posted again.
 */
#include "common.h"

#define CASE_RX_DONE(d)		dma_lease_reclaim(&(d)->lease)
#define CASE_RX_POST(d)		((d)->posted = dma_lease_grant(&(d)->lease))
#define CASE_FIRST(d)		((d)->data[0])

static void poll(struct case_dev *d) __kcell_not_owned(&d->lease)
{
	CASE_RX_DONE(d);
	pr_info("%u\n", CASE_FIRST(d));
	CASE_RX_POST(d);
}

static void entry(struct case_dev *d, struct case_ring *r)
{
	poll(d);
}
