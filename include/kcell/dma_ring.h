/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DMA rings: a descriptor ring in coherent memory with one streaming
 * buffer per descriptor, whose buffers follow the descriptors' ownership.
 *
 * Most NICs and many other devices share this layout: descriptor i holds
 * the bus address of buffer i, the driver posts it, and the device writes
 * back a status word when it is finished with the buffer: a "done" bit
 * set (e1000's DD), or an ownership bit cleared.  Written by hand, nothing ties the
 * buffer's lease to that bit: a driver that reclaims a transmit buffer
 * right after queueing it passes every check until an IOMMU faults.  A
 * struct dma_ring holds the descriptors (a region of typed elements) and
 * the leases, and offers only these ways to move a buffer.
 *
 *	dma_ring_map()        slot unmapped -> CPU
 *	dma_ring_post()       CPU -> device, the descriptor's status cleared
 *	                      and the address written into its
 *	                      kcell_dma_le64_t (or kcell_dma_le32_t) field
 *	dma_ring_map_post()   unmapped -> device, one sync (transmit)
 *	dma_ring_reclaim()    device -> CPU, only if the descriptor's status
 *	                      says done since the post: otherwise NULL
 *	dma_ring_reclaim_stopped()  device -> CPU after dma_ring_stop(), for
 *	                      teardown: refused while the ring is started
 *	dma_ring_unmap()      CPU -> unmapped
 *
 * The ring knows the descriptor's status field (dma_ring_alloc()): a post
 * clears it, so that a done bit left from the slot's previous round is
 * never taken for this one, and a reclaim reads it.  The other fields are
 * written with dma_ring_write(), which refuses an address field (a
 * kcell_dma_le64_t at compile time, a kcell_dma_le32_t under sparse): an
 * address reaches a descriptor only through a post, from a lease that is
 * being granted, or through dma_ring_link(), from the ring itself (the
 * next command of a linked list, a descriptor's buffer table inside it).  A slot is named by its index;
 * out of range is refused and reported.
 *
 * Example:
 *
 *	struct my_rx_desc {
 *		kcell_dma_le64_t addr;
 *		__le16 len;
 *		u8 status;	// bit 0: the device is done
 *		u8 pad[5];
 *	};
 *
 *	static int my_rx_alloc(struct dma_ring *ring, struct device *dev)
 *	{
 *		return dma_ring_alloc(ring, dev, 256, struct my_rx_desc, status,
 *				      GFP_KERNEL);
 *	}
 *
 *	// The device writes into slot i from here on.
 *	static int my_rx_fill(struct dma_ring *ring, unsigned int i,
 *			      void *buf, size_t len)
 *	{
 *		int err = dma_ring_map(ring, i, buf, len, DMA_FROM_DEVICE);
 *
 *		if (err)
 *			return err;
 *		dma_ring_write(ring, i, struct my_rx_desc, len, 0);
 *		return dma_ring_post(ring, i, struct my_rx_desc, addr);
 *	}
 *
 *	// NULL until the device set the done bit of slot i.
 *	static void *my_rx_done(struct dma_ring *ring, unsigned int i)
 *	{
 *		return dma_ring_reclaim(ring, i, 1);
 *	}
 */
#ifndef _KCELL_DMA_RING_H
#define _KCELL_DMA_RING_H

#include <linux/slab.h>

#include "base.h"
#include "dma_lease.h"
#include "dma_region.h"

/**
 * struct dma_ring - descriptors in coherent memory and a lease for each
 *
 * Zero-initialised, a ring is unallocated.  All members are private.
 */
struct dma_ring {
	/* private: */
	KCELL_NO_COPY;
	struct dma_region __kc_desc;
	struct dma_lease *__leased __kc_slot;
	unsigned int __leased __kc_count;
	size_t __leased __kc_desc_size;
	size_t __leased __kc_status_off;
	size_t __leased __kc_status_size;
	bool __leased __kc_stopped;
};

#define __ring(r, member)	__kcell_member(r, member)

/*
 * Slot @i's lease, or NULL (reported) if @i is outside the ring or the
 * ring was allocated for descriptors of another size than @desc_size (0:
 * any).  The size is compared in every build: a field of another type's
 * layout would be another descriptor's.  Types of one size are not told
 * apart.
 */
static __always_inline struct dma_lease *
__dma_ring_slot(struct dma_ring *r, unsigned int i, size_t desc_size,
		struct kcell_site *site)
{
	if (unlikely(i >= __ring(r, count))) {
		kcell_misuse(true, site, "dma_ring slot out of range");
		return NULL;
	}
	if (unlikely(desc_size && desc_size != __ring(r, desc_size))) {
		kcell_report(site, "dma_ring access with another descriptor type");
		return NULL;
	}
	return &__ring(r, slot)[i];
}

/*
 * A slot's lease moves only through the ring's operations, which check at
 * run time what the contracts check at build time elsewhere (a reclaim
 * only of a descriptor the device marked done): the contract analysis
 * does not follow the slots, so the ring calls the lease operations
 * through these.
 */
static __always_inline int
__dma_ring_lease_map(struct dma_lease *l, struct device *dev, void *buf,
		     size_t len, enum dma_data_direction dir,
		     struct kcell_site *site)
	__kcell_no_analysis
{
	return __dma_lease_map(l, dev, buf, NULL, 0, len, dir, site);
}

static __always_inline void *__dma_ring_lease_cpu(struct dma_lease *l,
						  struct kcell_site *site)
	__kcell_no_analysis
{
	return __dma_lease_cpu(l, site);
}

static __always_inline kcell_dma_t
__dma_ring_lease_grant(struct dma_lease *l, struct kcell_site *site)
	__kcell_no_analysis
{
	return __dma_lease_grant(l, site);
}

static __always_inline int __dma_ring_lease_unmap(struct dma_lease *l,
						  struct kcell_site *site)
	__kcell_no_analysis
{
	return __dma_lease_unmap(l, site);
}

/* The ring's region of descriptors, and the device it was allocated for. */
#define __dma_ring_desc(r)	(&__kcell_member(r, desc))
#define __dma_ring_dev(r)	__kcell_member(__dma_ring_desc(r), dev)

static inline int __dma_ring_alloc(struct dma_ring *r, struct device *dev,
				   unsigned int count, size_t desc_size,
				   size_t status_off, size_t status_size,
				   gfp_t gfp)
{
	struct dma_lease *slot;
	int err;

	if (!count || __ring(r, slot))
		return -EINVAL;
	slot = kcalloc(count, sizeof(*slot), gfp);
	if (!slot)
		return -ENOMEM;
	err = __dma_region_alloc_array(&__ring(r, desc), dev, count,
				       desc_size, gfp);
	if (err) {
		kfree(slot);
		return err;
	}
	__ring(r, slot) = slot;
	__ring(r, count) = count;
	__ring(r, desc_size) = desc_size;
	__ring(r, status_off) = status_off;
	__ring(r, status_size) = status_size;
	__ring(r, stopped) = true;
	return 0;
}

/**
 * dma_ring_alloc() - allocate a ring of descriptors and their leases
 * @r: an unallocated ring
 * @dev: the device
 * @count: number of descriptors
 * @type: the descriptor type
 * @status: its field the device writes back when done: u8, __le16 or
 *	__le32, little-endian as PCI devices write it
 * @gfp: allocation flags (GFP_KERNEL in probe)
 *
 * The descriptors are zeroed, every slot is unmapped, and the ring is
 * stopped (dma_ring_start() once the device may use it).
 *
 * Return: 0, -EINVAL for a zero or overflowing size or a ring already
 * allocated, or -ENOMEM.
 */
#define dma_ring_alloc(r, dev, count, type, status, gfp) ({		\
	BUILD_BUG_ON_MSG(sizeof(((type *)0)->status) != 1 &&		\
			 sizeof(((type *)0)->status) != 2 &&		\
			 sizeof(((type *)0)->status) != 4,		\
			 "dma_ring_alloc: the status field is 1, 2 or 4 bytes"); \
	__dma_ring_alloc(r, dev, count, sizeof(type),			\
			 offsetof(type, status),			\
			 sizeof(((type *)0)->status), gfp);		\
})

static inline int __dma_ring_free(struct dma_ring *r, struct kcell_site *site)
{
	unsigned int i;

	if (!__ring(r, slot))
		return 0;
	if (unlikely(!READ_ONCE(__ring(r, stopped)))) {
		/* In every build: the device may still fetch descriptors. */
		kcell_report(site, "dma_ring_free of a started ring");
		return -EBUSY;
	}
	for (i = 0; i < __ring(r, count); i++) {
		if (dma_lease_is_mapped(&__ring(r, slot)[i])) {
			kcell_misuse(true, site, "dma_ring_free with a slot mapped");
			return -EBUSY;
		}
	}
	dma_region_free(__dma_ring_desc(r));
	kfree(__ring(r, slot));
	__ring(r, slot) = NULL;
	__ring(r, count) = 0;
	return 0;
}

/**
 * dma_ring_free() - free a ring whose slots are all unmapped
 * @r: the ring; unallocated rings are ignored
 *
 * Return: 0; -EBUSY, with nothing freed, if the ring is started (reported
 * in every build) or a slot is still mapped (a mapping would leak, and a
 * granted buffer may still be written; reported in debug mode).
 */
#define dma_ring_free(r)	__dma_ring_free(r, KCELL_HERE)

/**
 * dma_ring_count() - number of descriptors of a ring
 * @r: the ring
 *
 * Return: the count given to dma_ring_alloc(), 0 when unallocated.
 */
static inline unsigned int dma_ring_count(const struct dma_ring *r)
{
	return __ring(r, count);
}

/**
 * dma_ring_addr() - bus address of the first descriptor
 * @r: the ring
 *
 * For the device's ring base registers.
 *
 * Return: the address; KCELL_DMA_ERROR if the ring is unallocated.
 */
#define dma_ring_addr(r)	dma_region_addr(__dma_ring_desc(r), 0)

/**
 * dma_ring_desc_addr() - bus address of descriptor @i
 * @r: the ring
 * @i: the descriptor
 *
 * For devices told where to start in the ring, or to follow a list from
 * a descriptor (the 8255x's command unit).
 *
 * Return: the address; KCELL_DMA_ERROR (reported) if @i is outside the
 * ring.
 */
#define dma_ring_desc_addr(r, i) ({					\
	struct dma_ring *__kc_ar = (r);					\
	unsigned int __kc_ai = (i);					\
									\
	__dma_ring_slot(__kc_ar, __kc_ai, 0, KCELL_HERE) ?		\
		dma_region_addr(__dma_ring_desc(__kc_ar),		\
				(size_t)__kc_ai * __kcell_member(__kc_ar, desc_size)) : \
		KCELL_DMA_ERROR;					\
})

/**
 * dma_ring_size() - size of a ring's descriptors in bytes
 * @r: the ring
 *
 * Return: what the device's ring length register wants.
 */
static inline size_t dma_ring_size(const struct dma_ring *r)
{
	return dma_region_size(&__ring(r, desc));
}

/**
 * dma_ring_start() - declare that the device may use the ring
 * @r: the ring
 *
 * From here until dma_ring_stop(), a buffer comes back only through
 * dma_ring_reclaim(), when the device marked its descriptor done.
 */
static inline void dma_ring_start(struct dma_ring *r)
{
	WRITE_ONCE(__ring(r, stopped), false);
}

/**
 * dma_ring_stop() - declare that the device no longer uses the ring
 * @r: the ring
 *
 * Call it once the device was stopped or reset and does no more DMA:
 * dma_ring_reclaim_stopped() may then take back what it still holds.
 */
static inline void dma_ring_stop(struct dma_ring *r)
{
	WRITE_ONCE(__ring(r, stopped), true);
}

/**
 * dma_ring_map() - map a buffer for slot @i
 * @r: the ring
 * @i: the slot, unmapped
 * @buf: the buffer (kmalloc'ed or page memory)
 * @len: its length in bytes
 * @dir: DMA_TO_DEVICE, DMA_FROM_DEVICE or DMA_BIDIRECTIONAL
 *
 * dma_lease_map() of the slot's lease: it is CPU-owned until the post.
 *
 * Return: as dma_lease_map(); -ERANGE if @i is outside the ring.
 */
#define dma_ring_map(r, i, buf, len, dir) ({				\
	struct dma_ring *__kc_r = (r);					\
	struct dma_lease *__kc_l = __dma_ring_slot(__kc_r, i, 0, KCELL_HERE); \
									\
	__kc_l ? __dma_ring_lease_map(__kc_l, __dma_ring_dev(__kc_r), buf, \
				      len, dir, KCELL_HERE) : -ERANGE;	\
})

/**
 * dma_ring_cpu() - the buffer of a CPU-owned slot
 * @r: the ring
 * @i: the slot
 *
 * Return: the buffer while the CPU owns slot @i; NULL while it is the
 * device's (a misuse debug mode reports), unmapped or out of range.
 */
#define dma_ring_cpu(r, i) ({						\
	struct dma_lease *__kc_l = __dma_ring_slot(r, i, 0, KCELL_HERE);	\
									\
	__kc_l ? __dma_ring_lease_cpu(__kc_l, KCELL_HERE) : NULL;	\
})

/**
 * dma_ring_write() - write a field of descriptor @i, whole
 * @r: the ring
 * @i: the descriptor
 * @type: the descriptor type given to dma_ring_alloc()
 * @member: the field; not an address: those are written by
 *	dma_ring_post() and dma_ring_link() only.  Naming a kcell_dma_le64_t
 *	field is a build error (so is any 64-bit field: the compiler cannot
 *	tell them apart); a kcell_dma_le32_t field takes only another
 *	kcell_dma_le32_t, which sparse checks
 * @val: the value, converted to the field's type as an assignment would
 *
 * For a descriptor the device has not been handed yet: before its post,
 * or between the post and the tail register or ownership bit that tells
 * the device (a post ends with a dma_wmb(), so an ownership bit written
 * after it is seen after the address).
 *
 * Return: 0, or -ERANGE if @i is outside the ring.
 */
#define dma_ring_write(r, i, type, member, val) ({			\
	struct dma_ring *__kc_wr = (r);					\
	unsigned int __kc_wi = (i);					\
									\
	BUILD_BUG_ON_MSG(__dma_ring_is_addr(type, member),		\
			 "dma_ring_write: an address is written by dma_ring_post() or dma_ring_link()"); \
	__dma_ring_slot(__kc_wr, __kc_wi, sizeof(type), KCELL_HERE) ?	\
		dma_region_write_field(__dma_ring_desc(__kc_wr), __kc_wi, \
				       type, member, val) : -ERANGE;	\
})

/**
 * dma_ring_copy_in() - copy a block field into descriptor @i
 * @r: the ring
 * @i: the descriptor
 * @type: the descriptor type given to dma_ring_alloc()
 * @member: a structure or array field, such as a command's parameters
 *	(not an address field)
 * @src: a pointer to a value of the field's own type
 *
 * dma_region_copy_in_field() for a descriptor not handed to the device
 * yet, as dma_ring_write() for a word.
 *
 * Return: 0, or -ERANGE if @i is outside the ring.
 */
#define dma_ring_copy_in(r, i, type, member, src) ({			\
	struct dma_ring *__kc_cr = (r);					\
	unsigned int __kc_cri = (i);					\
									\
	BUILD_BUG_ON_MSG(__dma_ring_is_addr(type, member),		\
			 "dma_ring_copy_in: an address is written by dma_ring_post() or dma_ring_link()"); \
	__dma_ring_slot(__kc_cr, __kc_cri, sizeof(type), KCELL_HERE) ?	\
		dma_region_copy_in_field(__dma_ring_desc(__kc_cr), __kc_cri, \
					 type, member, src) : -ERANGE;	\
})

/**
 * dma_ring_read() - read a field of descriptor @i, whole
 * @r: the ring
 * @i: the descriptor
 * @type: the descriptor type given to dma_ring_alloc()
 * @member: the field
 * @out: where to store it; must point to the field's own type
 *
 * Return: 0, or -ERANGE (*@out untouched) if @i is outside the ring.
 */
#define dma_ring_read(r, i, type, member, out) ({			\
	struct dma_ring *__kc_rr = (r);					\
	unsigned int __kc_ri = (i);					\
									\
	__dma_ring_slot(__kc_rr, __kc_ri, sizeof(type), KCELL_HERE) ?	\
		dma_region_read_field(__dma_ring_desc(__kc_rr), __kc_ri, \
				      type, member, out) : -ERANGE;	\
})

/* Where descriptor @j's status field is, @j inside the ring. */
static __always_inline void *__dma_ring_status_ptr(struct dma_ring *r,
						   unsigned int j)
{
	return __kcell_member(__dma_ring_desc(r), cpu) +
	       (size_t)j * __ring(r, desc_size) + __ring(r, status_off);
}

/* Descriptor @j's status field, in the CPU's byte order. */
static __always_inline u32 __dma_ring_status(struct dma_ring *r,
					     unsigned int j)
{
	void *p = __dma_ring_status_ptr(r, j);

	switch (__ring(r, status_size)) {
	case 1:
		return READ_ONCE(*(u8 *)p);
	case 2:
		return le16_to_cpu(READ_ONCE(*(__le16 *)p));
	default:
		return le32_to_cpu(READ_ONCE(*(__le32 *)p));
	}
}

/*
 * Clears descriptor @i's status before its slot is handed over, so that
 * what the device wrote back in the slot's previous round is gone; only
 * for a slot that is not the device's (a second post must not erase a
 * completion).  Return: whether it was cleared.
 */
static __always_inline bool __dma_ring_clear_status(struct dma_ring *r,
						    unsigned int i,
						    bool unmapped)
{
	struct dma_lease *l = &__ring(r, slot)[i];
	void *p = __dma_ring_status_ptr(r, i);

	if (unmapped ? dma_lease_is_mapped(l) : dma_lease_is_granted(l))
		return false;
	switch (__ring(r, status_size)) {
	case 1:
		WRITE_ONCE(*(u8 *)p, 0);
		break;
	case 2:
		WRITE_ONCE(*(__le16 *)p, 0);
		break;
	default:
		WRITE_ONCE(*(__le32 *)p, 0);
	}
	return true;
}

/*
 * Whether @type's @member is a 64-bit bus address field.  The compiler
 * sees a __bitwise type as its base type: this holds for any 64-bit
 * field, and a 32-bit address field (kcell_dma_le32_t) cannot be told
 * from any other 32-bit one, so only sparse tells those apart (by the
 * value written to them).
 */
#define __dma_ring_is_addr(type, member)				\
	__same_type(((type *)0)->member, kcell_dma_le64_t)

/* Whether @type's @member can hold a bus address: 32 or 64 bits. */
#define __dma_ring_holds_addr(type, member)				\
	(__same_type(((type *)0)->member, kcell_dma_le64_t) ||		\
	 __same_type(((type *)0)->member, kcell_dma_le32_t))

/* @addr in the form of @type's address field @member. */
#define __dma_ring_to_desc(type, member, addr)				\
	__builtin_choose_expr(__same_type(((type *)0)->member,		\
					  kcell_dma_le32_t),		\
			      kcell_dma_to_desc32(addr),		\
			      kcell_dma_to_desc(addr))

/*
 * Writes the address of a granted lease into descriptor @i, after the
 * sync, and orders both writes before whatever hands the descriptor to
 * the device next (a tail register, an ownership bit); a refused grant
 * (@addr the error value) writes nothing.
 */
#define __dma_ring_put_addr(r, i, type, member, addr) ({		\
	kcell_dma_t __kc_addr = (addr);					\
	int __kc_perr = -EBUSY;						\
									\
	if (!kcell_dma_is_error(__kc_addr))				\
		__kc_perr = dma_region_write_field(__dma_ring_desc(r), i, \
						   type, member,	\
						   __dma_ring_to_desc(type, member, \
								      __kc_addr)); \
	dma_wmb();							\
	__kc_perr;							\
})

/**
 * dma_ring_post() - give slot @i's buffer to the device
 * @r: the ring
 * @i: the slot, CPU-owned
 * @type: the descriptor type given to dma_ring_alloc()
 * @member: the descriptor's address field, kcell_dma_le64_t or
 *	kcell_dma_le32_t
 *
 * Clears the descriptor's status, grants the slot's lease and writes its
 * bus address into the descriptor, then a dma_wmb(): the caller writes
 * the other fields before, and tells the device after (a tail register,
 * or an ownership bit written with dma_ring_write()).
 *
 * Return: 0; -EBUSY if the slot was not CPU-owned (the grant's misuse,
 * which debug mode reports; the status is then left alone); -ERANGE if
 * @i is outside the ring.
 */
#define dma_ring_post(r, i, type, member) ({				\
	struct dma_ring *__kc_pr = (r);					\
	unsigned int __kc_pi = (i);					\
	struct dma_lease *__kc_l = __dma_ring_slot(__kc_pr, __kc_pi,	\
						   sizeof(type), KCELL_HERE); \
									\
	__kc_l ? (__dma_ring_clear_status(__kc_pr, __kc_pi, false),	\
		  __dma_ring_put_addr(__kc_pr, __kc_pi, type, member,	\
				      __dma_ring_lease_grant(__kc_l, KCELL_HERE))) : \
		 -ERANGE;						\
})

/**
 * dma_ring_link() - point descriptor @i's address field into the ring
 * @r: the ring
 * @i: the descriptor written
 * @type: the descriptor type given to dma_ring_alloc()
 * @member: @i's address field, kcell_dma_le64_t or kcell_dma_le32_t
 * @j: the descriptor pointed to
 * @to: the field of @j whose bus address is written (its first field
 *	for the descriptor itself)
 *
 * For devices whose descriptors are a linked list, or hold a table inside
 * themselves: the 8255x's command blocks link to the next block, and a
 * transmit block points at its own buffer descriptor.  The ring's memory
 * lives as long as the ring, so no lease is involved; the address still
 * comes from the ring, never from a number.
 *
 * Return: 0, or -ERANGE if @i or @j is outside the ring.
 */
#define dma_ring_link(r, i, type, member, j, to) ({			\
	struct dma_ring *__kc_kr = (r);					\
	unsigned int __kc_ki = (i), __kc_kj = (j);			\
									\
	BUILD_BUG_ON_MSG(!__dma_ring_holds_addr(type, member),		\
			 "dma_ring_link: @member is not an address field"); \
	__dma_ring_slot(__kc_kr, __kc_ki, sizeof(type), KCELL_HERE) &&	\
	__dma_ring_slot(__kc_kr, __kc_kj, sizeof(type), KCELL_HERE) ?	\
		dma_region_write_field(__dma_ring_desc(__kc_kr), __kc_ki, \
			type, member,					\
			__dma_ring_to_desc(type, member,		\
				dma_region_addr(__dma_ring_desc(__kc_kr), \
					__dma_region_field_off(__kc_kj, type, to)))) : \
		-ERANGE;						\
})

/**
 * dma_ring_map_post() - map a filled buffer for slot @i and post it
 * @r: the ring
 * @i: the slot, unmapped
 * @buf: the buffer, filled
 * @len: its length in bytes
 * @dir: DMA_TO_DEVICE, usually
 * @type: the descriptor type given to dma_ring_alloc()
 * @member: the descriptor's address field, kcell_dma_le64_t or
 *	kcell_dma_le32_t
 *
 * dma_lease_map_grant() of the slot's lease, one sync for the device,
 * then as dma_ring_post(): a transmit path's map.
 *
 * Return: as dma_lease_map_grant(); -ERANGE if @i is outside the ring.
 */
#define dma_ring_map_post(r, i, buf, len, dir, type, member) ({	\
	struct dma_ring *__kc_mr = (r);					\
	unsigned int __kc_mi = (i);					\
	struct dma_lease *__kc_l = __dma_ring_slot(__kc_mr, __kc_mi,	\
						   sizeof(type), KCELL_HERE); \
	kcell_dma_t __kc_bus;						\
	int __kc_err = -ERANGE;						\
									\
	if (__kc_l) {							\
		__dma_ring_clear_status(__kc_mr, __kc_mi, true);	\
		__kc_err = __dma_lease_map_grant(__kc_l,		\
						 __dma_ring_dev(__kc_mr), \
						 buf, NULL, 0, len, dir, \
						 &__kc_bus, KCELL_HERE); \
	}								\
	if (!__kc_err)							\
		__kc_err = __dma_ring_put_addr(__kc_mr, __kc_mi, type,	\
					       member, __kc_bus);	\
	__kc_err;							\
})

static __always_inline void *__dma_ring_reclaim(struct dma_ring *r,
						unsigned int i,
						unsigned int last, u32 mask,
						u32 value,
						struct kcell_site *site)
{
	struct dma_lease *l = __dma_ring_slot(r, i, 0, site);
	struct dma_lease *at;

	if (!l)
		return NULL;
	at = last == i ? l : __dma_ring_slot(r, last, 0, site);
	if (!at)
		return NULL;
	/*
	 * The status of a descriptor that is not the device's says nothing
	 * of this round: it was not posted again since it was taken back.
	 */
	if (!dma_lease_is_granted(at)) {
		kcell_misuse(at != l, site,
			     "dma_ring reclaim after a descriptor the device does not own");
		if (at != l)
			return NULL;
	}
	if ((__dma_ring_status(r, last) & mask) != value)
		return NULL;
	/* Nothing the device wrote is read before its status says done. */
	dma_rmb();
	return __dma_lease_try_reclaim(l, site);
}

/**
 * dma_ring_reclaim() - take slot @i back if the device is done with it
 * @r: the ring
 * @i: the slot, granted
 * @done: the bits of the status field that say the device is done, in
 *	the CPU's byte order
 *
 * Reads descriptor @i's status (cleared by the post, so a done bit is this
 * round's).  If none of @done is set the device still owns the buffer and
 * nothing happens.  Otherwise, after a read barrier (nothing of what the
 * device wrote is read before its status), the slot's lease is reclaimed:
 * synced for the CPU.
 *
 * Return: the buffer, the CPU's until unmapped or posted again; NULL if
 * the device is not done, the slot is not the device's (a second
 * completion, reported in debug mode, or a slot without a buffer), or @i
 * is out of range.
 */
#define dma_ring_reclaim(r, i, done) ({					\
	unsigned int __kc_ci = (i);					\
	u32 __kc_done = (done);						\
									\
	__dma_ring_reclaim(r, __kc_ci, __kc_ci, __kc_done, __kc_done,	\
			   KCELL_HERE);					\
})

/**
 * dma_ring_reclaim_if() - take slot @i back if its status matches
 * @r: the ring
 * @i: the slot, granted
 * @mask: the bits of the status field to look at, in CPU order
 * @value: what they are when the device is done: @mask for a done bit,
 *	0 for an ownership bit the device clears
 *
 * dma_ring_reclaim() for any status convention.
 *
 * Return: as dma_ring_reclaim().
 */
#define dma_ring_reclaim_if(r, i, mask, value) ({			\
	unsigned int __kc_ci = (i);					\
									\
	__dma_ring_reclaim(r, __kc_ci, __kc_ci, mask, value, KCELL_HERE); \
})

/**
 * dma_ring_reclaim_after() - take slot @i back once descriptor @last is done
 * @r: the ring
 * @i: the slot
 * @last: the last descriptor of the packet @i belongs to, where the
 *	device writes back only that one; still the device's (not yet
 *	reclaimed), so that its status is this round's
 * @done: the bits of @last's status that say the device is done
 *
 * For a packet over several descriptors: reclaim its slots in order, the
 * last one last.  A slot without a buffer (a context descriptor) gives
 * NULL quietly.
 *
 * Return: as dma_ring_reclaim().
 */
#define dma_ring_reclaim_after(r, i, last, done) ({			\
	u32 __kc_adone = (done);					\
									\
	__dma_ring_reclaim(r, i, last, __kc_adone, __kc_adone, KCELL_HERE); \
})

static __always_inline void *
__dma_ring_reclaim_stopped(struct dma_ring *r, unsigned int i,
			   struct kcell_site *site)
{
	struct dma_lease *l = __dma_ring_slot(r, i, 0, site);

	if (!l)
		return NULL;
	if (unlikely(!READ_ONCE(__ring(r, stopped)))) {
		/* In every build: this would take a buffer from a device at work. */
		kcell_report(site, "dma_ring_reclaim_stopped of a started ring");
		return NULL;
	}
	return __dma_lease_try_reclaim(l, site);
}

/**
 * dma_ring_reclaim_stopped() - take slot @i back from a stopped device
 * @r: the ring, after dma_ring_stop()
 * @i: the slot
 *
 * For teardown and reset, whatever the descriptor says: the device no
 * longer does DMA.  On a started ring it is refused and reported, in
 * every build.
 *
 * Return: the buffer if the slot was the device's, NULL otherwise.
 */
#define dma_ring_reclaim_stopped(r, i)					\
	__dma_ring_reclaim_stopped(r, i, KCELL_HERE)

/**
 * dma_ring_is_granted() - whether the device owns slot @i
 * @r: the ring
 * @i: the slot
 *
 * Return: true between the post and the reclaim; false also out of range.
 */
static inline bool dma_ring_is_granted(struct dma_ring *r, unsigned int i)
{
	return i < __ring(r, count) &&
	       dma_lease_is_granted(&__ring(r, slot)[i]);
}

/**
 * dma_ring_unmap() - unmap slot @i's buffer
 * @r: the ring
 * @i: the slot, CPU-owned or unmapped
 *
 * Return: as dma_lease_unmap(); -ERANGE if @i is outside the ring.
 */
#define dma_ring_unmap(r, i) ({						\
	struct dma_lease *__kc_l = __dma_ring_slot(r, i, 0, KCELL_HERE);	\
									\
	__kc_l ? __dma_ring_lease_unmap(__kc_l, KCELL_HERE) : -ERANGE;	\
})

#undef __ring

#endif /* _KCELL_DMA_RING_H */
