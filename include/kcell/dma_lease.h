/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DMA leases: a streaming DMA buffer belongs to the CPU or to the device,
 * never to both.
 *
 * The streaming DMA API already has this rule (after dma_sync_*_for_device()
 * the CPU must not touch the buffer until dma_sync_*_for_cpu()), but nothing
 * enforces it.  A lease records who owns the buffer and hands out what each
 * owner needs: the CPU pointer while the CPU owns it, the bus address when
 * it is granted to the device.  It is what a Tock driver gets by moving a
 * &'static mut [u8] into the hardware layer and back through a callback.
 *
 *	dma_lease_map()       unmapped -> CPU       (-errno on failure)
 *	dma_lease_grant()     CPU      -> device    returns the bus address
 *	dma_lease_map_grant() unmapped -> device    both, one sync
 *	dma_lease_reclaim()   device   -> CPU       returns the CPU pointer
 *	dma_lease_unmap()     CPU      -> unmapped  (refused while granted)
 *
 * Transitions are atomic, so a completion interrupt may reclaim a lease
 * that process context granted.  The buffer is synced exactly once per
 * hand-over: for the device at each grant (or by the mapping itself for
 * dma_lease_map_grant()), for the CPU at each reclaim.
 * Mapping and unmapping skip the CPU sync (DMA_ATTR_SKIP_CPU_SYNC): a new
 * lease is the CPU's already, and an unmapped one was the CPU's since its
 * last reclaim, so a sync there would only cost cache maintenance where
 * DMA is not coherent, or (at unmap) overwrite what the CPU wrote since
 * that reclaim.  swiotlb copies a buffer out at every map whatever the
 * attributes: map and grant a filled buffer with dma_lease_map_grant(),
 * one copy, not two.
 *
 * DMA_FROM_DEVICE buffers: what the CPU writes into one while it is
 * CPU-owned is not sent to the device, and where the device then writes
 * fewer bytes than the buffer holds, a bounce buffer (swiotlb) brings back
 * its own stale bytes over the rest at the next reclaim.  Write such a
 * buffer, if at all, before dma_lease_map(); debug mode reports a grant of
 * one whose bytes changed since it became CPU-owned.
 *
 * Bus addresses are kcell_dma_t, a sparse __bitwise type: only a lease or
 * a region makes one, and a plain integer given where one is expected is
 * a sparse warning.  A kcell_dma_t is valid while its lease is granted:
 * do not keep one past the reclaim.
 *
 * Example:
 *
 *	struct rx_buf {
 *		struct dma_lease lease;	// zeroed: unmapped
 *	};
 *
 *	static int rx_post(struct rx_buf *rx, struct device *dev,
 *			   void __iomem *regs, void *buf, size_t len)
 *	{
 *		kcell_dma_t bus;
 *		int err;
 *
 *		err = dma_lease_map(&rx->lease, dev, buf, len, DMA_FROM_DEVICE);
 *		if (err)
 *			return err;
 *		bus = dma_lease_grant(&rx->lease);	// the CPU loses buf
 *		writel(kcell_dma_lower_32_bits(bus), regs);
 *		return 0;
 *	}
 *
 *	// The completion: synced, the buffer is the CPU's again.
 *	static int rx_done(struct rx_buf *rx)
 *	{
 *		u8 *data = dma_lease_reclaim(&rx->lease);
 *		int first = data ? data[0] : -ENODATA;
 *
 *		dma_lease_unmap(&rx->lease);	// -EBUSY while granted
 *		return first;
 *	}
 */
#ifndef _KCELL_DMA_LEASE_H
#define _KCELL_DMA_LEASE_H

#include <linux/atomic.h>
#include <linux/dma-mapping.h>
#include <linux/jhash.h>
#include <linux/kernel.h>

#include "base.h"

/**
 * typedef kcell_dma_t - a bus address the device may use
 *
 * Made only by dma_lease_grant() and dma_region_addr(); turned into what a
 * descriptor or register needs by the kcell_dma_*() helpers.
 */
typedef dma_addr_t __bitwise kcell_dma_t;

/**
 * KCELL_DMA_ERROR - the kcell_dma_t of a refused grant or address
 *
 * Never a valid address (it is DMA_MAPPING_ERROR); test with
 * kcell_dma_is_error().
 */
#define KCELL_DMA_ERROR	((__force kcell_dma_t)DMA_MAPPING_ERROR)

/**
 * kcell_dma_is_error() - whether a bus address is KCELL_DMA_ERROR
 * @addr: the address
 *
 * Return: true for the address of a refused grant or lookup.
 */
static inline bool kcell_dma_is_error(kcell_dma_t addr)
{
	return (__force dma_addr_t)addr == DMA_MAPPING_ERROR;
}

/**
 * kcell_dma_to_le64() - a bus address as a little-endian descriptor field
 * @addr: the address
 *
 * Return: @addr in the byte order of a 64-bit little-endian field.
 */
static inline __le64 kcell_dma_to_le64(kcell_dma_t addr)
{
	return cpu_to_le64((__force u64)addr);
}

/**
 * typedef kcell_dma_le64_t - a bus address in a descriptor's 64-bit field
 *
 * For descriptor layouts a driver defines itself: declare the buffer
 * address field with this type instead of __le64, and sparse rejects any
 * value written to it that did not come from kcell_dma_to_desc() (a
 * cpu_to_le64() of an arbitrary number included).  Little-endian, as the
 * PCI devices that have such fields read them.
 */
typedef u64 __bitwise kcell_dma_le64_t;

static __always_inline kcell_dma_le64_t
__kcell_dma_to_desc(kcell_dma_t addr, const struct kcell_site *site)
{
	/*
	 * In every build: a refused grant's address must not reach the
	 * device silently.  It stays KCELL_DMA_ERROR (all ones, which no
	 * memory answers to) rather than 0, which is memory.
	 */
	if (unlikely(kcell_dma_is_error(addr)))
		kcell_report(site, "kcell_dma_to_desc of KCELL_DMA_ERROR");
	return (__force kcell_dma_le64_t)cpu_to_le64((__force u64)addr);
}

/**
 * kcell_dma_to_desc() - a bus address as a kcell_dma_le64_t descriptor field
 * @addr: the address
 *
 * @addr must be a valid address: KCELL_DMA_ERROR (what a refused grant or
 * an out-of-bounds dma_region_addr() returns) is reported with a WARN in
 * every build, debug or not, because a descriptor holding it sends the
 * device to a bus address nobody mapped.  Test the grant's result with
 * kcell_dma_is_error() where a refusal is possible.
 *
 * Return: @addr, little-endian, typed so that only this function makes it.
 */
#define kcell_dma_to_desc(addr)	__kcell_dma_to_desc(addr, KCELL_HERE)

/**
 * kcell_dma_lower_32_bits() - low half of a bus address, for a register
 * @addr: the address
 *
 * Return: bits 0-31 of @addr.
 */
static inline u32 kcell_dma_lower_32_bits(kcell_dma_t addr)
{
	return lower_32_bits((__force dma_addr_t)addr);
}

/**
 * kcell_dma_upper_32_bits() - high half of a bus address, for a register
 * @addr: the address
 *
 * Return: bits 32-63 of @addr (0 where dma_addr_t has 32 bits).
 */
static inline u32 kcell_dma_upper_32_bits(kcell_dma_t addr)
{
	return upper_32_bits((__force dma_addr_t)addr);
}

/**
 * __kcell_dma_raw() - escape hatch: a bus address as a plain dma_addr_t
 * @addr: the address
 *
 * For the rare interface that takes a dma_addr_t.  Every use is counted by
 * the census as code outside the rules.
 *
 * Return: @addr without its sparse restriction.
 */
static inline dma_addr_t __kcell_dma_raw(kcell_dma_t addr)
{
	return (__force dma_addr_t)addr;
}

enum {
	KCELL_LEASE_UNMAPPED,
	KCELL_LEASE_CPU,
	KCELL_LEASE_DEVICE,
	KCELL_LEASE_BUSY,	/* being mapped, unmapped or reclaimed */
};

/**
 * struct dma_lease - a streaming DMA buffer and who owns it
 *
 * Zero-initialised, a lease is unmapped.  All members are private.
 */
struct dma_lease {
	/* private: */
	void *__leased __kc_cpu;
	struct device *__leased __kc_dev;
	kcell_dma_t __leased __kc_bus;
	size_t __leased __kc_len;
	enum dma_data_direction __leased __kc_dir;
	atomic_t __leased __kc_state;
#if KCELL_DEBUG_ENABLED
	/* A DMA_FROM_DEVICE buffer's hash when it became CPU-owned. */
	u32 __leased __kc_sum;
#endif
} __kcell_capability(dma_lease);

#define __lease(l, member)	__kcell_member(l, member)

/*
 * Moves the lease from @from to @to, a full barrier so that ownership is
 * ordered.  Return: whether it moved; *@seen is the state found when not.
 */
static __always_inline bool __dma_lease_claim(struct dma_lease *l, int from,
					      int to, int *seen)
{
	*seen = from;
	return atomic_try_cmpxchg(&__lease(l, state), seen, to);
}

/*
 * Debug mode: a DMA_FROM_DEVICE lease remembers the hash of its bytes when
 * it becomes CPU-owned, and a grant reports bytes changed since.
 */
static __always_inline void __dma_lease_sum(struct dma_lease *l)
{
#if KCELL_DEBUG_ENABLED
	if (__lease(l, dir) == DMA_FROM_DEVICE)
		__lease(l, sum) = jhash(__lease(l, cpu), __lease(l, len), 0);
#endif
}

static __always_inline void __dma_lease_check_sum(struct dma_lease *l,
						  const struct kcell_site *site)
{
#if KCELL_DEBUG_ENABLED
	kcell_misuse(__lease(l, dir) == DMA_FROM_DEVICE &&
		     __lease(l, sum) != jhash(__lease(l, cpu), __lease(l, len), 0),
		     site, "CPU write to a DMA_FROM_DEVICE lease, lost at grant");
#endif
}

/*
 * The start of both maps: checks the arguments and takes @l from unmapped
 * to busy.  Return: 0, -EINVAL, or -EBUSY (a misuse: @what).
 */
static __always_inline int __dma_lease_map_begin(struct dma_lease *l,
						 struct device *dev, void *buf,
						 size_t len,
						 enum dma_data_direction dir,
						 const struct kcell_site *site,
						 const char *what)
{
	int was;

	if (!dev || !buf || !len || !valid_dma_direction(dir))
		return -EINVAL;
	if (!__dma_lease_claim(l, KCELL_LEASE_UNMAPPED, KCELL_LEASE_BUSY,
			       &was)) {
		kcell_misuse(true, site, what);
		return -EBUSY;
	}
	return 0;
}

/*
 * Maps @buf for @l, which __dma_lease_map_begin() made busy, and records
 * the mapping; the caller publishes the new state.  Return: 0, or -ENOMEM
 * with @l unmapped again.
 */
static __always_inline int __dma_lease_map_buf(struct dma_lease *l,
					       struct device *dev, void *buf,
					       size_t len,
					       enum dma_data_direction dir,
					       unsigned long attrs)
{
	dma_addr_t bus = dma_map_single_attrs(dev, buf, len, dir, attrs);

	if (dma_mapping_error(dev, bus)) {
		atomic_set(&__lease(l, state), KCELL_LEASE_UNMAPPED);
		return -ENOMEM;
	}
	__lease(l, cpu) = buf;
	__lease(l, dev) = dev;
	__lease(l, bus) = (__force kcell_dma_t)bus;
	__lease(l, len) = len;
	__lease(l, dir) = dir;
	return 0;
}

static __always_inline int __dma_lease_map(struct dma_lease *l,
					   struct device *dev, void *buf,
					   size_t len,
					   enum dma_data_direction dir,
					   const struct kcell_site *site)
	__kcell_gives_if(0, l) __kcell_no_analysis
{
	int err = __dma_lease_map_begin(l, dev, buf, len, dir, site,
					"dma_lease_map of a mapped lease");

	if (err)
		return err;
	/*
	 * The lease starts CPU-owned and the grant syncs for the device, so
	 * the mapping itself need not sync in either direction.
	 */
	err = __dma_lease_map_buf(l, dev, buf, len, dir,
				  DMA_ATTR_SKIP_CPU_SYNC);
	if (err)
		return err;
	__dma_lease_sum(l);
	atomic_set_release(&__lease(l, state), KCELL_LEASE_CPU);
	return 0;
}

/**
 * dma_lease_map() - map a buffer for streaming DMA under a lease
 * @l: an unmapped lease
 * @dev: the device that will access the buffer
 * @buf: the buffer (kmalloc'ed or page memory, not the stack or vmalloc)
 * @len: its length in bytes
 * @dir: DMA_TO_DEVICE, DMA_FROM_DEVICE or DMA_BIDIRECTIONAL
 *
 * The lease starts CPU-owned: fill the buffer through dma_lease_cpu(),
 * then dma_lease_grant() it.
 *
 * Return: 0; -EINVAL for a bad argument; -EBUSY if @l is already mapped (a
 * misuse debug mode reports); -ENOMEM if the mapping failed.
 */
#define dma_lease_map(l, dev, buf, len, dir)				\
	__dma_lease_map(l, dev, buf, len, dir, KCELL_HERE)

static __always_inline __must_check int
__dma_lease_map_grant(struct dma_lease *l, struct device *dev, void *buf,
		      size_t len, enum dma_data_direction dir,
		      kcell_dma_t *addr, const struct kcell_site *site)
{
	int err;

	*addr = KCELL_DMA_ERROR;
	err = __dma_lease_map_begin(l, dev, buf, len, dir, site,
				    "dma_lease_map_grant of a mapped lease");
	if (err)
		return err;
	/*
	 * The mapping's own sync for the device is the grant's: under
	 * swiotlb the map copies the buffer out in any case, so a map with
	 * DMA_ATTR_SKIP_CPU_SYNC followed by a grant would copy it twice.
	 */
	err = __dma_lease_map_buf(l, dev, buf, len, dir, 0);
	if (err)
		return err;
	*addr = __lease(l, bus);
	/* Release: the device is handed the address after the sync. */
	atomic_set_release(&__lease(l, state), KCELL_LEASE_DEVICE);
	return 0;
}

/**
 * dma_lease_map_grant() - map a filled buffer and grant it at once
 * @l: an unmapped lease
 * @dev: the device that will access the buffer
 * @buf: the buffer, filled (kmalloc'ed or page memory)
 * @len: its length in bytes
 * @dir: DMA_TO_DEVICE, DMA_FROM_DEVICE or DMA_BIDIRECTIONAL
 * @addr: where to store the bus address to program into the device
 *
 * dma_lease_map() then dma_lease_grant() with one sync for the device
 * instead of two: the buffer is never CPU-owned under the lease, so write
 * it before.  A transmit path that maps each packet as it sends it wants
 * this: under swiotlb the map and the grant would each copy the packet.
 *
 * Return: 0 with @l granted and *@addr its bus address; -EINVAL for a bad
 * argument, -EBUSY if @l is already mapped (a misuse debug mode reports),
 * -ENOMEM if the mapping failed, with *@addr KCELL_DMA_ERROR and @l as it
 * was.
 */
#define dma_lease_map_grant(l, dev, buf, len, dir, addr)		\
	__dma_lease_map_grant(l, dev, buf, len, dir, addr, KCELL_HERE)

/**
 * KCELL_TEST_GRANT_HOOK() - runs inside dma_lease_grant(), for tests
 * @l: the lease being granted
 *
 * Runs between taking the lease from the CPU and syncing it for the
 * device.  It does nothing unless a test defines it before including
 * kcell, to race that window.
 */
#ifndef KCELL_TEST_GRANT_HOOK
# define KCELL_TEST_GRANT_HOOK(l) ((void)(l))
#endif

static __always_inline __must_check kcell_dma_t
__dma_lease_grant(struct dma_lease *l, const struct kcell_site *site)
	__kcell_takes(l) __kcell_no_analysis
{
	int was;

	/*
	 * CPU -> busy -> sync -> device: until the sync is done the lease is
	 * nobody's, so a racing reclaim cannot sync for the CPU first.
	 */
	if (unlikely(!__dma_lease_claim(l, KCELL_LEASE_CPU, KCELL_LEASE_BUSY,
					&was))) {
		if (was == KCELL_LEASE_DEVICE)
			kcell_misuse(true, site, "double dma_lease_grant");
		else if (was == KCELL_LEASE_BUSY)
			kcell_misuse(true, site,
				     "dma_lease_grant racing another transition");
		else
			kcell_misuse(true, site,
				     "dma_lease_grant of an unmapped lease");
		return KCELL_DMA_ERROR;
	}
	__dma_lease_check_sum(l, site);
	KCELL_TEST_GRANT_HOOK(l);
	dma_sync_single_for_device(__lease(l, dev),
				   (__force dma_addr_t)__lease(l, bus),
				   __lease(l, len), __lease(l, dir));
	/* Release: the device is handed the address after the sync. */
	atomic_set_release(&__lease(l, state), KCELL_LEASE_DEVICE);
	return __lease(l, bus);
}

/**
 * dma_lease_grant() - hand a CPU-owned lease to the device
 * @l: the lease
 *
 * Syncs the buffer for the device.  From here until dma_lease_reclaim() the
 * CPU has no pointer to it: dma_lease_cpu() returns NULL.
 *
 * Return: the bus address to program into the device; KCELL_DMA_ERROR if
 * the lease was not CPU-owned (a misuse debug mode reports).  The result
 * must be used (__must_check), and kcell_dma_to_desc() reports the error
 * value in every build.
 */
#define dma_lease_grant(l)	__dma_lease_grant(l, KCELL_HERE)

static __always_inline void *__dma_lease_reclaim(struct dma_lease *l,
						 const struct kcell_site *site)
	__kcell_gives(l) __kcell_no_analysis
{
	int was;

	if (unlikely(!__dma_lease_claim(l, KCELL_LEASE_DEVICE, KCELL_LEASE_BUSY,
					&was))) {
		if (was == KCELL_LEASE_CPU) {
			kcell_misuse(true, site,
				     "dma_lease_reclaim of a CPU-owned lease");
			return __lease(l, cpu);
		}
		kcell_misuse(true, site, was == KCELL_LEASE_BUSY ?
			     "dma_lease_reclaim racing another transition" :
			     "dma_lease_reclaim of an unmapped lease");
		return NULL;
	}
	dma_sync_single_for_cpu(__lease(l, dev),
				(__force dma_addr_t)__lease(l, bus),
				__lease(l, len), __lease(l, dir));
	__dma_lease_sum(l);
	/* Release: whoever sees CPU ownership sees the synced buffer. */
	atomic_set_release(&__lease(l, state), KCELL_LEASE_CPU);
	return __lease(l, cpu);
}

/**
 * dma_lease_reclaim() - take a lease back from the device
 * @l: the lease, granted to the device
 *
 * Call it once the device is done with the buffer (its completion, or
 * after the device was stopped).  Syncs the buffer for the CPU.
 *
 * Return: the CPU pointer.  Reclaiming a CPU-owned lease changes nothing
 * and returns its pointer; reclaiming an unmapped one returns NULL; both
 * are misuses debug mode reports.
 */
#define dma_lease_reclaim(l)	__dma_lease_reclaim(l, KCELL_HERE)

static __always_inline void *__dma_lease_cpu(struct dma_lease *l,
					     const struct kcell_site *site)
	__kcell_owns(l) __kcell_no_analysis
{
	int state = atomic_read_acquire(&__lease(l, state));

	if (likely(state == KCELL_LEASE_CPU))
		return __lease(l, cpu);
	kcell_misuse(state == KCELL_LEASE_DEVICE, site,
		     "CPU access to a device-owned lease");
	return NULL;
}

/**
 * dma_lease_cpu() - the CPU pointer of a CPU-owned lease
 * @l: the lease
 *
 * Return: the buffer while the CPU owns it; NULL while it is granted to
 * the device (a misuse debug mode reports) or unmapped.
 */
#define dma_lease_cpu(l)	__dma_lease_cpu(l, KCELL_HERE)

static __always_inline int __dma_lease_unmap(struct dma_lease *l,
					     const struct kcell_site *site)
	__kcell_takes(l) __kcell_no_analysis
{
	int was;

	if (!__dma_lease_claim(l, KCELL_LEASE_CPU, KCELL_LEASE_BUSY, &was)) {
		if (was == KCELL_LEASE_UNMAPPED)
			return 0;
		kcell_misuse(was == KCELL_LEASE_DEVICE, site,
			     "dma_lease_unmap of a device-owned lease");
		return -EBUSY;
	}
	/* CPU-owned: synced for the CPU at the last reclaim, if ever granted. */
	dma_unmap_single_attrs(__lease(l, dev),
			       (__force dma_addr_t)__lease(l, bus),
			       __lease(l, len), __lease(l, dir),
			       DMA_ATTR_SKIP_CPU_SYNC);
	__lease(l, cpu) = NULL;
	atomic_set_release(&__lease(l, state), KCELL_LEASE_UNMAPPED);
	return 0;
}

/**
 * dma_lease_unmap() - unmap a CPU-owned lease
 * @l: the lease
 *
 * The buffer stays the caller's, as the CPU last left it (the unmap does
 * not sync again: what the CPU wrote since the last reclaim stays); the
 * lease is unmapped and may be mapped again.  Unmapping an unmapped lease
 * does nothing.
 *
 * Return: 0; -EBUSY if the lease is granted to the device (a misuse debug
 * mode reports): reclaim it first, after stopping the device.
 */
#define dma_lease_unmap(l)	__dma_lease_unmap(l, KCELL_HERE)

static __always_inline void __dma_lease_owned(struct dma_lease *l,
					      const struct kcell_site *site)
	__kcell_assumes(l)
{
	kcell_misuse(atomic_read(&__lease(l, state)) != KCELL_LEASE_CPU, site,
		     "dma_lease_owned of a lease the CPU does not own");
}

/**
 * dma_lease_owned() - state that the CPU owns a lease
 * @l: the lease
 *
 * For ownership the analysis cannot follow: a ring whose slots are
 * CPU-owned by the driver's own rule (a refill over the slots the poll
 * reclaimed).  The ownership analysis takes the caller's word from here on;
 * debug mode checks it and reports a lease the CPU does not own.  Release
 * builds compile it to nothing.  make census counts each use.
 */
#define dma_lease_owned(l)	__dma_lease_owned(l, KCELL_HERE)

/**
 * dma_lease_is_granted() - whether the device owns the lease
 * @l: the lease
 *
 * Return: true between dma_lease_grant() and dma_lease_reclaim(); a racy
 * hint when another context may reclaim.
 */
static inline bool dma_lease_is_granted(struct dma_lease *l)
{
	return atomic_read(&__lease(l, state)) == KCELL_LEASE_DEVICE;
}

/**
 * dma_lease_len() - the length of a mapped lease's buffer
 * @l: the lease
 *
 * Return: the length given to dma_lease_map().
 */
static inline size_t dma_lease_len(struct dma_lease *l)
{
	return __lease(l, len);
}

#undef __lease

#endif /* _KCELL_DMA_LEASE_H */
