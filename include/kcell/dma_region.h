/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DMA regions: coherent memory shared with a device, such as a descriptor
 * ring.
 *
 * Both sides access coherent memory at any time, so ownership cannot be
 * tracked per access.  What the region enforces instead is what goes wrong
 * in hand-written ring code: every access is bounds-checked against the
 * allocation, every element is read and written whole (READ_ONCE and
 * WRITE_ONCE of a naturally aligned word, never torn by the compiler; a
 * 64-bit element is two accesses on a 32-bit kernel), and the bus address
 * of any part of it comes out as a kcell_dma_t.  Declare
 * a descriptor's buffer address kcell_dma_le64_t, and only
 * kcell_dma_to_desc() of a lease's or a region's address can fill it.
 *
 * Example:
 *
 *	struct rx_desc {
 *		kcell_dma_le64_t addr;	// only kcell_dma_to_desc() fills it
 *		__le16 length;
 *		__le16 csum;
 *		u8 status;
 *		u8 errors;
 *		__le16 special;
 *	};
 *
 *	static int ring_alloc(struct dma_region *ring, struct device *dev)
 *	{
 *		return dma_region_alloc_array(ring, dev, 256, struct rx_desc,
 *					      GFP_KERNEL);
 *	}
 *
 *	// Slot i gets a buffer; -ERANGE if i is outside the ring.
 *	static int ring_post(struct dma_region *ring, unsigned int i,
 *			     struct dma_lease *buf)
 *	{
 *		return dma_region_write_field(ring, i, struct rx_desc, addr,
 *					      kcell_dma_to_desc(dma_lease_grant(buf)));
 *	}
 *
 *	static bool ring_done(struct dma_region *ring, unsigned int i)
 *	{
 *		u8 status = 0;
 *
 *		dma_region_read_field(ring, i, struct rx_desc, status, &status);
 *		return status & 1;
 *	}
 */
#ifndef _KCELL_DMA_REGION_H
#define _KCELL_DMA_REGION_H

#include <linux/dma-mapping.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/string.h>

#include "base.h"
#include "dma_lease.h"

/**
 * struct dma_region - a coherent DMA allocation
 *
 * Zero-initialised, a region is unallocated.  All members are private.
 */
struct dma_region {
	/* private: */
	KCELL_NO_COPY;
	void *__leased __kc_cpu;
	struct device *__leased __kc_dev;
	kcell_dma_t __leased __kc_bus;
	size_t __leased __kc_size;
#if KCELL_DEBUG_ENABLED
	/* sizeof the element type of dma_region_alloc_array(), else 0. */
	size_t __leased __kc_elem;
#endif
};

#define __region(r, member)	__kcell_member(r, member)

/**
 * dma_region_alloc() - allocate coherent memory shared with a device
 * @r: an unallocated region
 * @dev: the device
 * @size: size in bytes
 * @gfp: allocation flags (GFP_KERNEL in probe)
 *
 * The memory is zeroed.
 *
 * Return: 0, -EINVAL for a zero size or a region already allocated, or
 * -ENOMEM.
 */
static inline int dma_region_alloc(struct dma_region *r, struct device *dev,
				   size_t size, gfp_t gfp)
{
	dma_addr_t bus;
	void *cpu;

	if (!dev || !size || __region(r, cpu))
		return -EINVAL;
	cpu = dma_alloc_coherent(dev, size, &bus, gfp);
	if (!cpu)
		return -ENOMEM;
	__region(r, cpu) = cpu;
	__region(r, dev) = dev;
	__region(r, bus) = (__force kcell_dma_t)bus;
	__region(r, size) = size;
#if KCELL_DEBUG_ENABLED
	__region(r, elem) = 0;
#endif
	return 0;
}

static inline int __dma_region_alloc_array(struct dma_region *r,
					   struct device *dev, size_t n,
					   size_t elem, gfp_t gfp)
{
	size_t size;
	int err;

	if (check_mul_overflow(n, elem, &size))
		return -EINVAL;
	err = dma_region_alloc(r, dev, size, gfp);
#if KCELL_DEBUG_ENABLED
	if (!err)
		__region(r, elem) = elem;
#endif
	return err;
}

/**
 * dma_region_alloc_array() - allocate a region of typed elements, a ring
 * @r: an unallocated region
 * @dev: the device
 * @n: number of elements
 * @type: the element type, such as a descriptor structure
 * @gfp: allocation flags (GFP_KERNEL in probe)
 *
 * dma_region_alloc() of @n elements of @type, zeroed.  The region's
 * elements are then written only field by field, with
 * dma_region_write_field(), which gives each field its declared type: an
 * untyped dma_region_write() into it would put a raw number where a
 * kcell_dma_le64_t address field expects kcell_dma_to_desc().  Debug mode
 * refuses and reports that write, and a field access that names another
 * element type; kcell-check reports both writes to the same region.
 *
 * Return: 0, -EINVAL for a zero or overflowing size or a region already
 * allocated, or -ENOMEM.
 */
#define dma_region_alloc_array(r, dev, n, type, gfp)			\
	__dma_region_alloc_array(r, dev, n, sizeof(type), gfp)

/**
 * dma_region_free() - free a region's memory
 * @r: the region; unallocated regions are ignored
 *
 * The device must no longer access it.  The region may be allocated again.
 */
static inline void dma_region_free(struct dma_region *r)
{
	if (!__region(r, cpu))
		return;
	dma_free_coherent(__region(r, dev), __region(r, size),
			  __region(r, cpu),
			  (__force dma_addr_t)__region(r, bus));
	__region(r, cpu) = NULL;
	__region(r, size) = 0;
}

/**
 * dma_region_swap() - exchange the allocations of two regions
 * @a: a region, allocated or not
 * @b: another
 *
 * Each takes the other's memory, as it is: nothing is copied or freed.
 * The way to move a region from one holder to another, since a region
 * cannot be assigned (KCELL_NO_COPY): a ring resize builds the new ring
 * beside the running one, then swaps them while the device is stopped.
 * Neither region may be in use by another context during the swap.
 */
static inline void dma_region_swap(struct dma_region *a, struct dma_region *b)
{
	swap(__region(a, cpu), __region(b, cpu));
	swap(__region(a, dev), __region(b, dev));
	swap(__region(a, bus), __region(b, bus));
	swap(__region(a, size), __region(b, size));
#if KCELL_DEBUG_ENABLED
	swap(__region(a, elem), __region(b, elem));
#endif
}

/**
 * dma_region_size() - size of a region in bytes
 * @r: the region
 *
 * Return: the size given to dma_region_alloc(), 0 when unallocated.
 */
static inline size_t dma_region_size(const struct dma_region *r)
{
	return __region(r, size);
}

/*
 * Whether @len bytes at @off are inside the region, and @off a multiple of
 * @len (an element of @len bytes must be naturally aligned to be accessed
 * whole).  off < size is tested first, so that size - off cannot wrap.
 */
static __always_inline bool __dma_region_fits(const struct dma_region *r,
					      size_t off, size_t len,
					      struct kcell_site *site)
{
	size_t size = __region(r, size);

	if (likely(off < size && size - off >= len && !(off & (len - 1))))
		return true;
	kcell_misuse(true, site, "dma_region access out of bounds");
	return false;
}

#define __dma_region_cpu(r)	__kcell_member(r, cpu)

/*
 * Debug mode: whether an access of element type size @elem (0: untyped)
 * may write @r.  A region of dma_region_alloc_array() takes only field
 * writes of its own element type.
 */
static __always_inline bool __dma_region_typed(const struct dma_region *r,
					       size_t elem, bool write,
					       struct kcell_site *site)
{
#if KCELL_DEBUG_ENABLED
	size_t own = __region(r, elem);

	if (kcell_misuse(write && own && !elem, site,
			 "untyped dma_region_write into typed elements"))
		return false;
	return !kcell_misuse(own && elem && elem != own, site,
			     "dma_region field of another element type");
#else
	return true;
#endif
}

#define __dma_region_check_elem(x)					\
	compiletime_assert(__native_word(x) || sizeof(x) == sizeof(u64), \
			   "dma_region elements are 1, 2, 4 or 8 bytes")

#define __dma_region_read(r, off, out, elem) ({			\
	typeof(r) __kc_r = (r);						\
	typeof(out) __kc_out = (out);					\
	size_t __kc_off = (off);					\
	struct kcell_site *__kc_site = KCELL_HERE;			\
	bool __kc_ok;							\
									\
	__dma_region_check_elem(*__kc_out);				\
	__kc_ok = __dma_region_typed(__kc_r, elem, false, __kc_site) &&	\
		  __dma_region_fits(__kc_r, __kc_off, sizeof(*__kc_out),	\
				    __kc_site);				\
	if (__kc_ok)							\
		*__kc_out = READ_ONCE(*(typeof(__kc_out))		\
			(__dma_region_cpu(__kc_r) + __kc_off));		\
	__kc_ok ? 0 : -ERANGE;						\
})

#define __dma_region_write(r, off, val, elem) ({			\
	typeof(r) __kc_r = (r);						\
	typeof(val) __kc_val = (val);					\
	size_t __kc_off = (off);					\
	struct kcell_site *__kc_site = KCELL_HERE;			\
	bool __kc_ok;							\
									\
	__dma_region_check_elem(__kc_val);				\
	__kc_ok = __dma_region_typed(__kc_r, elem, true, __kc_site) &&	\
		  __dma_region_fits(__kc_r, __kc_off, sizeof(__kc_val),	\
				    __kc_site);				\
	if (__kc_ok)							\
		WRITE_ONCE(*(typeof(__kc_val) *)			\
			   (__dma_region_cpu(__kc_r) + __kc_off), __kc_val); \
	__kc_ok ? 0 : -ERANGE;						\
})

/**
 * dma_region_read() - read one element of a region, whole
 * @r: the region
 * @off: byte offset of the element, a multiple of its size
 * @out: where to store it; its type (1, 2, 4 or 8 bytes) sets the size
 *
 * Return: 0, or -ERANGE (and *@out untouched) if the element is not
 * entirely inside the region or is misaligned.
 */
#define dma_region_read(r, off, out)	__dma_region_read(r, off, out, 0)

/**
 * dma_region_write() - write one element of a region, whole
 * @r: the region, of dma_region_alloc() (not of typed elements)
 * @off: byte offset of the element, a multiple of its size
 * @val: the value; its type (1, 2, 4 or 8 bytes) sets the size
 *
 * Ordering against the device is the caller's: dma_wmb() before the write
 * that hands a descriptor over.  The value is written as it is: a region
 * that holds descriptors with kcell_dma_le64_t fields is written with
 * dma_region_write_field() instead, and debug mode refuses this write into
 * a region of dma_region_alloc_array().
 *
 * Return: 0, or -ERANGE (and nothing written) if the element is not
 * entirely inside the region, is misaligned, or (debug mode) the region
 * has typed elements.
 */
#define dma_region_write(r, off, val)	__dma_region_write(r, off, val, 0)

/*
 * Byte offset of a field at @field in element @index of @size-byte
 * elements, or SIZE_MAX (out of every region's bounds) if it does not fit
 * a size_t: on a 32-bit size_t a large index would otherwise wrap the
 * product back into bounds.
 */
static __always_inline size_t __dma_region_elem_off(size_t index, size_t size,
						    size_t field)
{
	size_t off;

	if (unlikely(check_mul_overflow(index, size, &off) ||
		     check_add_overflow(off, field, &off)))
		return SIZE_MAX;
	return off;
}

/* Offset of @member of element @index of an array of @type at offset 0. */
#define __dma_region_field_off(index, type, member)			\
	__dma_region_elem_off(index, sizeof(type), offsetof(type, member))

/**
 * dma_region_read_field() - read one field of an element of a ring, whole
 * @r: the region, holding an array of @type from offset 0
 * @index: the element
 * @type: the element type, such as a descriptor structure
 * @member: the field, 1, 2, 4 or 8 bytes and naturally aligned
 * @out: where to store it; must point to the field's own type
 *
 * Return: 0, or -ERANGE (and *@out untouched) if the element is not
 * entirely inside the region, or (debug mode) @type is not the element
 * type the region was allocated with.
 */
#define dma_region_read_field(r, index, type, member, out) ({		\
	typeof(out) __kc_fout = (out);					\
									\
	BUILD_BUG_ON_MSG(!__same_type(*__kc_fout, ((type *)0)->member),	\
			 "dma_region_read_field: @out has another type");	\
	__dma_region_read(r, __dma_region_field_off(index, type, member), \
			  __kc_fout, sizeof(type));			\
})

/**
 * dma_region_write_field() - write one field of an element of a ring, whole
 * @r: the region, holding an array of @type from offset 0
 * @index: the element
 * @type: the element type, such as a descriptor structure
 * @member: the field, 1, 2, 4 or 8 bytes and naturally aligned
 * @val: the value, converted to the field's type as an assignment would:
 *	sparse reports a value of another __bitwise type, so a field declared
 *	kcell_dma_le64_t only takes a kcell_dma_to_desc()
 *
 * Ordering against the device is the caller's, as for dma_region_write().
 *
 * Return: 0, or -ERANGE (and nothing written) if the element is not
 * entirely inside the region, or (debug mode) @type is not the element
 * type the region was allocated with.
 */
#define dma_region_write_field(r, index, type, member, val) ({		\
	typeof(((type *)0)->member) __kc_fval = (val);			\
									\
	__dma_region_write(r, __dma_region_field_off(index, type, member), \
			   __kc_fval, sizeof(type));			\
})

static __always_inline int __dma_region_copy_in(struct dma_region *r,
						size_t off, const void *src,
						size_t len, size_t elem,
						struct kcell_site *site)
{
	size_t size = __region(r, size);

	if (!__dma_region_typed(r, elem, true, site))
		return -ERANGE;
	if (unlikely(off > size || size - off < len)) {
		kcell_misuse(true, site, "dma_region_copy_in_field out of bounds");
		return -ERANGE;
	}
	memcpy(__region(r, cpu) + off, src, len);
	return 0;
}

/**
 * dma_region_copy_in_field() - write a block field of an element, by copy
 * @r: the region, holding an array of @type from offset 0
 * @index: the element
 * @type: the element type, such as a command block
 * @member: the field: a structure or an array the device reads as a whole
 *	once it is told to, such as a command's parameters
 * @src: a pointer to a value of the field's own type
 *
 * dma_region_write_field() writes a word whole; this copies a block of
 * any size, for the parameters of a command (a configuration block, a
 * list of multicast addresses) built on the stack first.  The field's
 * type is checked at build time, so an address field is filled only from
 * a value of its own type (a structure whose kcell_dma_le32_t fields took
 * kcell_dma_to_desc32()); the copy is not whole, so never use it on
 * words the device may be reading or writing meanwhile.
 *
 * Return: 0, or -ERANGE (and nothing written) if the field is not
 * entirely inside the region, or (debug mode) @type is not the element
 * type the region was allocated with.
 */
#define dma_region_copy_in_field(r, index, type, member, src) ({	\
	const typeof(((type *)0)->member) *__kc_src = (src);		\
									\
	__dma_region_copy_in(r, __dma_region_field_off(index, type, member), \
			     __kc_src, sizeof(*__kc_src), sizeof(type),	\
			     KCELL_HERE);				\
})

/**
 * dma_region_zero() - zero all of a region
 * @r: the region
 *
 * For a ring being reset: the device must not be using it.  Plain stores,
 * not whole-element ones; order them before handing the ring back to the
 * device as for any write (a register write after it does, on the
 * architectures where MMIO orders memory).
 */
static inline void dma_region_zero(struct dma_region *r)
{
	if (__region(r, cpu))
		memset(__region(r, cpu), 0, __region(r, size));
}

static __always_inline int __dma_region_copy_out(const struct dma_region *r,
						 size_t off, void *buf,
						 size_t len,
						 struct kcell_site *site)
{
	size_t size = __region(r, size);

	if (unlikely(off > size || size - off < len)) {
		kcell_misuse(true, site, "dma_region_copy_out out of bounds");
		return -ERANGE;
	}
	memcpy(buf, __region(r, cpu) + off, len);
	return 0;
}

/**
 * dma_region_copy_out() - copy a snapshot of part of a region
 * @r: the region
 * @off: byte offset of the first byte
 * @buf: where to copy it
 * @len: how many bytes
 *
 * For a block the device writes as a whole and the CPU reads once it is
 * told the block is complete, such as a statistics dump for ethtool: the
 * bytes are copied as they are, not element by element, so read a field
 * the device may still be changing with dma_region_read_field() instead.
 *
 * Return: 0, or -ERANGE (and nothing copied) if the bytes are not all
 * inside the region.
 */
#define dma_region_copy_out(r, off, buf, len)				\
	__dma_region_copy_out(r, off, buf, len, KCELL_HERE)

static __always_inline kcell_dma_t __dma_region_addr(const struct dma_region *r,
						     size_t off,
						     struct kcell_site *site)
{
	if (unlikely(!__region(r, cpu) || off >= __region(r, size))) {
		kcell_misuse(true, site, "dma_region_addr out of bounds");
		return KCELL_DMA_ERROR;
	}
	return (__force kcell_dma_t)((__force dma_addr_t)__region(r, bus) + off);
}

/**
 * dma_region_addr() - bus address of a byte of a region
 * @r: the region
 * @off: byte offset inside the region
 *
 * Return: the address, or KCELL_DMA_ERROR if @off is outside the region.
 */
#define dma_region_addr(r, off)	__dma_region_addr(r, off, KCELL_HERE)

#undef __region

#endif /* _KCELL_DMA_REGION_H */
