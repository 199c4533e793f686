// SPDX-License-Identifier: GPL-2.0
/*
 * The kcell benchmark, timed under KUnit: each kcell operation and its
 * hand-written equivalent (kcell_bench_ops.h) in alternating rounds, the
 * best round of each printed in ns/op with their ratio.  `make bench`
 * collects the lines; nothing here asserts a time.
 *
 * What the suite does assert is that the pairs are equivalent: from the
 * same start, both sides of a pair return the same results, so the figures
 * compare two implementations of one behaviour.
 */
#include "kcell_test.h"

#include <kunit/test.h>
#include <linux/device.h>
#include <linux/ktime.h>
#include <linux/slab.h>

#include "kcell_bench_ops.h"

#define BENCH_ITERS	20000
#define BENCH_ROUNDS	7
#define BENCH_BUF	64

struct bench_ctx {
	struct device *dev;
	struct bench_cells *cells;
	struct bench_hand *hand;
	struct bench_item cell_item, hand_item;
	void *cell_buf, *hand_buf;
	dma_addr_t hand_bus;
};

static int bench_init(struct kunit *test)
{
	struct bench_ctx *b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	struct bench_stats zero = {};
	struct bench_cells *c;
	struct bench_hand *h;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b);
	b->cells = c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	b->hand = h = kunit_kzalloc(test, sizeof(*h), GFP_KERNEL);
	b->cell_buf = kunit_kzalloc(test, BENCH_BUF, GFP_KERNEL);
	b->hand_buf = kunit_kzalloc(test, BENCH_BUF, GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, c && h && b->cell_buf && b->hand_buf);

	b->dev = root_device_register("kcell_bench");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b->dev);
	b->dev->dma_mask = &b->dev->coherent_dma_mask;
	KUNIT_ASSERT_EQ(test, dma_set_mask_and_coherent(b->dev,
							DMA_BIT_MASK(64)), 0);

	take_cell_init(&c->take, &b->cell_item);
	map_cell_init_val(&c->map, zero);
	optional_cell_init(&c->opt);
	spin_lock_init(&c->lock);
	KUNIT_ASSERT_EQ(test, dma_lease_map(&c->lease, b->dev, b->cell_buf,
					    BENCH_BUF, DMA_BIDIRECTIONAL), 0);
	KUNIT_ASSERT_EQ(test, dma_region_alloc(&c->region, b->dev, PAGE_SIZE,
					       GFP_KERNEL), 0);

	h->take = &b->hand_item;
	atomic_set(&h->map_state, HAND_FULL);
	raw_spin_lock_init(&h->opt_lock);
	spin_lock_init(&h->lock);
	h->dev = b->dev;
	h->cpu = b->hand_buf;
	h->len = BENCH_BUF;
	h->dir = DMA_BIDIRECTIONAL;
	h->bus = dma_map_single(b->dev, b->hand_buf, BENCH_BUF, h->dir);
	KUNIT_ASSERT_FALSE(test, dma_mapping_error(b->dev, h->bus));
	dma_sync_single_for_cpu(b->dev, h->bus, BENCH_BUF, h->dir);
	atomic_set(&h->lease_state, HAND_CPU);
	h->region_size = PAGE_SIZE;
	h->region = dma_alloc_coherent(b->dev, PAGE_SIZE, &b->hand_bus,
				       GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, h->region);

	test->priv = b;
	return 0;
}

static void bench_exit(struct kunit *test)
{
	struct bench_ctx *b = test->priv;

	dma_region_free(&b->cells->region);
	dma_lease_unmap(&b->cells->lease);
	dma_free_coherent(b->dev, PAGE_SIZE, b->hand->region, b->hand_bus);
	dma_unmap_single(b->dev, b->hand->bus, BENCH_BUF, b->hand->dir);
	root_device_unregister(b->dev);
}

/* One timed round of @iters calls; the sum of results goes to *@sum. */
#define BENCH_ROUND(call, iters, sum) ({				\
	u64 __t0 = ktime_get_ns();					\
	unsigned long __i;						\
									\
	for (__i = 0; __i < (iters); __i++)				\
		*(sum) += (call);					\
	ktime_get_ns() - __t0;						\
})

static void bench_report(struct kunit *test, const char *op, u64 kcell_ns,
			 u64 hand_ns)
{
	u64 k = div_u64(kcell_ns * 100, BENCH_ITERS);
	u64 h = div_u64(hand_ns * 100, BENCH_ITERS);
	u64 ratio = hand_ns ? div64_u64(kcell_ns * 100, hand_ns) : 0;

	kunit_info(test,
		   "kcell_bench: %-14s kcell %4llu.%02llu ns/op  hand %4llu.%02llu ns/op  ratio %llu.%02llu (%s)\n",
		   op, k / 100, k % 100, h / 100, h % 100, ratio / 100,
		   ratio % 100, KCELL_DEBUG_ENABLED ? "debug" : "release");
}

#define BENCH_PAIR_RUN(test, b, name, kcell_call, hand_call) do {	\
	u64 __kbest = U64_MAX, __hbest = U64_MAX, __t;			\
	unsigned long __ksum = 0, __hsum = 0;				\
	int __r;							\
									\
	for (__r = 0; __r < BENCH_ROUNDS; __r++) {			\
		__t = BENCH_ROUND(kcell_call, BENCH_ITERS, &__ksum);	\
		__kbest = min(__kbest, __t);				\
		__t = BENCH_ROUND(hand_call, BENCH_ITERS, &__hsum);	\
		__hbest = min(__hbest, __t);				\
	}								\
	KUNIT_EXPECT_EQ_MSG(test, __ksum, __hsum,			\
			    "%s: the two sides disagree", name);	\
	KUNIT_EXPECT_NE_MSG(test, __ksum, 0UL, "%s: never succeeded", name); \
	bench_report(test, name, __kbest, __hbest);			\
} while (0)

static void bench_take_cell(struct kunit *test)
{
	struct bench_ctx *b = test->priv;

	BENCH_PAIR_RUN(test, b, "take_put", bench_kcell_take_put(b->cells),
		       bench_hand_take_put(b->hand));
	BENCH_PAIR_RUN(test, b, "take_map", bench_kcell_take_map(b->cells),
		       bench_hand_take_map(b->hand));
	spin_lock(&b->cells->lock);
	spin_lock(&b->hand->lock);
	BENCH_PAIR_RUN(test, b, "take_locked",
		       bench_kcell_take_locked(b->cells),
		       bench_hand_take_locked(b->hand));
	spin_unlock(&b->hand->lock);
	spin_unlock(&b->cells->lock);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

static void bench_map_cell(struct kunit *test)
{
	struct bench_ctx *b = test->priv;

	BENCH_PAIR_RUN(test, b, "map", bench_kcell_map(b->cells),
		       bench_hand_map(b->hand));
	BENCH_PAIR_RUN(test, b, "map_take_put",
		       bench_kcell_map_take_put(b->cells),
		       bench_hand_map_take_put(b->hand));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

static void bench_optional_cell(struct kunit *test)
{
	struct bench_ctx *b = test->priv;

	BENCH_PAIR_RUN(test, b, "optional", bench_kcell_optional(b->cells),
		       bench_hand_optional(b->hand));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

static void bench_dma(struct kunit *test)
{
	struct bench_ctx *b = test->priv;

	BENCH_PAIR_RUN(test, b, "lease", bench_kcell_lease(b->cells),
		       bench_hand_lease(b->hand));
	BENCH_PAIR_RUN(test, b, "region", bench_kcell_region(b->cells, 64),
		       bench_hand_region(b->hand, 64));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

static struct kunit_case bench_test_cases[] = {
	KUNIT_CASE(bench_take_cell),
	KUNIT_CASE(bench_map_cell),
	KUNIT_CASE(bench_optional_cell),
	KUNIT_CASE(bench_dma),
	{}
};

static struct kunit_suite bench_test_suite = {
	.name = "kcell_bench",
	.init = bench_init,
	.exit = bench_exit,
	.test_cases = bench_test_cases,
};
kunit_test_suite(bench_test_suite);

MODULE_DESCRIPTION("Timing of kcell operations against hand-written C");
MODULE_LICENSE("GPL");
