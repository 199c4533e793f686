// SPDX-License-Identifier: GPL-2.0
#include <kcell/take_cell.h>

#include "selftest.h"

struct selftest_item {
	int value;
};

int kcell_selftest_take_cell(void)
{
	struct selftest_item a = { 1 }, b = { 2 };
	DECLARE_TAKE_CELL(cell, struct selftest_item);
	int failed = 0, runs = 0;

	take_cell_init(&cell, &a);
	take_cell_map(&cell, it) {
		failed += SELFTEST_EXPECT(take_cell_is_none(&cell));
		it->value++;
		runs++;
	}
	failed += SELFTEST_EXPECT(runs == 1 && a.value == 2);
	failed += SELFTEST_EXPECT(take_cell_take(&cell) == &a);
	failed += SELFTEST_EXPECT(!take_cell_take(&cell));
	failed += SELFTEST_EXPECT(take_cell_put(&cell, &b));
	failed += SELFTEST_EXPECT(take_cell_replace(&cell, &a) == &b);
	failed += SELFTEST_EXPECT(take_cell_is_some(&cell));
	return failed;
}
