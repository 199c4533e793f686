// SPDX-License-Identifier: GPL-2.0
/*
 * kcell_vm_warn - a kernel WARN on demand, for the VM harness self-test
 *
 * Loaded with warn=1 it gives one WARN (and the W taint) and loads
 * anyway, with err=1 one error line (KERN_ERR), with flood=N the same
 * kcell misuse N times at one call site (built in kcell's debug mode,
 * which must print one WARN and count N in
 * /sys/module/kcell_vm_warn/parameters/kcell_reports); otherwise it only
 * says it is there.  framework/vm/test-harness
 * uses it to prove that `run` fails on an unexpected WARN, accepts one
 * inside an expect_splat block, and fails an expect_splat block that sees
 * none, and that a scenario fails on an error line of a kcell module
 * that it did not allow.  The running kernel cannot be used for this: the harness only
 * ever loads it into a QEMU guest.
 */
#include <linux/bug.h>
#include <linux/module.h>
#include <linux/printk.h>

/* The debug mode whatever the build: the switch kcell.mk would set. */
#define KCELL_DEBUG
#include <kcell/dma_lease.h>
#include <kcell/reports.h>

KCELL_REPORTS_PARAM();

static int warn;
module_param(warn, int, 0444);
MODULE_PARM_DESC(warn, "1: WARN once when loaded");

static int err;
module_param(err, int, 0444);
MODULE_PARM_DESC(err, "1: print an error line when loaded");

static int flood;
module_param(flood, int, 0444);
MODULE_PARM_DESC(flood, "N: reclaim an unmapped lease N times at one site");

/* Never mapped: every reclaim of it is a misuse, refused with NULL. */
static struct dma_lease kcell_vm_warn_lease;

static void kcell_vm_warn_flood(int n)
{
	int i;

	for (i = 0; i < n; i++)
		dma_lease_reclaim(&kcell_vm_warn_lease);
}

static int __init kcell_vm_warn_init(void)
{
	kcell_vm_warn_flood(flood);
	WARN(warn, "kcell_vm_warn: deliberate warning (warn=%d)\n", warn);
	if (err)
		pr_err("kcell_vm_warn: deliberate error line (err=%d)\n", err);
	pr_info("kcell_vm_warn: loaded (warn=%d)\n", warn);
	return 0;
}

static void __exit kcell_vm_warn_exit(void)
{
}

module_init(kcell_vm_warn_init);
module_exit(kcell_vm_warn_exit);

MODULE_DESCRIPTION("A WARN on demand, for the kcell VM harness self-test");
MODULE_LICENSE("GPL");
