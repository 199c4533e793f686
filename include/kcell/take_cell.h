/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TakeCell: a slot holding zero or one pointer, with one owner at a time.
 *
 * The pointer is moved out with take_cell_take() and moved back with
 * take_cell_put(), as in Tock's TakeCell<'a, T>.  Both are single atomic
 * instructions (xchg, cmpxchg), fully ordered, so two CPUs or a CPU and an
 * interrupt handler never both get the pointer, and whatever the previous
 * owner wrote through it is visible to the next one.
 *
 * take_cell_map() is the scoped form: it takes the pointer for the length
 * of a block and puts it back on every way out of the block.
 *
 * Where every user of a cell already holds one lock, the _locked variants
 * skip the atomic instructions and assert the lock with lockdep instead.
 */
#include "kcell.h"

#ifndef _KCELL_TAKE_CELL_H
#define _KCELL_TAKE_CELL_H

#include <linux/atomic.h>
#include <linux/lockdep.h>
#include <linux/poison.h>

/**
 * TAKE_CELL() - type of a cell holding zero or one pointer to @type
 * @type: the pointed-to type (may be void or const-qualified)
 *
 * Embed it in the driver's structure:
 *
 *	struct foo { TAKE_CELL(struct bar) buf; };
 *
 * The member is private; use the take_cell_*() operations.
 */
#define TAKE_CELL(type)		struct __TAKE_CELL_BODY(type)

#define __TAKE_CELL_BODY(type)						\
	{								\
		typeof(type) *__kcell __kc_ptr;				\
	}

/**
 * DECLARE_TAKE_CELL() - declare a TakeCell member or variable
 * @name: its name
 * @type: the pointed-to type
 *
 * The same as "TAKE_CELL(type) name", in the DECLARE_ form that
 * checkpatch.pl recognises as a declaration.
 */
#define DECLARE_TAKE_CELL(name, type)	struct __TAKE_CELL_BODY(type) name

/*
 * The cell's slot as a plain lvalue.  The pointer type a cell holds is
 * typeof((c)->__kc_ptr) __force __kernel: the member's type without its
 * noderef marker.
 */
#define __take_cell_slot(c)	((void **)&__kcell_member(c, ptr))
/* Type-checks @p against the cell before it loses its type. */
#define __take_cell_arg(c, p) ({					\
	typeof((c)->__kc_ptr) __force __kernel __kc_arg = (p);		\
									\
	(void *)__kc_arg;						\
})

/*
 * While a take_cell_map() body runs, a debug build leaves this marker in
 * the cell instead of NULL, so that the body touching its own cell is seen.
 * A release build leaves the cell empty, and refuses nothing more.
 */
#define __KCELL_TAKE_BORROWED	((void *)(0x5c0 + POISON_POINTER_DELTA))

static __always_inline bool __take_cell_holds(void *p)
{
	return p && (!KCELL_DEBUG_ENABLED || p != __KCELL_TAKE_BORROWED);
}

static __always_inline void *__take_cell_take(void **slot,
					      const struct kcell_site *site)
{
	void *old;

	if (!KCELL_DEBUG_ENABLED)
		return xchg(slot, NULL);

	old = READ_ONCE(*slot);
	do {
		if (kcell_misuse(old == __KCELL_TAKE_BORROWED, site,
				 "take from a TakeCell inside its own map body"))
			return NULL;
	} while (!try_cmpxchg(slot, &old, NULL));
	return old;
}

static __always_inline bool __take_cell_put(void **slot, void *p,
					    const struct kcell_site *site)
{
	void *old = cmpxchg(slot, NULL, p);

	if (likely(!old))
		return true;
	if (old == __KCELL_TAKE_BORROWED)
		kcell_misuse(true, site,
			     "put into a TakeCell inside its own map body");
	else
		kcell_misuse(true, site, "put into a full TakeCell");
	return false;
}

static __always_inline void *__take_cell_replace(void **slot, void *p,
						 const struct kcell_site *site)
{
	void *old;

	if (!KCELL_DEBUG_ENABLED)
		return xchg(slot, p);

	old = READ_ONCE(*slot);
	do {
		if (kcell_misuse(old == __KCELL_TAKE_BORROWED, site,
				 "replace in a TakeCell inside its own map body"))
			return p;
	} while (!try_cmpxchg(slot, &old, p));
	return old;
}

/**
 * take_cell_init() - initialise a cell
 * @c: pointer to the cell
 * @p: the pointer it starts with, or NULL for an empty cell
 *
 * Not atomic: call it before the cell is shared.
 */
#define take_cell_init(c, p) do {					\
	typeof(c) __kc_c = (c);						\
									\
	WRITE_ONCE(*__take_cell_slot(__kc_c), __take_cell_arg(__kc_c, p)); \
} while (0)

/**
 * take_cell_take() - move the pointer out of the cell
 * @c: pointer to the cell
 *
 * Atomic: of any number of racing takers, one gets the pointer.
 *
 * Return: the pointer, which the caller now owns; NULL if the cell was
 * empty.  The cell is empty afterwards.
 */
#define take_cell_take(c) ({						\
	typeof(c) __kc_c = (c);						\
									\
	(typeof(__kc_c->__kc_ptr) __force __kernel)			\
		__take_cell_take(__take_cell_slot(__kc_c), KCELL_HERE);	\
})

/**
 * take_cell_put() - move a pointer into an empty cell
 * @c: pointer to the cell
 * @p: the pointer; the caller owns it
 *
 * Never overwrites: if the cell already holds a pointer, nothing changes
 * and the caller still owns @p.  Putting into a full cell is a misuse that
 * debug mode reports.
 *
 * Return: true if the cell now owns @p, false if it was full.
 */
#define take_cell_put(c, p) ({						\
	typeof(c) __kc_c = (c);						\
									\
	__take_cell_put(__take_cell_slot(__kc_c), __take_cell_arg(__kc_c, p), \
			KCELL_HERE);					\
})

/**
 * take_cell_replace() - swap the cell's pointer for another
 * @c: pointer to the cell
 * @p: the new pointer (may be NULL, which empties the cell)
 *
 * Return: the previous pointer, which the caller now owns (NULL if the cell
 * was empty).  In debug mode, replacing inside the cell's own
 * take_cell_map() body is refused and reported, and @p is returned.
 */
#define take_cell_replace(c, p) ({					\
	typeof(c) __kc_c = (c);						\
									\
	(typeof(__kc_c->__kc_ptr) __force __kernel)__take_cell_replace(	\
		__take_cell_slot(__kc_c), __take_cell_arg(__kc_c, p),	\
		KCELL_HERE);						\
})

/**
 * take_cell_is_some() - whether the cell holds a pointer
 * @c: pointer to the cell
 *
 * A racy hint: another CPU may take or put right after.
 */
#define take_cell_is_some(c)	__take_cell_holds(READ_ONCE(*__take_cell_slot(c)))

/**
 * take_cell_is_none() - whether the cell is empty
 * @c: pointer to the cell
 *
 * A racy hint, like take_cell_is_some().
 */
#define take_cell_is_none(c)	(!take_cell_is_some(c))

/**
 * struct kcell_take_guard - state of a take_cell_map() borrow
 * @slot: the cell's slot
 * @pp: the body's pointer variable; NULL in it means "kept"
 * @site: where the borrow was written (debug mode)
 * @done: the body has run
 */
struct kcell_take_guard {
	void **slot;
	void **pp;
	const struct kcell_site *site;
	bool done;
};

/* Puts the borrowed pointer back; never overwrites a refilled cell. */
static __always_inline void kcell_take_guard_exit(struct kcell_take_guard *g)
{
	void *empty = KCELL_DEBUG_ENABLED ? __KCELL_TAKE_BORROWED : NULL;
	void *p = *g->pp;

	if (!KCELL_DEBUG_ENABLED && !p)
		return;
	if (unlikely(cmpxchg(g->slot, empty, p) != empty))
		kcell_report(g->site,
			     "TakeCell refilled during its map body; borrowed pointer not put back");
}

/**
 * take_cell_map() - borrow the cell's pointer for the length of a block
 * @c: pointer to the cell
 * @p: name of the pointer variable the block sees
 *
 * Usage:
 *
 *	take_cell_map(&dev->buf, buf) {
 *		if (fill(buf) < 0)
 *			return -EIO;	// buf is put back
 *		...
 *	}
 *
 * The block runs only if the cell held a pointer.  On every exit from it,
 * its end, break, continue, return or goto, @p is put back into the cell,
 * unless the block gave it away with take_cell_keep().  While the block
 * runs the cell is empty, so an interrupt or another CPU sees nothing to
 * take.  If the cell has been refilled by the time @p goes back (a put
 * inside the block, or a racing put elsewhere), nothing is overwritten and
 * the put-back is reported with a WARN in every build.
 *
 * @c is evaluated once.
 */
#define take_cell_map(c, p)	__take_cell_map(c, p, __COUNTER__)
/* One more expansion, so that @id is a number before it is pasted. */
#define __take_cell_map(c, p, id)	___take_cell_map(c, p, id)

#define ___take_cell_map(c, p, id)					\
	for (typeof((c)->__kc_ptr) __force __kernel *__kc_slot_##id =	\
		(void *)__take_cell_slot(c),				\
	     (p) = __take_cell_borrow((void **)__kc_slot_##id, KCELL_HERE), \
	     *__kc_pp_##id = &(p);					\
	     *__kc_pp_##id; *__kc_pp_##id = NULL)			\
		__take_cell_guard(__kc_slot_##id, __kc_pp_##id, id)

/* The inner loop: runs the block once, puts the pointer back on exit. */
#define __take_cell_guard(kc_slot, kc_pp, id)				\
	for (struct kcell_take_guard __kc_guard_##id			\
		__attribute__((__cleanup__(kcell_take_guard_exit))) = { \
			.slot = (void **)(kc_slot),			\
			.pp = (void **)(kc_pp),				\
			.site = KCELL_HERE,				\
		}; !__kc_guard_##id.done; __kc_guard_##id.done = true)

static __always_inline void *__take_cell_borrow(void **slot,
						const struct kcell_site *site)
{
	void *old;

	if (!KCELL_DEBUG_ENABLED)
		return xchg(slot, NULL);

	old = READ_ONCE(*slot);
	do {
		if (!old)
			return NULL;
		if (kcell_misuse(old == __KCELL_TAKE_BORROWED, site,
				 "map of a TakeCell inside its own map body"))
			return NULL;
	} while (!try_cmpxchg(slot, &old, __KCELL_TAKE_BORROWED));
	return old;
}

/**
 * take_cell_keep() - keep the borrowed pointer of a take_cell_map() block
 * @p: the block's pointer variable
 *
 * Like no_free_ptr() of <linux/cleanup.h>: the block takes ownership of the
 * pointer, which is not put back when the block exits.
 *
 * Return: the pointer.
 */
#define take_cell_keep(p) ({						\
	typeof(p) *__kc_var = &(p);					\
	typeof(p) __kc_kept = *__kc_var;				\
									\
	*__kc_var = NULL;						\
	__kc_kept;							\
})

/**
 * take_cell_take_locked() - take_cell_take() for a cell guarded by a lock
 * @c: pointer to the cell
 * @lock: the lock every user of the cell holds (spinlock_t, mutex, ...)
 *
 * Plain loads and stores instead of an atomic exchange.  Only correct if
 * every access to the cell, including the atomic operations, holds @lock;
 * lockdep checks that this caller does.
 */
#define take_cell_take_locked(c, lock) ({				\
	typeof(c) __kc_c = (c);						\
	void **__kc_slot = __take_cell_slot(__kc_c);			\
	void *__kc_old = *__kc_slot;					\
	lockdep_assert_held(lock);					\
	if (kcell_misuse(__kc_old == __KCELL_TAKE_BORROWED, KCELL_HERE,	\
			 "take from a TakeCell inside its own map body")) \
		__kc_old = NULL;					\
	else								\
		WRITE_ONCE(*__kc_slot, NULL);				\
	(typeof(__kc_c->__kc_ptr) __force __kernel)__kc_old;		\
})

/**
 * take_cell_put_locked() - take_cell_put() for a cell guarded by a lock
 * @c: pointer to the cell
 * @p: the pointer; the caller owns it
 * @lock: the lock every user of the cell holds
 *
 * Return: true if the cell now owns @p, false if it was full.
 */
#define take_cell_put_locked(c, p, lock) ({				\
	typeof(c) __kc_c = (c);						\
	void **__kc_slot = __take_cell_slot(__kc_c);			\
	void *__kc_new = __take_cell_arg(__kc_c, p);			\
	bool __kc_ok = !*__kc_slot;					\
	lockdep_assert_held(lock);					\
	if (likely(__kc_ok))						\
		WRITE_ONCE(*__kc_slot, __kc_new);			\
	else								\
		kcell_misuse(true, KCELL_HERE, "put into a full TakeCell"); \
	__kc_ok;							\
})

#endif /* _KCELL_TAKE_CELL_H */
