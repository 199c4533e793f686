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
 *   KCELL_DEBUG=1) or CONFIG_KCELL_DEBUG=y and every state transition is
 *   checked: a misuse gives one WARN naming the function, file and line that
 *   made it, and the operation is refused so that nothing is lost.  Without
 *   it the checks compile to nothing.
 */
#ifndef _KCELL_BASE_H
#define _KCELL_BASE_H

#include <linux/bug.h>
#include <linux/compiler.h>
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
 * struct kcell_site - where a cell operation was written
 * @func: calling function
 * @file: source file
 * @line: source line
 *
 * Built by KCELL_HERE in debug mode so that a WARN names the caller rather
 * than the library.
 */
struct kcell_site {
	const char *func;
	const char *file;
	int line;
};

/**
 * KCELL_HERE - the call site of the operation being expanded
 *
 * A pointer to a static &struct kcell_site in debug mode, NULL otherwise, so
 * that a release build carries neither the strings nor the argument.
 */
#if KCELL_DEBUG_ENABLED
# define KCELL_HERE ({							\
	static const struct kcell_site __kcell_site = {			\
		__func__, __FILE__, __LINE__				\
	};								\
	&__kcell_site;							\
})
#else
# define KCELL_HERE ((const struct kcell_site *)NULL)
#endif

/**
 * KCELL_DEBUG_HOOK() - runs before every report of a misuse
 * @site: where the operation was written, or NULL
 * @what: what went wrong
 *
 * Does nothing unless a test defines it before including kcell, to count
 * the reports (<kcell/kunit.h> does).
 */
#ifndef KCELL_DEBUG_HOOK
# define KCELL_DEBUG_HOOK(site, what) do { (void)(site); (void)(what); } while (0)
#endif

/**
 * kcell_report() - report a misuse of a cell
 * @site: where the operation was written (KCELL_HERE), or NULL
 * @what: what went wrong, a constant string
 *
 * One WARN per call.  Used by the debug checks and, in every build, for the
 * one misuse that cannot be refused: a scoped borrow whose put-back finds
 * the cell refilled.
 */
static inline void __cold kcell_report(const struct kcell_site *site,
				       const char *what)
{
	KCELL_DEBUG_HOOK(site, what);
	if (site)
		WARN(1, "kcell: %s in %s() at %s:%d\n", what, site->func,
		     site->file, site->line);
	else
		WARN(1, "kcell: %s\n", what);
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
