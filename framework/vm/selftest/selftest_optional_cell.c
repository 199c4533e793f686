// SPDX-License-Identifier: GPL-2.0
#include <kcell/optional_cell.h>

#include "selftest.h"

int kcell_selftest_optional_cell(void)
{
	DECLARE_OPTIONAL_CELL(cell, unsigned long);
	unsigned long out = 0;
	int failed = 0;

	optional_cell_init(&cell);
	failed += SELFTEST_EXPECT(!optional_cell_get(&cell, &out));
	optional_cell_set(&cell, 0UL);
	failed += SELFTEST_EXPECT(optional_cell_is_some(&cell));
	optional_cell_set(&cell, 9UL);
	failed += SELFTEST_EXPECT(optional_cell_take(&cell, &out) && out == 9);
	failed += SELFTEST_EXPECT(!optional_cell_take(&cell, &out));
	optional_cell_set(&cell, 3UL);
	optional_cell_clear(&cell);
	failed += SELFTEST_EXPECT(!optional_cell_is_some(&cell));
	return failed;
}
