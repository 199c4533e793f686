/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kcell revocable - access to an object that its owner can take away
 *
 * A driver hands pointers to code that can outlive its device: the open
 * files of a character device, a work item, a timer, a sysfs or configfs
 * callback.  When the device goes (unbind, hot-unplug, a fault domain's
 * reset), that code must stop touching it, and the remove path must know
 * when the last access has ended.  A &struct kcell_revocable embedded in
 * the object does both.  Open files hold a reference that keeps the
 * structure alive; the cell says whether the device behind it is still
 * there:
 *
 *	struct rng_chr {
 *		struct kref ref;
 *		struct kcell_revocable live;
 *		wait_queue_head_t wait;
 *		u8 latest;
 *	};
 *
 *	static int rng_read_byte(struct rng_chr *chr, u8 *out)
 *	{
 *		int err = -ENODEV;
 *
 *		revocable_borrow(&chr->live) {
 *			*out = READ_ONCE(chr->latest);
 *			err = 0;
 *		}
 *		return err;
 *	}
 *
 *	static void rng_remove(struct rng_chr *chr)
 *	{
 *		revocable_revoke_start(&chr->live);
 *		wake_up_interruptible_all(&chr->wait);
 *		revocable_revoke_wait(&chr->live);
 *	}
 *
 * After rng_remove() no read touches the device, and every later read
 * returns -ENODEV; the wake-up in the middle is for readers asleep inside
 * a borrow, waiting for data only the device would bring.
 *
 * Each access is a scoped borrow: the block runs if the object is live and
 * the borrow ends on every exit from it (end, break, continue, return,
 * goto); if the object has been revoked, the block is skipped, and the
 * caller learns it from what the block did not do (err above).
 * Revocation makes every later borrow fail at once, then waits for the
 * borrows running now, and for no others.
 *
 * The state is one counter, kernfs's active references in a cell: >= 0,
 * live, the number of borrows in flight; < 0, revoked, KCELL_REVOKED_BIAS
 * plus the borrows still in flight.  A borrow is one fully ordered
 * increment unless negative and one decrement; no grace period, no
 * allocation, no per-borrower token.  That is the difference with the
 * SRCU-based "revocable" merged into driver-core in January 2026 and
 * reverted before 7.0 (docs/REVOCABLE.md has the comparison): its read
 * index lived in a consumer handle that threads shared, so two readers
 * could unbalance it and the revoke's synchronize_srcu() never finished;
 * its consumers took a reference on a provider object the revoke could be
 * freeing; and its grace periods and allocations on open() slowed gpiolib.
 * Here a borrow leaves nothing behind but the count it restores, there is
 * no provider object to reference, and revocation never frees memory.
 *
 * What the cell does not do: keep the object alive.  The memory holding
 * the cell must outlive every borrow attempt (a kref that open files
 * hold, the device's devres, a structure freed after the revoke), exactly
 * as a lock's memory must outlive its lockers.
 *
 * Borrows may run in any context, hard interrupts included, and may sleep
 * in process context; revocation sleeps.  A borrower that sleeps on
 * something only the owner's remove path wakes must be woken between
 * revocable_revoke_start() and revocable_revoke_wait(), as above.  A
 * revoke from inside a borrow of the same cell would wait for itself:
 * lockdep sees the borrow as a read lock and the wait as a write lock of
 * the cell, and reports it; the debug mode also reports a wait that lasts
 * longer than KCELL_REVOKE_REPORT_MS, with the revoke's site, instead of a
 * silent hung task.
 *
 * A cell revoked and drained can be made live again with
 * revocable_rearm(): a fault domain's restart (a new epoch; code that
 * captured the old one checks revocable_generation()).
 */
#ifndef _KCELL_REVOCABLE_H
#define _KCELL_REVOCABLE_H

#include <linux/atomic.h>
#include <linux/jiffies.h>
#include <linux/lockdep.h>
#include <linux/preempt.h>
#include <linux/stringify.h>
#include <linux/wait.h>

#include "base.h"

/**
 * define KCELL_REVOKED_BIAS - what revocation adds to the borrow count
 *
 * Negative, far from zero: a revoked cell's count stays negative however
 * many borrows were in flight, and returns to exactly the bias when the
 * last one ends.
 */
#define KCELL_REVOKED_BIAS	(INT_MIN / 2)

/**
 * define KCELL_REVOKE_REPORT_MS - a revoke waiting this long is reported
 *
 * Debug mode only: the wait goes on (a borrow is never cut short), but a
 * borrower that nothing wakes shows up as a kcell report naming the
 * revoke, not as a hung task two minutes later.
 */
#define KCELL_REVOKE_REPORT_MS	5000

/**
 * struct kcell_revocable - an object's "still there" state, and its borrows
 *
 * All members are private: use the revocable_*() operations.  Not to be
 * copied (KCELL_NO_COPY): a copy would count borrows of its own.
 */
struct kcell_revocable {
	/* private: */
	KCELL_NO_COPY;
	/* Borrows in flight, plus KCELL_REVOKED_BIAS once revoked. */
	atomic_t __kcell __kc_active;
	/* How many times the cell was re-armed. */
	unsigned int __kcell __kc_generation;
	/* Where revocable_revoke_wait() sleeps. */
	wait_queue_head_t __kcell __kc_drained;
#ifdef CONFIG_DEBUG_LOCK_ALLOC
	/* Lockdep's view: borrows read-lock it, the wait write-locks it. */
	struct lockdep_map __kcell __kc_dep_map;
#endif
};

#define __revocable_active(rv)		__kcell_member(rv, active)
#define __revocable_drained(rv)		__kcell_member(rv, drained)
#define __revocable_generation(rv)	__kcell_member(rv, generation)

/*
 * Lockdep's view of the cell: a borrow read-locks it (a trylock: a borrow
 * never waits), a revoke's wait write-locks it.
 */
static inline void __revocable_lockdep_init(struct kcell_revocable *rv,
					    struct lock_class_key *key)
{
#ifdef CONFIG_DEBUG_LOCK_ALLOC
	lockdep_init_map(&__kcell_member(rv, dep_map), "kcell_revocable", key, 0);
#endif
}

static __always_inline void __revocable_acquire_read(struct kcell_revocable *rv)
{
#ifdef CONFIG_DEBUG_LOCK_ALLOC
	lock_acquire_shared(&__kcell_member(rv, dep_map), 0, 1, NULL, _RET_IP_);
#endif
}

static inline void __revocable_acquire_write(struct kcell_revocable *rv)
{
#ifdef CONFIG_DEBUG_LOCK_ALLOC
	lock_acquire_exclusive(&__kcell_member(rv, dep_map), 0, 0, NULL, _RET_IP_);
#endif
}

static __always_inline void __revocable_release(struct kcell_revocable *rv)
{
#ifdef CONFIG_DEBUG_LOCK_ALLOC
	lock_release(&__kcell_member(rv, dep_map), _RET_IP_);
#endif
}

/**
 * revocable_init() - make a cell live, with no borrow in flight
 * @rv: the cell, in the object it guards
 *
 * Before any borrow; in process context.  Each call site is a lockdep
 * class of its own, as for mutex_init().
 */
#define revocable_init(rv) do {						\
	static struct lock_class_key __kc_rv_key __maybe_unused;	\
	__revocable_init(rv, &__kc_rv_key);				\
} while (0)

static inline void __revocable_init(struct kcell_revocable *rv,
				    struct lock_class_key *key)
{
	atomic_set(&__revocable_active(rv), 0);
	__revocable_generation(rv) = 0;
	init_waitqueue_head(&__revocable_drained(rv));
	__revocable_lockdep_init(rv, key);
}

/* The guard of one revocable_borrow() block. */
struct kcell_revocable_guard {
	struct kcell_revocable *rv;
	bool held;
	bool lockdep;
	bool done;
};

/* Ends a borrow; the last one of a revoked cell wakes the revoker. */
static __always_inline void
kcell_revocable_guard_exit(struct kcell_revocable_guard *g)
{
	if (!g->held)
		return;
	if (g->lockdep)
		__revocable_release(g->rv);
	/* Fully ordered: the block's accesses come before the revoker's. */
	if (unlikely(atomic_dec_return(&__revocable_active(g->rv)) ==
		     KCELL_REVOKED_BIAS))
		wake_up_all(&__revocable_drained(g->rv));
}

/*
 * Starts a borrow: held if the cell was live, the count then one more.
 * Lockdep hears of borrows in task context only: one in an interrupt
 * never waits, so it cannot deadlock against a revoke, but lockdep would
 * take a read lock taken in an interrupt and a write lock taken with
 * interrupts on for an inversion.
 */
static __always_inline struct kcell_revocable_guard
__revocable_begin(struct kcell_revocable *rv)
{
	struct kcell_revocable_guard g = { .rv = rv };

	g.held = atomic_inc_unless_negative(&__revocable_active(rv));
	if (g.held && in_task()) {
		__revocable_acquire_read(rv);
		g.lockdep = true;
	}
	return g;
}

/**
 * revocable_borrow() - run a block while the object is live
 * @rv: pointer to the cell
 *
 * If the cell is live, the borrow starts and the block runs once; the
 * borrow ends on every exit from the block.  If the cell is revoked, the
 * block is skipped: set a result inside it to learn which happened (the
 * example at the top of this file).  The block is a loop of one turn, as
 * map_cell_map()'s is: break and continue leave it, not a loop around
 * it.  A revoke that starts while the block runs waits for it to end.
 * Any context; the block may sleep where its context may (and must then
 * be woken by the owner's revoke, see the top of this file).  Borrows
 * nest, of the same cell or others.
 *
 * @rv is evaluated once.
 */
#define revocable_borrow(rv)	__revocable_borrow(rv, __COUNTER__)
/* One more expansion, so that @id is a number before it is pasted. */
#define __revocable_borrow(rv, id)	___revocable_borrow(rv, id)

#define ___revocable_borrow(rv, id)					\
	for (struct kcell_revocable_guard __kc_rg_##id			\
		__attribute__((__cleanup__(kcell_revocable_guard_exit))) = \
			__revocable_begin(rv);				\
	     __kc_rg_##id.held && !__kc_rg_##id.done;			\
	     __kc_rg_##id.done = true)

/**
 * revocable_is_live() - whether borrows would succeed now
 * @rv: pointer to the cell
 *
 * A hint that may change at once (a revoke may start right after it); to
 * use the object, borrow it.
 *
 * Return: true if the cell is not revoked.
 */
static inline bool revocable_is_live(struct kcell_revocable *rv)
{
	return atomic_read(&__revocable_active(rv)) >= 0;
}

/**
 * revocable_revoke_start() - make every later borrow fail
 * @rv: pointer to the cell
 *
 * Does not wait: borrows in flight go on, and revocable_revoke_wait()
 * waits for them.  Between the two, wake the borrowers that may be asleep
 * waiting for something only the owner would provide.  Any context.
 *
 * Return: true if this call revoked the cell, false if it already was.
 */
static inline bool revocable_revoke_start(struct kcell_revocable *rv)
{
	int old = atomic_read(&__revocable_active(rv));

	do {
		if (old < 0)
			return false;
	} while (!atomic_try_cmpxchg(&__revocable_active(rv), &old,
				     old + KCELL_REVOKED_BIAS));
	return true;
}

static inline bool __revocable_drained_now(struct kcell_revocable *rv)
{
	return atomic_read_acquire(&__revocable_active(rv)) ==
	       KCELL_REVOKED_BIAS;
}

static inline void __revocable_revoke_wait(struct kcell_revocable *rv,
					   struct kcell_site *site)
{
	might_sleep();
	/* Else the wait would never end: revoke it, in either mode. */
	if (revocable_revoke_start(rv))
		kcell_misuse(true, site,
			     "revocable_revoke_wait of a cell not revoked");
	__revocable_acquire_write(rv);
	if (KCELL_DEBUG_ENABLED &&
	    !wait_event_timeout(__revocable_drained(rv),
				__revocable_drained_now(rv),
				msecs_to_jiffies(KCELL_REVOKE_REPORT_MS)))
		kcell_report(site, "revocable_revoke_wait waiting on a borrow for "
			     __stringify(KCELL_REVOKE_REPORT_MS) " ms");
	wait_event(__revocable_drained(rv), __revocable_drained_now(rv));
	__revocable_release(rv);
}

/**
 * revocable_revoke_wait() - wait for the borrows in flight to end
 * @rv: pointer to the cell, revoked by revocable_revoke_start()
 *
 * Returns once every borrow that started before the revoke has ended;
 * borrows that start later fail, so it waits for no others.  Process
 * context, may sleep.  Waiting on a cell not revoked is a misuse: debug
 * mode reports it, and either mode revokes it first.  Several callers may
 * wait at once.
 */
#define revocable_revoke_wait(rv)	__revocable_revoke_wait(rv, KCELL_HERE)

/**
 * revocable_revoke() - revoke a cell and wait for its borrows
 * @rv: pointer to the cell
 *
 * revocable_revoke_start() then revocable_revoke_wait(), for owners whose
 * borrowers never sleep waiting on them.  Process context, may sleep.
 *
 * Return: true if this call revoked the cell, false if it already was
 * (it still waits).
 */
#define revocable_revoke(rv) ({						\
	struct kcell_revocable *__kc_rv = (rv);				\
	bool __kc_first = revocable_revoke_start(__kc_rv);		\
									\
	__revocable_revoke_wait(__kc_rv, KCELL_HERE);			\
	__kc_first;							\
})

static inline bool __revocable_rearm(struct kcell_revocable *rv,
				     struct kcell_site *site)
{
	int drained = atomic_read(&__revocable_active(rv));
	unsigned int gen = __revocable_generation(rv);

	/*
	 * Drained, the count changes only here: a borrow leaves a negative
	 * count alone, and so does another revoke.  So the new generation is
	 * written first and the release below publishes it with the live
	 * count: a borrow that gets in sees the generation of its epoch.
	 */
	if (drained == KCELL_REVOKED_BIAS) {
		WRITE_ONCE(__revocable_generation(rv), gen + 1);
		if (atomic_try_cmpxchg_release(&__revocable_active(rv),
					       &drained, 0))
			return true;
		/* A re-arm racing this one won: it wrote the same generation. */
	}
	kcell_misuse(true, site, drained >= 0 ?
		     "revocable_rearm of a live cell" :
		     "revocable_rearm with borrows in flight");
	return false;
}

/**
 * revocable_rearm() - make a revoked, drained cell live again
 * @rv: pointer to the cell
 *
 * For a fault domain's restart: the object was quiesced and set up again,
 * and borrows may succeed from now on.  The generation goes up by one.
 * The cell must be revoked and drained, and every revocable_revoke_wait()
 * on it must have returned (a waiter that had not yet seen the drained
 * count would wait for the next revocation): re-arming a live cell or one
 * with borrows in flight is a misuse, refused in both modes and reported
 * in debug mode.
 *
 * Return: true if the cell is live again.
 */
#define revocable_rearm(rv)	__revocable_rearm(rv, KCELL_HERE)

/**
 * revocable_generation() - how many times the cell was re-armed
 * @rv: pointer to the cell
 *
 * Work queued before a restart captures it, and compares it when it runs:
 * a different value means the object it was queued for is gone, even
 * though the cell is live again.
 *
 * Return: the generation, 0 after revocable_init().
 */
static inline unsigned int revocable_generation(struct kcell_revocable *rv)
{
	return READ_ONCE(__revocable_generation(rv));
}

#endif /* _KCELL_REVOCABLE_H */
