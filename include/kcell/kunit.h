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
#include <linux/io.h>

struct kcell_site;

/* Per translation unit: each suite counts its own reports. */
static atomic_t kcell_test_reports = ATOMIC_INIT(0);
static const char *kcell_test_last_report;

/**
 * kcell_test_note_report() - the KCELL_DEBUG_HOOK() of KUnit suites
 * @site: where the misuse was written, or NULL
 * @what: what went wrong
 *
 * Counts the report and keeps @what for the test to look at.
 */
static inline void kcell_test_note_report(const struct kcell_site *site,
					  const char *what)
{
	kcell_test_last_report = what;
	atomic_inc(&kcell_test_reports);
}

#define KCELL_DEBUG_HOOK(site, what)	kcell_test_note_report(site, what)

#include <kcell/kcell.h>

/**
 * kcell_test_reports_take() - the debug mode's reports since the last call
 *
 * Return: how many misuses the library reported in this translation unit
 * since the previous call, which resets the count.
 */
static inline int kcell_test_reports_take(void)
{
	return atomic_xchg(&kcell_test_reports, 0);
}

/**
 * define KCELL_TEST_DEBUG - whether the build asked for the debug mode
 *
 * From the build's own switches rather than the library's
 * KCELL_DEBUG_ENABLED: a library that failed to turn its checks on would
 * otherwise have every test follow it.
 */
#if defined(KCELL_DEBUG) || IS_ENABLED(CONFIG_KCELL_DEBUG)
# define KCELL_TEST_DEBUG	1
#else
# define KCELL_TEST_DEBUG	0
#endif

/**
 * KCELL_DEBUG_REPORTS() - reports a debug-only check must have produced
 * @n: the reports in debug mode
 *
 * @n in debug mode, none in a release build, where the check does not
 * exist.
 */
#define KCELL_DEBUG_REPORTS(n)	(KCELL_TEST_DEBUG ? (n) : 0)

/**
 * kcell_fake_dev_ptr() - a fake device's view of a bus address
 * @addr: an address the driver gave the device (a granted lease's, a
 *	region's)
 *
 * For a suite whose fake device reads or writes what the driver handed
 * it, as the device would, on a machine without an IOMMU (UML), where a
 * bus address is a physical one.  Only tests may look through a bus
 * address; it is here, in the trusted base, so that a driver's suite
 * needs no escape hatch of its own.
 *
 * Return: the kernel virtual address of @addr.
 */
static inline void *kcell_fake_dev_ptr(kcell_dma_t addr)
{
	return phys_to_virt((phys_addr_t)__kcell_dma_raw(addr));
}

/**
 * kcell_fake_dev_desc_ptr() - kcell_fake_dev_ptr() of a descriptor's field
 * @field: a kcell_dma_le64_t address field the driver filled
 *
 * Return: the kernel virtual address the field points the device at.
 */
static inline void *kcell_fake_dev_desc_ptr(kcell_dma_le64_t field)
{
	return phys_to_virt((phys_addr_t)le64_to_cpu((__force __le64)field));
}

#endif /* _KCELL_KUNIT_H */
