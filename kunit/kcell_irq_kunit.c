// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for cells shared with interrupt context: an hrtimer, whose
 * callback runs in hard interrupt context, plays the interrupt handler and
 * races process context for the same cell.  The invariants: at most one
 * side holds a TakeCell's pointer at any instant, every value moved through
 * a cell arrives exactly once, and nothing is lost.
 *
 * The tests also check that the two sides did collide (the interrupt found
 * the cell in use at least once), so that a run that never interleaved
 * cannot pass silently.
 */
#include <kcell/kunit.h>

#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/hrtimer.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>

/*
 * The timer asks for a period of 100 us; UML without high-resolution
 * timers rounds it up to a tick.  Each race runs until the interrupt has
 * both found the cell in use and used it IRQ_TEST_HITS times, or for
 * IRQ_TEST_MAX, whichever comes first, so that slow and fast kernels test
 * the same interleavings.
 */
#define IRQ_TEST_PERIOD_NS	(100 * NSEC_PER_USEC)
#define IRQ_TEST_MAX		msecs_to_jiffies(5000)
#define IRQ_TEST_HITS		5UL
#define IRQ_TEST_HOLD_US	20

struct shared {
	int count;
};

struct irq_ctx {
	struct hrtimer timer;
	atomic_t holders;		/* sides holding the TakeCell's pointer */
	atomic_t overlaps;		/* times both held it: must stay 0 */
	unsigned long irq_ops;
	unsigned long irq_missed;	/* cell found empty or busy */
	DECLARE_TAKE_CELL(token, struct shared);
	DECLARE_MAP_CELL(mailbox, u32);
	u64 mailbox_sum;
	unsigned long mailbox_taken;
	DECLARE_OPTIONAL_CELL(latest, unsigned long);
	unsigned long latest_sum;
	unsigned long latest_taken;
	enum { RACE_TAKE, RACE_MAILBOX, RACE_OPTIONAL } mode;
};

static void hold(struct irq_ctx *ctx)
{
	if (atomic_inc_return(&ctx->holders) != 1)
		atomic_inc(&ctx->overlaps);
}

static void release(struct irq_ctx *ctx)
{
	atomic_dec(&ctx->holders);
}

static enum hrtimer_restart irq_test_fire(struct hrtimer *timer)
{
	struct irq_ctx *ctx = container_of(timer, struct irq_ctx, timer);
	struct shared *s;
	unsigned long v;
	u32 msg;

	switch (ctx->mode) {
	case RACE_TAKE:
		s = take_cell_take(&ctx->token);
		if (!s) {
			ctx->irq_missed++;
			break;
		}
		hold(ctx);
		s->count++;
		release(ctx);
		if (!take_cell_put(&ctx->token, s))
			atomic_inc(&ctx->overlaps);
		ctx->irq_ops++;
		break;
	case RACE_MAILBOX:
		if (map_cell_take(&ctx->mailbox, &msg)) {
			ctx->mailbox_sum += msg;
			ctx->mailbox_taken++;
			ctx->irq_ops++;
		} else {
			ctx->irq_missed++;
		}
		break;
	case RACE_OPTIONAL:
		if (optional_cell_take(&ctx->latest, &v)) {
			ctx->latest_sum += v;
			ctx->latest_taken++;
			ctx->irq_ops++;
		} else {
			ctx->irq_missed++;
		}
		break;
	}
	hrtimer_forward_now(timer, ns_to_ktime(IRQ_TEST_PERIOD_NS));
	return HRTIMER_RESTART;
}

static struct irq_ctx *irq_test_start(struct kunit *test, int mode)
{
	struct irq_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx);
	kcell_test_reports_take();
	ctx->mode = mode;
	take_cell_init(&ctx->token, NULL);
	map_cell_init(&ctx->mailbox);
	optional_cell_init(&ctx->latest);
	hrtimer_init(&ctx->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
	ctx->timer.function = irq_test_fire;
	return ctx;
}

static void irq_test_arm(struct irq_ctx *ctx)
{
	hrtimer_start(&ctx->timer, ns_to_ktime(IRQ_TEST_PERIOD_NS),
		      HRTIMER_MODE_REL_HARD);
}

/*
 * Whether the interrupt side has done enough: IRQ_TEST_HITS operations,
 * and as many misses when @misses (the race the test is about needs both).
 */
static bool irq_test_done(struct irq_ctx *ctx, unsigned long deadline,
			  bool misses)
{
	return time_after(jiffies, deadline) ||
	       (READ_ONCE(ctx->irq_ops) >= IRQ_TEST_HITS &&
		(!misses || READ_ONCE(ctx->irq_missed) >= IRQ_TEST_HITS));
}

static void irq_test_stop(struct kunit *test, struct irq_ctx *ctx)
{
	hrtimer_cancel(&ctx->timer);
	kunit_info(test, "interrupt side: %lu operations, %lu misses\n",
		   ctx->irq_ops, ctx->irq_missed);
	KUNIT_EXPECT_GE(test, ctx->irq_ops, IRQ_TEST_HITS);
	/* No report: an interrupt finding a cell in use is no misuse. */
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/* Process context borrows with take_cell_map(), the interrupt takes. */
static void irq_test_take_cell(struct kunit *test)
{
	struct irq_ctx *ctx = irq_test_start(test, RACE_TAKE);
	struct shared s = {};
	unsigned long deadline = jiffies + IRQ_TEST_MAX;
	unsigned long proc_ops = 0, proc_missed = 0;
	bool ran;

	take_cell_init(&ctx->token, &s);
	irq_test_arm(ctx);
	while (!irq_test_done(ctx, deadline, true)) {
		ran = false;
		take_cell_map(&ctx->token, p) {
			hold(ctx);
			p->count++;
			udelay(IRQ_TEST_HOLD_US);	/* the interrupt's window */
			release(ctx);
			ran = true;
		}
		if (ran)
			proc_ops++;
		else
			proc_missed++;
		/* As long outside the block as inside. */
		udelay(IRQ_TEST_HOLD_US);
		cond_resched();
	}
	irq_test_stop(test, ctx);

	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->overlaps), 0);
	KUNIT_EXPECT_PTR_EQ(test, take_cell_take(&ctx->token), &s);
	/* Every increment happened under exclusive ownership: none lost. */
	KUNIT_EXPECT_EQ(test, (unsigned long)s.count, proc_ops + ctx->irq_ops);
	/* The interrupt found the pointer borrowed, so the sides overlapped. */
	KUNIT_EXPECT_GE(test, ctx->irq_missed, IRQ_TEST_HITS);
	kunit_info(test, "process side: %lu operations, %lu misses\n",
		   proc_ops, proc_missed);
}

/* Process context posts values into a MapCell, the interrupt collects. */
static void irq_test_map_cell_mailbox(struct kunit *test)
{
	struct irq_ctx *ctx = irq_test_start(test, RACE_MAILBOX);
	unsigned long deadline = jiffies + IRQ_TEST_MAX;
	unsigned long refused = 0, sent = 0;
	u64 sent_sum = 0;
	u32 next = 1, msg;

	irq_test_arm(ctx);
	while (!irq_test_done(ctx, deadline, false)) {
		/*
		 * Only this side fills the mailbox, so "empty" is exact and
		 * the put cannot fail; "full" means the interrupt is behind.
		 */
		if (map_cell_is_some(&ctx->mailbox)) {
			refused++;
		} else {
			KUNIT_ASSERT_TRUE(test, map_cell_put(&ctx->mailbox, next));
			sent_sum += next;
			sent++;
			next++;
		}
		udelay(IRQ_TEST_HOLD_US);
		cond_resched();
	}
	/* Wait for the interrupt to drain the last one. */
	while (map_cell_is_some(&ctx->mailbox) && time_before(jiffies, deadline + HZ))
		udelay(IRQ_TEST_HOLD_US);
	irq_test_stop(test, ctx);

	KUNIT_EXPECT_FALSE(test, map_cell_take(&ctx->mailbox, &msg));
	/* Every value posted arrived once: same count, same sum. */
	KUNIT_EXPECT_EQ(test, ctx->mailbox_taken, sent);
	KUNIT_EXPECT_EQ(test, ctx->mailbox_sum, sent_sum);
	/* The interrupt was behind at least once: the two sides overlapped. */
	KUNIT_EXPECT_GT(test, refused, 0UL);
}

/*
 * Process context overwrites the latest value; the interrupt takes it.
 * Every value is taken at most once, so the taken sum never exceeds what
 * was offered, and a value present at the end is still there.
 */
static void irq_test_optional_cell(struct kunit *test)
{
	struct irq_ctx *ctx = irq_test_start(test, RACE_OPTIONAL);
	unsigned long deadline = jiffies + IRQ_TEST_MAX;
	unsigned long offered_sum = 0, overwritten_sum = 0, v = 0, left;

	irq_test_arm(ctx);
	while (!irq_test_done(ctx, deadline, false)) {
		v++;
		/* What take finds present now is lost only if we overwrite. */
		if (optional_cell_take(&ctx->latest, &left))
			overwritten_sum += left;
		optional_cell_set(&ctx->latest, v);
		offered_sum += v;
		udelay(IRQ_TEST_HOLD_US);
	}
	irq_test_stop(test, ctx);

	if (optional_cell_take(&ctx->latest, &left))
		overwritten_sum += left;
	/* Each value went exactly one way: to the interrupt or back to us. */
	KUNIT_EXPECT_EQ(test, ctx->latest_sum + overwritten_sum, offered_sum);
	/* Both ways were taken, so the two sides raced for the values. */
	KUNIT_EXPECT_GT(test, ctx->latest_taken, 0UL);
	KUNIT_EXPECT_GT(test, overwritten_sum, 0UL);
}

/* Where a take copies its value to, reached only after a delay. */
static unsigned long *slow_dest(unsigned long *dest)
{
	udelay(10 * IRQ_TEST_HOLD_US);
	return dest;
}

/*
 * A take is atomic against the interrupt.  The take copies the value to
 * its destination while it holds the cell, so a destination that takes
 * long to compute holds the take open, and most interrupts arrive during
 * one.  A value that both sides got would be counted twice.
 */
static void irq_test_optional_cell_take_atomic(struct kunit *test)
{
	struct irq_ctx *ctx = irq_test_start(test, RACE_OPTIONAL);
	unsigned long deadline = jiffies + IRQ_TEST_MAX;
	unsigned long offered_sum = 0, back_sum = 0, v = 0, left;

	irq_test_arm(ctx);
	while (!irq_test_done(ctx, deadline, true)) {
		if (optional_cell_take(&ctx->latest, slow_dest(&left)))
			back_sum += left;
		optional_cell_set(&ctx->latest, ++v);
		offered_sum += v;
		/* As long with the value posted as inside the take. */
		udelay(10 * IRQ_TEST_HOLD_US);
	}
	irq_test_stop(test, ctx);

	if (optional_cell_take(&ctx->latest, &left))
		back_sum += left;
	/* Each value went exactly one way: to the interrupt or back to us. */
	KUNIT_EXPECT_EQ(test, ctx->latest_sum + back_sum, offered_sum);
	/* The interrupt found the cell just taken: the sides overlapped. */
	KUNIT_EXPECT_GE(test, ctx->irq_missed, IRQ_TEST_HITS);
}

static struct kunit_case irq_test_cases[] = {
	KUNIT_CASE(irq_test_take_cell),
	KUNIT_CASE(irq_test_map_cell_mailbox),
	KUNIT_CASE(irq_test_optional_cell),
	KUNIT_CASE(irq_test_optional_cell_take_atomic),
	{}
};

static struct kunit_suite irq_test_suite = {
	.name = "kcell_irq",
	.test_cases = irq_test_cases,
};

kunit_test_suite(irq_test_suite);

MODULE_DESCRIPTION("KUnit tests for kcell cells shared with interrupt context");
MODULE_LICENSE("GPL");
