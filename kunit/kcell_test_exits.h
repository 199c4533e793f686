/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ways a scoped borrow's block can be left (end, break, continue,
 * return, goto, return from a nested block): the take_cell and map_cell
 * suites run their block tests once per way, as KUnit parameters.
 */
#ifndef _KCELL_TEST_EXITS_H
#define _KCELL_TEST_EXITS_H

#include <kunit/test.h>
#include <linux/string.h>

enum map_exit {
	EXIT_END,
	EXIT_BREAK,
	EXIT_CONTINUE,
	EXIT_RETURN,
	EXIT_GOTO,
	EXIT_NESTED_RETURN,
};

static const char * const map_exit_names[] = {
	"end", "break", "continue", "return", "goto", "return from nested block",
};

static const enum map_exit map_exits[] = {
	EXIT_END, EXIT_BREAK, EXIT_CONTINUE, EXIT_RETURN, EXIT_GOTO,
	EXIT_NESTED_RETURN,
};

static inline void map_exit_desc(const enum map_exit *e, char *desc)
{
	strscpy(desc, map_exit_names[*e], KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(map_exit, map_exits, map_exit_desc);

#endif /* _KCELL_TEST_EXITS_H */
