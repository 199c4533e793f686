/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MapCell: a value stored inline and lent in place.
 *
 * As Tock's MapCell<T>, the cell is empty or full, and a full cell can be
 * borrowed: map_cell_map() gives a block a pointer to the value without
 * copying it out, and while the block runs every other operation on the
 * cell is refused.  That is what makes the borrow exclusive: no interrupt
 * handler or other CPU can take, replace or map the value under the block.
 *
 * The state is one atomic word.  Moving a value in or out marks the cell
 * busy with a compare-and-swap first, so the copy itself needs no lock and
 * a racing operation fails instead of waiting: no operation ever spins,
 * which keeps the cell usable from hard interrupt context.
 *
 * Two borrows of one cell at the same time are a misuse, as in Tock: debug
 * mode reports a map of a borrowed cell.  Share a value between CPUs that
 * contend for it under a lock instead.
 *
 * Example:
 *
 *	struct nic_stats {
 *		u64 packets;
 *		u64 bytes;
 *	};
 *
 *	struct nic {
 *		DECLARE_MAP_CELL(stats, struct nic_stats);
 *	};
 *
 *	static void nic_init(struct nic *nic)
 *	{
 *		map_cell_init_val(&nic->stats, (struct nic_stats){});
 *	}
 *
 *	// From any context, hard interrupts included.
 *	static void nic_count(struct nic *nic, unsigned int len)
 *	{
 *		map_cell_map(&nic->stats, st) {	// skipped if empty or lent
 *			st->packets++;
 *			st->bytes += len;
 *		}
 *	}
 *
 *	static bool nic_snapshot(struct nic *nic, struct nic_stats *snap)
 *	{
 *		if (!map_cell_take(&nic->stats, snap))	// empty or lent
 *			return false;
 *		return map_cell_put(&nic->stats, *snap);	// full or lent: false
 *	}
 */
#ifndef _KCELL_MAP_CELL_H
#define _KCELL_MAP_CELL_H

#include <linux/atomic.h>
#include <linux/string.h>

#include "base.h"

enum {
	KCELL_MAP_EMPTY,
	KCELL_MAP_FULL,
	KCELL_MAP_BORROWED,
	KCELL_MAP_BUSY,		/* a value is being copied in or out */
};

/**
 * MAP_CELL() - type of a cell holding an optional @type value inline
 * @type: the value's type (a struct, an array member's element, ...)
 *
 * Embed it in the driver's structure:
 *
 *	struct foo { MAP_CELL(struct nic_stats) stats; };
 *
 * The members are private; use the map_cell_*() operations.
 */
#define MAP_CELL(type)		struct __MAP_CELL_BODY(type)

#define __MAP_CELL_BODY(type)						\
	{								\
		atomic_t __kcell __kc_state;				\
		type __kcell __kc_val;					\
	}

/**
 * DECLARE_MAP_CELL() - declare a MapCell member or variable
 * @name: its name
 * @type: the value's type
 *
 * The same as "MAP_CELL(type) name", in the DECLARE_ form that
 * checkpatch.pl recognises as a declaration.
 */
#define DECLARE_MAP_CELL(name, type)	struct __MAP_CELL_BODY(type) name

#define __map_cell_state(c)	(&__kcell_member(c, state))
#define __map_cell_val(c)	(&__kcell_member(c, val))

/*
 * Reports why a state change was refused, if that was a misuse: the cell
 * was lent to a map_cell_map() block, or (when @what_full is given) it was
 * full.  A cell found empty or busy is not a misuse: the value is absent,
 * or another CPU is moving it.
 */
static __always_inline void __map_cell_refused(int old,
					       struct kcell_site *site,
					       const char *what_borrowed,
					       const char *what_full)
{
	if (old == KCELL_MAP_BORROWED)
		kcell_misuse(true, site, what_borrowed);
	else if (what_full && old == KCELL_MAP_FULL)
		kcell_misuse(true, site, what_full);
}

/*
 * Moves the state from @from to @to with acquire ordering, so that the
 * value is read only after the cell was claimed.  Return: whether it
 * moved; *@seen is the state found when it did not.
 */
static __always_inline bool __map_cell_claim(atomic_t *state, int from, int to,
					     int *seen)
{
	*seen = from;
	return atomic_try_cmpxchg_acquire(state, seen, to);
}

/**
 * map_cell_init() - initialise an empty cell
 * @c: pointer to the cell
 *
 * Not atomic: call it before the cell is shared.
 */
#define map_cell_init(c)	atomic_set(__map_cell_state(c), KCELL_MAP_EMPTY)

/**
 * map_cell_init_val() - initialise a full cell
 * @c: pointer to the cell
 * @v: the value it starts with
 *
 * Not atomic: call it before the cell is shared.
 */
#define map_cell_init_val(c, v) do {					\
	typeof(c) __kc_c = (c);						\
									\
	*__map_cell_val(__kc_c) = (v);					\
	atomic_set(__map_cell_state(__kc_c), KCELL_MAP_FULL);		\
} while (0)

/**
 * map_cell_put() - move a value into an empty cell
 * @c: pointer to the cell
 * @v: the value
 *
 * Return: true if the cell now holds @v; false, with nothing changed, if it
 * was full or borrowed (a misuse debug mode reports).
 */
#define map_cell_put(c, v) ({					\
	typeof(c) __kc_c = (c);						\
	atomic_t *__kc_state = __map_cell_state(__kc_c);		\
	int __kc_was;							\
	bool __kc_ok = __map_cell_claim(__kc_state, KCELL_MAP_EMPTY,	\
					KCELL_MAP_BUSY, &__kc_was);	\
									\
	if (likely(__kc_ok)) {						\
		*__map_cell_val(__kc_c) = (v);				\
		atomic_set_release(__kc_state, KCELL_MAP_FULL);		\
	} else {							\
		__map_cell_refused(__kc_was, KCELL_HERE,		\
				   "put into a borrowed MapCell",	\
				   "put into a full MapCell");		\
	}								\
	__kc_ok;							\
})

/**
 * map_cell_take() - move the value out of the cell
 * @c: pointer to the cell
 * @out: where to copy the value
 *
 * Return: true if the value was moved to *@out and the cell is now empty;
 * false, with *@out untouched, if the cell was empty or borrowed (the
 * latter a misuse debug mode reports).
 */
#define map_cell_take(c, out) ({					\
	typeof(c) __kc_c = (c);						\
	atomic_t *__kc_state = __map_cell_state(__kc_c);		\
	int __kc_was;							\
	bool __kc_ok = __map_cell_claim(__kc_state, KCELL_MAP_FULL,	\
					KCELL_MAP_BUSY, &__kc_was);	\
									\
	if (likely(__kc_ok)) {						\
		*(out) = *__map_cell_val(__kc_c);			\
		atomic_set_release(__kc_state, KCELL_MAP_EMPTY);	\
	} else {							\
		__map_cell_refused(__kc_was, KCELL_HERE,		\
				   "take from a borrowed MapCell", NULL); \
	}								\
	__kc_ok;							\
})

/**
 * map_cell_replace() - swap the cell's value for another
 * @c: pointer to the cell
 * @v: the new value
 * @old: where to copy the previous value
 *
 * If the cell was full, its value goes to *@old.  If it was empty, @v is
 * put in and *@old is zero-filled: use map_cell_take() first when the
 * difference matters.
 *
 * Return: true if the cell now holds @v; false, with nothing changed, if
 * it was borrowed (a misuse debug mode reports) or another CPU was moving
 * its value at that instant.
 */
#define map_cell_replace(c, v, old) ({					\
	typeof(c) __kc_c = (c);						\
	typeof(old) __kc_old = (old);					\
	atomic_t *__kc_state = __map_cell_state(__kc_c);		\
	int __kc_was = atomic_read(__kc_state);				\
	bool __kc_ok;							\
									\
	while ((__kc_was == KCELL_MAP_FULL ||				\
		__kc_was == KCELL_MAP_EMPTY) &&				\
	       !atomic_try_cmpxchg_acquire(__kc_state, &__kc_was,	\
					   KCELL_MAP_BUSY))		\
		;							\
	__kc_ok = __kc_was == KCELL_MAP_FULL || __kc_was == KCELL_MAP_EMPTY; \
	if (likely(__kc_ok)) {						\
		if (__kc_was == KCELL_MAP_FULL)				\
			*__kc_old = *__map_cell_val(__kc_c);		\
		else							\
			memset(__kc_old, 0, sizeof(*__kc_old));		\
		*__map_cell_val(__kc_c) = (v);				\
		atomic_set_release(__kc_state, KCELL_MAP_FULL);		\
	} else {							\
		__map_cell_refused(__kc_was, KCELL_HERE,		\
				   "replace in a borrowed MapCell", NULL); \
	}								\
	__kc_ok;							\
})

/**
 * map_cell_is_some() - whether the cell holds a value (lent or not)
 * @c: pointer to the cell
 *
 * A racy hint.
 */
#define map_cell_is_some(c) ({						\
	int __kc_s = atomic_read(__map_cell_state(c));			\
	__kc_s == KCELL_MAP_FULL || __kc_s == KCELL_MAP_BORROWED;	\
})

/**
 * map_cell_is_borrowed() - whether a map_cell_map() block holds the value
 * @c: pointer to the cell
 *
 * A racy hint, exact inside the cell's own map block.
 */
#define map_cell_is_borrowed(c)						\
	(atomic_read(__map_cell_state(c)) == KCELL_MAP_BORROWED)

/**
 * struct kcell_map_guard - state of a map_cell_map() borrow
 * @state: the cell's state word
 * @val: the cell's value
 * @site: where the borrow was written (debug mode)
 * @borrowed: the borrow was granted and must be returned
 * @done: the body has run
 */
struct kcell_map_guard {
	atomic_t *state;
	void *val;
	struct kcell_site *site;
	bool borrowed;
	bool done;
};

/* Ends a borrow: release, so the block's writes are seen by the next user. */
static __always_inline void kcell_map_guard_exit(struct kcell_map_guard *g)
{
	if (!g->borrowed)
		return;
	if (!KCELL_DEBUG_ENABLED) {
		atomic_set_release(g->state, KCELL_MAP_FULL);
		return;
	}
	if (atomic_xchg_release(g->state, KCELL_MAP_FULL) != KCELL_MAP_BORROWED)
		kcell_report(g->site, "MapCell state changed during its map body");
}

/* Starts a borrow of a full cell; a borrowed one is refused. */
static __always_inline bool __map_cell_borrow(struct kcell_map_guard *g)
{
	int was;

	if (likely(__map_cell_claim(g->state, KCELL_MAP_FULL,
				    KCELL_MAP_BORROWED, &was)))
		return true;
	__map_cell_refused(was, g->site, "map of a borrowed MapCell", NULL);
	return false;
}

/* Whether the block is to run: first time round, and the borrow granted. */
static __always_inline bool __map_cell_next(struct kcell_map_guard *g)
{
	return !g->done && (g->borrowed = __map_cell_borrow(g));
}

/**
 * map_cell_map() - lend the cell's value to a block, in place
 * @c: pointer to the cell
 * @v: name of the pointer variable the block sees
 *
 * nic_count() in the example at the top of this file uses it.  If the
 * cell is full, it becomes borrowed and the block runs once with @v
 * pointing at the value.  On every exit from the block (its end, break,
 * continue, return, goto) the cell becomes full again.  If the cell is
 * empty or already borrowed the block is skipped; a map of a borrowed cell
 * is a misuse that debug mode reports.  @v must not outlive the block.
 *
 * @c is evaluated once.
 */
#define map_cell_map(c, v)	__map_cell_map(c, v, __COUNTER__)
/* One more expansion, so that @id is a number before it is pasted. */
#define __map_cell_map(c, v, id)	___map_cell_map(c, v, id)

#define ___map_cell_map(c, v, id)					\
	for (struct kcell_map_guard __kc_guard_##id			\
		__attribute__((__cleanup__(kcell_map_guard_exit))) =	\
			__map_cell_guard(c);				\
	     __map_cell_next(&__kc_guard_##id);				\
	     __kc_guard_##id.done = true)				\
		__map_cell_lend(typeof((c)->__kc_val), v, id)

/* The inner loop: binds @v for the block, which runs once. */
#define __map_cell_lend(type, v, id)					\
	for (type __force __kernel *(v) __maybe_unused = __kc_guard_##id.val; \
	     !__kc_guard_##id.done; __kc_guard_##id.done = true)

#define __map_cell_guard(c) ({						\
	typeof(c) __kc_c = (c);						\
	(struct kcell_map_guard){					\
		.state = __map_cell_state(__kc_c),			\
		.val = __map_cell_val(__kc_c),				\
		.site = KCELL_HERE,					\
	};								\
})

#endif /* _KCELL_MAP_CELL_H */
