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
#include <linux/ratelimit.h>
#include <linux/types.h>

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
 * kcell_report() - report a misuse of a cell
 * @site: where the operation was written (KCELL_HERE), or NULL
 * @what: what went wrong, a constant string
 *
 * The first misuse at a site gives one WARN, with the caller's function,
 * file and line and a backtrace; the following ones there are counted in
 * the site only (up to INT_MAX), so that a misuse on every packet cannot
 * flood the log.  KCELL_REPORTS_PARAM() lists the counts.  Without a site
 * (release builds, where only the misuses that cannot be refused are
 * reported) the WARN is rate-limited.
 */
static inline void __cold kcell_report(struct kcell_site *site,
				       const char *what)
{
	KCELL_DEBUG_HOOK(site, what);
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
