/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kcell_selftest: the library on a real kernel.  Each selftest_<cell>.c
 * includes only its own header, first, which proves the header builds on
 * its own; the checks run at module load.
 */
#ifndef _KCELL_SELFTEST_H
#define _KCELL_SELFTEST_H

#include <linux/printk.h>

#define SELFTEST_EXPECT(cond) ({					\
	bool __ok = (cond);						\
									\
	if (!__ok)							\
		pr_err("kcell_selftest: %s:%d: expected %s\n",		\
		       __FILE__, __LINE__, #cond);			\
	__ok ? 0 : 1;							\
})

int kcell_selftest_take_cell(void);
int kcell_selftest_map_cell(void);
int kcell_selftest_optional_cell(void);
int kcell_selftest_dma(void);

#endif /* _KCELL_SELFTEST_H */
