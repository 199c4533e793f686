/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the ownership-contract self-test cases: a device with one
 * lease, and a ring of them, as a driver would have.  Each case is a
 * module of its own whose init calls its functions, so that nothing is
 * unused; nothing is ever loaded.
 */
#ifndef _KCELL_CONTRACT_CASES_H
#define _KCELL_CONTRACT_CASES_H

#include <linux/device.h>
#include <linux/module.h>
#include <kcell/kcell.h>

struct case_dev {
	struct device *dev;
	struct dma_lease lease;

	/* The buffer's CPU address, kept while the device owns it. */
	u8 *data __kcell_owned_by(&lease);
	kcell_dma_t posted;
};

#define CASE_RING	8

struct case_ring {
	struct device *dev;
	struct dma_lease slot[CASE_RING];
	unsigned int next;
};

static struct case_dev case_dev;
static struct case_ring case_ring;

/* A fresh 64-byte buffer mapped into @d's lease: the CPU owns it on 0. */
static inline int case_map(struct case_dev *d, enum dma_data_direction dir)
	__kcell_gives_if(0, &d->lease)
{
	void *buf = kzalloc(64, GFP_KERNEL);

	if (!buf)
		return -ENOMEM;
	if (dma_lease_map(&d->lease, d->dev, buf, 64, dir)) {
		kfree(buf);
		return -EIO;
	}
	return 0;
}

/* Unmaps @d's lease, which the CPU owns, and frees its buffer. */
static inline void case_unmap(struct case_dev *d) __kcell_takes(&d->lease)
{
	void *buf = dma_lease_cpu(&d->lease);

	dma_lease_unmap(&d->lease);
	kfree(buf);
}

/* Each case defines it; the module's init calls it. */
static void entry(struct case_dev *d, struct case_ring *r);

static int __init case_init(void)
{
	entry(&case_dev, &case_ring);
	return 0;
}
module_init(case_init);
MODULE_LICENSE("GPL");

#endif
