// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for TakeCell: the operations, the scoped borrow on every way
 * out of its block, re-entrant use inside the block, and what the debug
 * mode reports.
 */
#include <kcell/kunit.h>

#include <kunit/test.h>

#include "kcell_test_exits.h"
#include <linux/spinlock.h>

struct item {
	int value;
};

struct owner {
	DECLARE_TAKE_CELL(cell, struct item);
	DECLARE_TAKE_CELL(other, struct item);
};

static struct item item_a = { .value = 1 };
static struct item item_b = { .value = 2 };

static int take_cell_test_init(struct kunit *test)
{
	kcell_test_reports_take();
	item_a.value = 1;
	item_b.value = 2;
	return 0;
}

static void take_cell_test_init_state(struct kunit *test)
{
	struct owner o;

	take_cell_init(&o.cell, NULL);
	KUNIT_EXPECT_TRUE(test, take_cell_is_none(&o.cell));
	KUNIT_EXPECT_FALSE(test, take_cell_is_some(&o.cell));

	take_cell_init(&o.cell, &item_a);
	KUNIT_EXPECT_TRUE(test, take_cell_is_some(&o.cell));
	KUNIT_EXPECT_FALSE(test, take_cell_is_none(&o.cell));
}

static void take_cell_test_take(struct kunit *test)
{
	struct owner o;

	take_cell_init(&o.cell, &item_a);
	KUNIT_EXPECT_PTR_EQ(test, take_cell_take(&o.cell), &item_a);
	KUNIT_EXPECT_TRUE(test, take_cell_is_none(&o.cell));
	KUNIT_EXPECT_NULL(test, take_cell_take(&o.cell));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

static void take_cell_test_put(struct kunit *test)
{
	struct owner o;

	take_cell_init(&o.cell, NULL);
	KUNIT_EXPECT_TRUE(test, take_cell_put(&o.cell, &item_a));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);

	/* A full cell refuses, keeps what it has; the caller keeps &item_b. */
	KUNIT_EXPECT_FALSE(test, take_cell_put(&o.cell, &item_b));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));
	KUNIT_EXPECT_PTR_EQ(test, take_cell_take(&o.cell), &item_a);
}

static void take_cell_test_replace(struct kunit *test)
{
	struct owner o;

	take_cell_init(&o.cell, NULL);
	KUNIT_EXPECT_NULL(test, take_cell_replace(&o.cell, &item_a));
	KUNIT_EXPECT_PTR_EQ(test, take_cell_replace(&o.cell, &item_b), &item_a);
	KUNIT_EXPECT_PTR_EQ(test, take_cell_replace(&o.cell, NULL), &item_b);
	KUNIT_EXPECT_TRUE(test, take_cell_is_none(&o.cell));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

static void take_cell_test_void_and_const(struct kunit *test)
{
	DECLARE_TAKE_CELL(any, void);
	DECLARE_TAKE_CELL(ro, const struct item);
	const struct item *p;
	int seen = 0;

	take_cell_init(&any, &item_a);
	take_cell_map(&any, raw)
		seen = ((struct item *)raw)->value;
	KUNIT_EXPECT_EQ(test, seen, 1);
	KUNIT_EXPECT_PTR_EQ(test, take_cell_take(&any), (void *)&item_a);

	take_cell_init(&ro, &item_b);
	p = take_cell_take(&ro);
	KUNIT_EXPECT_PTR_EQ(test, p, (const struct item *)&item_b);
}

static void take_cell_test_map_runs_when_full(struct kunit *test)
{
	struct owner o;
	int runs = 0;

	take_cell_init(&o.cell, &item_a);
	take_cell_map(&o.cell, it) {
		KUNIT_EXPECT_PTR_EQ(test, it, &item_a);
		/* While borrowed the cell is empty to everyone else. */
		KUNIT_EXPECT_TRUE(test, take_cell_is_none(&o.cell));
		it->value = 10;
		runs++;
	}
	KUNIT_EXPECT_EQ(test, runs, 1);
	KUNIT_EXPECT_EQ(test, item_a.value, 10);
	KUNIT_EXPECT_PTR_EQ(test, take_cell_take(&o.cell), &item_a);
}

static void take_cell_test_map_skipped_when_empty(struct kunit *test)
{
	struct owner o;
	int runs = 0;

	take_cell_init(&o.cell, NULL);
	take_cell_map(&o.cell, it)
		runs++;
	KUNIT_EXPECT_EQ(test, runs, 0);
	KUNIT_EXPECT_TRUE(test, take_cell_is_none(&o.cell));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/* Returns how far the block got: 1 inside, 2 past the exit point. */
static noinline int map_and_leave(struct owner *o, enum map_exit how)
{
	int reached = 0;

	take_cell_map(&o->cell, it) {
		reached = 1;
		it->value++;
		switch (how) {
		case EXIT_BREAK:
			break;		/* leaves the switch only */
		case EXIT_CONTINUE:
			continue;	/* leaves the block */
		case EXIT_RETURN:
			return reached;
		case EXIT_GOTO:
			goto out;
		case EXIT_NESTED_RETURN:
			take_cell_map(&o->other, inner) {
				inner->value++;
				return reached;
			}
			break;
		case EXIT_END:
			break;
		}
		if (how == EXIT_BREAK)
			break;
		reached = 2;
	}
out:
	return reached;
}

static void take_cell_test_map_exits(struct kunit *test)
{
	const enum map_exit *how = test->param_value;
	struct owner o;
	int reached;

	take_cell_init(&o.cell, &item_a);
	take_cell_init(&o.other, &item_b);
	reached = map_and_leave(&o, *how);

	KUNIT_EXPECT_EQ(test, reached, *how == EXIT_END ? 2 : 1);
	KUNIT_EXPECT_EQ(test, item_a.value, 2);
	KUNIT_EXPECT_PTR_EQ(test, take_cell_take(&o.cell), &item_a);
	KUNIT_EXPECT_PTR_EQ(test, take_cell_take(&o.other), &item_b);
	KUNIT_EXPECT_EQ(test, item_b.value, *how == EXIT_NESTED_RETURN ? 3 : 2);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

static void take_cell_test_keep(struct kunit *test)
{
	struct owner o;
	struct item *kept = NULL;

	take_cell_init(&o.cell, &item_a);
	take_cell_map(&o.cell, it) {
		if (it->value == 1)
			kept = take_cell_keep(it);
		KUNIT_EXPECT_NULL(test, it);
	}
	KUNIT_EXPECT_PTR_EQ(test, kept, &item_a);
	KUNIT_EXPECT_TRUE(test, take_cell_is_none(&o.cell));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/*
 * A block that ended, here one that kept its pointer, leaves no trace: for
 * the task that ran it the cell is an ordinary empty cell again, to take
 * from and put into without a report.
 */
static void take_cell_test_after_map_block(struct kunit *test)
{
	struct owner o;
	struct item *kept = NULL;

	take_cell_init(&o.cell, &item_a);
	take_cell_map(&o.cell, it)
		kept = take_cell_keep(it);
	KUNIT_ASSERT_PTR_EQ(test, kept, &item_a);
	KUNIT_EXPECT_NULL(test, take_cell_take(&o.cell));
	KUNIT_EXPECT_TRUE(test, take_cell_put(&o.cell, kept));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
	KUNIT_EXPECT_PTR_EQ(test, take_cell_take(&o.cell), &item_a);
}

static void take_cell_test_map_other_cell_inside(struct kunit *test)
{
	struct owner o;
	int sum = 0;

	take_cell_init(&o.cell, &item_a);
	take_cell_init(&o.other, &item_b);
	take_cell_map(&o.cell, a) {
		take_cell_map(&o.other, b)
			sum = a->value + b->value;
	}
	KUNIT_EXPECT_EQ(test, sum, 3);
	KUNIT_EXPECT_TRUE(test, take_cell_is_some(&o.cell));
	KUNIT_EXPECT_TRUE(test, take_cell_is_some(&o.other));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/* Re-entrant use: the block touches its own cell. */
static void take_cell_test_take_inside_own_map(struct kunit *test)
{
	struct owner o;
	struct item *stolen = &item_b;

	take_cell_init(&o.cell, &item_a);
	take_cell_map(&o.cell, it)
		stolen = take_cell_take(&o.cell);
	/* Nothing to take while borrowed, in either build. */
	KUNIT_EXPECT_NULL(test, stolen);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));
	KUNIT_EXPECT_PTR_EQ(test, take_cell_take(&o.cell), &item_a);
}

static void take_cell_test_map_inside_own_map(struct kunit *test)
{
	struct owner o;
	int inner_runs = 0;

	take_cell_init(&o.cell, &item_a);
	take_cell_map(&o.cell, it) {
		take_cell_map(&o.cell, again)
			inner_runs++;
	}
	KUNIT_EXPECT_EQ(test, inner_runs, 0);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));
	KUNIT_EXPECT_PTR_EQ(test, take_cell_take(&o.cell), &item_a);
}

/*
 * A put inside the block: debug mode refuses it at once; a release build
 * accepts it and refuses the put-back instead.  Either way exactly one
 * report, and the cell ends up holding exactly one of the two pointers,
 * never a lost overwrite.
 */
static void take_cell_test_put_inside_own_map(struct kunit *test)
{
	struct owner o;
	bool put = false;

	take_cell_init(&o.cell, &item_a);
	take_cell_map(&o.cell, it)
		put = take_cell_put(&o.cell, &item_b);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 1);
	KUNIT_EXPECT_EQ(test, put, !KCELL_DEBUG_ENABLED);
	KUNIT_EXPECT_PTR_EQ(test, take_cell_take(&o.cell),
			    put ? &item_b : &item_a);
	KUNIT_EXPECT_TRUE(test, take_cell_is_none(&o.cell));
}

/* Another context that puts &item_b into the cell. */
struct refill {
	struct work_struct work;
	struct owner *o;
	bool put;
};

static void refill_work(struct work_struct *work)
{
	struct refill *r = container_of(work, struct refill, work);

	r->put = take_cell_put(&r->o->cell, &item_b);
}

/*
 * Another context refills the cell while a block holds its pointer, which
 * no build refuses: the put-back then refuses instead, with one report in
 * every build, and the cell keeps the refill.
 */
static void take_cell_test_refilled_by_other_context(struct kunit *test)
{
	struct refill r = {};
	struct owner o;

	r.o = &o;
	INIT_WORK_ONSTACK(&r.work, refill_work);
	take_cell_init(&o.cell, &item_a);
	take_cell_map(&o.cell, it) {
		schedule_work(&r.work);
		flush_work(&r.work);
	}
	destroy_work_on_stack(&r.work);
	KUNIT_EXPECT_TRUE(test, r.put);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 1);
	KUNIT_EXPECT_PTR_EQ(test, take_cell_take(&o.cell), &item_b);
	KUNIT_EXPECT_TRUE(test, take_cell_is_none(&o.cell));
}

static void take_cell_test_replace_inside_own_map(struct kunit *test)
{
	struct owner o;
	struct item *prev = NULL;

	take_cell_init(&o.cell, &item_a);
	take_cell_map(&o.cell, it)
		prev = take_cell_replace(&o.cell, &item_b);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 1);
	if (KCELL_DEBUG_ENABLED) {
		/* Refused: the caller gets its own pointer back. */
		KUNIT_EXPECT_PTR_EQ(test, prev, &item_b);
		KUNIT_EXPECT_PTR_EQ(test, take_cell_take(&o.cell), &item_a);
	} else {
		/* Stored into the empty cell; the put-back was refused. */
		KUNIT_EXPECT_NULL(test, prev);
		KUNIT_EXPECT_PTR_EQ(test, take_cell_take(&o.cell), &item_b);
	}
}

static void take_cell_test_locked(struct kunit *test)
{
	DEFINE_SPINLOCK(lock);
	struct owner o;
	struct item *it;

	take_cell_init(&o.cell, &item_a);
	spin_lock(&lock);
	it = take_cell_take_locked(&o.cell, &lock);
	KUNIT_EXPECT_PTR_EQ(test, it, &item_a);
	KUNIT_EXPECT_NULL(test, take_cell_take_locked(&o.cell, &lock));
	KUNIT_EXPECT_TRUE(test, take_cell_put_locked(&o.cell, it, &lock));
	KUNIT_EXPECT_FALSE(test, take_cell_put_locked(&o.cell, &item_b, &lock));
	spin_unlock(&lock);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));
	/* The locked and atomic operations agree on the slot. */
	KUNIT_EXPECT_PTR_EQ(test, take_cell_take(&o.cell), &item_a);
}

/* The debug kunitconfig builds the library's debug mode, and release does not. */
static void take_cell_test_debug_mode_as_configured(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, KCELL_DEBUG_ENABLED, KCELL_TEST_DEBUG);
}

static struct kunit_case take_cell_test_cases[] = {
	KUNIT_CASE(take_cell_test_init_state),
	KUNIT_CASE(take_cell_test_take),
	KUNIT_CASE(take_cell_test_put),
	KUNIT_CASE(take_cell_test_replace),
	KUNIT_CASE(take_cell_test_void_and_const),
	KUNIT_CASE(take_cell_test_map_runs_when_full),
	KUNIT_CASE(take_cell_test_map_skipped_when_empty),
	KUNIT_CASE_PARAM(take_cell_test_map_exits, map_exit_gen_params),
	KUNIT_CASE(take_cell_test_keep),
	KUNIT_CASE(take_cell_test_after_map_block),
	KUNIT_CASE(take_cell_test_map_other_cell_inside),
	KUNIT_CASE(take_cell_test_take_inside_own_map),
	KUNIT_CASE(take_cell_test_map_inside_own_map),
	KUNIT_CASE(take_cell_test_put_inside_own_map),
	KUNIT_CASE(take_cell_test_refilled_by_other_context),
	KUNIT_CASE(take_cell_test_replace_inside_own_map),
	KUNIT_CASE(take_cell_test_locked),
	KUNIT_CASE(take_cell_test_debug_mode_as_configured),
	{}
};

static struct kunit_suite take_cell_test_suite = {
	.name = "kcell_take_cell",
	.init = take_cell_test_init,
	.test_cases = take_cell_test_cases,
};

kunit_test_suite(take_cell_test_suite);

MODULE_DESCRIPTION("KUnit tests for the kcell TakeCell");
MODULE_LICENSE("GPL");
