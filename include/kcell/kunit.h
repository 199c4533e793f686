/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kcell for KUnit suites: counts the misuse reports of the debug mode, so
 * that a test can check that a misuse gives exactly one WARN.  A driver's
 * suite includes it, then the driver's sources.
 *
 * Include it before any other kcell header: it defines KCELL_DEBUG_HOOK,
 * which base.h reads once.  It includes every cell.
 */
#ifndef _KCELL_KUNIT_H
#define _KCELL_KUNIT_H

#include <linux/atomic.h>

struct kcell_site;

/* Per translation unit: each suite counts its own reports. */
static atomic_t kcell_test_reports = ATOMIC_INIT(0);
static const char *kcell_test_last_report;

static inline void kcell_test_note_report(const struct kcell_site *site,
					  const char *what)
{
	kcell_test_last_report = what;
	atomic_inc(&kcell_test_reports);
}

#define KCELL_DEBUG_HOOK(site, what)	kcell_test_note_report(site, what)

#include <kcell/kcell.h>

/* Reports since the last call; resets the count. */
static inline int kcell_test_reports_take(void)
{
	return atomic_xchg(&kcell_test_reports, 0);
}

/*
 * Whether the build asked for the debug mode, from the build's own switches
 * rather than the library's KCELL_DEBUG_ENABLED: a library that failed to
 * turn its checks on would otherwise have every test follow it.
 */
#if defined(KCELL_DEBUG) || IS_ENABLED(CONFIG_KCELL_DEBUG)
# define KCELL_TEST_DEBUG	1
#else
# define KCELL_TEST_DEBUG	0
#endif

/*
 * Reports a debug-only check must have produced: one in debug mode, none
 * in a release build, where the check does not exist.
 */
#define KCELL_DEBUG_REPORTS(n)	(KCELL_TEST_DEBUG ? (n) : 0)

#endif /* _KCELL_KUNIT_H */
