// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for fault domains (include/kcell/domain.h): a fault revokes
 * the domain and runs the driver's steps in order, once; a recovery waits
 * for the borrow in flight before it quiesces; faults during a recovery
 * are counted and start nothing, except one the new state reports during
 * its restart, which sends the recovery round again; a failed restart is
 * retried, at once on kcell_domain_retry_now(); kcell_domain_stop() waits
 * for a recovery in progress, cancels a pending retry, and says whether
 * the state is still built; faults from a hard interrupt race borrows and
 * recoveries, and no borrow runs on a state being torn down; in debug
 * mode a misuse refused inside a borrow faults its domain, and no other:
 * not one outside every borrow, nor one of a hard interrupt, a softirq or
 * another task while a borrow is open, nor the outer of two nested
 * borrows.
 *
 * Every wait is bounded, so that a broken domain fails a test instead of
 * hanging the kernel.
 */
#include <kcell/kunit.h>
#include <kcell/domain.h>

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/hrtimer.h>
#include <linux/interrupt.h>
#include <linux/kthread.h>
#include <linux/sched/task.h>

/* The driver of the tests: records its steps, can fail or block them. */
struct dom_test {
	struct kcell_domain dom;
	char steps[32];			/* one letter per step, in order */
	atomic_t nsteps;
	int restart_errors;		/* restarts that fail, first ones */
	bool refault;			/* the first restart reports a fault */
	bool block_restart;		/* restart waits for @unblock */
	struct completion in_restart;
	struct completion unblock;
	bool built;			/* the state exists */
	/* Borrows that found it torn down, and quiesces that found a borrow. */
	atomic_t on_torn;
};

static struct dom_test *dom_of(struct kcell_domain *d)
{
	return container_of(d, struct dom_test, dom);
}

static void dom_step(struct dom_test *t, char c)
{
	int i = atomic_inc_return(&t->nsteps) - 1;

	if (i < (int)sizeof(t->steps) - 1)
		t->steps[i] = c;
}

static void dom_fault(struct kcell_domain *d)
{
	dom_step(dom_of(d), 'f');
}

static void dom_begin(struct kcell_domain *d)
{
	dom_step(dom_of(d), 'b');
}

static void dom_quiesce(struct kcell_domain *d)
{
	struct dom_test *t = dom_of(d);

	/* Revoked and drained: no borrow in flight, none to come. */
	if (atomic_read(&__revocable_active(&__domain(d, live))) !=
	    KCELL_REVOKED_BIAS)
		atomic_inc(&t->on_torn);
	dom_step(t, 'q');
}

static void dom_reclaim(struct kcell_domain *d)
{
	WRITE_ONCE(dom_of(d)->built, false);
	dom_step(dom_of(d), 'r');
}

static int dom_restart(struct kcell_domain *d)
{
	struct dom_test *t = dom_of(d);

	dom_step(t, 's');
	if (t->block_restart) {
		complete(&t->in_restart);
		wait_for_completion_timeout(&t->unblock, 10 * HZ);
	}
	if (t->restart_errors) {
		t->restart_errors--;
		return -ENOMEM;
	}
	WRITE_ONCE(t->built, true);
	if (t->refault) {
		t->refault = false;
		kcell_domain_fault(d, KCELL_FAULT_GARBAGE);
	}
	return 0;
}

static void dom_start(struct kcell_domain *d)
{
	dom_step(dom_of(d), 'g');
}

static void dom_end(struct kcell_domain *d)
{
	dom_step(dom_of(d), 'e');
}

static const struct kcell_domain_ops dom_ops = {
	.fault = dom_fault,
	.begin = dom_begin,
	.quiesce = dom_quiesce,
	.reclaim = dom_reclaim,
	.restart = dom_restart,
	.start = dom_start,
	.end = dom_end,
};

static struct dom_test *dom_new(struct kunit *test, unsigned int retry_ms)
{
	struct dom_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	kcell_domain_init(&t->dom, &dom_ops, retry_ms);
	init_completion(&t->in_restart);
	init_completion(&t->unblock);
	t->built = true;
	return t;
}

/* Until the domain is live and no recovery is queued or running. */
static bool dom_settle(struct dom_test *t)
{
	unsigned int i;

	for (i = 0; i < 500; i++) {
		flush_delayed_work(&t->dom.__kc_recover);
		if (kcell_domain_is_live(&t->dom) &&
		    !delayed_work_pending(&t->dom.__kc_recover))
			return true;
		msleep(20);
	}
	return false;
}

static bool dom_borrow_runs(struct dom_test *t)
{
	bool ran = false;

	kcell_domain_borrow(&t->dom)
		ran = true;
	return ran;
}

/* One fault: the steps in order, once; live again; counted. */
static void dom_test_fault_recovers(struct kunit *test)
{
	struct dom_test *t = dom_new(test, 1000);
	struct kcell_domain_stats st;

	KUNIT_EXPECT_TRUE(test, dom_borrow_runs(t));
	KUNIT_EXPECT_TRUE(test, kcell_domain_fault(&t->dom, KCELL_FAULT_STUCK));
	/* Revoked at once, before the recovery runs. */
	KUNIT_EXPECT_FALSE(test, kcell_domain_is_live(&t->dom));
	KUNIT_EXPECT_FALSE(test, dom_borrow_runs(t));
	KUNIT_ASSERT_TRUE(test, dom_settle(t));
	KUNIT_EXPECT_STREQ(test, t->steps, "fbqrsge");
	KUNIT_EXPECT_TRUE(test, t->built);
	KUNIT_EXPECT_TRUE(test, dom_borrow_runs(t));
	kcell_domain_read_stats(&t->dom, &st);
	KUNIT_EXPECT_EQ(test, st.faults[KCELL_FAULT_STUCK], 1);
	KUNIT_EXPECT_EQ(test, st.recoveries, 1);
	KUNIT_EXPECT_EQ(test, st.failed_restarts, 0);
	KUNIT_EXPECT_GT(test, st.last_recovery_ns, 0);
	KUNIT_EXPECT_EQ(test, st.max_recovery_ns, st.last_recovery_ns);
	KUNIT_EXPECT_EQ(test, kcell_domain_last_fault(&t->dom),
			KCELL_FAULT_STUCK);

	/* A second epoch recovers as the first did. */
	KUNIT_EXPECT_TRUE(test, kcell_domain_fault(&t->dom, KCELL_FAULT_MISUSE));
	KUNIT_ASSERT_TRUE(test, dom_settle(t));
	KUNIT_EXPECT_STREQ(test, t->steps, "fbqrsgefbqrsge");
	KUNIT_EXPECT_EQ(test, kcell_domain_last_fault(&t->dom),
			KCELL_FAULT_MISUSE);
	KUNIT_EXPECT_TRUE(test, kcell_domain_stop(&t->dom));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/* Faults while one is pending: counted, one recovery, one ->fault(). */
static void dom_test_faults_while_pending(struct kunit *test)
{
	struct dom_test *t = dom_new(test, 1000);
	struct kcell_domain_stats st;
	int i, first = 0;

	first += kcell_domain_fault(&t->dom, KCELL_FAULT_GARBAGE);
	for (i = 1; i < 10; i++)
		first += kcell_domain_fault(&t->dom, KCELL_FAULT_STUCK);
	KUNIT_EXPECT_EQ(test, first, 1);
	/* The first fault is the one the recovery is for. */
	KUNIT_EXPECT_EQ(test, kcell_domain_last_fault(&t->dom),
			KCELL_FAULT_GARBAGE);
	KUNIT_ASSERT_TRUE(test, dom_settle(t));
	KUNIT_EXPECT_STREQ(test, t->steps, "fbqrsge");
	kcell_domain_read_stats(&t->dom, &st);
	KUNIT_EXPECT_EQ(test, st.faults[KCELL_FAULT_GARBAGE], 1);
	KUNIT_EXPECT_EQ(test, st.faults[KCELL_FAULT_STUCK], 9);
	KUNIT_EXPECT_EQ(test, st.recoveries, 1);
	kcell_domain_stop(&t->dom);
}

struct dom_borrower {
	struct dom_test *t;
	struct completion inside;
	struct completion done;
	bool finished;		/* the block's last statement ran */
	bool saw_quiesce;	/* a step after the fault ran inside the block */
};

static int dom_borrower_fn(void *data)
{
	struct dom_borrower *b = data;

	kcell_domain_borrow(&b->t->dom) {
		complete(&b->inside);
		msleep(100);
		/* 'f' only: the recovery waits for this block, then begins. */
		b->saw_quiesce = atomic_read(&b->t->nsteps) > 1;
		WRITE_ONCE(b->finished, true);
	}
	complete(&b->done);
	return 0;
}

/* The recovery waits for the borrow in flight before ->begin(). */
static void dom_test_quiesce_waits_for_borrow(struct kunit *test)
{
	struct dom_borrower *b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	struct dom_test *t = dom_new(test, 1000);
	struct task_struct *task;

	KUNIT_ASSERT_NOT_NULL(test, b);
	b->t = t;
	init_completion(&b->inside);
	init_completion(&b->done);
	task = kthread_run(dom_borrower_fn, b, "kcell-dom-borrow");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&b->inside, 5 * HZ),
			0UL);
	/* The fault comes from inside the data path's borrow, as it would. */
	KUNIT_EXPECT_TRUE(test, kcell_domain_fault(&t->dom, KCELL_FAULT_UNPOSTED));
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&b->done, 5 * HZ),
			0UL);
	KUNIT_ASSERT_TRUE(test, dom_settle(t));
	KUNIT_EXPECT_TRUE(test, b->finished);
	KUNIT_EXPECT_FALSE(test, b->saw_quiesce);
	KUNIT_EXPECT_STREQ(test, t->steps, "fbqrsge");
	kcell_domain_stop(&t->dom);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/*
 * Restarts that fail leave the domain torn, revoked, and are retried
 * after retry_ms (long here: kcell_domain_retry_now() forces each), with
 * no second teardown; the recovery time counts from the first fault.
 */
static void dom_test_failed_restart_retried(struct kunit *test)
{
	struct dom_test *t = dom_new(test, 60000);
	struct kcell_domain_stats st;

	t->restart_errors = 2;
	kcell_domain_fault(&t->dom, KCELL_FAULT_MAP_STORM);
	flush_delayed_work(&t->dom.__kc_recover);
	KUNIT_EXPECT_STREQ(test, t->steps, "fbqrse");
	KUNIT_EXPECT_FALSE(test, kcell_domain_is_live(&t->dom));
	KUNIT_EXPECT_FALSE(test, dom_borrow_runs(t));
	/* Pending, 60 s away: nothing happens by itself within the test. */
	KUNIT_EXPECT_TRUE(test, delayed_work_pending(&t->dom.__kc_recover));
	/* A fault while torn starts nothing. */
	KUNIT_EXPECT_FALSE(test, kcell_domain_fault(&t->dom, KCELL_FAULT_STUCK));

	kcell_domain_retry_now(&t->dom);
	flush_delayed_work(&t->dom.__kc_recover);
	KUNIT_EXPECT_STREQ(test, t->steps, "fbqrsebse");
	KUNIT_EXPECT_FALSE(test, kcell_domain_is_live(&t->dom));
	kcell_domain_retry_now(&t->dom);
	KUNIT_ASSERT_TRUE(test, dom_settle(t));
	KUNIT_EXPECT_STREQ(test, t->steps, "fbqrsebsebsge");
	KUNIT_EXPECT_TRUE(test, t->built);
	kcell_domain_read_stats(&t->dom, &st);
	KUNIT_EXPECT_EQ(test, st.failed_restarts, 2);
	KUNIT_EXPECT_EQ(test, st.recoveries, 1);
	KUNIT_EXPECT_EQ(test, st.faults[KCELL_FAULT_STUCK], 1);
	/* retry_now on a live domain does nothing. */
	kcell_domain_retry_now(&t->dom);
	KUNIT_EXPECT_FALSE(test, delayed_work_pending(&t->dom.__kc_recover));
	KUNIT_EXPECT_TRUE(test, kcell_domain_stop(&t->dom));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/* A fault the new state reports during its restart: round again. */
static void dom_test_refault_in_restart(struct kunit *test)
{
	struct dom_test *t = dom_new(test, 1000);
	struct kcell_domain_stats st;

	t->refault = true;
	kcell_domain_fault(&t->dom, KCELL_FAULT_GARBAGE);
	KUNIT_ASSERT_TRUE(test, dom_settle(t));
	/* The refault's ->fault() runs inside the first restart. */
	KUNIT_EXPECT_STREQ(test, t->steps, "fbqrsfgebqrsge");
	kcell_domain_read_stats(&t->dom, &st);
	KUNIT_EXPECT_EQ(test, st.faults[KCELL_FAULT_GARBAGE], 2);
	KUNIT_EXPECT_EQ(test, st.recoveries, 1);
	KUNIT_EXPECT_TRUE(test, kcell_domain_stop(&t->dom));
}

struct dom_stopper {
	struct dom_test *t;
	bool built;
	struct completion done;
};

static int dom_stopper_fn(void *data)
{
	struct dom_stopper *s = data;

	s->built = kcell_domain_stop(&s->t->dom);
	complete(&s->done);
	return 0;
}

/*
 * Stop during a restart waits for it, and the domain stays revoked
 * although the recovery re-armed it; later faults start nothing.
 */
static void dom_test_stop_waits_for_recovery(struct kunit *test)
{
	struct dom_stopper *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	struct dom_test *t = dom_new(test, 1000);
	struct task_struct *task;

	KUNIT_ASSERT_NOT_NULL(test, s);
	t->block_restart = true;
	kcell_domain_fault(&t->dom, KCELL_FAULT_STUCK);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&t->in_restart,
							  5 * HZ), 0UL);
	s->t = t;
	init_completion(&s->done);
	task = kthread_run(dom_stopper_fn, s, "kcell-dom-stop");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	msleep(100);
	KUNIT_EXPECT_FALSE(test, completion_done(&s->done));
	complete(&t->unblock);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&s->done, 10 * HZ),
			0UL);
	KUNIT_EXPECT_TRUE(test, s->built);
	KUNIT_EXPECT_STREQ(test, t->steps, "fbqrsge");
	KUNIT_EXPECT_FALSE(test, kcell_domain_is_live(&t->dom));
	KUNIT_EXPECT_FALSE(test, dom_borrow_runs(t));
	KUNIT_EXPECT_FALSE(test, kcell_domain_fault(&t->dom, KCELL_FAULT_STUCK));
	KUNIT_EXPECT_FALSE(test, delayed_work_pending(&t->dom.__kc_recover));
	KUNIT_EXPECT_STREQ(test, t->steps, "fbqrsge");
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/* Stop with a retry pending: cancelled, and the state is not built. */
static void dom_test_stop_while_torn(struct kunit *test)
{
	struct dom_test *t = dom_new(test, 60000);

	t->restart_errors = 1;
	kcell_domain_fault(&t->dom, KCELL_FAULT_MAP_STORM);
	flush_delayed_work(&t->dom.__kc_recover);
	KUNIT_EXPECT_TRUE(test, delayed_work_pending(&t->dom.__kc_recover));
	KUNIT_EXPECT_FALSE(test, kcell_domain_stop(&t->dom));
	KUNIT_EXPECT_FALSE(test, delayed_work_pending(&t->dom.__kc_recover));
	kcell_domain_retry_now(&t->dom);
	KUNIT_EXPECT_FALSE(test, delayed_work_pending(&t->dom.__kc_recover));
	KUNIT_EXPECT_STREQ(test, t->steps, "fbqrse");
	KUNIT_EXPECT_FALSE(test, t->built);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

#define DOM_IRQ_PERIOD_NS	(200 * NSEC_PER_USEC)

struct dom_irq {
	struct hrtimer timer;
	struct dom_test *t;
	atomic_t fired;
	atomic_t started;	/* faults that started a recovery */
};

/* A hard interrupt that borrows the domain and faults on every 4th run. */
static enum hrtimer_restart dom_irq_fire(struct hrtimer *timer)
{
	struct dom_irq *ctx = container_of(timer, struct dom_irq, timer);
	struct dom_test *t = ctx->t;
	int n = atomic_inc_return(&ctx->fired);

	kcell_domain_borrow(&t->dom) {
		if (!READ_ONCE(t->built))
			atomic_inc(&t->on_torn);
		if (!(n % 4) && kcell_domain_fault(&t->dom, KCELL_FAULT_GARBAGE))
			atomic_inc(&ctx->started);
	}
	hrtimer_forward_now(timer, ns_to_ktime(DOM_IRQ_PERIOD_NS));
	return HRTIMER_RESTART;
}

/*
 * Faults from a hard interrupt race process-context borrows and the
 * recoveries they start: ->quiesce() finds no borrow in flight, no borrow,
 * in either context, sees the state between ->reclaim() and ->restart();
 * the domain ends live, after at least one recovery and at most one per
 * fault that started one.
 */
static void dom_test_irq_faults_race(struct kunit *test)
{
	struct dom_irq *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	struct dom_test *t = dom_new(test, 1);
	struct kcell_domain_stats st;
	unsigned long end = jiffies + msecs_to_jiffies(300);
	unsigned int borrows = 0;

	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->t = t;
	hrtimer_init(&ctx->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
	ctx->timer.function = dom_irq_fire;
	hrtimer_start(&ctx->timer, ns_to_ktime(DOM_IRQ_PERIOD_NS),
		      HRTIMER_MODE_REL_HARD);
	while (time_before(jiffies, end)) {
		kcell_domain_borrow(&t->dom) {
			if (!READ_ONCE(t->built))
				atomic_inc(&t->on_torn);
			borrows++;
		}
		cond_resched();
	}
	hrtimer_cancel(&ctx->timer);
	KUNIT_ASSERT_TRUE(test, dom_settle(t));
	kcell_domain_read_stats(&t->dom, &st);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->on_torn), 0);
	KUNIT_EXPECT_GT(test, atomic_read(&ctx->started), 0);
	KUNIT_EXPECT_GT(test, st.recoveries, 0);
	KUNIT_EXPECT_LE(test, st.recoveries, (u64)atomic_read(&ctx->started));
	KUNIT_EXPECT_GT(test, borrows, 0U);
	KUNIT_EXPECT_TRUE(test, kcell_domain_stop(&t->dom));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/* The cell of dom_misuse(), and what it holds. */
struct dom_cell {
	DECLARE_TAKE_CELL(cell, int);
};

static int dom_item_a, dom_item_b;

/*
 * A misuse the debug mode refuses and reports: a put into a TakeCell
 * inside its own map body.  Return: whether the put was taken.
 */
static bool dom_misuse(void)
{
	struct dom_cell c;
	bool put = false;

	take_cell_init(&c.cell, &dom_item_a);
	take_cell_map(&c.cell, it)
		put = take_cell_put(&c.cell, &dom_item_b);
	return put;
}

static u64 dom_misuse_faults(struct dom_test *t)
{
	struct kcell_domain_stats st;

	kcell_domain_read_stats(&t->dom, &st);
	return st.faults[KCELL_FAULT_MISUSE];
}

/*
 * A misuse refused inside a borrow faults the domain when the block ends,
 * once however many it holds; the block runs on to its end first.  One
 * outside every borrow faults nothing.
 */
static void dom_test_misuse_in_borrow_faults(struct kunit *test)
{
	struct dom_test *t = dom_new(test, 1000);
	bool ran_on = false;

	if (!KCELL_TEST_DEBUG)
		kunit_skip(test, "debug mode only: a release build has no scopes");
	kcell_domain_borrow(&t->dom) {
		KUNIT_EXPECT_FALSE(test, dom_misuse());
		KUNIT_EXPECT_FALSE(test, dom_misuse());
		KUNIT_EXPECT_TRUE(test, kcell_domain_is_live(&t->dom));
		KUNIT_EXPECT_EQ(test, atomic_read(&t->nsteps), 0);
		ran_on = true;
	}
	KUNIT_EXPECT_TRUE(test, ran_on);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 2);
	KUNIT_EXPECT_FALSE(test, kcell_domain_is_live(&t->dom));
	KUNIT_ASSERT_TRUE(test, dom_settle(t));
	KUNIT_EXPECT_STREQ(test, t->steps, "fbqrsge");
	KUNIT_EXPECT_EQ(test, dom_misuse_faults(t), 1);
	KUNIT_EXPECT_EQ(test, kcell_domain_last_fault(&t->dom),
			KCELL_FAULT_MISUSE);

	dom_misuse();
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 1);
	KUNIT_ASSERT_TRUE(test, dom_settle(t));
	KUNIT_EXPECT_STREQ(test, t->steps, "fbqrsge");
	KUNIT_EXPECT_EQ(test, dom_misuse_faults(t), 1);

	/* A block left by break after its misuse faults as well. */
	kcell_domain_borrow(&t->dom) {
		dom_misuse();
		break;
	}
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 1);
	KUNIT_ASSERT_TRUE(test, dom_settle(t));
	KUNIT_EXPECT_STREQ(test, t->steps, "fbqrsgefbqrsge");
	KUNIT_EXPECT_EQ(test, dom_misuse_faults(t), 2);
	KUNIT_EXPECT_TRUE(test, kcell_domain_stop(&t->dom));
}

/* Nested borrows of two domains: the misuse belongs to the inner one. */
static void dom_test_misuse_nested_borrows(struct kunit *test)
{
	struct dom_test *outer = dom_new(test, 1000);
	struct dom_test *inner = dom_new(test, 1000);
	bool inner_ran = false;

	if (!KCELL_TEST_DEBUG)
		kunit_skip(test, "debug mode only: a release build has no scopes");
	kcell_domain_borrow(&outer->dom) {
		kcell_domain_borrow(&inner->dom)
			dom_misuse();
	}
	KUNIT_ASSERT_TRUE(test, dom_settle(outer));
	KUNIT_ASSERT_TRUE(test, dom_settle(inner));
	KUNIT_EXPECT_EQ(test, dom_misuse_faults(outer), 0);
	KUNIT_EXPECT_EQ(test, dom_misuse_faults(inner), 1);

	/* After the inner block, the outer one is the scope again. */
	kcell_domain_borrow(&outer->dom) {
		kcell_domain_borrow(&inner->dom)
			inner_ran = true;
		dom_misuse();
	}
	KUNIT_EXPECT_TRUE(test, inner_ran);
	KUNIT_ASSERT_TRUE(test, dom_settle(outer));
	KUNIT_ASSERT_TRUE(test, dom_settle(inner));
	KUNIT_EXPECT_EQ(test, dom_misuse_faults(outer), 1);
	KUNIT_EXPECT_EQ(test, dom_misuse_faults(inner), 1);
	KUNIT_EXPECT_STREQ(test, outer->steps, "fbqrsge");
	KUNIT_EXPECT_STREQ(test, inner->steps, "fbqrsge");
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 2);
	kcell_domain_stop(&outer->dom);
	kcell_domain_stop(&inner->dom);
}

struct dom_misuse_irq {
	struct hrtimer timer;
	struct tasklet_struct tasklet;
	struct dom_test *irq_dom;
	atomic_t fired;
	bool in_context;		/* ran in the context it is for */
	struct task_struct *over;	/* the task it interrupted */
};

/* One misuse outside any borrow, one in a borrow of the second domain. */
static void dom_misuse_twice(struct dom_misuse_irq *ctx, bool in_context)
{
	ctx->in_context = in_context;
	ctx->over = current;
	dom_misuse();
	kcell_domain_borrow(&ctx->irq_dom->dom)
		dom_misuse();
	atomic_set(&ctx->fired, 1);
}

static enum hrtimer_restart dom_misuse_irq_fire(struct hrtimer *timer)
{
	dom_misuse_twice(container_of(timer, struct dom_misuse_irq, timer),
			 in_hardirq());
	return HRTIMER_NORESTART;
}

static void dom_misuse_tasklet(struct tasklet_struct *tl)
{
	struct dom_misuse_irq *ctx = from_tasklet(ctx, tl, tasklet);

	dom_misuse_twice(ctx, in_serving_softirq());
}

/* What the interrupt left: reported twice, the second domain faulted. */
static void dom_expect_interrupt_misuses(struct kunit *test,
					 struct dom_misuse_irq *ctx,
					 struct dom_test *t)
{
	KUNIT_ASSERT_EQ(test, atomic_read(&ctx->fired), 1);
	KUNIT_EXPECT_TRUE(test, ctx->in_context);
	/* On top of the borrower: the token differs by the level alone. */
	KUNIT_EXPECT_PTR_EQ(test, ctx->over, current);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 2);
	KUNIT_ASSERT_TRUE(test, dom_settle(t));
	KUNIT_ASSERT_TRUE(test, dom_settle(ctx->irq_dom));
	KUNIT_EXPECT_EQ(test, dom_misuse_faults(t), 0);
	KUNIT_EXPECT_STREQ(test, t->steps, "");
	KUNIT_EXPECT_EQ(test, dom_misuse_faults(ctx->irq_dom), 1);
	kcell_domain_stop(&t->dom);
	kcell_domain_stop(&ctx->irq_dom->dom);
}

/*
 * A hard interrupt that comes while a task is inside a borrow is not in
 * that borrow: its misuses fault the task's domain neither outside a
 * borrow of its own nor inside one, which faults its own domain.
 */
static void dom_test_misuse_in_irq_not_caught(struct kunit *test)
{
	struct dom_misuse_irq *ctx = kunit_kzalloc(test, sizeof(*ctx),
						   GFP_KERNEL);
	struct dom_test *t = dom_new(test, 1000);
	unsigned long end;

	if (!KCELL_TEST_DEBUG)
		kunit_skip(test, "debug mode only: a release build has no scopes");
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->irq_dom = dom_new(test, 1000);
	hrtimer_init(&ctx->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
	ctx->timer.function = dom_misuse_irq_fire;
	kcell_domain_borrow(&t->dom) {
		hrtimer_start(&ctx->timer, ns_to_ktime(100 * NSEC_PER_USEC),
			      HRTIMER_MODE_REL_HARD);
		end = jiffies + 2 * HZ;
		while (!atomic_read(&ctx->fired) && time_before(jiffies, end))
			cpu_relax();
	}
	hrtimer_cancel(&ctx->timer);
	dom_expect_interrupt_misuses(test, ctx, t);
}

/*
 * The same from a softirq that runs on top of the borrower, at the
 * local_bh_enable() inside its block: a level of its own too.
 */
static void dom_test_misuse_in_softirq_not_caught(struct kunit *test)
{
	struct dom_misuse_irq *ctx = kunit_kzalloc(test, sizeof(*ctx),
						   GFP_KERNEL);
	struct dom_test *t = dom_new(test, 1000);

	if (!KCELL_TEST_DEBUG)
		kunit_skip(test, "debug mode only: a release build has no scopes");
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->irq_dom = dom_new(test, 1000);
	tasklet_setup(&ctx->tasklet, dom_misuse_tasklet);
	kcell_domain_borrow(&t->dom) {
		local_bh_disable();
		tasklet_schedule(&ctx->tasklet);
		local_bh_enable();
	}
	tasklet_kill(&ctx->tasklet);
	dom_expect_interrupt_misuses(test, ctx, t);
}

struct dom_misuser {
	struct completion go;
	struct completion done;
};

static int dom_misuser_fn(void *data)
{
	struct dom_misuser *m = data;

	wait_for_completion(&m->go);
	dom_misuse();
	complete(&m->done);
	return 0;
}

/* Another task's misuse, while this one is inside a borrow: not its. */
static void dom_test_misuse_other_task_not_caught(struct kunit *test)
{
	struct dom_misuser *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	struct dom_test *t = dom_new(test, 1000);
	struct task_struct *task;
	bool done = false;

	if (!KCELL_TEST_DEBUG)
		kunit_skip(test, "debug mode only: a release build has no scopes");
	KUNIT_ASSERT_NOT_NULL(test, m);
	init_completion(&m->go);
	init_completion(&m->done);
	task = kthread_run(dom_misuser_fn, m, "kcell-dom-misuser");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	get_task_struct(task);
	kcell_domain_borrow(&t->dom) {
		complete(&m->go);
		done = wait_for_completion_timeout(&m->done, 10 * HZ);
	}
	/* Its function has returned before @m goes with the test. */
	kthread_stop(task);
	put_task_struct(task);
	KUNIT_ASSERT_TRUE(test, done);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 1);
	KUNIT_ASSERT_TRUE(test, dom_settle(t));
	KUNIT_EXPECT_EQ(test, dom_misuse_faults(t), 0);
	KUNIT_EXPECT_STREQ(test, t->steps, "");
	kcell_domain_stop(&t->dom);
}

static struct kunit_case dom_test_cases[] = {
	KUNIT_CASE(dom_test_fault_recovers),
	KUNIT_CASE(dom_test_faults_while_pending),
	KUNIT_CASE(dom_test_quiesce_waits_for_borrow),
	KUNIT_CASE(dom_test_failed_restart_retried),
	KUNIT_CASE(dom_test_refault_in_restart),
	KUNIT_CASE(dom_test_stop_waits_for_recovery),
	KUNIT_CASE(dom_test_stop_while_torn),
	KUNIT_CASE(dom_test_irq_faults_race),
	KUNIT_CASE(dom_test_misuse_in_borrow_faults),
	KUNIT_CASE(dom_test_misuse_nested_borrows),
	KUNIT_CASE(dom_test_misuse_in_irq_not_caught),
	KUNIT_CASE(dom_test_misuse_in_softirq_not_caught),
	KUNIT_CASE(dom_test_misuse_other_task_not_caught),
	{}
};

static struct kunit_suite dom_test_suite = {
	.name = "kcell_domain",
	.test_cases = dom_test_cases,
};
kunit_test_suite(dom_test_suite);

MODULE_DESCRIPTION("KUnit tests for kcell's fault domains");
MODULE_LICENSE("GPL");
