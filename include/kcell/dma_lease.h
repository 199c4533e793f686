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
 *	dma_lease_move()      CPU      -> CPU       into another, unmapped lease
 *
 * The buffer is kernel memory (dma_lease_map(), dma_map_single()) or part
 * of a page (dma_lease_map_page(), dma_map_page(); dma_lease_map_frag()
 * for an skb fragment), with the same states.  dma_lease_peek() copies out
 * part of a granted buffer, for a device that writes its status into the
 * buffer itself.
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
#include <linux/mm.h>
#include <linux/string.h>

#include "base.h"

/**
 * typedef kcell_dma_t - a bus address the device may use
 *
 * Made only by dma_lease_grant() and dma_region_addr(); turned into what a
 * descriptor or register needs by the kcell_dma_*() helpers.  A lease's
 * address is valid from its grant to its reclaim, and means nothing once
 * the lease is unmapped: without an IOMMU a device sent there corrupts
 * whatever the memory holds next.  Use it at once (into the descriptor or
 * the register), and never keep one in a structure: keep the lease.
 * kcell-check reports a kcell_dma_t member of a structure.
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
__kcell_dma_to_desc(kcell_dma_t addr, struct kcell_site *site)
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
 * typedef kcell_dma_le32_t - a bus address in a descriptor's 32-bit field
 *
 * For devices that address 4 GiB (a 32-bit DMA mask), such as the 8255x's
 * command blocks and receive frame descriptors: as kcell_dma_le64_t, a
 * field of this type takes only kcell_dma_to_desc32().
 */
typedef u32 __bitwise kcell_dma_le32_t;

static __always_inline kcell_dma_le32_t
__kcell_dma_to_desc32(kcell_dma_t addr, struct kcell_site *site)
{
	u64 bus = (__force u64)addr;

	/*
	 * In every build, as kcell_dma_to_desc(): an address above 4 GiB cut
	 * to its low half sends the device to memory nobody mapped for it.
	 * Both become all ones, which no memory answers to.
	 */
	if (unlikely(kcell_dma_is_error(addr) || upper_32_bits(bus))) {
		kcell_report(site,
			     "kcell_dma_to_desc32 of KCELL_DMA_ERROR or above 4 GiB");
		return (__force kcell_dma_le32_t)cpu_to_le32(U32_MAX);
	}
	return (__force kcell_dma_le32_t)cpu_to_le32(lower_32_bits(bus));
}

/**
 * kcell_dma_to_desc32() - a bus address as a kcell_dma_le32_t field
 * @addr: the address, below 4 GiB
 *
 * The device's DMA mask must be 32 bits, so that every grant is below
 * 4 GiB; an address above it, or KCELL_DMA_ERROR, is reported with a WARN
 * in every build and becomes all ones.
 *
 * Return: @addr, little-endian, in 32 bits, typed so that only this
 * function makes it.
 */
#define kcell_dma_to_desc32(addr)	__kcell_dma_to_desc32(addr, KCELL_HERE)

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
 * kcell_dma_to_u64() - a bus address as a number, for a message
 * @addr: the address
 *
 * For a debug print ("%#llx"): the number cannot become a kcell_dma_t or
 * a descriptor field again without an escape hatch.
 *
 * Return: @addr as a u64.
 */
static inline u64 kcell_dma_to_u64(kcell_dma_t addr)
{
	return (__force u64)addr;
}

/**
 * kcell_dma_desc_to_u64() - a descriptor's address field as a number
 * @field: the field, as read from the descriptor
 *
 * For a debug print of a descriptor, as kcell_dma_to_u64().
 *
 * Return: the address the field holds, in CPU byte order.
 */
static inline u64 kcell_dma_desc_to_u64(kcell_dma_le64_t field)
{
	return le64_to_cpu((__force __le64)field);
}

/**
 * kcell_dma_desc32_to_u64() - a 32-bit address field as a number
 * @field: the field, as read from the descriptor
 *
 * For a debug print of a descriptor, as kcell_dma_to_u64().
 *
 * Return: the address the field holds, in CPU byte order.
 */
static inline u64 kcell_dma_desc32_to_u64(kcell_dma_le32_t field)
{
	return le32_to_cpu((__force __le32)field);
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
	KCELL_LEASE_BUSY,	/* in a transition: map, grant, move... */
	KCELL_LEASE_COPY,	/* never stored: a copy, already reported */
};

/**
 * struct dma_lease - a streaming DMA buffer and who owns it
 *
 * Zero-initialised, a lease is unmapped.  All members are private.
 */
struct dma_lease {
	/* private: */
	KCELL_NO_COPY;
	void *__leased __kc_cpu;
	struct device *__leased __kc_dev;
	kcell_dma_t __leased __kc_bus;
	size_t __leased __kc_len;
	enum dma_data_direction __leased __kc_dir;
	atomic_t __leased __kc_state;
#if KCELL_DEBUG_ENABLED
	/* A DMA_FROM_DEVICE buffer's hash when it became CPU-owned. */
	u32 __leased __kc_sum;
	/* The lease itself while mapped: a copy made by value is not. */
	struct dma_lease *__leased __kc_self;
#endif
} __kcell_capability(dma_lease);

#define __lease(l, member)	__kcell_member(l, member)

/*
 * Debug mode: a lease initialised or copied from another one ("struct
 * dma_lease b = a", a memcpy(), a krealloc() of an array of leases, none of
 * which KCELL_NO_COPY can forbid) names its original as itself.  Return:
 * true, after a report, if @l is such a copy and @refuse: a grant, a CPU
 * access or a move of a copy is refused.  A reclaim or an unmap is not:
 * the copy may be the only record left of a mapping that must be taken
 * back (a relocated array), so it becomes the owner, reported.
 */
static __always_inline bool __dma_lease_copied(struct dma_lease *l,
					       bool refuse,
					       struct kcell_site *site)
{
#if KCELL_DEBUG_ENABLED
	struct dma_lease *self = READ_ONCE(__lease(l, self));

	if (!kcell_misuse(self && self != l, site,
			  "a copy of a dma_lease used: move it with dma_lease_move()"))
		return false;
	if (refuse)
		return true;
	WRITE_ONCE(__lease(l, self), l);
#endif
	return false;
}

static __always_inline void __dma_lease_set_self(struct dma_lease *l,
						 struct dma_lease *self)
{
#if KCELL_DEBUG_ENABLED
	WRITE_ONCE(__lease(l, self), self);
#endif
}

/*
 * Moves the lease from @from to busy, the start of every transition, a
 * full barrier so that ownership is ordered.  A copy is refused unless
 * @adopt_copy (a reclaim or an unmap: see __dma_lease_copied()).
 * Return: whether it moved; *@seen is the state found when not
 * (KCELL_LEASE_COPY for a copy, which debug mode refused and reported).
 */
static __always_inline bool __dma_lease_claim(struct dma_lease *l, int from,
					      bool adopt_copy, int *seen,
					      struct kcell_site *site)
{
	if (__dma_lease_copied(l, !adopt_copy, site)) {
		*seen = KCELL_LEASE_COPY;
		return false;
	}
	*seen = from;
	return atomic_try_cmpxchg(&__lease(l, state), seen, KCELL_LEASE_BUSY);
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
						  struct kcell_site *site)
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
						 struct kcell_site *site,
						 const char *what)
{
	int was;

	if (!dev || !buf || !len || !valid_dma_direction(dir))
		return -EINVAL;
	if (!__dma_lease_claim(l, KCELL_LEASE_UNMAPPED, false,
			       &was, site)) {
		kcell_misuse(was != KCELL_LEASE_COPY, site, what);
		return -EBUSY;
	}
	return 0;
}

/*
 * The CPU address @off bytes into @page, which may be a compound page;
 * NULL for a page without a permanent mapping (highmem, 32-bit only).
 */
static __always_inline void *__dma_lease_page_cpu(struct page *page,
						  size_t off)
{
	if (!page || PageHighMem(page))
		return NULL;
	return page_address(page) + off;
}

/*
 * Maps @buf for @l, which __dma_lease_map_begin() made busy, and records
 * the mapping; the caller publishes the new state.  @page is NULL for
 * memory of the kernel's linear map (dma_map_single()); otherwise @buf is
 * @off bytes into @page, which is mapped with dma_map_page().
 * Return: 0, or -ENOMEM with @l unmapped again.
 */
static __always_inline int __dma_lease_map_buf(struct dma_lease *l,
					       struct device *dev, void *buf,
					       struct page *page, size_t off,
					       size_t len,
					       enum dma_data_direction dir,
					       unsigned long attrs)
{
	dma_addr_t bus = page ?
		dma_map_page_attrs(dev, page, off, len, dir, attrs) :
		dma_map_single_attrs(dev, buf, len, dir, attrs);

	if (dma_mapping_error(dev, bus)) {
		atomic_set(&__lease(l, state), KCELL_LEASE_UNMAPPED);
		return -ENOMEM;
	}
	__lease(l, cpu) = buf;
	__lease(l, dev) = dev;
	__lease(l, bus) = (__force kcell_dma_t)bus;
	__lease(l, len) = len;
	__lease(l, dir) = dir;
	__dma_lease_set_self(l, l);
	return 0;
}

static __always_inline int __dma_lease_map(struct dma_lease *l,
					   struct device *dev, void *buf,
					   struct page *page, size_t off,
					   size_t len,
					   enum dma_data_direction dir,
					   struct kcell_site *site)
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
	err = __dma_lease_map_buf(l, dev, buf, page, off, len, dir,
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
	__dma_lease_map(l, dev, buf, NULL, 0, len, dir, KCELL_HERE)

/**
 * dma_lease_map_page() - map part of a page for streaming DMA under a lease
 * @l: an unmapped lease
 * @dev: the device that will access the buffer
 * @pg: the page, possibly compound (a page_pool's, an skb fragment's)
 * @offset: where the buffer starts in it, in bytes
 * @len: the buffer's length in bytes
 * @dir: DMA_TO_DEVICE, DMA_FROM_DEVICE or DMA_BIDIRECTIONAL
 *
 * dma_lease_map() of page memory, mapped with dma_map_page(): the same
 * states and checks, and dma_lease_cpu() gives page_address(@pg) +
 * @offset.  Pages without a permanent kernel mapping (highmem, which only
 * 32-bit kernels have) are refused.
 *
 * Return: as dma_lease_map(); -EINVAL also for a highmem page.
 */
#define dma_lease_map_page(l, dev, pg, offset, len, dir) ({		\
	struct page *__kc_pg = (pg);					\
	size_t __kc_off = (offset);					\
									\
	__dma_lease_map(l, dev, __dma_lease_page_cpu(__kc_pg, __kc_off), \
			__kc_pg, __kc_off, len, dir, KCELL_HERE);	\
})

/**
 * dma_lease_map_frag() - map part of an skb fragment under a lease
 * @l: an unmapped lease
 * @dev: the device that will access the fragment
 * @frag: the fragment (skb_frag_t *)
 * @offset: where to start in the fragment, in bytes
 * @len: how many bytes
 * @dir: the direction, DMA_TO_DEVICE for a transmit
 *
 * What skb_frag_dma_map() maps, under a lease: dma_lease_map_page() of
 * the fragment's page at its offset plus @offset.
 *
 * Return: as dma_lease_map_page().
 */
#define dma_lease_map_frag(l, dev, frag, offset, len, dir) ({		\
	const skb_frag_t *__kc_frag = (frag);				\
									\
	dma_lease_map_page(l, dev, skb_frag_page(__kc_frag),		\
			   skb_frag_off(__kc_frag) + (offset), len, dir); \
})

static __always_inline __must_check int
__dma_lease_map_grant(struct dma_lease *l, struct device *dev, void *buf,
		      struct page *page, size_t off, size_t len,
		      enum dma_data_direction dir, kcell_dma_t *addr,
		      struct kcell_site *site)
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
	err = __dma_lease_map_buf(l, dev, buf, page, off, len, dir, 0);
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
	__dma_lease_map_grant(l, dev, buf, NULL, 0, len, dir, addr, KCELL_HERE)

/**
 * dma_lease_map_page_grant() - map part of a filled page and grant it
 * @l: an unmapped lease
 * @dev: the device that will access the buffer
 * @pg: the page, possibly compound
 * @offset: where the buffer starts in it, in bytes
 * @len: the buffer's length in bytes
 * @dir: DMA_TO_DEVICE, DMA_FROM_DEVICE or DMA_BIDIRECTIONAL
 * @addr: where to store the bus address to program into the device
 *
 * dma_lease_map_grant() of page memory, as dma_lease_map_page() maps it.
 *
 * Return: as dma_lease_map_grant(); -EINVAL also for a highmem page.
 */
#define dma_lease_map_page_grant(l, dev, pg, offset, len, dir, addr) ({ \
	struct page *__kc_pg = (pg);					\
	size_t __kc_off = (offset);					\
									\
	__dma_lease_map_grant(l, dev,					\
			      __dma_lease_page_cpu(__kc_pg, __kc_off),	\
			      __kc_pg, __kc_off, len, dir, addr, KCELL_HERE); \
})

/**
 * dma_lease_map_frag_grant() - map part of an skb fragment and grant it
 * @l: an unmapped lease
 * @dev: the device that will read the fragment
 * @frag: the fragment (skb_frag_t *)
 * @offset: where to start in the fragment, in bytes
 * @len: how many bytes
 * @dir: the direction, DMA_TO_DEVICE for a transmit
 * @addr: where to store the bus address to program into the device
 *
 * The transmit path's skb_frag_dma_map(), under a lease granted at once.
 *
 * Return: as dma_lease_map_page_grant().
 */
#define dma_lease_map_frag_grant(l, dev, frag, offset, len, dir, addr) ({ \
	const skb_frag_t *__kc_frag = (frag);				\
									\
	dma_lease_map_page_grant(l, dev, skb_frag_page(__kc_frag),	\
				 skb_frag_off(__kc_frag) + (offset), len,	\
				 dir, addr);				\
})

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
__dma_lease_grant(struct dma_lease *l, struct kcell_site *site)
	__kcell_takes(l) __kcell_no_analysis
{
	kcell_dma_t bus;
	int was;

	/*
	 * CPU -> busy -> sync -> device: until the sync is done the lease is
	 * nobody's, so a racing reclaim cannot sync for the CPU first.
	 */
	if (unlikely(!__dma_lease_claim(l, KCELL_LEASE_CPU, false,
					&was, site))) {
		if (was == KCELL_LEASE_DEVICE)
			kcell_misuse(true, site, "double dma_lease_grant");
		else if (was == KCELL_LEASE_BUSY)
			kcell_misuse(true, site,
				     "dma_lease_grant racing another transition");
		else if (was == KCELL_LEASE_UNMAPPED)
			kcell_misuse(true, site,
				     "dma_lease_grant of an unmapped lease");
		return KCELL_DMA_ERROR;
	}
	__dma_lease_check_sum(l, site);
	KCELL_TEST_GRANT_HOOK(l);
	bus = __lease(l, bus);
	dma_sync_single_for_device(__lease(l, dev), (__force dma_addr_t)bus,
				   __lease(l, len), __lease(l, dir));
	/*
	 * Release: the device is handed the address after the sync.  The
	 * address was read before: from here a reclaim and an unmap may run.
	 */
	atomic_set_release(&__lease(l, state), KCELL_LEASE_DEVICE);
	return bus;
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

/* The end of a reclaim that took @l from the device to busy. */
static __always_inline void *__dma_lease_reclaimed(struct dma_lease *l)
{
	void *cpu = __lease(l, cpu);

	dma_sync_single_for_cpu(__lease(l, dev),
				(__force dma_addr_t)__lease(l, bus),
				__lease(l, len), __lease(l, dir));
	__dma_lease_sum(l);
	/* Release: whoever sees CPU ownership sees the synced buffer. */
	atomic_set_release(&__lease(l, state), KCELL_LEASE_CPU);
	return cpu;
}

/*
 * A reclaim that gives the buffer only to the caller that took it from the
 * device: NULL for a lease the CPU owns already (a second completion of
 * one slot, reported in debug mode), an unmapped one (a descriptor without
 * a buffer) and one in another transition.  The DMA rings' reclaim.
 */
static __always_inline void *__dma_lease_try_reclaim(struct dma_lease *l,
						     struct kcell_site *site)
	__kcell_no_analysis
{
	int was;

	if (!__dma_lease_claim(l, KCELL_LEASE_DEVICE, true, &was,
			       site)) {
		kcell_misuse(was == KCELL_LEASE_CPU, site,
			     "reclaim of a slot the CPU owns already");
		return NULL;
	}
	return __dma_lease_reclaimed(l);
}

static __always_inline void *__dma_lease_reclaim(struct dma_lease *l,
						 struct kcell_site *site)
	__kcell_gives(l) __kcell_no_analysis
{
	int was;

	if (unlikely(!__dma_lease_claim(l, KCELL_LEASE_DEVICE, true,
					&was, site))) {
		if (was == KCELL_LEASE_COPY)
			return NULL;
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
	return __dma_lease_reclaimed(l);
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
					     struct kcell_site *site)
	__kcell_owns(l) __kcell_no_analysis
{
	int state = atomic_read_acquire(&__lease(l, state));

	if (__dma_lease_copied(l, true, site))
		return NULL;
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

static __always_inline int __dma_lease_peek(struct dma_lease *l, size_t off,
					    void *buf, size_t len,
					    struct kcell_site *site)
{
	int state = atomic_read_acquire(&__lease(l, state));
	dma_addr_t bus = (__force dma_addr_t)__lease(l, bus);

	if (__dma_lease_copied(l, true, site))
		return -EBUSY;
	if (state != KCELL_LEASE_DEVICE && state != KCELL_LEASE_CPU)
		return -EINVAL;
	if (off > __lease(l, len) || __lease(l, len) - off < len) {
		kcell_misuse(true, site, "dma_lease_peek out of bounds");
		return -ERANGE;
	}
	if (state == KCELL_LEASE_CPU) {
		memcpy(buf, __lease(l, cpu) + off, len);
		return 0;
	}
	/*
	 * The range is synced for the CPU, copied, and handed back to the
	 * device as DMA_FROM_DEVICE, whatever the mapping's direction: that
	 * sync copies nothing back under swiotlb (a bounce of the CPU's bytes
	 * could overwrite what the device writes meanwhile), and it drops
	 * the cache lines the copy read on the architectures that invalidate
	 * only there, where the next peek would read them stale.  As e100
	 * does with its receive frame descriptors.
	 */
	dma_sync_single_range_for_cpu(__lease(l, dev), bus, off, len,
				      __lease(l, dir));
	memcpy(buf, __lease(l, cpu) + off, len);
	if (__lease(l, dir) != DMA_TO_DEVICE)
		dma_sync_single_range_for_device(__lease(l, dev), bus, off, len,
						 DMA_FROM_DEVICE);
	return 0;
}

/**
 * dma_lease_peek() - copy part of a buffer the device may still own
 * @l: a mapped lease, granted or CPU-owned
 * @off: where to start, in bytes
 * @buf: where to copy
 * @len: how many bytes
 *
 * For drivers whose device writes a status word into the buffer itself,
 * as receive frame descriptors do: the CPU looks at the word to learn
 * whether the device is done, without taking the buffer back.  The range
 * is synced for the CPU and copied out; the lease stays granted, and the
 * CPU gets a snapshot, never a pointer into the device's memory.  Read
 * the word that tells completion first and the rest after
 * dma_lease_reclaim(): the device may write the buffer while it is copied.
 * Call it where nothing unmaps the lease meanwhile (the context that owns
 * the slot: the NAPI poll).
 *
 * Return: 0; -EINVAL if @l is unmapped or in a transition; -ERANGE (a
 * misuse debug mode reports) if the range is not inside the buffer;
 * -EBUSY for a copy of a lease (debug mode).
 */
#define dma_lease_peek(l, off, buf, len)				\
	__dma_lease_peek(l, off, buf, len, KCELL_HERE)

static __always_inline int __dma_lease_poke(struct dma_lease *l, size_t off,
					    const void *buf, size_t len,
					    struct kcell_site *site)
{
	int state = atomic_read_acquire(&__lease(l, state));

	if (__dma_lease_copied(l, true, site))
		return -EBUSY;
	if (state != KCELL_LEASE_DEVICE && state != KCELL_LEASE_CPU)
		return -EINVAL;
	if (off > __lease(l, len) || __lease(l, len) - off < len) {
		kcell_misuse(true, site, "dma_lease_poke out of bounds");
		return -ERANGE;
	}
	/*
	 * A DMA_FROM_DEVICE mapping is never synced towards the device
	 * (swiotlb copies nothing there), so the bytes would stay the CPU's.
	 */
	if (__lease(l, dir) == DMA_FROM_DEVICE) {
		kcell_misuse(true, site, "dma_lease_poke of a DMA_FROM_DEVICE lease");
		return -EINVAL;
	}
	memcpy(__lease(l, cpu) + off, buf, len);
	/*
	 * Only the range is handed to the device, and no sync for the CPU
	 * comes first: the bytes around it may be the device's meanwhile,
	 * and the range itself is overwritten whole.
	 */
	if (state == KCELL_LEASE_DEVICE)
		dma_sync_single_range_for_device(__lease(l, dev),
						 (__force dma_addr_t)__lease(l, bus),
						 off, len, __lease(l, dir));
	return 0;
}

/**
 * dma_lease_poke() - write part of a buffer the device may still own
 * @l: a mapped lease, granted or CPU-owned, DMA_TO_DEVICE or
 *	DMA_BIDIRECTIONAL
 * @off: where to start, in bytes
 * @buf: what to write
 * @len: how many bytes
 *
 * The other half of dma_lease_peek(), for descriptors that live inside
 * the buffers the device owns: e100 links the previous receive frame
 * descriptor to a new one, and moves its end-of-list bit, while the
 * device owns both.  The bytes are copied in and that range alone is
 * synced for the device; the lease stays granted.  The device must not
 * be writing the range meanwhile (it would race the copy, as with any
 * memory both sides write), and may read it only once the caller orders
 * it (a dma_wmb() before the write that tells the device).
 *
 * Return: 0; -EINVAL if @l is unmapped, in a transition, or maps
 * DMA_FROM_DEVICE (a misuse debug mode reports); -ERANGE (a misuse) if
 * the range is not inside the buffer; -EBUSY for a copy of a lease (debug
 * mode).
 */
#define dma_lease_poke(l, off, buf, len)				\
	__dma_lease_poke(l, off, buf, len, KCELL_HERE)

static __always_inline int __dma_lease_unmap(struct dma_lease *l,
					     struct kcell_site *site)
	__kcell_takes(l) __kcell_no_analysis
{
	int was;

	if (!__dma_lease_claim(l, KCELL_LEASE_CPU, true, &was, site)) {
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
	__dma_lease_set_self(l, NULL);
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

/* Copies what a lease records from @from to @to; both are busy. */
static __always_inline void __dma_lease_copy_record(struct dma_lease *to,
						    struct dma_lease *from)
{
	__lease(to, cpu) = __lease(from, cpu);
	__lease(to, dev) = __lease(from, dev);
	__lease(to, bus) = __lease(from, bus);
	__lease(to, len) = __lease(from, len);
	__lease(to, dir) = __lease(from, dir);
#if KCELL_DEBUG_ENABLED
	__lease(to, sum) = __lease(from, sum);
#endif
}

static __always_inline int __dma_lease_move(struct dma_lease *to,
					    struct dma_lease *from,
					    struct kcell_site *site)
	__kcell_takes(from) __kcell_gives_if(0, to) __kcell_no_analysis
{
	int was;

	if (!__dma_lease_claim(from, KCELL_LEASE_CPU, false, &was,
			       site)) {
		kcell_misuse(was != KCELL_LEASE_COPY, site,
			     "dma_lease_move of a lease the CPU does not own");
		return -EBUSY;
	}
	if (!__dma_lease_claim(to, KCELL_LEASE_UNMAPPED, false,
			       &was, site)) {
		kcell_misuse(was != KCELL_LEASE_COPY, site,
			     "dma_lease_move onto a mapped lease");
		atomic_set_release(&__lease(from, state), KCELL_LEASE_CPU);
		return -EBUSY;
	}
	__dma_lease_copy_record(to, from);
	__dma_lease_set_self(to, to);
	__lease(from, cpu) = NULL;
	__dma_lease_set_self(from, NULL);
	atomic_set_release(&__lease(from, state), KCELL_LEASE_UNMAPPED);
	atomic_set_release(&__lease(to, state), KCELL_LEASE_CPU);
	return 0;
}

/**
 * dma_lease_move() - move a CPU-owned lease into an unmapped one
 * @to: an unmapped lease, CPU-owned on success
 * @from: a CPU-owned lease, unmapped on success
 *
 * The mapping changes hands without being touched: no unmap, no sync.
 * This is how a mapping goes from a spare lease into a ring slot, since a
 * lease cannot be assigned (KCELL_NO_COPY).  A granted lease cannot move:
 * the device and the driver's completion path find it where it is.
 *
 * Return: 0; -EBUSY, with both leases as they were, if @from is not
 * CPU-owned or @to is mapped (misuses debug mode reports).
 */
#define dma_lease_move(to, from)	__dma_lease_move(to, from, KCELL_HERE)

static __always_inline int __dma_lease_swap(struct dma_lease *a,
					    struct dma_lease *b,
					    struct kcell_site *site)
	__kcell_owns(a) __kcell_owns(b) __kcell_no_analysis
{
	struct dma_lease tmp = { };
	int was;

	if (a == b)
		return 0;
	if (!__dma_lease_claim(a, KCELL_LEASE_CPU, false, &was,
			       site)) {
		kcell_misuse(was != KCELL_LEASE_COPY, site,
			     "dma_lease_swap of a lease the CPU does not own");
		return -EBUSY;
	}
	if (!__dma_lease_claim(b, KCELL_LEASE_CPU, false, &was,
			       site)) {
		kcell_misuse(was != KCELL_LEASE_COPY, site,
			     "dma_lease_swap of a lease the CPU does not own");
		atomic_set_release(&__lease(a, state), KCELL_LEASE_CPU);
		return -EBUSY;
	}
	__dma_lease_copy_record(&tmp, a);
	__dma_lease_copy_record(a, b);
	__dma_lease_copy_record(b, &tmp);
	atomic_set_release(&__lease(a, state), KCELL_LEASE_CPU);
	atomic_set_release(&__lease(b, state), KCELL_LEASE_CPU);
	return 0;
}

/**
 * dma_lease_swap() - exchange the mappings of two CPU-owned leases
 * @a: a CPU-owned lease
 * @b: another
 *
 * Both stay CPU-owned, each with the other's buffer and mapping; nothing
 * is unmapped or synced.  The zero-copy receive refill is its use: map a
 * fresh buffer into a spare lease first, so that a mapping failure leaves
 * the slot's old buffer to be posted again; then swap the spare with the
 * slot and unmap the spare, whose buffer goes up the stack.  For a slot
 * reclaimed with a frame in it:
 *
 *	static void *lease_refill(struct dma_lease *slot,
 *				  struct dma_lease *spare, struct device *dev,
 *				  void *fresh, size_t len)
 *	{
 *		void *full = dma_lease_cpu(slot);
 *
 *		if (dma_lease_map(spare, dev, fresh, len, DMA_FROM_DEVICE))
 *			return NULL;	// copy the frame, repost the slot
 *		dma_lease_swap(slot, spare);
 *		dma_lease_unmap(spare);	// full is the CPU's, unmapped
 *		return full;
 *	}
 *
 * Return: 0 (also for @a == @b); -EBUSY, with both as they were, if either
 * is not CPU-owned (a misuse debug mode reports).
 */
#define dma_lease_swap(a, b)	__dma_lease_swap(a, b, KCELL_HERE)

static __always_inline void __dma_lease_owned(struct dma_lease *l,
					      struct kcell_site *site)
	__kcell_assumes(l)
{
	if (__dma_lease_copied(l, true, site))
		return;
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
 * dma_lease_is_mapped() - whether a lease holds a mapping
 * @l: the lease
 *
 * Return: false only for an unmapped lease; a racy hint when another
 * context may map or unmap it.
 */
static inline bool dma_lease_is_mapped(struct dma_lease *l)
{
	return atomic_read(&__lease(l, state)) != KCELL_LEASE_UNMAPPED;
}

static __always_inline kcell_dma_t __dma_lease_addr(struct dma_lease *l,
						    struct kcell_site *site)
{
	if (__dma_lease_copied(l, true, site))
		return KCELL_DMA_ERROR;
	/* In every build: an unmapped lease's address is someone else's. */
	if (atomic_read_acquire(&__lease(l, state)) != KCELL_LEASE_DEVICE) {
		kcell_misuse(true, site,
			     "dma_lease_addr of a lease the device does not own");
		return KCELL_DMA_ERROR;
	}
	return __lease(l, bus);
}

/**
 * dma_lease_addr() - the bus address of a granted lease, again
 * @l: the lease, granted
 *
 * The address dma_lease_grant() returned, for a second use while the
 * device still owns the buffer: a receive unit restarted at the buffer it
 * was stopped before.  Like the grant's, it is good until the reclaim.
 *
 * Return: the address; KCELL_DMA_ERROR (a misuse debug mode reports) if
 * @l is not granted.
 */
#define dma_lease_addr(l)	__dma_lease_addr(l, KCELL_HERE)

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
