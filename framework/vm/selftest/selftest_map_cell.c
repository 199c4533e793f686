// SPDX-License-Identifier: GPL-2.0
#include <kcell/map_cell.h>

#include "selftest.h"

int kcell_selftest_map_cell(void)
{
	DECLARE_MAP_CELL(cell, u64);
	int failed = 0, runs = 0;
	u64 out = 0;

	map_cell_init_val(&cell, 41);
	map_cell_map(&cell, v) {
		(*v)++;
		failed += SELFTEST_EXPECT(map_cell_is_borrowed(&cell));
		runs++;
	}
	failed += SELFTEST_EXPECT(runs == 1);
	failed += SELFTEST_EXPECT(!map_cell_is_borrowed(&cell));
	failed += SELFTEST_EXPECT(map_cell_replace(&cell, 7, &out) && out == 42);
	failed += SELFTEST_EXPECT(map_cell_take(&cell, &out) && out == 7);
	failed += SELFTEST_EXPECT(!map_cell_is_some(&cell));
	failed += SELFTEST_EXPECT(map_cell_put(&cell, 1));
	return failed;
}
