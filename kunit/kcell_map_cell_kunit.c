// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for MapCell: moving values in and out, lending in place on
 * every way out of the block, and the refusals of a borrowed cell.
 */
#include <kcell/kunit.h>

#include <kunit/test.h>

#include "kcell_test_exits.h"

struct stats {
	u64 packets;
	u64 bytes;
	u32 errors;
};

struct owner {
	DECLARE_MAP_CELL(stats, struct stats);
	DECLARE_MAP_CELL(other, int);
};

static int map_cell_test_init(struct kunit *test)
{
	kcell_test_reports_take();
	return 0;
}

static const struct stats ten = { .packets = 10, .bytes = 1000, .errors = 1 };

static void map_cell_test_init_state(struct kunit *test)
{
	struct owner o;
	struct stats out;

	map_cell_init(&o.stats);
	KUNIT_EXPECT_FALSE(test, map_cell_is_some(&o.stats));
	KUNIT_EXPECT_FALSE(test, map_cell_is_borrowed(&o.stats));

	map_cell_init_val(&o.stats, ten);
	KUNIT_EXPECT_TRUE(test, map_cell_is_some(&o.stats));
	KUNIT_EXPECT_TRUE(test, map_cell_take(&o.stats, &out));
	KUNIT_EXPECT_EQ(test, out.bytes, 1000ULL);
}

static void map_cell_test_put_take(struct kunit *test)
{
	struct owner o;
	struct stats out = {};
	struct stats other = { .packets = 5 };

	map_cell_init(&o.stats);
	KUNIT_EXPECT_FALSE(test, map_cell_take(&o.stats, &out));
	KUNIT_EXPECT_EQ(test, out.packets, 0ULL);

	KUNIT_EXPECT_TRUE(test, map_cell_put(&o.stats, ten));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);

	/* A full cell refuses a put and keeps its value. */
	KUNIT_EXPECT_FALSE(test, map_cell_put(&o.stats, other));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));

	KUNIT_EXPECT_TRUE(test, map_cell_take(&o.stats, &out));
	KUNIT_EXPECT_EQ(test, out.packets, 10ULL);
	KUNIT_EXPECT_EQ(test, out.errors, 1U);
	KUNIT_EXPECT_FALSE(test, map_cell_is_some(&o.stats));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

static void map_cell_test_replace(struct kunit *test)
{
	struct owner o;
	struct stats old = { .packets = 99 };
	struct stats other = { .packets = 5 };

	map_cell_init(&o.stats);
	/* Into an empty cell: stored, and *old says nothing was there. */
	KUNIT_EXPECT_TRUE(test, map_cell_replace(&o.stats, ten, &old));
	KUNIT_EXPECT_EQ(test, old.packets, 0ULL);

	KUNIT_EXPECT_TRUE(test, map_cell_replace(&o.stats, other, &old));
	KUNIT_EXPECT_EQ(test, old.packets, 10ULL);
	KUNIT_EXPECT_TRUE(test, map_cell_take(&o.stats, &old));
	KUNIT_EXPECT_EQ(test, old.packets, 5ULL);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

static void map_cell_test_map_in_place(struct kunit *test)
{
	struct owner o;
	struct stats out;
	const void *where = NULL;
	int runs = 0;

	map_cell_init_val(&o.stats, ten);
	map_cell_map(&o.stats, st) {
		KUNIT_EXPECT_TRUE(test, map_cell_is_borrowed(&o.stats));
		KUNIT_EXPECT_TRUE(test, map_cell_is_some(&o.stats));
		st->packets++;
		st->bytes += 64;
		where = st;
		runs++;
	}
	KUNIT_EXPECT_EQ(test, runs, 1);
	KUNIT_EXPECT_FALSE(test, map_cell_is_borrowed(&o.stats));

	/* Lent in place, not a copy: a second borrow sees the same object. */
	map_cell_map(&o.stats, st)
		KUNIT_EXPECT_PTR_EQ(test, (const void *)st, where);

	KUNIT_EXPECT_TRUE(test, map_cell_take(&o.stats, &out));
	KUNIT_EXPECT_EQ(test, out.packets, 11ULL);
	KUNIT_EXPECT_EQ(test, out.bytes, 1064ULL);
}

static void map_cell_test_map_skipped_when_empty(struct kunit *test)
{
	struct owner o;
	int runs = 0;

	map_cell_init(&o.stats);
	map_cell_map(&o.stats, st)
		runs++;
	KUNIT_EXPECT_EQ(test, runs, 0);
	KUNIT_EXPECT_FALSE(test, map_cell_is_some(&o.stats));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

static noinline int map_and_leave(struct owner *o, enum map_exit how)
{
	int reached = 0;

	map_cell_map(&o->stats, st) {
		reached = 1;
		st->errors++;
		if (how == EXIT_BREAK)
			break;
		if (how == EXIT_CONTINUE)
			continue;
		if (how == EXIT_RETURN)
			return reached;
		if (how == EXIT_GOTO)
			goto out;
		if (how == EXIT_NESTED_RETURN) {
			map_cell_map(&o->other, n) {
				(*n)++;
				return reached;
			}
		}
		reached = 2;
	}
out:
	return reached;
}

static void map_cell_test_map_exits(struct kunit *test)
{
	const enum map_exit *how = test->param_value;
	struct owner o;
	struct stats out;
	int n = 0;

	map_cell_init_val(&o.stats, ten);
	map_cell_init_val(&o.other, 7);
	KUNIT_EXPECT_EQ(test, map_and_leave(&o, *how), *how == EXIT_END ? 2 : 1);

	KUNIT_EXPECT_FALSE(test, map_cell_is_borrowed(&o.stats));
	KUNIT_EXPECT_FALSE(test, map_cell_is_borrowed(&o.other));
	KUNIT_EXPECT_TRUE(test, map_cell_take(&o.stats, &out));
	KUNIT_EXPECT_EQ(test, out.errors, 2U);
	KUNIT_EXPECT_TRUE(test, map_cell_take(&o.other, &n));
	KUNIT_EXPECT_EQ(test, n, *how == EXIT_NESTED_RETURN ? 8 : 7);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/* Re-entrant use: every operation on the cell from inside its own block. */
static void map_cell_test_reentry(struct kunit *test)
{
	struct owner o;
	struct stats out = { .packets = 77 };
	struct stats other = { .packets = 5 };
	int inner_runs = 0;

	map_cell_init_val(&o.stats, ten);
	map_cell_map(&o.stats, st) {
		KUNIT_EXPECT_FALSE(test, map_cell_put(&o.stats, other));
		KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));

		KUNIT_EXPECT_FALSE(test, map_cell_take(&o.stats, &out));
		KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));
		KUNIT_EXPECT_EQ(test, out.packets, 77ULL);

		KUNIT_EXPECT_FALSE(test, map_cell_replace(&o.stats, other, &out));
		KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));
		KUNIT_EXPECT_EQ(test, out.packets, 77ULL);

		map_cell_map(&o.stats, again)
			inner_runs++;
		KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));

		/* Still borrowed by this block, value untouched. */
		KUNIT_EXPECT_TRUE(test, map_cell_is_borrowed(&o.stats));
		KUNIT_EXPECT_EQ(test, st->packets, 10ULL);
	}
	KUNIT_EXPECT_EQ(test, inner_runs, 0);
	KUNIT_EXPECT_TRUE(test, map_cell_take(&o.stats, &out));
	KUNIT_EXPECT_EQ(test, out.packets, 10ULL);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/*
 * The cell's state changed under a block by other means than its
 * operations, here a re-initialisation: debug mode reports it when the
 * borrow ends, and the value is still there.
 */
static void map_cell_test_state_changed_during_map(struct kunit *test)
{
	struct owner o;
	struct stats out;

	map_cell_init_val(&o.stats, ten);
	map_cell_map(&o.stats, st)
		map_cell_init(&o.stats);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));
	KUNIT_EXPECT_TRUE(test, map_cell_take(&o.stats, &out));
	KUNIT_EXPECT_EQ(test, out.packets, 10ULL);
}

/* A value to put, computed by a take from the same cell. */
static int take_then_value(struct owner *o, int *n, bool *took)
{
	*took = map_cell_take(&o->other, n);
	return 42;
}

/*
 * A put is never seen full before its value is in place.  The value
 * expression runs inside the put, so a take from it plays an interrupt
 * arriving in the middle: it must find nothing to take.
 */
static void map_cell_test_put_publishes_value(struct kunit *test)
{
	struct owner o;
	bool early = true;
	int n = 0;

	map_cell_init(&o.other);
	KUNIT_EXPECT_TRUE(test, map_cell_put(&o.other,
					     take_then_value(&o, &n, &early)));
	KUNIT_EXPECT_FALSE(test, early);
	KUNIT_EXPECT_EQ(test, n, 0);
	KUNIT_EXPECT_TRUE(test, map_cell_take(&o.other, &n));
	KUNIT_EXPECT_EQ(test, n, 42);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

static void map_cell_test_other_cell_inside(struct kunit *test)
{
	struct owner o;
	int n = 0;

	map_cell_init_val(&o.stats, ten);
	map_cell_init(&o.other);
	map_cell_map(&o.stats, st)
		KUNIT_EXPECT_TRUE(test, map_cell_put(&o.other, (int)st->packets));
	KUNIT_EXPECT_TRUE(test, map_cell_take(&o.other, &n));
	KUNIT_EXPECT_EQ(test, n, 10);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

static struct kunit_case map_cell_test_cases[] = {
	KUNIT_CASE(map_cell_test_init_state),
	KUNIT_CASE(map_cell_test_put_take),
	KUNIT_CASE(map_cell_test_replace),
	KUNIT_CASE(map_cell_test_map_in_place),
	KUNIT_CASE(map_cell_test_map_skipped_when_empty),
	KUNIT_CASE_PARAM(map_cell_test_map_exits, map_exit_gen_params),
	KUNIT_CASE(map_cell_test_reentry),
	KUNIT_CASE(map_cell_test_other_cell_inside),
	KUNIT_CASE(map_cell_test_state_changed_during_map),
	KUNIT_CASE(map_cell_test_put_publishes_value),
	{}
};

static struct kunit_suite map_cell_test_suite = {
	.name = "kcell_map_cell",
	.init = map_cell_test_init,
	.test_cases = map_cell_test_cases,
};

kunit_test_suite(map_cell_test_suite);

MODULE_DESCRIPTION("KUnit tests for the kcell MapCell");
MODULE_LICENSE("GPL");
