/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kcell reports - the debug mode's counts of misuses, per call site
 *
 * Debug mode prints the first misuse at each call site as a WARN with its
 * backtrace and counts the rest, so that a misuse on every packet cannot
 * flood the log or stall the machine.  KCELL_REPORTS_PARAM(), written once
 * in a module, lists the counts in a read-only module parameter, here for
 * a module named mydrv.
 *
 *	# cat /sys/module/mydrv/parameters/kcell_reports
 *	314 drivers/mydrv/mydrv_rx.c:212 mydrv_poll(): CPU access to a device-owned lease
 *
 * Each line is a site that reported, newest first: the count, where the
 * operation was written, the function, and the first misuse seen there.
 * A module parameter is the one file a module gets without an init or
 * exit hook of kcell's own, and it goes away with the module.  In a
 * release build the macro adds nothing: there are no sites to count.
 */
#ifndef _KCELL_REPORTS_H
#define _KCELL_REPORTS_H

#include <linux/moduleparam.h>
#include <linux/sysfs.h>

#include "base.h"

/**
 * kcell_reports_show() - the module's misuse counts, as text
 * @buf: a page (PAGE_SIZE bytes), as sysfs gives a show function
 *
 * The lines KCELL_REPORTS_PARAM() shows, for a driver that prefers a file
 * of its own (debugfs) or a test.  Sites are pushed with a release and
 * never removed, so an acquire of the head is enough to walk the list.
 *
 * Return: the length written; 0 in a release build.
 */
#if KCELL_DEBUG_ENABLED
static inline int kcell_reports_show(char *buf)
{
	/* Pairs with the release that published the newest site. */
	struct kcell_site *site = smp_load_acquire(&kcell_reported_sites);
	int len = 0;

	for (; site; site = site->next)
		len += sysfs_emit_at(buf, len, "%d %s:%d %s(): %s\n",
				     atomic_read(&site->count), site->file,
				     site->line, site->func, site->what);
	return len;
}

/* The parameter's read: the getter of a kernel_param_ops. */
static inline int kcell_reports_get(char *buf, const struct kernel_param *kp)
{
	return kcell_reports_show(buf);
}

/**
 * KCELL_REPORTS_PARAM() - list the module's misuse counts in sysfs
 *
 * At file scope, in one file of the module: creates the read-only
 * parameter /sys/module/MODULE/parameters/kcell_reports in debug mode
 * (see the top of this file).  Nothing in a release build.
 */
# define KCELL_REPORTS_PARAM()						\
	static const struct kernel_param_ops kcell_reports_ops = {	\
		.get = kcell_reports_get,				\
	};								\
	module_param_cb(kcell_reports, &kcell_reports_ops, NULL, 0444);	\
	MODULE_PARM_DESC(kcell_reports,					\
			 "kcell misuses per call site (debug mode)")
#else
static inline int kcell_reports_show(char *buf)
{
	return 0;
}

# define KCELL_REPORTS_PARAM()						\
	static_assert(!KCELL_DEBUG_ENABLED, "kcell reports: release build")
#endif

#endif /* _KCELL_REPORTS_H */
