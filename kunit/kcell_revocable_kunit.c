// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the revocable cell (include/kcell/revocable.h): a
 * borrow runs its block while the cell is live and skips it after a
 * revoke; every exit from the block ends the borrow; revocation
 * waits for the borrows in flight and for no others; a borrower asleep
 * inside a borrow is woken between start and wait; an interrupt borrowing
 * the cell races the revokes and re-arms of process context; many threads
 * borrowing one cell at once cannot keep a revoke from finishing (the
 * hang that had mainline's SRCU revocable reverted); re-arming is refused
 * unless the cell is revoked and drained.
 *
 * Every wait here is bounded, so that a broken cell fails the test instead
 * of hanging the kernel.
 */
#include <kcell/kunit.h>
#include <kcell/revocable.h>

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/hrtimer.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/wait.h>

/* Whether no borrow is in flight: the library's own test, for the tests. */
static bool rv_idle(struct kcell_revocable *rv)
{
	int n = atomic_read(&__revocable_active(rv));

	return n == 0 || n == KCELL_REVOKED_BIAS;
}

/* Returns from inside the block when live; falls past it when revoked. */
static int rv_read(struct kcell_revocable *rv, int *ran)
{
	revocable_borrow(rv) {
		(*ran)++;
		return 0;
	}
	return -ENODEV;
}

static void rv_test_live_and_revoked(struct kunit *test)
{
	struct kcell_revocable rv;
	int ran = 0;

	revocable_init(&rv);
	KUNIT_EXPECT_TRUE(test, revocable_is_live(&rv));
	KUNIT_EXPECT_EQ(test, rv_read(&rv, &ran), 0);
	KUNIT_EXPECT_EQ(test, ran, 1);
	KUNIT_EXPECT_TRUE(test, rv_idle(&rv));

	KUNIT_EXPECT_TRUE(test, revocable_revoke(&rv));
	KUNIT_EXPECT_FALSE(test, revocable_is_live(&rv));
	KUNIT_EXPECT_EQ(test, rv_read(&rv, &ran), -ENODEV);
	KUNIT_EXPECT_EQ(test, ran, 1);

	/* The block is skipped; the code after it runs. */
	revocable_borrow(&rv) {
		ran++;
	}
	KUNIT_EXPECT_EQ(test, ran, 1);
	/* A second revoke is not the first, and still returns at once. */
	KUNIT_EXPECT_FALSE(test, revocable_revoke(&rv));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/* Every way out of the block ends its borrow. */
static void rv_test_exits_end_borrow(struct kunit *test)
{
	struct kcell_revocable rv;
	int i, ran = 0;

	revocable_init(&rv);
	for (i = 0; i < 3; i++) {
		revocable_borrow(&rv) {
			ran++;
			if (i == 0)
				break;
			if (i == 1)
				continue;
			goto out;
		}
	}
out:
	KUNIT_EXPECT_EQ(test, ran, 3);
	KUNIT_EXPECT_TRUE(test, rv_idle(&rv));
	KUNIT_EXPECT_EQ(test, rv_read(&rv, &ran), 0);
	KUNIT_EXPECT_TRUE(test, rv_idle(&rv));

	/* Nested borrows of one cell count twice and end twice. */
	revocable_borrow(&rv) {
		revocable_borrow(&rv) {
			KUNIT_EXPECT_EQ(test, atomic_read(&__revocable_active(&rv)), 2);
		}
	}
	KUNIT_EXPECT_TRUE(test, rv_idle(&rv));
	revocable_revoke(&rv);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

struct rv_borrower {
	struct kcell_revocable *rv;
	struct completion inside;	/* the borrow has started */
	wait_queue_head_t wq;
	bool wake;			/* what the sleeper waits for */
	bool sleep;			/* sleep on wq instead of a fixed time */
	bool finished;			/* the block's last statement ran */
	int result;
	struct completion done;
};

static int rv_borrower_fn(void *data)
{
	struct rv_borrower *b = data;

	b->result = -ENODEV;
	revocable_borrow(b->rv) {
		complete(&b->inside);
		if (b->sleep)
			wait_event(b->wq, READ_ONCE(b->wake));
		else
			msleep(50);
		WRITE_ONCE(b->finished, true);
		b->result = 0;
	}
	complete(&b->inside);
	complete(&b->done);
	return 0;
}

static void rv_borrower_start(struct kunit *test, struct rv_borrower *b,
			      struct kcell_revocable *rv, bool sleep)
{
	struct task_struct *t;

	b->rv = rv;
	b->sleep = sleep;
	init_completion(&b->inside);
	init_completion(&b->done);
	init_waitqueue_head(&b->wq);
	t = kthread_run(rv_borrower_fn, b, "kcell-rv-borrow");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&b->inside, 5 * HZ), 0UL);
}

struct rv_revoker {
	struct kcell_revocable *rv;
	struct completion done;
};

static int rv_revoker_fn(void *data)
{
	struct rv_revoker *r = data;

	revocable_revoke_wait(r->rv);
	complete(&r->done);
	return 0;
}

/* The wait, in a thread of its own, so that the test can bound it. */
static void rv_wait_in_thread(struct kunit *test, struct rv_revoker *r,
			      struct kcell_revocable *rv)
{
	struct task_struct *t;

	r->rv = rv;
	init_completion(&r->done);
	t = kthread_run(rv_revoker_fn, r, "kcell-rv-revoke");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
}

/* The revoke waits for the borrow in flight, and new borrows fail. */
static void rv_test_revoke_waits_for_borrow(struct kunit *test)
{
	struct rv_borrower *b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	struct rv_borrower *late = kunit_kzalloc(test, sizeof(*late), GFP_KERNEL);
	struct kcell_revocable rv;
	ktime_t t0;

	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_ASSERT_NOT_NULL(test, late);
	revocable_init(&rv);
	rv_borrower_start(test, b, &rv, false);

	t0 = ktime_get();
	KUNIT_EXPECT_TRUE(test, revocable_revoke_start(&rv));
	/* A borrow that starts now fails at once: the revoke waits not for it. */
	rv_borrower_start(test, late, &rv, false);
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&late->done, 5 * HZ), 0UL);
	KUNIT_EXPECT_EQ(test, late->result, -ENODEV);
	KUNIT_EXPECT_FALSE(test, READ_ONCE(late->finished));

	revocable_revoke_wait(&rv);
	/* The borrow in flight had ended: its block's last line had run. */
	KUNIT_EXPECT_TRUE(test, READ_ONCE(b->finished));
	KUNIT_EXPECT_GE(test, ktime_ms_delta(ktime_get(), t0), 20LL);
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&b->done, 5 * HZ), 0UL);
	KUNIT_EXPECT_EQ(test, b->result, 0);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/* A borrower asleep on the owner is woken between start and wait. */
static void rv_test_sleeping_borrower_kicked(struct kunit *test)
{
	struct rv_borrower *b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	struct rv_revoker *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	struct kcell_revocable rv;

	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_ASSERT_NOT_NULL(test, r);
	revocable_init(&rv);
	rv_borrower_start(test, b, &rv, true);

	revocable_revoke_start(&rv);
	rv_wait_in_thread(test, r, &rv);
	/* Not woken yet: the wait must still be waiting. */
	KUNIT_EXPECT_EQ(test, wait_for_completion_timeout(&r->done, HZ / 10), 0UL);
	KUNIT_EXPECT_FALSE(test, READ_ONCE(b->finished));

	WRITE_ONCE(b->wake, true);
	wake_up_all(&b->wq);
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&r->done, 5 * HZ), 0UL);
	KUNIT_EXPECT_TRUE(test, READ_ONCE(b->finished));
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&b->done, 5 * HZ), 0UL);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/*
 * Threads that share one cell and overlap their borrows: the revoke must
 * finish.  Mainline's revocable kept the SRCU read index in a handle the
 * threads shared; one thread's unlock with another's index left a slot
 * that never drained, and the revoke hung.
 */
#define RV_THREADS	4

struct rv_shared {
	struct kcell_revocable rv;
	atomic_t running;
	atomic_t in_block;
	unsigned long borrows[RV_THREADS];
	struct completion stopped[RV_THREADS];
	int id;
};

struct rv_worker {
	struct rv_shared *s;
	int i;
};

static int rv_shared_fn(void *data)
{
	struct rv_worker *w = data;
	struct rv_shared *s = w->s;
	bool live = true;

	atomic_inc(&s->running);
	while (live) {
		live = false;
		revocable_borrow(&s->rv) {
			live = true;
			atomic_inc(&s->in_block);
			s->borrows[w->i]++;
			if (s->borrows[w->i] % 16 == 0)
				usleep_range(10, 50);
			else
				cpu_relax();
			atomic_dec(&s->in_block);
		}
		cond_resched();
	}
	complete(&s->stopped[w->i]);
	return 0;
}

static void rv_test_shared_handle_revoke_finishes(struct kunit *test)
{
	struct rv_shared *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	struct rv_worker *w = kunit_kcalloc(test, RV_THREADS, sizeof(*w), GFP_KERNEL);
	struct rv_revoker *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	unsigned long total = 0;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_ASSERT_NOT_NULL(test, w);
	KUNIT_ASSERT_NOT_NULL(test, r);
	revocable_init(&s->rv);
	for (i = 0; i < RV_THREADS; i++) {
		struct task_struct *t;

		w[i] = (struct rv_worker){ .s = s, .i = i };
		init_completion(&s->stopped[i]);
		t = kthread_run(rv_shared_fn, &w[i], "kcell-rv-%d", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	}
	while (atomic_read(&s->running) < RV_THREADS)
		usleep_range(1000, 2000);
	msleep(100);

	revocable_revoke_start(&s->rv);
	rv_wait_in_thread(test, r, &s->rv);
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&r->done, 10 * HZ), 0UL);
	/* Once the wait returned, no block was running, and none starts. */
	KUNIT_EXPECT_EQ(test, atomic_read(&s->in_block), 0);
	for (i = 0; i < RV_THREADS; i++) {
		KUNIT_EXPECT_GT(test,
				wait_for_completion_timeout(&s->stopped[i], 5 * HZ),
				0UL);
		total += s->borrows[i];
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&s->in_block), 0);
	KUNIT_EXPECT_GT(test, total, (unsigned long)RV_THREADS);
	kunit_info(test, "%lu borrows by %d threads before the revoke", total,
		   RV_THREADS);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/*
 * An interrupt borrows the cell while process context borrows it too,
 * revokes, waits and re-arms it, over and over.  Between a revoke's start
 * and its re-arm every interrupt borrow must fail; after each wait no
 * borrow may be in flight; the interrupt must have borrowed while process
 * context was inside its own block (the count shared by both), and must
 * have been refused while the cell was revoked, each at least
 * RV_IRQ_HITS times, so that a run that never interleaved cannot pass.
 */
#define RV_IRQ_PERIOD_NS	(100 * NSEC_PER_USEC)
#define RV_IRQ_HOLD_US		20
#define RV_IRQ_MAX		msecs_to_jiffies(5000)
#define RV_IRQ_HITS		5UL

struct rv_irq {
	struct hrtimer timer;
	struct kcell_revocable rv;
	atomic_t in_block;		/* blocks running, either side */
	bool revoked;			/* process context: between start and re-arm */
	unsigned long ok, overlapped, gone, in_while_revoked;
};

static enum hrtimer_restart rv_irq_fire(struct hrtimer *timer)
{
	struct rv_irq *ctx = container_of(timer, struct rv_irq, timer);
	bool done = false;

	revocable_borrow(&ctx->rv) {
		if (atomic_inc_return(&ctx->in_block) > 1)
			ctx->overlapped++;
		if (READ_ONCE(ctx->revoked))
			ctx->in_while_revoked++;
		udelay(RV_IRQ_HOLD_US);
		ctx->ok++;
		atomic_dec(&ctx->in_block);
		done = true;
	}
	if (!done)
		ctx->gone++;
	hrtimer_forward_now(timer, ns_to_ktime(RV_IRQ_PERIOD_NS));
	return HRTIMER_RESTART;
}

/* Busy for about @us with interrupts on, so that the timer can fire. */
static void rv_spin(unsigned long us)
{
	ktime_t end = ktime_add_us(ktime_get(), us);

	while (ktime_before(ktime_get(), end))
		cpu_relax();
}

static void rv_test_irq_races_revoke(struct kunit *test)
{
	struct rv_irq *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	unsigned long deadline = jiffies + RV_IRQ_MAX;
	unsigned long rounds = 0;

	KUNIT_ASSERT_NOT_NULL(test, ctx);
	revocable_init(&ctx->rv);
	hrtimer_init(&ctx->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
	ctx->timer.function = rv_irq_fire;
	hrtimer_start(&ctx->timer, ns_to_ktime(RV_IRQ_PERIOD_NS),
		      HRTIMER_MODE_REL_HARD);

	while (time_before(jiffies, deadline) &&
	       (READ_ONCE(ctx->overlapped) < RV_IRQ_HITS ||
		READ_ONCE(ctx->gone) < RV_IRQ_HITS)) {
		revocable_borrow(&ctx->rv) {
			atomic_inc(&ctx->in_block);
			rv_spin(10 * RV_IRQ_HOLD_US);
			atomic_dec(&ctx->in_block);
		}
		revocable_revoke_start(&ctx->rv);
		WRITE_ONCE(ctx->revoked, true);
		rv_spin(10 * RV_IRQ_HOLD_US);
		revocable_revoke_wait(&ctx->rv);
		KUNIT_EXPECT_EQ(test, atomic_read(&ctx->in_block), 0);
		WRITE_ONCE(ctx->revoked, false);
		KUNIT_EXPECT_TRUE(test, revocable_rearm(&ctx->rv));
		rounds++;
	}
	hrtimer_cancel(&ctx->timer);

	kunit_info(test, "%lu rounds; interrupt: %lu borrows (%lu inside process context's), %lu refused",
		   rounds, ctx->ok, ctx->overlapped, ctx->gone);
	KUNIT_EXPECT_EQ(test, ctx->in_while_revoked, 0UL);
	KUNIT_EXPECT_GE(test, ctx->overlapped, RV_IRQ_HITS);
	KUNIT_EXPECT_GE(test, ctx->gone, RV_IRQ_HITS);
	KUNIT_EXPECT_EQ(test, revocable_generation(&ctx->rv), (unsigned int)rounds);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/* Re-arming needs a revoked, drained cell; each re-arm is a generation. */
static void rv_test_rearm(struct kunit *test)
{
	struct kcell_revocable rv;
	int ran = 0;

	revocable_init(&rv);
	KUNIT_EXPECT_EQ(test, revocable_generation(&rv), 0U);
	/* Live: refused in both modes, reported in debug mode. */
	KUNIT_EXPECT_FALSE(test, revocable_rearm(&rv));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));

	revocable_borrow(&rv) {
		revocable_revoke_start(&rv);
		/* A borrow in flight: refused. */
		KUNIT_EXPECT_FALSE(test, revocable_rearm(&rv));
		KUNIT_EXPECT_EQ(test, kcell_test_reports_take(),
				KCELL_DEBUG_REPORTS(1));
	}
	revocable_revoke_wait(&rv);
	KUNIT_EXPECT_TRUE(test, revocable_rearm(&rv));
	KUNIT_EXPECT_EQ(test, revocable_generation(&rv), 1U);
	KUNIT_EXPECT_EQ(test, rv_read(&rv, &ran), 0);
	KUNIT_EXPECT_EQ(test, ran, 1);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/* Waiting on a live cell is a misuse; the wait revokes it first. */
static void rv_test_wait_unrevoked(struct kunit *test)
{
	struct kcell_revocable rv;
	int ran = 0;

	revocable_init(&rv);
	revocable_revoke_wait(&rv);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));
	KUNIT_EXPECT_FALSE(test, revocable_is_live(&rv));
	KUNIT_EXPECT_EQ(test, rv_read(&rv, &ran), -ENODEV);
	KUNIT_EXPECT_EQ(test, ran, 0);
}

static struct kunit_case rv_test_cases[] = {
	KUNIT_CASE(rv_test_live_and_revoked),
	KUNIT_CASE(rv_test_exits_end_borrow),
	KUNIT_CASE(rv_test_revoke_waits_for_borrow),
	KUNIT_CASE(rv_test_sleeping_borrower_kicked),
	KUNIT_CASE(rv_test_shared_handle_revoke_finishes),
	KUNIT_CASE(rv_test_irq_races_revoke),
	KUNIT_CASE(rv_test_rearm),
	KUNIT_CASE(rv_test_wait_unrevoked),
	{}
};

static struct kunit_suite rv_test_suite = {
	.name = "kcell_revocable",
	.test_cases = rv_test_cases,
};

kunit_test_suite(rv_test_suite);

MODULE_DESCRIPTION("KUnit tests for kcell's revocable cell");
MODULE_LICENSE("GPL");
