/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DMA regions: coherent memory shared with a device, such as a descriptor
 * ring.
 *
 * Both sides access coherent memory at any time, so ownership cannot be
 * tracked per access.  What the region enforces instead is what goes wrong
 * in hand-written ring code: every access is bounds-checked against the
 * allocation, every element is read and written whole (READ_ONCE and
 * WRITE_ONCE of a naturally aligned word, never torn by the compiler), and
 * the bus address of any part of it comes out as a kcell_dma_t.  Declare
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
 *		return dma_region_alloc(ring, dev, 256 * sizeof(struct rx_desc),
 *					GFP_KERNEL);
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
#include <linux/overflow.h>

#include "base.h"
#include "dma_lease.h"

/**
 * struct dma_region - a coherent DMA allocation
 *
 * Zero-initialised, a region is unallocated.  All members are private.
 */
struct dma_region {
	/* private: */
	void *__leased __kc_cpu;
	struct device *__leased __kc_dev;
	kcell_dma_t __leased __kc_bus;
	size_t __leased __kc_size;
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
	return 0;
}

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
					      const struct kcell_site *site)
{
	size_t size = __region(r, size);

	if (likely(off < size && size - off >= len && !(off & (len - 1))))
		return true;
	kcell_misuse(true, site, "dma_region access out of bounds");
	return false;
}

#define __dma_region_cpu(r)	__kcell_member(r, cpu)

#define __dma_region_check_elem(x)					\
	compiletime_assert(__native_word(x) || sizeof(x) == sizeof(u64), \
			   "dma_region elements are 1, 2, 4 or 8 bytes")

/**
 * dma_region_read() - read one element of a region, whole
 * @r: the region
 * @off: byte offset of the element, a multiple of its size
 * @out: where to store it; its type (1, 2, 4 or 8 bytes) sets the size
 *
 * Return: 0, or -ERANGE (and *@out untouched) if the element is not
 * entirely inside the region or is misaligned.
 */
#define dma_region_read(r, off, out) ({					\
	typeof(r) __kc_r = (r);						\
	typeof(out) __kc_out = (out);					\
	size_t __kc_off = (off);					\
	bool __kc_ok;							\
									\
	__dma_region_check_elem(*__kc_out);				\
	__kc_ok = __dma_region_fits(__kc_r, __kc_off, sizeof(*__kc_out), \
				    KCELL_HERE);			\
	if (__kc_ok)							\
		*__kc_out = READ_ONCE(*(typeof(__kc_out))		\
			(__dma_region_cpu(__kc_r) + __kc_off));		\
	__kc_ok ? 0 : -ERANGE;						\
})

/**
 * dma_region_write() - write one element of a region, whole
 * @r: the region
 * @off: byte offset of the element, a multiple of its size
 * @val: the value; its type (1, 2, 4 or 8 bytes) sets the size
 *
 * Ordering against the device is the caller's: dma_wmb() before the write
 * that hands a descriptor over.
 *
 * Return: 0, or -ERANGE (and nothing written) if the element is not
 * entirely inside the region or is misaligned.
 */
#define dma_region_write(r, off, val) ({				\
	typeof(r) __kc_r = (r);						\
	typeof(val) __kc_val = (val);					\
	size_t __kc_off = (off);					\
	bool __kc_ok;							\
									\
	__dma_region_check_elem(__kc_val);				\
	__kc_ok = __dma_region_fits(__kc_r, __kc_off, sizeof(__kc_val),	\
				    KCELL_HERE);			\
	if (__kc_ok)							\
		WRITE_ONCE(*(typeof(__kc_val) *)			\
			   (__dma_region_cpu(__kc_r) + __kc_off), __kc_val); \
	__kc_ok ? 0 : -ERANGE;						\
})

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
 * entirely inside the region.
 */
#define dma_region_read_field(r, index, type, member, out) ({		\
	typeof(out) __kc_fout = (out);					\
									\
	BUILD_BUG_ON_MSG(!__same_type(*__kc_fout, ((type *)0)->member),	\
			 "dma_region_read_field: @out has another type");	\
	dma_region_read(r, __dma_region_field_off(index, type, member),	\
			__kc_fout);					\
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
 * entirely inside the region.
 */
#define dma_region_write_field(r, index, type, member, val) ({		\
	typeof(((type *)0)->member) __kc_fval = (val);			\
									\
	dma_region_write(r, __dma_region_field_off(index, type, member),	\
			 __kc_fval);					\
})

static __always_inline kcell_dma_t __dma_region_addr(const struct dma_region *r,
						     size_t off,
						     const struct kcell_site *site)
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
