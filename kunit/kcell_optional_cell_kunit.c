// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for OptionalCell: presence and value move together, and a
 * take hands a value to one caller.
 */
#include <kcell/kunit.h>

#include <kunit/test.h>
#include <linux/hardirq.h>
#include <linux/irqflags.h>

struct client {
	int id;
};

struct owner {
	DECLARE_OPTIONAL_CELL(client, struct client *);
	DECLARE_OPTIONAL_CELL(flags, u8);
	DECLARE_OPTIONAL_CELL(count, unsigned long);
};

static void optional_cell_test_empty(struct kunit *test)
{
	struct owner o;
	struct client *c = NULL;

	optional_cell_init(&o.client);
	KUNIT_EXPECT_FALSE(test, optional_cell_is_some(&o.client));
	KUNIT_EXPECT_FALSE(test, optional_cell_get(&o.client, &c));
	KUNIT_EXPECT_FALSE(test, optional_cell_take(&o.client, &c));
	KUNIT_EXPECT_NULL(test, c);
}

static void optional_cell_test_set_get(struct kunit *test)
{
	struct client a = { .id = 1 }, b = { .id = 2 };
	struct owner o;
	struct client *c = NULL;

	optional_cell_init(&o.client);
	optional_cell_set(&o.client, &a);
	KUNIT_EXPECT_TRUE(test, optional_cell_is_some(&o.client));
	KUNIT_EXPECT_TRUE(test, optional_cell_get(&o.client, &c));
	KUNIT_EXPECT_PTR_EQ(test, c, &a);
	/* get copies: the value stays. */
	KUNIT_EXPECT_TRUE(test, optional_cell_is_some(&o.client));

	optional_cell_set(&o.client, &b);
	KUNIT_EXPECT_TRUE(test, optional_cell_get(&o.client, &c));
	KUNIT_EXPECT_PTR_EQ(test, c, &b);
}

static void optional_cell_test_take_clears(struct kunit *test)
{
	struct client a = { .id = 1 };
	struct owner o;
	struct client *c = NULL;

	optional_cell_init(&o.client);
	optional_cell_set(&o.client, &a);
	KUNIT_EXPECT_TRUE(test, optional_cell_take(&o.client, &c));
	KUNIT_EXPECT_PTR_EQ(test, c, &a);
	KUNIT_EXPECT_FALSE(test, optional_cell_is_some(&o.client));
	c = NULL;
	KUNIT_EXPECT_FALSE(test, optional_cell_take(&o.client, &c));
	KUNIT_EXPECT_NULL(test, c);
}

static void optional_cell_test_clear(struct kunit *test)
{
	struct owner o;
	unsigned long n = 5;

	optional_cell_init(&o.count);
	optional_cell_set(&o.count, 0UL);
	/* Zero is a value, not absence. */
	KUNIT_EXPECT_TRUE(test, optional_cell_is_some(&o.count));
	KUNIT_EXPECT_TRUE(test, optional_cell_get(&o.count, &n));
	KUNIT_EXPECT_EQ(test, n, 0UL);

	optional_cell_clear(&o.count);
	KUNIT_EXPECT_FALSE(test, optional_cell_is_some(&o.count));
	KUNIT_EXPECT_FALSE(test, optional_cell_get(&o.count, &n));
	optional_cell_clear(&o.count);
	KUNIT_EXPECT_FALSE(test, optional_cell_is_some(&o.count));
}

/* Word-sized and smaller values round-trip unchanged. */
static void optional_cell_test_widths(struct kunit *test)
{
	struct owner o;
	unsigned long n = 0;
	u8 f = 0;

	optional_cell_init(&o.flags);
	optional_cell_init(&o.count);
	optional_cell_set(&o.flags, 0xa5);
	optional_cell_set(&o.count, ULONG_MAX);
	KUNIT_EXPECT_TRUE(test, optional_cell_take(&o.flags, &f));
	KUNIT_EXPECT_TRUE(test, optional_cell_take(&o.count, &n));
	KUNIT_EXPECT_EQ(test, f, 0xa5);
	KUNIT_EXPECT_EQ(test, n, ULONG_MAX);
}

/*
 * From NMI context the cell's lock could be held by the code the NMI
 * interrupted, on the same CPU: debug mode reports the use and refuses
 * it, the cell untouched.  __nmi_enter() makes in_nmi() true the way a
 * real NMI does (preempt count), without an NMI.
 */
static void optional_cell_test_nmi(struct kunit *test)
{
	unsigned long flags, n = 0;
	struct owner o;
	bool got, took;

	optional_cell_init(&o.count);
	optional_cell_set(&o.count, 7UL);
	kcell_test_reports_take();

	local_irq_save(flags);
	__nmi_enter();
	got = optional_cell_get(&o.count, &n);
	took = optional_cell_take(&o.count, &n);
	optional_cell_set(&o.count, 8UL);
	optional_cell_clear(&o.count);
	__nmi_exit();
	local_irq_restore(flags);

	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(4));
	if (KCELL_TEST_DEBUG) {
		KUNIT_EXPECT_FALSE(test, got);
		KUNIT_EXPECT_FALSE(test, took);
		KUNIT_EXPECT_EQ(test, n, 0UL);
		KUNIT_EXPECT_TRUE(test, optional_cell_get(&o.count, &n));
		KUNIT_EXPECT_EQ(test, n, 7UL);
	} else {
		/* The release build has no check: it did it all. */
		KUNIT_EXPECT_TRUE(test, got && took);
		KUNIT_EXPECT_EQ(test, n, 7UL);
		KUNIT_EXPECT_FALSE(test, optional_cell_is_some(&o.count));
	}
}

static struct kunit_case optional_cell_test_cases[] = {
	KUNIT_CASE(optional_cell_test_empty),
	KUNIT_CASE(optional_cell_test_set_get),
	KUNIT_CASE(optional_cell_test_take_clears),
	KUNIT_CASE(optional_cell_test_clear),
	KUNIT_CASE(optional_cell_test_widths),
	KUNIT_CASE(optional_cell_test_nmi),
	{}
};

static struct kunit_suite optional_cell_test_suite = {
	.name = "kcell_optional_cell",
	.test_cases = optional_cell_test_cases,
};

kunit_test_suite(optional_cell_test_suite);

MODULE_DESCRIPTION("KUnit tests for the kcell OptionalCell");
MODULE_LICENSE("GPL");
