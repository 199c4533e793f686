/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kcell secret - a label for bytes that must not leak
 *
 * Random bytes on their way to a reader, a key, a nonce: the driver moves
 * them from where they arrive to the one place that hands them out, and
 * nowhere else may they go: not into a log line, a trace event, a debugfs
 * file, a buffer that outlives them, or user space by another road.  The
 * label says which memory and which values hold such bytes, and sparse
 * keeps the labelled apart from the unlabelled:
 *
 *	struct rng_state {
 *		DECLARE_SECRET_BYTES(pool, 64);		// labelled storage
 *	};
 *
 *	static void rng_fill(struct rng_state *st, const secret_byte *from)
 *	{
 *		secret_copy(secret_bytes(&st->pool), from, 64);
 *	}
 *
 *	static ssize_t rng_read(struct rng_state *st, struct iov_iter *to)
 *	{
 *		// The one way out, written where it happens, counted by census.
 *		return declassify_to_iter(secret_bytes(&st->pool), 64, to);
 *	}
 *
 * Memory: a pointer to labelled bytes is "secret_byte *" ("u8 __secret *",
 * or "void __secret *" for any type), a noderef address space, as __user
 * is: reading or writing through it is a sparse
 * warning ("dereference of noderef expression"), and passing it where
 * plain memory is expected (memcpy(), copy_to_user(), a kfifo, a
 * function of the driver's) is one too ("different address spaces"), as
 * is a plain pointer where a labelled one is expected.  Labelled memory
 * comes from DECLARE_SECRET_BYTES() (sparse loses an address space on an
 * array, so the storage is a private member reached through
 * secret_bytes()) or secret_alloc(); bytes move between labelled buffers
 * with secret_copy(), are erased with secret_wipe() and leave through a
 * declassify_*() call.
 *
 * Values: secret_u8, secret_u32 and secret_u64 are __bitwise types, as
 * __le32 is.  Mixing one with a plain integer, in an assignment, a
 * comparison or an argument, is a sparse warning, and so is passing one
 * to printk() and its kin (sparse: "restricted secret_u32 degrades to
 * integer").  &, |, ^ and ~ keep the label, natively; +, -, * and shifts
 * keep it through secret_add(), secret_sub(), secret_mul(), secret_shl()
 * and secret_shr() (written with + directly, the value degrades to a plain
 * integer, which sparse reports).  A constant or a plain value joins
 * labelled arithmetic through secret_label_u8/u32/u64(): labelling is
 * always allowed, its reverse never implicitly.
 *
 * Branches: a program that branches on a labelled value leaks it through
 * which way it went (its timing, what it writes).  Information-flow type
 * systems track a program-counter label for that; C has nothing to hang
 * one on, so kcell refuses the branch instead: the Coccinelle rule
 * kcell_secret_leak reports an if, while, for, switch, ?:, && or || whose
 * condition reads a labelled value or labelled memory, and a labelled
 * pointer handed to a function that prints, logs or traces.  Code that
 * must decide on a secret does it with the bitwise operators, in constant
 * time, or declassifies the one bit it decides on, where a reviewer sees it.
 *
 * Declassification: declassify_to_iter(), declassify_to_user(),
 * declassify_copy() and declassify_u8/u32/u64() are the only ways from
 * labelled to plain without a __force cast, and each is written at its
 * call site by name: make census counts them per directory, next to the
 * escape hatches, and a driver should have one, where it delivers the
 * bytes.  A __force cast of a labelled value or pointer is the other way,
 * and census counts every __force.
 *
 * Devices: secret_sg_init_in() describes labelled memory to a device that
 * will write into it (an "in" buffer, as a virtio-rng request is): the CPU
 * never reads through the scatterlist.  Giving the device labelled bytes
 * to read is a declassification: use declassify_copy() into the device's
 * buffer.  Nothing checks that an "in" scatterlist is not queued as an
 * "out" one.
 *
 * Everything here is an inline function or a macro that compiles to the
 * plain operation: the label costs nothing at run time, in either mode.
 */
#ifndef _KCELL_SECRET_H
#define _KCELL_SECRET_H

#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/types.h>
#include <linux/uaccess.h>
#include <linux/uio.h>

#include "base.h"

#ifdef __CHECKER__
/**
 * __secret - sparse marker for memory holding labelled bytes
 *
 * A noderef address space, like __user: a pointer to labelled bytes
 * cannot be dereferenced, nor mixed with a pointer to plain memory.
 */
# define __secret	__attribute__((noderef, address_space(__secret)))
#else
# define __secret
#endif

/*
 * Labelled memory is pointed to as "secret_byte *" (or "void __secret *"):
 * the type names the label where it is declared, for sparse and for the
 * Coccinelle rule alike.
 */
typedef u8 __secret secret_byte;

/* Labelled values: a plain integer does not mix with them (sparse). */
typedef u8 __bitwise secret_u8;
typedef u32 __bitwise secret_u32;
typedef u64 __bitwise secret_u64;

/**
 * DECLARE_SECRET_BYTES() - declare labelled storage
 * @name: the member's or variable's name
 * @n: its size in bytes
 *
 * A structure holding @n bytes that only secret_bytes() reaches: its one
 * member is private (kcell_internals reports a use outside the library,
 * sparse a dereference).
 */
#define DECLARE_SECRET_BYTES(name, n)	struct { u8 __kcell __kc_bytes[n]; } name

/**
 * secret_bytes() - the labelled bytes of storage from DECLARE_SECRET_BYTES()
 * @sb: pointer to the storage
 *
 * Return: a "secret_byte *" to its first byte.
 */
#define secret_bytes(sb)	((secret_byte __force *)(sb)->__kc_bytes)

/**
 * secret_size() - the size of storage from DECLARE_SECRET_BYTES()
 * @sb: pointer to the storage
 */
#define secret_size(sb)		sizeof((sb)->__kc_bytes)

/**
 * secret_alloc() - allocate labelled memory
 * @n: bytes
 * @gfp: allocation flags
 *
 * Return: the memory, or NULL.  Free it with secret_free().
 */
static inline void __secret *secret_alloc(size_t n, gfp_t gfp)
{
	void *p = kmalloc(n, gfp);

	return (__force void __secret *)p;
}

/**
 * secret_free() - erase and free memory from secret_alloc()
 * @p: the memory, or NULL
 */
static inline void secret_free(const void __secret *p)
{
	kfree_sensitive((__force const void *)p);
}

/**
 * secret_copy() - copy labelled bytes into labelled memory
 * @dst: where to
 * @src: where from
 * @n: bytes
 */
static __always_inline void secret_copy(void __secret *dst,
					const void __secret *src, size_t n)
{
	memcpy((__force void *)dst, (__force const void *)src, n);
}

/**
 * secret_wipe() - erase labelled memory
 * @p: the memory
 * @n: bytes
 *
 * memzero_explicit(): the compiler may not drop it as a dead store.
 */
static __always_inline void secret_wipe(void __secret *p, size_t n)
{
	memzero_explicit((__force void *)p, n);
}

/**
 * secret_load_u8() - read one labelled byte
 * @p: labelled memory
 * @i: the byte's index
 *
 * Return: the byte, labelled.
 */
static __always_inline secret_u8 secret_load_u8(const secret_byte *p, size_t i)
{
	return (__force secret_u8)((__force const u8 *)p)[i];
}

/**
 * secret_store_u8() - write one labelled byte
 * @p: labelled memory
 * @i: the byte's index
 * @v: the byte
 */
static __always_inline void secret_store_u8(secret_byte *p, size_t i,
					    secret_u8 v)
{
	((__force u8 *)p)[i] = (__force u8)v;
}

/**
 * secret_load_u32() - read a labelled 32-bit word, in CPU order
 * @p: labelled memory, any alignment
 *
 * Return: the word, labelled.
 */
static __always_inline secret_u32 secret_load_u32(const void __secret *p)
{
	u32 v;

	memcpy(&v, (__force const void *)p, sizeof(v));
	return (__force secret_u32)v;
}

/**
 * secret_store_u32() - write a labelled 32-bit word, in CPU order
 * @p: labelled memory, any alignment
 * @v: the word
 */
static __always_inline void secret_store_u32(void __secret *p, secret_u32 v)
{
	u32 plain = (__force u32)v;

	memcpy((__force void *)p, &plain, sizeof(plain));
}

/**
 * secret_label_u8() - label a plain value
 * @v: the value
 *
 * Labelling is always allowed: a plain constant or value joins labelled
 * arithmetic this way.  secret_label_u32() and secret_label_u64() are the
 * same for the wider types.
 *
 * Return: @v, labelled.
 */
#define secret_label_u8(v)	((__force secret_u8)(u8)(v))
#define secret_label_u32(v)	((__force secret_u32)(u32)(v))
#define secret_label_u64(v)	((__force secret_u64)(u64)(v))

/* Both operands of a labelled operation have the same labelled type. */
#define __secret_same(a, b)						\
	BUILD_BUG_ON_MSG(!__same_type(a, b),				\
			 "labelled arithmetic on two different types")

/*
 * @op of two labelled values of one type, computed in 64 bits and cut to
 * the type: the low bits of a sum, a difference and a product do not
 * depend on the high ones, so the result wraps as the type would.
 */
#define __secret_u64(v)		((__force u64)(v))
#define __secret_op(a, b, op) ({					\
	typeof(a) __sa = (a);						\
	typeof(b) __sb = (b);						\
									\
	__secret_same(__sa, __sb);					\
	(__force typeof(__sa))(__secret_u64(__sa) op __secret_u64(__sb)); \
})

/**
 * secret_add() - the sum of two labelled values of one type
 * @a: a secret_u8, secret_u32 or secret_u64
 * @b: a value of the same type
 *
 * Wraps as unsigned arithmetic does.  secret_sub() and secret_mul() are
 * the difference and the product.
 *
 * Return: the result, labelled, of the type of @a.
 */
#define secret_add(a, b)	__secret_op(a, b, +)
#define secret_sub(a, b)	__secret_op(a, b, -)
#define secret_mul(a, b)	__secret_op(a, b, *)

/**
 * secret_shl() - a labelled value shifted left by a plain count
 * @a: a secret_u8, secret_u32 or secret_u64
 * @n: the count, plain (a labelled count would be a secret-dependent
 *	time on some CPUs), below the width of @a
 *
 * secret_shr() shifts right.
 *
 * Return: the result, labelled, of the type of @a.
 */
#define secret_shl(a, n)	((__force typeof(a))((__force u64)(a) << (n)))
#define secret_shr(a, n)	((__force typeof(a))((__force u64)(a) >> (n)))

/**
 * secret_sg_init_in() - describe labelled memory to a device that fills it
 * @sg: the one-entry scatterlist
 * @p: labelled memory
 * @n: bytes
 *
 * For an "in" buffer only: the device writes, the CPU reads the bytes back
 * through @p, labelled.  Queueing @sg as an "out" buffer would let the
 * device read them: declassify_copy() into the device's buffer instead.
 */
static inline void secret_sg_init_in(struct scatterlist *sg, void __secret *p,
				     unsigned int n)
{
	sg_init_one(sg, (__force void *)p, n);
}

/**
 * declassify_to_iter() - hand labelled bytes out through an iov_iter
 * @src: labelled memory
 * @n: bytes
 * @to: the destination (a read()'s user buffer, a kernel kvec)
 *
 * The declassification of a read(): census counts each call.
 *
 * Return: the bytes copied, as copy_to_iter().
 */
static __always_inline size_t declassify_to_iter(const void __secret *src,
						 size_t n, struct iov_iter *to)
{
	return copy_to_iter((__force const void *)src, n, to);
}

/**
 * declassify_to_user() - hand labelled bytes to user space
 * @to: the user buffer
 * @src: labelled memory
 * @n: bytes
 *
 * Return: the bytes not copied, as copy_to_user().
 */
static __always_inline unsigned long
declassify_to_user(void __user *to, const void __secret *src, unsigned long n)
{
	return copy_to_user(to, (__force const void *)src, n);
}

/**
 * declassify_copy() - copy labelled bytes into plain memory
 * @dst: plain memory, which from here holds them unlabelled
 * @src: labelled memory
 * @n: bytes
 */
static __always_inline void declassify_copy(void *dst,
					    const void __secret *src, size_t n)
{
	memcpy(dst, (__force const void *)src, n);
}

/**
 * declassify_u8() - a labelled byte, unlabelled
 * @v: the value
 *
 * Return: @v, plain.
 */
static __always_inline u8 declassify_u8(secret_u8 v)
{
	return (__force u8)v;
}

/**
 * declassify_u32() - a labelled 32-bit value, unlabelled
 * @v: the value
 *
 * Return: @v, plain.
 */
static __always_inline u32 declassify_u32(secret_u32 v)
{
	return (__force u32)v;
}

/**
 * declassify_u64() - a labelled 64-bit value, unlabelled
 * @v: the value
 *
 * Return: @v, plain.
 */
static __always_inline u64 declassify_u64(secret_u64 v)
{
	return (__force u64)v;
}

#endif /* _KCELL_SECRET_H */
