// SPDX-License-Identifier: GPL-2.0
/*
 * kcell_selftest - check the kcell library on the running kernel
 *
 * Loading the module runs the checks of each cell and prints one line;
 * a failure refuses the load with -EINVAL after naming each failed check.
 * The checks use the cells correctly only, so that a debug build
 * (KCELL_DEBUG=1) loads without a warning too; the misuses are KUnit's.
 */
#include <linux/module.h>

#include "selftest.h"

static int __init kcell_selftest_init(void)
{
	int failed = kcell_selftest_take_cell() + kcell_selftest_map_cell() +
		     kcell_selftest_optional_cell() + kcell_selftest_dma();

	if (failed) {
		pr_err("kcell_selftest: %d checks failed\n", failed);
		return -EINVAL;
	}
	pr_info("kcell_selftest: all checks passed\n");
	return 0;
}

static void __exit kcell_selftest_exit(void)
{
}

module_init(kcell_selftest_init);
module_exit(kcell_selftest_exit);

MODULE_DESCRIPTION("Load-time checks of the kcell library");
MODULE_AUTHOR("The kcell authors");
MODULE_LICENSE("GPL");
