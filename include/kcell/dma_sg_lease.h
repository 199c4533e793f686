/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scatter-gather leases: a buffer of several pieces, mapped with
 * dma_map_sgtable(), that belongs to the CPU or to the device, never to
 * both.
 *
 * The same states as a struct dma_lease, for a struct sg_table.
 *
 *	dma_sg_lease_map()       unmapped -> CPU
 *	dma_sg_lease_grant()     CPU      -> device    the table, for its
 *	                                               segments' bus addresses
 *	dma_sg_lease_map_grant() unmapped -> device    both, one sync
 *	dma_sg_lease_reclaim()   device   -> CPU       the table, for the CPU
 *	dma_sg_lease_unmap()     CPU      -> unmapped
 *
 * While the CPU owns it, dma_sg_lease_table() gives the table to walk
 * with the CPU's addresses (sg_virt(), sg_page()); while the device owns
 * it, the table the grant returned is read for the device's addresses
 * with for_each_sgtable_dma_sg() and kcell_sg_dma_address(), a
 * kcell_dma_t for the descriptors.  The segments the IOMMU merged are
 * what the device sees: sgt->nents of them, not orig_nents.  One table,
 * one lease: a second mapping of a table overwrites the first one's
 * addresses.
 *
 * Example:
 *
 *	struct my_sg_desc {
 *		kcell_dma_le64_t addr;
 *		__le32 len;
 *		__le32 flags;
 *	};
 *
 *	struct my_xfer {
 *		struct dma_sg_lease lease;
 *	};
 *
 *	// Writes one descriptor per segment; returns how many.
 *	static int my_xfer_post(struct my_xfer *x, struct device *dev,
 *				struct sg_table *sgt, struct dma_region *ring)
 *	{
 *		const struct sg_table *dev_sgt;
 *		struct scatterlist *sg;
 *		int err, i;
 *
 *		err = dma_sg_lease_map_grant(&x->lease, dev, sgt,
 *					     DMA_TO_DEVICE, &dev_sgt);
 *		if (err)
 *			return err;
 *		for_each_sgtable_dma_sg(dev_sgt, sg, i) {
 *			kcell_dma_t bus = kcell_sg_dma_address(sg);
 *
 *			dma_region_write_field(ring, i, struct my_sg_desc,
 *					       addr, kcell_dma_to_desc(bus));
 *			dma_region_write_field(ring, i, struct my_sg_desc,
 *					       len, cpu_to_le32(sg_dma_len(sg)));
 *		}
 *		return i;
 *	}
 */
#ifndef _KCELL_DMA_SG_LEASE_H
#define _KCELL_DMA_SG_LEASE_H

#include <linux/scatterlist.h>

#include "base.h"
#include "dma_lease.h"

/**
 * struct dma_sg_lease - a scatter-gather DMA buffer and who owns it
 *
 * Zero-initialised, a lease is unmapped.  All members are private.
 */
struct dma_sg_lease {
	/* private: */
	KCELL_NO_COPY;
	struct sg_table *__leased __kc_sgt;
	struct device *__leased __kc_dev;
	enum dma_data_direction __leased __kc_dir;
	atomic_t __leased __kc_state;
} __kcell_capability(dma_sg_lease);

#define __sg_lease(l, member)	__kcell_member(l, member)

/**
 * kcell_sg_dma_address() - a mapped segment's bus address
 * @sg: a segment of a granted scatter-gather lease's table
 *
 * Return: sg_dma_address(@sg), typed for kcell_dma_to_desc(); valid until
 * the lease is reclaimed, like any lease's address.
 */
static inline kcell_dma_t kcell_sg_dma_address(struct scatterlist *sg)
{
	return (__force kcell_dma_t)sg_dma_address(sg);
}

/* @l from @from to @to; *@seen is the state found when it did not move. */
static __always_inline bool __dma_sg_lease_claim(struct dma_sg_lease *l,
						 int from, int to, int *seen)
{
	*seen = from;
	return atomic_try_cmpxchg(&__sg_lease(l, state), seen, to);
}

static __always_inline int __dma_sg_lease_map(struct dma_sg_lease *l,
					      struct device *dev,
					      struct sg_table *sgt,
					      enum dma_data_direction dir,
					      bool grant,
					      const struct sg_table **dev_sgt,
					      struct kcell_site *site)
	__kcell_no_analysis
{
	int was, err;

	if (dev_sgt)
		*dev_sgt = NULL;
	if (!dev || !sgt || !sgt->orig_nents || !valid_dma_direction(dir))
		return -EINVAL;
	if (!__dma_sg_lease_claim(l, KCELL_LEASE_UNMAPPED, KCELL_LEASE_BUSY,
				  &was)) {
		kcell_misuse(true, site, "dma_sg_lease map of a mapped lease");
		return -EBUSY;
	}
	/*
	 * A lease mapped for the CPU is synced for the device at its grant;
	 * one mapped and granted at once is synced by the mapping.
	 */
	err = dma_map_sgtable(dev, sgt, dir, grant ? 0 : DMA_ATTR_SKIP_CPU_SYNC);
	if (err) {
		atomic_set(&__sg_lease(l, state), KCELL_LEASE_UNMAPPED);
		return err;
	}
	__sg_lease(l, sgt) = sgt;
	__sg_lease(l, dev) = dev;
	__sg_lease(l, dir) = dir;
	if (dev_sgt)
		*dev_sgt = sgt;
	atomic_set_release(&__sg_lease(l, state),
			   grant ? KCELL_LEASE_DEVICE : KCELL_LEASE_CPU);
	return 0;
}

/**
 * dma_sg_lease_map() - map a scatter-gather table under a lease
 * @l: an unmapped lease
 * @dev: the device that will access the buffer
 * @sgt: the table; the lease uses it until unmapped
 * @dir: DMA_TO_DEVICE, DMA_FROM_DEVICE or DMA_BIDIRECTIONAL
 *
 * The lease starts CPU-owned: fill the pieces, then dma_sg_lease_grant().
 *
 * Return: 0; -EINVAL for a bad argument or an empty table; -EBUSY if @l
 * is mapped (a misuse debug mode reports); dma_map_sgtable()'s -errno.
 */
#define dma_sg_lease_map(l, dev, sgt, dir)				\
	__dma_sg_lease_map(l, dev, sgt, dir, false, NULL, KCELL_HERE)

/**
 * dma_sg_lease_map_grant() - map a filled table and grant it at once
 * @l: an unmapped lease
 * @dev: the device that will access the buffer
 * @sgt: the table, filled
 * @dir: DMA_TO_DEVICE, DMA_FROM_DEVICE or DMA_BIDIRECTIONAL
 * @dev_sgt: where to store the table, to read its segments' addresses
 *
 * dma_sg_lease_map() then dma_sg_lease_grant(), with one sync.
 *
 * Return: as dma_sg_lease_map(), with *@dev_sgt NULL on failure.
 */
#define dma_sg_lease_map_grant(l, dev, sgt, dir, dev_sgt)		\
	__dma_sg_lease_map(l, dev, sgt, dir, true, dev_sgt, KCELL_HERE)

static __always_inline const struct sg_table *
__dma_sg_lease_grant(struct dma_sg_lease *l, struct kcell_site *site)
	__kcell_no_analysis
{
	struct sg_table *sgt;
	int was;

	if (unlikely(!__dma_sg_lease_claim(l, KCELL_LEASE_CPU,
					   KCELL_LEASE_BUSY, &was))) {
		kcell_misuse(true, site, was == KCELL_LEASE_DEVICE ?
			     "double dma_sg_lease_grant" :
			     "dma_sg_lease_grant of a lease the CPU does not own");
		return NULL;
	}
	sgt = __sg_lease(l, sgt);
	dma_sync_sgtable_for_device(__sg_lease(l, dev), sgt, __sg_lease(l, dir));
	/* The table was read before: from here a reclaim may run. */
	atomic_set_release(&__sg_lease(l, state), KCELL_LEASE_DEVICE);
	return sgt;
}

/**
 * dma_sg_lease_grant() - hand a CPU-owned scatter-gather lease to the device
 * @l: the lease
 *
 * Syncs every piece for the device; dma_sg_lease_table() gives NULL
 * until the reclaim.
 *
 * Return: the table, for its segments' bus addresses
 * (kcell_sg_dma_address()); NULL if the lease was not CPU-owned (a
 * misuse debug mode reports).
 */
#define dma_sg_lease_grant(l)	__dma_sg_lease_grant(l, KCELL_HERE)

static __always_inline struct sg_table *
__dma_sg_lease_reclaim(struct dma_sg_lease *l, struct kcell_site *site)
	__kcell_no_analysis
{
	struct sg_table *sgt;
	int was;

	if (unlikely(!__dma_sg_lease_claim(l, KCELL_LEASE_DEVICE,
					   KCELL_LEASE_BUSY, &was))) {
		kcell_misuse(true, site, was == KCELL_LEASE_CPU ?
			     "dma_sg_lease_reclaim of a CPU-owned lease" :
			     "dma_sg_lease_reclaim of a lease the device does not own");
		return was == KCELL_LEASE_CPU ? __sg_lease(l, sgt) : NULL;
	}
	sgt = __sg_lease(l, sgt);
	dma_sync_sgtable_for_cpu(__sg_lease(l, dev), sgt, __sg_lease(l, dir));
	atomic_set_release(&__sg_lease(l, state), KCELL_LEASE_CPU);
	return sgt;
}

/**
 * dma_sg_lease_reclaim() - take a scatter-gather lease back from the device
 * @l: the lease, granted
 *
 * Syncs every piece for the CPU.
 *
 * Return: the table, the CPU's again; a CPU-owned lease's table, or NULL
 * for an unmapped one (both misuses debug mode reports).
 */
#define dma_sg_lease_reclaim(l)	__dma_sg_lease_reclaim(l, KCELL_HERE)

static __always_inline struct sg_table *
__dma_sg_lease_table(struct dma_sg_lease *l, struct kcell_site *site)
{
	int state = atomic_read_acquire(&__sg_lease(l, state));

	if (likely(state == KCELL_LEASE_CPU))
		return __sg_lease(l, sgt);
	kcell_misuse(state == KCELL_LEASE_DEVICE, site,
		     "CPU access to a device-owned sg lease");
	return NULL;
}

/**
 * dma_sg_lease_table() - the table of a CPU-owned scatter-gather lease
 * @l: the lease
 *
 * Return: the table while the CPU owns the lease; NULL while the device
 * does (a misuse debug mode reports) or while unmapped.
 */
#define dma_sg_lease_table(l)	__dma_sg_lease_table(l, KCELL_HERE)

static __always_inline int __dma_sg_lease_unmap(struct dma_sg_lease *l,
						struct kcell_site *site)
	__kcell_no_analysis
{
	int was;

	if (!__dma_sg_lease_claim(l, KCELL_LEASE_CPU, KCELL_LEASE_BUSY, &was)) {
		if (was == KCELL_LEASE_UNMAPPED)
			return 0;
		kcell_misuse(was == KCELL_LEASE_DEVICE, site,
			     "dma_sg_lease_unmap of a device-owned lease");
		return -EBUSY;
	}
	dma_unmap_sgtable(__sg_lease(l, dev), __sg_lease(l, sgt),
			  __sg_lease(l, dir), DMA_ATTR_SKIP_CPU_SYNC);
	__sg_lease(l, sgt) = NULL;
	atomic_set_release(&__sg_lease(l, state), KCELL_LEASE_UNMAPPED);
	return 0;
}

/**
 * dma_sg_lease_unmap() - unmap a CPU-owned scatter-gather lease
 * @l: the lease
 *
 * The table is the caller's again, as the CPU last left it.
 *
 * Return: 0 (also for an unmapped lease); -EBUSY while granted (a misuse
 * debug mode reports).
 */
#define dma_sg_lease_unmap(l)	__dma_sg_lease_unmap(l, KCELL_HERE)

/**
 * dma_sg_lease_is_granted() - whether the device owns the lease
 * @l: the lease
 *
 * Return: true between the grant and the reclaim; a racy hint.
 */
static inline bool dma_sg_lease_is_granted(struct dma_sg_lease *l)
{
	return atomic_read(&__sg_lease(l, state)) == KCELL_LEASE_DEVICE;
}

#undef __sg_lease

#endif /* _KCELL_DMA_SG_LEASE_H */
