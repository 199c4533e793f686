/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kcell domain - a fault domain: reset a driver's state instead of crashing
 *
 * A driver that finds its device misbehaving (a descriptor written back
 * with a length beyond its buffer, a completion for a slot never posted,
 * mapping failures that do not stop, a transmitter that stopped moving)
 * has two bad choices in most drivers today: BUG() on it, or carry on
 * with state it can no longer trust.  A &struct kcell_domain gives it a
 * third: report the fault, from any context, and let the domain quiesce
 * the device, reclaim or abandon every lease, and rebuild the state from
 * the configuration users made, the way the Rust systems papers reset a
 * protection domain and re-initialise it from a clean slate.
 *
 * The domain is a revocable cell (revocable.h) around the driver's data
 * path, plus a recovery work item and the driver's steps:
 *
 *	struct nic {
 *		struct kcell_domain domain;
 *		struct nic_rings *rings;
 *	};
 *
 *	void nic_stop_queues(struct kcell_domain *d);
 *	void nic_rtnl_lock(struct kcell_domain *d);
 *	void nic_down(struct kcell_domain *d);
 *	void nic_free_rings(struct kcell_domain *d);
 *	int nic_alloc_rings(struct kcell_domain *d);
 *	void nic_up(struct kcell_domain *d);
 *	void nic_rtnl_unlock(struct kcell_domain *d);
 *	int nic_clean_rx(struct nic *nic, int budget);
 *
 *	static const struct kcell_domain_ops nic_domain_ops = {
 *		.fault		= nic_stop_queues,
 *		.begin		= nic_rtnl_lock,
 *		.quiesce	= nic_down,
 *		.reclaim	= nic_free_rings,
 *		.restart	= nic_alloc_rings,
 *		.start		= nic_up,
 *		.end		= nic_rtnl_unlock,
 *	};
 *
 *	static int nic_poll(struct nic *nic, int budget)
 *	{
 *		int done = 0;
 *
 *		kcell_domain_borrow(&nic->domain) {
 *			done = nic_clean_rx(nic, budget);
 *			if (done < 0) {
 *				kcell_domain_fault(&nic->domain,
 *						   KCELL_FAULT_GARBAGE);
 *				done = 0;
 *			}
 *		}
 *		return done;
 *	}
 *
 * (nic_clean_rx() returning a negative count is this example's way of
 * saying the device wrote garbage.)
 *
 * kcell_domain_fault() runs the driver's ->fault() (stop feeding the
 * device: stop the queues), revokes the domain so that every later borrow
 * is skipped, and queues the recovery.  The recovery, in process context,
 * waits for the borrows in flight, then, between ->begin() and ->end()
 * (the lock the driver's control paths hold), calls ->quiesce() and
 * ->reclaim(), then ->restart() to build the state again, re-arms the
 * domain and calls ->start().  A restart that fails leaves the domain torn
 * down and revoked and is retried every @retry_ms; one that succeeds ends
 * the recovery, and the time from the fault to the re-arm is recorded.
 * No borrow ever sees the state between ->quiesce() and ->start().
 *
 * Faults while the domain recovers are counted but start nothing, except
 * one reported during the restart itself (the new state found the device
 * still broken): the domain goes round again after ->start().  Only the
 * first fault of an epoch runs ->fault().
 *
 * The settings users made (MTU, ring sizes, filters) are the driver's
 * checkpoint: ->restart() rebuilds from them, and the driver must keep
 * them out of the state ->reclaim() frees.  The domain knows nothing of
 * them; what it guarantees is the order (nothing borrows the old state
 * once ->quiesce() runs, nothing of it is left when ->restart() runs) and
 * that recovery and kcell_domain_stop() never run at the same time.
 *
 * Errors a driver reports:
 * KCELL_FAULT_MISUSE, a kcell operation the driver relies on refused (a
 * lease grant that returned KCELL_DMA_ERROR), and, in debug mode, every
 * misuse the debug mode reports inside a borrow (the borrow reports it
 * when it ends: kcell_domain_borrow()); KCELL_FAULT_GARBAGE, the
 * device wrote back a value no correct device writes; KCELL_FAULT_UNPOSTED,
 * a completion for work never handed to it; KCELL_FAULT_MAP_STORM, DMA
 * mappings that keep failing; KCELL_FAULT_STUCK, a device that stopped
 * making progress (a transmit timeout).
 */
#ifndef _KCELL_DOMAIN_H
#define _KCELL_DOMAIN_H

#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/ktime.h>
#include <linux/minmax.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "base.h"
#include "revocable.h"

/**
 * enum kcell_fault - why a domain is reset
 * @KCELL_FAULT_MISUSE: a kcell operation refused what the driver asked
 * @KCELL_FAULT_GARBAGE: the device wrote back a value no correct one writes
 * @KCELL_FAULT_UNPOSTED: a completion for work the device was never given
 * @KCELL_FAULT_MAP_STORM: DMA mappings failed many times in a row
 * @KCELL_FAULT_STUCK: the device stopped making progress
 * @KCELL_FAULT_NR: the number of reasons
 */
enum kcell_fault {
	KCELL_FAULT_MISUSE,
	KCELL_FAULT_GARBAGE,
	KCELL_FAULT_UNPOSTED,
	KCELL_FAULT_MAP_STORM,
	KCELL_FAULT_STUCK,
	KCELL_FAULT_NR,
};

struct kcell_domain;

/**
 * struct kcell_domain_ops - the driver's steps of a recovery
 * @fault: optional; called once per epoch by the first kcell_domain_fault(),
 *	in its context (any, interrupts included: must not sleep), before
 *	the recovery is queued: stop feeding the device and mask its
 *	interrupts, so that work arriving before the recovery waits (a
 *	stopped queue) instead of being lost, and a device that keeps
 *	interrupting cannot storm.  The recovery follows whatever a control
 *	path does meanwhile.  In debug mode it also runs where a borrow that
 *	caught a misuse ends, with whatever locks the borrower holds around
 *	the block: it must take none a borrower may hold (in ndo_start_xmit,
 *	the queue's own lock: netif_tx_stop_all_queues(), which takes no
 *	lock, not netif_tx_disable(), which takes every queue's)
 * @begin: optional; the recovery's first step, in process context: take the
 *	lock the driver's control paths hold (RTNL for a network driver)
 * @quiesce: stop the device and every caller into the state: no DMA, no
 *	interrupt, no callback left running.  The domain is revoked and no
 *	borrow is in flight
 * @reclaim: take back every lease (or abandon those a quiesced device can
 *	no longer touch) and free the state built on them
 * @restart: rebuild the state from the driver's settings, the domain still
 *	revoked.  Return 0 or -errno: on error, leave nothing built; the
 *	domain stays torn down and revoked, and the restart is retried after
 *	@retry_ms; on -EAGAIN ("not now": the device is suspended, say) only
 *	when the driver calls kcell_domain_retry_now()
 * @start: optional; after every restart that succeeded: let the callers
 *	in (enable the device's interrupts, wake the queues).  Cannot fail.
 *	The domain is live again, unless a fault during the restart sent
 *	the recovery round again (then it is still revoked, and the next
 *	->quiesce() meets a state ->start() started) or the domain was
 *	stopped
 * @end: optional; undo @begin
 *
 * All but @fault run in the recovery work, between @begin and @end, and
 * may sleep; they must cope with a state the driver already tore down
 * itself (an interface closed while the fault was pending).
 */
struct kcell_domain_ops {
	void (*fault)(struct kcell_domain *d);
	void (*begin)(struct kcell_domain *d);
	void (*quiesce)(struct kcell_domain *d);
	void (*reclaim)(struct kcell_domain *d);
	int (*restart)(struct kcell_domain *d);
	void (*start)(struct kcell_domain *d);
	void (*end)(struct kcell_domain *d);
};

/**
 * struct kcell_domain_stats - what a domain went through
 * @faults: kcell_domain_fault() calls, by reason, those that started a
 *	recovery and those that found one under way
 * @recoveries: restarts that succeeded
 * @failed_restarts: restarts that returned an error other than -EAGAIN
 * @last_recovery_ns: from the fault to the end of the last recovery
 * @max_recovery_ns: the longest of them
 */
struct kcell_domain_stats {
	u64 faults[KCELL_FAULT_NR];
	u64 recoveries;
	u64 failed_restarts;
	u64 last_recovery_ns;
	u64 max_recovery_ns;
};

/* The domain's state; the lock guards it. */
enum kcell_domain_state {
	KCELL_DOMAIN_LIVE,	/* no fault since the last restart */
	KCELL_DOMAIN_FAULTED,	/* revoked, recovery queued or running */
	KCELL_DOMAIN_RESTARTING,	/* revoked, ->restart() running */
	KCELL_DOMAIN_TORN,	/* reclaimed, restart failed: retry queued */
	KCELL_DOMAIN_STOPPED,	/* kcell_domain_stop(): never again */
};

/**
 * struct kcell_domain - a fault domain
 *
 * All members are private: use the kcell_domain_*() operations.  Not to
 * be copied (KCELL_NO_COPY).
 */
struct kcell_domain {
	/* private: */
	KCELL_NO_COPY;
	/* Borrowed by the data path; revoked by a fault. */
	struct kcell_revocable __kcell __kc_live;
	const struct kcell_domain_ops *__kcell __kc_ops;
	unsigned int __kcell __kc_retry_ms;
	/* Not __kcell: the work function's container_of() names it. */
	struct delayed_work __kc_recover;
	/* Guards what follows; taken from any context. */
	raw_spinlock_t __kcell __kc_lock;
	enum kcell_domain_state __kcell __kc_state;
	/* A fault reported by the state ->restart() is building. */
	bool __kcell __kc_refault;
	/* ->reclaim() ran and no ->restart() has succeeded since. */
	bool __kcell __kc_torn;
	/* The first fault of this epoch: why, and when. */
	enum kcell_fault __kcell __kc_reason;
	u64 __kcell __kc_fault_ns;
	struct kcell_domain_stats __kcell __kc_stats;
};

#define __domain(d, name)	__kcell_member(d, name)

/**
 * kcell_domain_is_live() - whether borrows would succeed now
 * @d: pointer to the domain
 *
 * A hint, as revocable_is_live() is.
 *
 * Return: true if no fault is pending.
 */
static inline bool kcell_domain_is_live(struct kcell_domain *d)
{
	return revocable_is_live(&__domain(d, live));
}

/* Queue the recovery @delay from now; the lock held. */
static inline void __kcell_domain_queue(struct kcell_domain *d,
					unsigned long delay)
{
	mod_delayed_work(system_wq, &__domain(d, recover), delay);
}

/**
 * kcell_domain_fault() - report a fault: the domain will be reset
 * @d: pointer to the domain
 * @why: what went wrong
 *
 * Any context, interrupts included.  The first fault since the last
 * restart calls ->fault(), revokes the domain (later borrows are skipped;
 * the one the caller may be in goes on to its end) and queues the
 * recovery; later ones are counted.  A fault during ->restart() sends the
 * recovery round again once the restart returns.
 *
 * Return: true if this call started a recovery.
 */
static inline bool kcell_domain_fault(struct kcell_domain *d,
				      enum kcell_fault why)
{
	const struct kcell_domain_ops *ops = __domain(d, ops);
	unsigned long flags;
	bool first = false;

	if (WARN_ON_ONCE((unsigned int)why >= KCELL_FAULT_NR))
		why = KCELL_FAULT_MISUSE;
	raw_spin_lock_irqsave(&__domain(d, lock), flags);
	__domain(d, stats).faults[why]++;
	switch (__domain(d, state)) {
	case KCELL_DOMAIN_LIVE:
		__domain(d, state) = KCELL_DOMAIN_FAULTED;
		__domain(d, fault_ns) = ktime_get_ns();
		first = true;
		break;
	case KCELL_DOMAIN_RESTARTING:
		/* Revoked still: queue the recovery again, once. */
		first = !__domain(d, refault);
		__domain(d, refault) = true;
		break;
	default:
		break;
	}
	if (first) {
		WRITE_ONCE(__domain(d, reason), why);
		/* Already revoked in a restart: then a no-op. */
		revocable_revoke_start(&__domain(d, live));
	}
	raw_spin_unlock_irqrestore(&__domain(d, lock), flags);
	if (!first)
		return false;
	/*
	 * Outside the lock, so that it may take the driver's spinlocks; only
	 * this call runs it this epoch.  Before the recovery is queued, so
	 * that the recovery's steps come after it.
	 */
	if (ops->fault)
		ops->fault(d);
	raw_spin_lock_irqsave(&__domain(d, lock), flags);
	/* A stop that came meanwhile has cancelled what it could: not this. */
	if (__domain(d, state) != KCELL_DOMAIN_STOPPED)
		__kcell_domain_queue(d, 0);
	raw_spin_unlock_irqrestore(&__domain(d, lock), flags);
	return true;
}

/* The guard of one kcell_domain_borrow() block. */
struct kcell_domain_guard {
	struct kcell_revocable_guard rg;
#if KCELL_DEBUG_ENABLED
	/* The block's misuse reports (no slot until it runs), and whose. */
	struct kcell_report_scope scope;
	struct kcell_domain *d;
#endif
};

static __always_inline struct kcell_domain_guard
__kcell_domain_begin(struct kcell_domain *d)
{
	return (struct kcell_domain_guard){
		.rg = __revocable_begin(&__domain(d, live)),
#if KCELL_DEBUG_ENABLED
		.scope = { .slot = -1 },
		.d = d,
#endif
	};
}

/*
 * The loop's test: true once, while the borrow holds (the loop's step sets
 * done).  So the scope opens once, only for a block that runs.
 */
static __always_inline bool __kcell_domain_runs(struct kcell_domain_guard *g)
{
	if (!g->rg.held || g->rg.done)
		return false;
#if KCELL_DEBUG_ENABLED
	kcell_report_scope_open(&g->scope);
#endif
	return true;
}

/* Ends a borrow: a misuse reported inside it faults the domain first. */
static __always_inline void
kcell_domain_guard_exit(struct kcell_domain_guard *g)
{
#if KCELL_DEBUG_ENABLED
	if (kcell_report_scope_close(&g->scope))
		kcell_domain_fault(g->d, KCELL_FAULT_MISUSE);
#endif
	kcell_revocable_guard_exit(&g->rg);
}

/**
 * kcell_domain_borrow() - run a block while the domain has no fault
 * @d: pointer to the domain
 *
 * revocable_borrow() of the domain: the block runs if no fault was
 * reported since the last restart, and a recovery waits for it to end
 * before it begins; otherwise the block is skipped.  Any context.  The
 * block is a loop of one turn, as revocable_borrow()'s is.
 *
 * In debug mode the block is also a &struct kcell_report_scope: a misuse
 * the debug mode reports inside it, in its own context (not in an
 * interrupt that came meanwhile, nor in a borrow of another domain nested
 * in it) and by code of the same module, faults the domain once with
 * KCELL_FAULT_MISUSE when the block ends, wherever the misused cell
 * lives, and so calls ->fault() there (see its rules).  The release build
 * opens no scope: its borrow is revocable_borrow()'s, and the few misuses
 * it reports (those it cannot refuse) fault nothing.
 *
 * @d is evaluated once.
 */
#define kcell_domain_borrow(d)	__kcell_domain_borrow(d, __COUNTER__)
/* One more expansion, so that @id is a number before it is pasted. */
#define __kcell_domain_borrow(d, id)	___kcell_domain_borrow(d, id)

#define ___kcell_domain_borrow(d, id)					\
	for (struct kcell_domain_guard __kc_dg_##id			\
		__attribute__((__cleanup__(kcell_domain_guard_exit))) = \
			__kcell_domain_begin(d);			\
	     __kcell_domain_runs(&__kc_dg_##id);			\
	     __kc_dg_##id.rg.done = true)

/**
 * kcell_domain_last_fault() - why the domain was last reset
 * @d: pointer to the domain
 *
 * For the recovery's steps to say what they recover from.
 *
 * Return: the reason of the fault that started the last (or current)
 * recovery; KCELL_FAULT_MISUSE before any.
 */
static inline enum kcell_fault kcell_domain_last_fault(struct kcell_domain *d)
{
	return READ_ONCE(__domain(d, reason));
}

/**
 * kcell_domain_retry_now() - retry a failed restart without waiting
 * @d: pointer to the domain
 *
 * For the driver's own reasons to think a restart would work now (a
 * resume, memory freed), and the only retry of a restart that returned
 * -EAGAIN.  Does nothing unless the domain is torn down.  Any context.
 */
static inline void kcell_domain_retry_now(struct kcell_domain *d)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&__domain(d, lock), flags);
	if (__domain(d, state) == KCELL_DOMAIN_TORN)
		__kcell_domain_queue(d, 0);
	raw_spin_unlock_irqrestore(&__domain(d, lock), flags);
}

/**
 * kcell_domain_stop() - end the domain: no recovery from now on
 * @d: pointer to the domain
 *
 * Revokes the domain, waits for a recovery in progress and cancels any
 * pending one, then for the borrows in flight.  Later faults are counted
 * and start nothing.  Process context, may sleep; not under the lock
 * ->begin() takes (it waits for a recovery that takes it).  A fault
 * reported inside a borrow is over when this returns; code that reports
 * faults outside one (a timer) is the caller's to stop first, as it would
 * be before freeing the memory the domain lives in.
 *
 * Return: true if the driver's state is built (no fault, or the last
 * recovery restarted it): the caller tears it down itself; false if the
 * last recovery reclaimed it and no restart succeeded since.
 */
static inline bool kcell_domain_stop(struct kcell_domain *d)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&__domain(d, lock), flags);
	__domain(d, state) = KCELL_DOMAIN_STOPPED;
	revocable_revoke_start(&__domain(d, live));
	raw_spin_unlock_irqrestore(&__domain(d, lock), flags);
	/* The recovery re-queues itself only while not stopped. */
	cancel_delayed_work_sync(&__domain(d, recover));
	/* A recovery re-arms only a domain not stopped: revoked still. */
	revocable_revoke_wait(&__domain(d, live));
	return !__domain(d, torn);
}

/**
 * kcell_domain_read_stats() - a copy of a domain's counters
 * @d: pointer to the domain
 * @out: the copy
 *
 * Any context.
 */
static inline void kcell_domain_read_stats(struct kcell_domain *d,
					   struct kcell_domain_stats *out)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&__domain(d, lock), flags);
	*out = __domain(d, stats);
	raw_spin_unlock_irqrestore(&__domain(d, lock), flags);
}

/**
 * kcell_fault_name() - a reason's name, for logs and ethtool
 * @why: the reason
 *
 * Return: a short lower-case name.
 */
static inline const char *kcell_fault_name(enum kcell_fault why)
{
	static const char * const names[KCELL_FAULT_NR] = {
		[KCELL_FAULT_MISUSE]	= "misuse",
		[KCELL_FAULT_GARBAGE]	= "garbage",
		[KCELL_FAULT_UNPOSTED]	= "unposted",
		[KCELL_FAULT_MAP_STORM]	= "map_storm",
		[KCELL_FAULT_STUCK]	= "stuck",
	};

	return (unsigned int)why < KCELL_FAULT_NR ? names[why] : "unknown";
}

/*
 * Moves the state from @from to @to unless kcell_domain_stop() came first.
 * Return: whether it did.
 */
static inline bool __kcell_domain_move(struct kcell_domain *d,
				       enum kcell_domain_state from,
				       enum kcell_domain_state to)
{
	unsigned long flags;
	bool moved;

	raw_spin_lock_irqsave(&__domain(d, lock), flags);
	moved = __domain(d, state) == from;
	if (moved)
		__domain(d, state) = to;
	raw_spin_unlock_irqrestore(&__domain(d, lock), flags);
	return moved;
}

/*
 * Ends a restart: live again, torn for a retry, or (a fault during the
 * restart) round again.  Return: whether the restart built the state, for
 * ->start().
 */
static inline bool __kcell_domain_restarted(struct kcell_domain *d, int err)
{
	struct kcell_domain_stats *st = &__domain(d, stats);
	unsigned long flags;
	bool again;
	u64 took;

	raw_spin_lock_irqsave(&__domain(d, lock), flags);
	again = __domain(d, refault);
	__domain(d, refault) = false;
	if (err) {
		unsigned long retry = msecs_to_jiffies(__domain(d, retry_ms));

		if (err != -EAGAIN)
			st->failed_restarts++;
		/* Unless stopped: then the stop cancels the retry. */
		if (__domain(d, state) == KCELL_DOMAIN_RESTARTING) {
			__domain(d, state) = KCELL_DOMAIN_TORN;
			if (err != -EAGAIN)
				__kcell_domain_queue(d, retry);
		}
		raw_spin_unlock_irqrestore(&__domain(d, lock), flags);
		return false;
	}
	__domain(d, torn) = false;
	if (__domain(d, state) != KCELL_DOMAIN_RESTARTING) {
		/* Stopped: the domain stays revoked. */
	} else if (again) {
		/* The fault queued the recovery again. */
		__domain(d, state) = KCELL_DOMAIN_FAULTED;
		__domain(d, fault_ns) = ktime_get_ns();
	} else {
		/* Drained, and nothing borrows a revoked cell: not refused. */
		revocable_rearm(&__domain(d, live));
		__domain(d, state) = KCELL_DOMAIN_LIVE;
		st->recoveries++;
		took = ktime_get_ns() - __domain(d, fault_ns);
		st->last_recovery_ns = took;
		st->max_recovery_ns = max(st->max_recovery_ns, took);
	}
	raw_spin_unlock_irqrestore(&__domain(d, lock), flags);
	return true;
}

/* The state, read without the lock: __kcell_domain_move() confirms it. */
static inline enum kcell_domain_state
__kcell_domain_state(struct kcell_domain *d)
{
	return READ_ONCE(__domain(d, state));
}

/* Tears down (once per fault) and rebuilds; ->begin() held. */
static inline void __kcell_domain_recover_locked(struct kcell_domain *d,
						 enum kcell_domain_state from)
{
	const struct kcell_domain_ops *ops = __domain(d, ops);

	/* Stopped while ->begin() waited: the owner's teardown takes over. */
	if (__kcell_domain_state(d) != from)
		return;
	if (from == KCELL_DOMAIN_FAULTED) {
		ops->quiesce(d);
		ops->reclaim(d);
		__domain(d, torn) = true;
	}
	if (!__kcell_domain_move(d, from, KCELL_DOMAIN_RESTARTING))
		return;
	if (__kcell_domain_restarted(d, ops->restart(d)) && ops->start)
		ops->start(d);
}

/* The recovery work of every domain. */
static inline void __kcell_domain_recover(struct work_struct *work)
{
	struct kcell_domain *d = container_of(to_delayed_work(work),
					      struct kcell_domain,
					      __kc_recover);
	const struct kcell_domain_ops *ops = __domain(d, ops);
	enum kcell_domain_state from = __kcell_domain_state(d);

	if (from != KCELL_DOMAIN_FAULTED && from != KCELL_DOMAIN_TORN)
		return;
	/*
	 * Revoked by the fault (or still, torn): no new borrow.  The wait
	 * comes before ->begin(), so that a borrower may take the lock it
	 * takes (RTNL) without waiting for a recovery that waits for it.
	 */
	revocable_revoke_wait(&__domain(d, live));
	if (ops->begin)
		ops->begin(d);
	__kcell_domain_recover_locked(d, from);
	if (ops->end)
		ops->end(d);
}

static inline void __kcell_domain_init(struct kcell_domain *d,
				       const struct kcell_domain_ops *ops,
				       unsigned int retry_ms,
				       struct lock_class_key *key)
{
	memset(&__domain(d, stats), 0, sizeof(__domain(d, stats)));
	__revocable_init(&__domain(d, live), key);
	__domain(d, ops) = ops;
	__domain(d, retry_ms) = retry_ms;
	raw_spin_lock_init(&__domain(d, lock));
	__domain(d, state) = KCELL_DOMAIN_LIVE;
	__domain(d, refault) = false;
	__domain(d, torn) = false;
	__domain(d, reason) = KCELL_FAULT_MISUSE;
	__domain(d, fault_ns) = 0;
	INIT_DELAYED_WORK(&__domain(d, recover), __kcell_domain_recover);
}

/**
 * kcell_domain_init() - set a domain up, live
 * @d: the domain
 * @ops: the driver's steps; @ops->quiesce, ->reclaim and ->restart are
 *	required
 * @retry_ms: how long a failed restart waits before the next
 *
 * In process context, before the first borrow.  Each call site is a
 * lockdep class of its own, as for mutex_init(): two drivers' domains do
 * not share one.
 */
#define kcell_domain_init(d, ops, retry_ms) do {			\
	static struct lock_class_key __kc_dom_key __maybe_unused;	\
	__kcell_domain_init(d, ops, retry_ms, &__kc_dom_key);		\
} while (0)

#endif /* _KCELL_DOMAIN_H */
