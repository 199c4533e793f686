// SPDX-License-Identifier: GPL-2.0
/*
 * Class 5, more forms: a driver macro that hides the reclaim, used twice,
 * and one that reads the buffer through the kept pointer, used while the
 * device owns it.  The contracts report the uses; Coccinelle, which sees
 * the macro's body at its use, reports the double reclaim on the line of
 * the definition.
 */
#include "common.h"

#define CASE_RX_DONE(d)		dma_lease_reclaim(&(d)->lease)	/* KCELL-EXPECT */
#define CASE_RX_POST(d)		((d)->posted = dma_lease_grant(&(d)->lease))
#define CASE_FIRST(d)		((d)->data[0])

static void poll(struct case_dev *d) __kcell_not_owned(&d->lease)
{
	CASE_RX_DONE(d);
	CASE_RX_DONE(d);					/* KCELL-EXPECT */
	CASE_RX_POST(d);
	pr_info("%u\n", CASE_FIRST(d));				/* KCELL-EXPECT */
}

static void entry(struct case_dev *d, struct case_ring *r)
{
	poll(d);
}
