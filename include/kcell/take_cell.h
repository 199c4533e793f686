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
 * skip the atomic instructions and assert the lock with lockdep instead;
 * a pointer put with take_cell_put_locked() stays the caller's to use until
 * the unlock, since no user can take it without the lock.  A teardown path
 * that runs both with and without that lock (remove, and probe's error
 * unwind) uses the plain take_cell_take() and take_cell_put() once the
 * other users are stopped (free_irq(), cancel_work_sync(), napi_disable()):
 * the atomic forms are correct in any context, and with the other users
 * stopped nothing can race them.  While _locked users may still run, every
 * access must hold the lock: a plain load and store racing an atomic
 * exchange could hand the pointer to both.
 *
 * Example:
 *
 *	struct rng_dev {
 *		DECLARE_TAKE_CELL(buf, u8);	// the buffer, while the CPU has it
 *	};
 *
 *	static int rng_dev_init(struct rng_dev *rd)
 *	{
 *		take_cell_init(&rd->buf, kmalloc(64, GFP_KERNEL));
 *		return take_cell_is_some(&rd->buf) ? 0 : -ENOMEM;
 *	}
 *
 *	// Process context and the completion interrupt may both come here.
 *	static void rng_dev_clear(struct rng_dev *rd)
 *	{
 *		u8 *b = take_cell_take(&rd->buf);	// NULL: someone has it
 *
 *		if (!b)
 *			return;
 *		memset(b, 0, 64);
 *		if (!take_cell_put(&rd->buf, b))	// refused: b is still ours
 *			kfree(b);
 *	}
 *
 *	static int rng_dev_fill(struct rng_dev *rd, int (*fill)(u8 *buf))
 *	{
 *		take_cell_map(&rd->buf, buf) {	// skipped if the cell is empty
 *			if (fill(buf) < 0)
 *				return -EIO;	// buf goes back into the cell
 *			if (buf[0] == 0xff)
 *				kfree(take_cell_keep(buf));	// not put back
 *		}
 *		return 0;
 *	}
 *
 *	static void rng_dev_exit(struct rng_dev *rd)
 *	{
 *		kfree(take_cell_take(&rd->buf));
 *	}
 */
#ifndef _KCELL_TAKE_CELL_H
#define _KCELL_TAKE_CELL_H

#include <linux/atomic.h>
#include <linux/lockdep.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/stddef.h>

#include "base.h"

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

/* Debug mode adds __kc_owner, the borrower record described below. */
#if KCELL_DEBUG_ENABLED
# define __TAKE_CELL_BODY(type)						\
	{								\
		typeof(type) *__kcell __kc_ptr;				\
		unsigned long __kcell __kc_owner;			\
	}
#else
# define __TAKE_CELL_BODY(type)						\
	{								\
		typeof(type) *__kcell __kc_ptr;				\
	}
#endif

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
 * Debug mode records who holds a take_cell_map() borrow, as a token of the
 * task and its context level, so that the block touching its own cell is
 * told apart from an interrupt or another CPU finding the cell empty (which
 * is what an IRQ-safe cell is for).  Release builds have no such member.
 */
#if KCELL_DEBUG_ENABLED
# define __take_cell_owner(c)	(&__kcell_member(c, owner))
/* The borrower record of the cell of type @type whose slot is @slot. */
# define __take_cell_owner_at(type, slot)				\
	((unsigned long *)((char *)(slot) + offsetof(type, __kc_owner) - \
			   offsetof(type, __kc_ptr)))
#else
# define __take_cell_owner(c)	((void)(c), (unsigned long *)NULL)
# define __take_cell_owner_at(type, slot)	((void)(slot), (unsigned long *)NULL)
#endif

/* Whether the caller is inside a take_cell_map() block of this cell. */
static __always_inline bool __take_cell_mine(unsigned long *owner)
{
	return KCELL_DEBUG_ENABLED &&
	       READ_ONCE(*owner) == kcell_context_token();
}

static __always_inline void *__take_cell_take(void **slot, unsigned long *owner,
					      struct kcell_site *site)
{
	void *old = xchg(slot, NULL);

	if (!old)
		kcell_misuse(__take_cell_mine(owner), site,
			     "take from a TakeCell inside its own map body");
	return old;
}

static __always_inline bool __take_cell_put(void **slot, unsigned long *owner,
					    void *p,
					    struct kcell_site *site)
{
	if (kcell_misuse(__take_cell_mine(owner), site,
			 "put into a TakeCell inside its own map body"))
		return false;
	if (likely(!cmpxchg(slot, NULL, p)))
		return true;
	kcell_misuse(true, site, "put into a full TakeCell");
	return false;
}

static __always_inline void *__take_cell_replace(void **slot,
						 unsigned long *owner, void *p,
						 struct kcell_site *site)
{
	if (kcell_misuse(__take_cell_mine(owner), site,
			 "replace in a TakeCell inside its own map body"))
		return p;
	return xchg(slot, p);
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
	if (KCELL_DEBUG_ENABLED)					\
		*__take_cell_owner(__kc_c) = 0;				\
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
		__take_cell_take(__take_cell_slot(__kc_c),		\
				 __take_cell_owner(__kc_c), KCELL_HERE); \
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
	__take_cell_put(__take_cell_slot(__kc_c), __take_cell_owner(__kc_c), \
			__take_cell_arg(__kc_c, p), KCELL_HERE);	\
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
		__take_cell_slot(__kc_c), __take_cell_owner(__kc_c),	\
		__take_cell_arg(__kc_c, p), KCELL_HERE);		\
})

/**
 * take_cell_is_some() - whether the cell holds a pointer
 * @c: pointer to the cell
 *
 * A racy hint: another CPU may take or put right after.
 */
#define take_cell_is_some(c)	(!!READ_ONCE(*__take_cell_slot(c)))

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
 * @owner: the cell's borrower record (debug mode), or NULL
 * @pp: the block's pointer variable; NULL in it means "kept"
 * @site: where the borrow was written (debug mode)
 * @done: the block has run
 */
struct kcell_take_guard {
	void **slot;
	unsigned long *owner;
	void **pp;
	struct kcell_site *site;
	bool done;
};

/*
 * Puts the borrowed pointer back; never overwrites a refilled cell.  The
 * borrower record is cleared first, so that it never names a block that
 * has ended.
 */
static __always_inline void kcell_take_guard_exit(struct kcell_take_guard *g)
{
	void *p = *g->pp;

	if (KCELL_DEBUG_ENABLED)
		WRITE_ONCE(*g->owner, 0);
	if (!p)
		return;
	if (unlikely(cmpxchg(g->slot, NULL, p)))
		kcell_report(g->site,
			     "TakeCell refilled during its map body; borrowed pointer not put back");
}

/* Takes the pointer for a block; a block of this cell already running here
 * (debug mode) gets nothing.
 */
static __always_inline void *__take_cell_borrow(void **slot,
						unsigned long *owner,
						struct kcell_site *site)
{
	void *p;

	if (kcell_misuse(__take_cell_mine(owner), site,
			 "map of a TakeCell inside its own map body"))
		return NULL;
	p = xchg(slot, NULL);
	if (KCELL_DEBUG_ENABLED && p)
		WRITE_ONCE(*owner, kcell_context_token());
	return p;
}

/**
 * take_cell_map() - borrow the cell's pointer for the length of a block
 * @c: pointer to the cell
 * @p: name of the pointer variable the block sees
 *
 * rng_dev_fill() in the example at the top of this file uses it.  The
 * block runs only if the cell held a pointer.  On every exit from it,
 * its end, break, continue, return or goto, @p is put back into the cell,
 * unless the block gave it away with take_cell_keep().  While the block
 * runs the cell is empty, so an interrupt or another CPU sees nothing to
 * take.  If the cell has been refilled by the time @p goes back (a put
 * inside the block, or a racing put elsewhere), nothing is overwritten and
 * the put-back is reported with a WARN in every build.  break and continue
 * leave the block, as in scoped_guard().
 *
 * @c is evaluated once.
 */
#define take_cell_map(c, p)	__take_cell_map(c, p, __COUNTER__)
/* One more expansion, so that @id is a number before it is pasted. */
#define __take_cell_map(c, p, id)	___take_cell_map(c, p, id)

/*
 * The outer loop declares the slot and @p, which must outlive the guard
 * of the inner loop: the guard's cleanup reads @p to put it back.  The
 * cell type, typeof((c)[0]), finds the borrower record next to the slot
 * without evaluating @c again.
 */
#define ___take_cell_map(c, p, id)					\
	for (typeof((c)->__kc_ptr) __force __kernel *__kc_slot_##id =	\
		(void *)__take_cell_slot(c),				\
	     (p) = __take_cell_borrow((void **)__kc_slot_##id,		\
		__take_cell_owner_at(typeof((c)[0]), __kc_slot_##id),	\
		KCELL_HERE),						\
	     *__kc_pp_##id = &(p);					\
	     *__kc_pp_##id; *__kc_pp_##id = NULL)			\
		__take_cell_guard(typeof((c)[0]), id)

/* The inner loop: runs the block once, puts the pointer back on exit. */
#define __take_cell_guard(type, id)					\
	for (struct kcell_take_guard __kc_guard_##id			\
		__attribute__((__cleanup__(kcell_take_guard_exit))) = { \
			.slot = (void **)__kc_slot_##id,		\
			.owner = __take_cell_owner_at(type, __kc_slot_##id), \
			.pp = (void **)__kc_pp_##id,			\
			.site = KCELL_HERE,				\
		}; !__kc_guard_##id.done; __kc_guard_##id.done = true)

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
									\
	lockdep_assert_held(lock);					\
	WRITE_ONCE(*__kc_slot, NULL);					\
	if (!__kc_old)							\
		kcell_misuse(__take_cell_mine(__take_cell_owner(__kc_c)), \
			     KCELL_HERE,				\
			     "take from a TakeCell inside its own map body"); \
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
									\
	lockdep_assert_held(lock);					\
	if (kcell_misuse(__take_cell_mine(__take_cell_owner(__kc_c)),	\
			 KCELL_HERE,					\
			 "put into a TakeCell inside its own map body")) \
		__kc_ok = false;					\
	else if (likely(__kc_ok))					\
		WRITE_ONCE(*__kc_slot, __kc_new);			\
	else								\
		kcell_misuse(true, KCELL_HERE, "put into a full TakeCell"); \
	__kc_ok;							\
})

#endif /* _KCELL_TAKE_CELL_H */
