/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kcell base - what every cell header shares
 *
 * Each cell header includes this one, and nothing of the other cells:
 *
 * - the sparse address spaces that hide a cell's insides.  Every private
 *   member of a cell or lease is itself declared noderef, the way per-CPU
 *   variables are, so that any read or write of it outside the library is a
 *   "dereference of noderef expression" warning under sparse;
 * - the ownership contracts of contract.h, for the DMA leases;
 * - the runtime debug mode.  Build with KCELL_DEBUG defined (make
 *   KCELL_DEBUG=1 with kcell.mk) or CONFIG_KCELL_DEBUG=y and every state
 *   transition is checked: a misuse is refused so that nothing is lost, the
 *   first one at each call site gives one WARN naming the function, file
 *   and line that made it, and the rest are counted (reports.h lists the
 *   counts).  Without it the checks compile to nothing;
 * - KCELL_NO_COPY, which makes a structure impossible to assign.
 */
#ifndef _KCELL_BASE_H
#define _KCELL_BASE_H

#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/limits.h>
#include <linux/preempt.h>
#include <linux/printk.h>
#include <linux/ratelimit.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <asm/current.h>

#include "contract.h"

#ifdef __CHECKER__
/**
 * __kcell - sparse marker for the private members of a cell
 *
 * A noderef address space, like __rcu: reading or writing a member declared
 * with it is a sparse warning.  Only the library touches it, through
 * __force casts.
 */
# define __kcell	__attribute__((noderef, address_space(__kcell)))
/**
 * __leased - sparse marker for the private members of a DMA lease or region
 *
 * Like __kcell, for memory that may belong to a device: the CPU reaches it
 * only through dma_lease_cpu() and the dma_region accessors.
 */
# define __leased	__attribute__((noderef, address_space(__leased)))
#else
# define __kcell
# define __leased
#endif

/*
 * The private member __kc_<name> of a cell, as a plain lvalue.  The one place where the library
 * strips the noderef marker; typeof() of a noderef member keeps the marker,
 * and "__force __kernel" removes it again, as rcu_dereference() does.
 */
#define __kcell_member(obj, name) \
	(*(typeof((obj)->__kc_##name) __force __kernel *)&(obj)->__kc_##name)

/**
 * define KCELL_DEBUG_ENABLED - 1 when the debug mode is built in, else 0
 *
 * From KCELL_DEBUG (make KCELL_DEBUG=1, through kcell.mk) or
 * CONFIG_KCELL_DEBUG.  Every check is "if (KCELL_DEBUG_ENABLED && ...)",
 * so a release build folds it away.
 */
#if defined(KCELL_DEBUG) || IS_ENABLED(CONFIG_KCELL_DEBUG)
# define KCELL_DEBUG_ENABLED	1
#else
# define KCELL_DEBUG_ENABLED	0
#endif

/**
 * KCELL_NO_COPY - a member that makes a structure impossible to assign
 *
 * An empty, const-qualified member: it takes no space, and C forbids
 * assigning a structure that has a const member, or that contains one
 * that has, so "a = b" of such a structure does not compile (gcc:
 * "assignment of read-only location"; clang: "cannot assign to lvalue with
 * const-qualified data member").  A lease or a region is one owner's
 * record: a copy would be a second owner of the same mapping.  Move one
 * with its own operation (dma_lease_move()).  Initialising a new structure
 * from an old one is not an assignment and still compiles; debug mode
 * reports the copy at its first use.
 */
#define KCELL_NO_COPY	const struct { } __kc_no_copy

/**
 * struct kcell_site - where a cell operation was written
 * @func: calling function
 * @file: source file
 * @line: source line
 * @what: the first misuse reported here
 * @count: how many misuses were reported here
 * @next: the next site on this module's list of sites that reported
 *
 * Built by KCELL_HERE in debug mode, one per call site, so that a report
 * names the caller rather than the library and is printed once per site.
 */
struct kcell_site {
	const char *func;
	const char *file;
	int line;
	const char *what;
	atomic_t count;
	struct kcell_site *next;
};

/**
 * KCELL_HERE - the call site of the operation being expanded
 *
 * A pointer to a static &struct kcell_site in debug mode, NULL otherwise, so
 * that a release build carries neither the strings nor the argument.
 */
#if KCELL_DEBUG_ENABLED
# define KCELL_HERE ({							\
	static struct kcell_site __kcell_site = {			\
		.func = __func__, .file = __FILE__, .line = __LINE__	\
	};								\
	&__kcell_site;							\
})
#else
# define KCELL_HERE ((struct kcell_site *)NULL)
#endif

/**
 * KCELL_DEBUG_HOOK() - runs before every report of a misuse
 * @site: where the operation was written, or NULL
 * @what: what went wrong
 *
 * Does nothing unless a test defines it before including kcell, to count
 * the reports (<kcell/kunit.h> does).  It runs for every misuse, including
 * those that kcell_report() only counts.
 */
#ifndef KCELL_DEBUG_HOOK
# define KCELL_DEBUG_HOOK(site, what) do { (void)(site); (void)(what); } while (0)
#endif

#if KCELL_DEBUG_ENABLED
/*
 * The sites of this module (or of vmlinux) that reported a misuse, newest
 * first.  A weak definition in every file that includes kcell: the linker
 * keeps one per module, so the whole module shares the list without a .c
 * file of kcell's own.  Sites are static and never leave the list.
 */
extern struct kcell_site *kcell_reported_sites;
struct kcell_site *kcell_reported_sites __weak;

/* Puts @site on the module's list: called once, by its first report. */
static inline void kcell_site_publish(struct kcell_site *site)
{
	struct kcell_site *head = READ_ONCE(kcell_reported_sites);

	do {
		site->next = head;
	} while (!try_cmpxchg_release(&kcell_reported_sites, &head, site));
}
#else
static inline void kcell_site_publish(struct kcell_site *site) { }
#endif

/**
 * kcell_context_token() - the running task and its context level, as a word
 *
 * The level is task, softirq, hard interrupt or NMI.  Two moments with
 * the same token are the same stretch of code: an interrupt is a level of
 * its own, and it runs to its end before the level it interrupted goes on.
 *
 * Return: current's address (a task_struct is aligned far beyond four
 * bytes) or'ed with the level, 0 to 3; never 0.
 */
static __always_inline unsigned long kcell_context_token(void)
{
	unsigned long level = in_nmi() ? 3 : in_hardirq() ? 2 :
			      in_serving_softirq() ? 1 : 0;

	return (unsigned long)current | level;
}

/**
 * define KCELL_REPORT_SCOPES - how many report scopes a module keeps open
 *
 * The size of the module's table of open scopes, in debug mode; define it
 * before including kcell to change it.  A scope opened while the table is
 * full catches nothing (and says so, once).  Each CPU holds a few at a
 * time (a task's, a softirq's and a hard interrupt's borrows), more where
 * borrowers sleep inside them.
 */
#ifndef KCELL_REPORT_SCOPES
# define KCELL_REPORT_SCOPES	64
#endif

/**
 * struct kcell_report_scope - a block whose misuse reports are caught
 * @slot: the scope's entry in the module's table, or -1 if it has none
 *
 * Debug mode only.  kcell_report() counts a misuse in the newest open
 * scope of the module whose context token (kcell_context_token()) is the
 * reporter's: the code that made the report runs inside that scope, since
 * a scope is a block that ends before its opener goes on.  A hard
 * interrupt that reports while the task it interrupted is in a scope has a
 * token of its own, and the task's scope does not catch its report;
 * another task's scope never does.  A fault domain's borrow is such a
 * scope (domain.h): a misuse reported inside it faults the domain.  Only
 * reports of the same module are caught.  Scopes are not opened in NMI.
 *
 * The scope itself, on its opener's stack, is only an index: the module's
 * table holds the token and the count, so that a block left without its
 * cleanup (a task that exits inside it, an oops) leaves a table entry in
 * use, never a pointer into a dead stack.
 */
struct kcell_report_scope {
	int slot;
};

#if KCELL_DEBUG_ENABLED
/* One entry of the table: @me is 0 when free; @seq orders the open ones. */
struct kcell_report_slot {
	unsigned long me;
	unsigned long seq;
	unsigned int reports;
};

/*
 * The module's (or vmlinux's) table of open scopes, the sequence of their
 * opening, and the lock of both, taken from any context but NMI.  Weak,
 * one per module, as kcell_reported_sites is.
 */
extern struct kcell_report_slot kcell_report_slots[KCELL_REPORT_SCOPES];
struct kcell_report_slot kcell_report_slots[KCELL_REPORT_SCOPES] __weak;
extern unsigned long kcell_report_seq;
unsigned long kcell_report_seq __weak;
extern raw_spinlock_t kcell_report_slots_lock;
raw_spinlock_t kcell_report_slots_lock __weak =
	__RAW_SPIN_LOCK_UNLOCKED(kcell_report_slots_lock);

/**
 * kcell_report_scope_open() - start catching the reports of this code
 * @s: the scope; closed by the same code, at the end of the same block
 *
 * Debug mode only (the release build has no scopes).  Any context; in NMI,
 * or with the module's table full, the scope catches nothing.
 */
static inline void kcell_report_scope_open(struct kcell_report_scope *s)
{
	unsigned long me = kcell_context_token();
	unsigned long flags;
	int i;

	s->slot = -1;
	if (in_nmi())
		return;
	raw_spin_lock_irqsave(&kcell_report_slots_lock, flags);
	for (i = 0; i < KCELL_REPORT_SCOPES; i++) {
		struct kcell_report_slot *e = &kcell_report_slots[i];

		if (!e->me) {
			e->me = me;
			e->seq = ++kcell_report_seq;
			e->reports = 0;
			s->slot = i;
			break;
		}
	}
	raw_spin_unlock_irqrestore(&kcell_report_slots_lock, flags);
	if (s->slot < 0)
		pr_warn_once("kcell: more than %d report scopes open: a misuse in this one faults no domain\n",
			     KCELL_REPORT_SCOPES);
}

/**
 * kcell_report_scope_close() - stop catching, and count what was caught
 * @s: a scope kcell_report_scope_open() opened in this context, or one
 *	never opened whose @slot is -1
 *
 * Return: the misuses reported inside @s.
 */
static inline unsigned int
kcell_report_scope_close(struct kcell_report_scope *s)
{
	struct kcell_report_slot *e;
	unsigned long flags;
	unsigned int reports;

	if (s->slot < 0)
		return 0;
	e = &kcell_report_slots[s->slot];
	raw_spin_lock_irqsave(&kcell_report_slots_lock, flags);
	reports = e->reports;
	e->me = 0;
	raw_spin_unlock_irqrestore(&kcell_report_slots_lock, flags);
	return reports;
}

/* Counts a report in the newest scope its code runs inside, if any. */
static inline void kcell_report_scope_note(void)
{
	unsigned long me = kcell_context_token();
	struct kcell_report_slot *e, *newest = NULL;
	unsigned long flags;

	if (in_nmi())
		return;
	raw_spin_lock_irqsave(&kcell_report_slots_lock, flags);
	for (e = kcell_report_slots; e < kcell_report_slots + KCELL_REPORT_SCOPES;
	     e++) {
		if (e->me == me && (!newest || e->seq > newest->seq))
			newest = e;
	}
	if (newest)
		newest->reports++;
	raw_spin_unlock_irqrestore(&kcell_report_slots_lock, flags);
}
#else
static inline void kcell_report_scope_open(struct kcell_report_scope *s) { }
static inline unsigned int
kcell_report_scope_close(struct kcell_report_scope *s)
{
	return 0;
}

static inline void kcell_report_scope_note(void) { }
#endif

/**
 * kcell_report() - report a misuse of a cell
 * @site: where the operation was written (KCELL_HERE), or NULL
 * @what: what went wrong, a constant string
 *
 * The first misuse at a site gives one WARN, with the caller's function,
 * file and line and a backtrace; the following ones there are counted in
 * the site only (up to INT_MAX), so that a misuse on every packet cannot
 * flood the log.  KCELL_REPORTS_PARAM() lists the counts.  In debug mode
 * the report is also counted in the scope its code runs inside, if any
 * (&struct kcell_report_scope): a fault domain's borrow.  Without a site
 * (release builds, where only the misuses that cannot be refused are
 * reported) the WARN is rate-limited.
 */
static inline void __cold kcell_report(struct kcell_site *site,
				       const char *what)
{
	KCELL_DEBUG_HOOK(site, what);
	kcell_report_scope_note();
	if (!site) {
		WARN_RATELIMIT(1, "kcell: %s\n", what);
		return;
	}
	if (atomic_read(&site->count) < INT_MAX)
		atomic_inc(&site->count);
	/* The first report, and only it, names the site and publishes it. */
	if (cmpxchg(&site->what, NULL, what))
		return;
	kcell_site_publish(site);
	WARN(1, "kcell: %s in %s() at %s:%d\n", what, site->func,
	     site->file, site->line);
}

/**
 * kcell_misuse() - check a debug-mode condition
 * @cond: true when the operation is a misuse
 * @site: KCELL_HERE of the operation
 * @what: description for the WARN
 *
 * Return: @cond in debug mode (after reporting it), false otherwise; the
 * release build folds it away together with its strings.
 */
#define kcell_misuse(cond, site, what) ({				\
	bool __kc_misuse = KCELL_DEBUG_ENABLED && unlikely(cond);	\
									\
	if (__kc_misuse)						\
		kcell_report(site, what);				\
	__kc_misuse;							\
})

#endif /* _KCELL_BASE_H */
