/* SPDX-License-Identifier: GPL-2.0 */
/*
 * OptionalCell: a small copyable value that may be absent.
 *
 * Tock's OptionalCell<T> holds a Copy value in a Cell<Option<T>>: values
 * go in and out by copy, never by reference, so there is nothing to lend
 * and nothing to lose.  Use it for a client pointer, a flag, a counter: a
 * word or less.
 *
 * Presence and value change together, under a raw spinlock taken with
 * interrupts off for the few instructions of a copy, so readers never see
 * a value without its presence or a half-written value, and
 * optional_cell_take() gives a value to exactly one caller.  A raw lock
 * keeps the cell usable from hard interrupt context on PREEMPT_RT too.
 *
 * Not from NMI context: an NMI that arrives while its own CPU holds the
 * lock would spin on it forever (interrupts off does not keep an NMI out).
 * A value as wide as a long leaves no bit for presence, so a lock-free
 * cell would have to give up either the width or the atomic take.  Debug
 * mode reports a use from NMI context and refuses it.
 *
 * Example:
 *
 *	struct rng_client {
 *		void (*ready)(struct rng_client *client);
 *	};
 *
 *	struct rng_hw {
 *		DECLARE_OPTIONAL_CELL(client, struct rng_client *);
 *	};
 *
 *	static void rng_hw_attach(struct rng_hw *hw, struct rng_client *client)
 *	{
 *		optional_cell_init(&hw->client);
 *		optional_cell_set(&hw->client, client);
 *	}
 *
 *	// The completion interrupt: of racing takers, exactly one gets it.
 *	static void rng_hw_done(struct rng_hw *hw)
 *	{
 *		struct rng_client *c;
 *
 *		if (optional_cell_take(&hw->client, &c))
 *			c->ready(c);
 *	}
 */
#ifndef _KCELL_OPTIONAL_CELL_H
#define _KCELL_OPTIONAL_CELL_H

#include <linux/build_bug.h>
#include <linux/preempt.h>
#include <linux/spinlock.h>

#include "base.h"

/**
 * OPTIONAL_CELL() - type of a cell holding an optional @type value
 * @type: a copyable type no larger than a long
 *
 * Embed it in the driver's structure:
 *
 *	struct foo { OPTIONAL_CELL(struct client *) client; };
 *
 * The members are private; use the optional_cell_*() operations.
 */
#define OPTIONAL_CELL(type)	struct __OPTIONAL_CELL_BODY(type)

#define __OPTIONAL_CELL_BODY(type)					\
	{								\
		raw_spinlock_t __kcell __kc_lock;			\
		bool __kcell __kc_some;					\
		type __kcell __kc_val;					\
	}

/**
 * DECLARE_OPTIONAL_CELL() - declare an OptionalCell member or variable
 * @name: its name
 * @type: the value's type
 *
 * The same as "OPTIONAL_CELL(type) name", in the DECLARE_ form that
 * checkpatch.pl recognises as a declaration.
 */
#define DECLARE_OPTIONAL_CELL(name, type)	struct __OPTIONAL_CELL_BODY(type) name

#define __optional_cell_lock(c)	(&__kcell_member(c, lock))
#define __optional_cell_some(c)	(&__kcell_member(c, some))
#define __optional_cell_val(c)	(&__kcell_member(c, val))

/* Debug mode: true (after one report) when called from NMI context. */
#define __optional_cell_in_nmi()					\
	kcell_misuse(in_nmi(), KCELL_HERE, "OptionalCell used in NMI context")

#define __optional_cell_check_size(c)					\
	BUILD_BUG_ON_MSG(sizeof((c)->__kc_val) > sizeof(long),		\
			 "OPTIONAL_CELL() holds values up to a long")

/**
 * optional_cell_init() - initialise an empty cell
 * @c: pointer to the cell
 *
 * Not atomic: call it before the cell is shared.  Each call site is one
 * lockdep class.
 */
#define optional_cell_init(c) do {					\
	typeof(c) __kc_c = (c);						\
									\
	__optional_cell_check_size(__kc_c);				\
	raw_spin_lock_init(__optional_cell_lock(__kc_c));		\
	*__optional_cell_some(__kc_c) = false;				\
} while (0)

/**
 * optional_cell_set() - store a value, replacing any previous one
 * @c: pointer to the cell
 * @v: the value
 *
 * Not from NMI context.
 */
#define optional_cell_set(c, v) do {					\
	typeof(c) __kc_c = (c);						\
	typeof((c)->__kc_val) __force __kernel __kc_v = (v);		\
	unsigned long __kc_flags;					\
									\
	if (__optional_cell_in_nmi())					\
		break;							\
	raw_spin_lock_irqsave(__optional_cell_lock(__kc_c), __kc_flags); \
	*__optional_cell_val(__kc_c) = __kc_v;				\
	WRITE_ONCE(*__optional_cell_some(__kc_c), true);		\
	raw_spin_unlock_irqrestore(__optional_cell_lock(__kc_c), __kc_flags); \
} while (0)

/**
 * optional_cell_clear() - make the cell empty
 * @c: pointer to the cell
 *
 * Not from NMI context.
 */
#define optional_cell_clear(c) do {					\
	typeof(c) __kc_c = (c);						\
	unsigned long __kc_flags;					\
									\
	if (__optional_cell_in_nmi())					\
		break;							\
	raw_spin_lock_irqsave(__optional_cell_lock(__kc_c), __kc_flags); \
	WRITE_ONCE(*__optional_cell_some(__kc_c), false);		\
	raw_spin_unlock_irqrestore(__optional_cell_lock(__kc_c), __kc_flags); \
} while (0)

/* Copies the value to *@out if present, and clears the cell if @take. */
#define __optional_cell_copy(c, out, take) ({				\
	typeof(c) __kc_c = (c);						\
	unsigned long __kc_flags;					\
	bool __kc_some = false;						\
									\
	if (!__optional_cell_in_nmi()) {				\
		raw_spin_lock_irqsave(__optional_cell_lock(__kc_c),	\
				      __kc_flags);			\
		__kc_some = *__optional_cell_some(__kc_c);		\
		if (__kc_some) {					\
			*(out) = *__optional_cell_val(__kc_c);		\
			if (take)					\
				WRITE_ONCE(*__optional_cell_some(__kc_c), \
					   false);			\
		}							\
		raw_spin_unlock_irqrestore(__optional_cell_lock(__kc_c), \
					   __kc_flags);			\
	}								\
	__kc_some;							\
})

/**
 * optional_cell_get() - copy the value out
 * @c: pointer to the cell
 * @out: where to copy it
 *
 * Not from NMI context (debug mode refuses it: false).
 *
 * Return: true if the cell held a value, now in *@out; false (and *@out
 * untouched) if it was empty.
 */
#define optional_cell_get(c, out)	__optional_cell_copy(c, out, false)

/**
 * optional_cell_take() - copy the value out and empty the cell, atomically
 * @c: pointer to the cell
 * @out: where to copy it
 *
 * Of racing takers, exactly one gets a given value.  Not from NMI context
 * (debug mode refuses it: false).
 *
 * Return: true if the cell held a value, now in *@out; false (and *@out
 * untouched) if it was empty.
 */
#define optional_cell_take(c, out)	__optional_cell_copy(c, out, true)

/**
 * optional_cell_is_some() - whether the cell holds a value
 * @c: pointer to the cell
 *
 * A racy hint.
 */
#define optional_cell_is_some(c)	READ_ONCE(*__optional_cell_some(c))

#endif /* _KCELL_OPTIONAL_CELL_H */
