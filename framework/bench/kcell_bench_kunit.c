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
#include <kcell/kunit.h>

#include <kunit/test.h>
#include <linux/device.h>
#include <linux/ktime.h>
#include <linux/slab.h>

#include "kcell_bench_ops.h"

#define BENCH_ITERS	100000
#define BENCH_ROUNDS	9
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
	c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	h = kunit_kzalloc(test, sizeof(*h), GFP_KERNEL);
	b->cells = c;
	b->hand = h;
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
	revocable_init(&c->rv);
	kcell_domain_init(&c->domain, &bench_domain_ops, 1000);
	spin_lock_init(&c->lock);
	KUNIT_ASSERT_EQ(test, dma_lease_map(&c->lease, b->dev, b->cell_buf,
					    BENCH_BUF, DMA_BIDIRECTIONAL), 0);
	KUNIT_ASSERT_EQ(test, dma_region_alloc(&c->region, b->dev, PAGE_SIZE,
					       GFP_KERNEL), 0);

	h->take = &b->hand_item;
	atomic_set(&h->map_state, HAND_FULL);
	raw_spin_lock_init(&h->opt_lock);
	KUNIT_ASSERT_EQ(test, init_srcu_struct(&h->srcu), 0);
	rcu_assign_pointer(h->guarded_rcu, &h->guarded);
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

	kcell_domain_stop(&b->cells->domain);
	dma_region_free(&b->cells->region);
	dma_lease_unmap(&b->cells->lease);
	dma_free_coherent(b->dev, PAGE_SIZE, b->hand->region, b->hand_bus);
	dma_unmap_single(b->dev, b->hand->bus, BENCH_BUF, b->hand->dir);
	cleanup_srcu_struct(&b->hand->srcu);
	root_device_unregister(b->dev);
}

typedef unsigned long (*bench_kcell_fn)(struct bench_cells *c);
typedef unsigned long (*bench_hand_fn)(struct bench_hand *h);

/* One timed round; the sum of the results goes to *@sum. */
static u64 bench_round_kcell(bench_kcell_fn fn, struct bench_cells *c,
			     unsigned long *sum)
{
	u64 t0 = ktime_get_ns();
	unsigned long i;

	for (i = 0; i < BENCH_ITERS; i++)
		*sum += fn(c);
	return ktime_get_ns() - t0;
}

static u64 bench_round_hand(bench_hand_fn fn, struct bench_hand *h,
			    unsigned long *sum)
{
	u64 t0 = ktime_get_ns();
	unsigned long i;

	for (i = 0; i < BENCH_ITERS; i++)
		*sum += fn(h);
	return ktime_get_ns() - t0;
}

/*
 * Alternating rounds of each side, each side first every other round so
 * that neither always runs on a warmer cache; the best round of each is
 * printed, and the spread of the ratio: the lowest and highest of the
 * rounds' own ratios (each round's kcell time over the same round's hand
 * time).  The two sides must compute the same results from the same
 * start.
 */
static void bench_pair(struct kunit *test, const char *op,
		       bench_kcell_fn kcell_fn, bench_hand_fn hand_fn)
{
	struct bench_ctx *b = test->priv;
	u64 kbest = U64_MAX, hbest = U64_MAX, k, h, ratio;
	u64 rlo = U64_MAX, rhi = 0, kr, hr, rr;
	unsigned long ksum = 0, hsum = 0;
	int r;

	/*
	 * One call each first: a broken pair stops here, before the timed
	 * rounds call it 900,000 times (each with a WARN in debug mode).
	 */
	ksum = kcell_fn(b->cells);
	hsum = hand_fn(b->hand);
	KUNIT_ASSERT_EQ_MSG(test, ksum, hsum, "%s: the two sides disagree", op);
	KUNIT_ASSERT_NE_MSG(test, ksum, 0UL, "%s: did not succeed", op);

	for (r = 0; r < BENCH_ROUNDS; r++) {
		if (r & 1)
			hr = bench_round_hand(hand_fn, b->hand, &hsum);
		kr = bench_round_kcell(kcell_fn, b->cells, &ksum);
		if (!(r & 1))
			hr = bench_round_hand(hand_fn, b->hand, &hsum);
		kbest = min(kbest, kr);
		hbest = min(hbest, hr);
		rr = hr ? div64_u64(kr * 100, hr) : 0;
		rlo = min(rlo, rr);
		rhi = max(rhi, rr);
	}
	KUNIT_EXPECT_EQ_MSG(test, ksum, hsum, "%s: the two sides disagree", op);
	KUNIT_EXPECT_NE_MSG(test, ksum, 0UL, "%s: never succeeded", op);

	k = div_u64(kbest * 100, BENCH_ITERS);
	h = div_u64(hbest * 100, BENCH_ITERS);
	ratio = hbest ? div64_u64(kbest * 100, hbest) : 0;
	kunit_info(test,
		   "kcell_bench: %-14s kcell %4llu.%02llu ns/op  hand %4llu.%02llu ns/op  ratio %llu.%02llu (rounds %llu.%02llu-%llu.%02llu, %s)\n",
		   op, k / 100, k % 100, h / 100, h % 100, ratio / 100,
		   ratio % 100, rlo / 100, rlo % 100, rhi / 100, rhi % 100,
		   KCELL_DEBUG_ENABLED ? "debug" : "release");
}

/* The region pair at a fixed descriptor offset. */
static unsigned long bench_kcell_region_at64(struct bench_cells *c)
{
	return bench_kcell_region(c, 64);
}

static unsigned long bench_hand_region_at64(struct bench_hand *h)
{
	return bench_hand_region(h, 64);
}

static void bench_take_cell(struct kunit *test)
{
	struct bench_ctx *b = test->priv;

	bench_pair(test, "take_put", bench_kcell_take_put, bench_hand_take_put);
	bench_pair(test, "take_map", bench_kcell_take_map, bench_hand_take_map);
	spin_lock(&b->cells->lock);
	spin_lock(&b->hand->lock);
	bench_pair(test, "take_locked", bench_kcell_take_locked,
		   bench_hand_take_locked);
	spin_unlock(&b->hand->lock);
	spin_unlock(&b->cells->lock);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

static void bench_map_cell(struct kunit *test)
{
	bench_pair(test, "map", bench_kcell_map, bench_hand_map);
	bench_pair(test, "map_take_put", bench_kcell_map_take_put,
		   bench_hand_map_take_put);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

static void bench_optional_cell(struct kunit *test)
{
	bench_pair(test, "optional", bench_kcell_optional, bench_hand_optional);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

static void bench_dma(struct kunit *test)
{
	bench_pair(test, "lease", bench_kcell_lease, bench_hand_lease);
	bench_pair(test, "region", bench_kcell_region_at64,
		   bench_hand_region_at64);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

static void bench_secret(struct kunit *test)
{
	bench_pair(test, "secret", bench_kcell_secret, bench_hand_secret);
}

static void bench_revocable(struct kunit *test)
{
	bench_pair(test, "revocable", bench_kcell_revocable,
		   bench_hand_revocable);
	bench_pair(test, "revocable_srcu", bench_kcell_revocable_srcu,
		   bench_hand_revocable_srcu);
	bench_pair(test, "domain", bench_kcell_domain, bench_hand_domain);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

static struct kunit_case bench_test_cases[] = {
	KUNIT_CASE(bench_take_cell),
	KUNIT_CASE(bench_map_cell),
	KUNIT_CASE(bench_revocable),
	KUNIT_CASE(bench_secret),
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
