// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for kcell_rng's SimpleRng and system-call layers, against a
 * fake hardware layer whose completions come from a workqueue, as a
 * device's would come from an interrupt.  The fake fills each request with
 * the next bytes of a counting sequence, so a test can tell lost,
 * duplicated and reordered bytes apart.
 *
 * The hardware layer itself has its own suite, kcell_rng_virtio, at the
 * end of this file (kcell_rng_virtio_kunit.h), against a fake virtio device.
 */
#include <kcell/kunit.h>

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/sched/signal.h>
#include <linux/virtio_ring.h>
#include <linux/workqueue.h>

#include "../kcell_rng_simple.c"
#include "../kcell_rng_chr.c"
#include "../kcell_rng_virtio.c"

#define FAKE_CHUNK	64

struct fake_src {
	struct kcell_rng_source src;
	struct work_struct work;
	atomic_t busy;			/* a request is in the "device" */
	int fail_request;		/* error for the next request() */
	int fail_delivery;		/* error for the next completion */
	bool stalled;			/* requests never complete */
	u8 next;			/* next byte of the sequence */
	atomic_t requests;
	atomic_long_t produced;		/* bytes delivered */
};

static int fake_request(struct kcell_rng_source *src)
{
	struct fake_src *f = container_of(src, struct fake_src, src);
	int err = f->fail_request;

	if (err) {
		f->fail_request = 0;
		return err;
	}
	if (atomic_cmpxchg(&f->busy, 0, 1))
		return -EBUSY;
	atomic_inc(&f->requests);
	if (!f->stalled)
		queue_work(system_highpri_wq, &f->work);
	return 0;
}

static const struct kcell_rng_source_ops fake_ops = {
	.request = fake_request,
};

/* The "interrupt": deliver, free the buffer, re-request if asked. */
static void fake_complete(struct work_struct *work)
{
	struct fake_src *f = container_of(work, struct fake_src, work);
	struct kcell_rng_source_client *client;
	DECLARE_SECRET_BYTES(data, FAKE_CHUNK);
	int err = f->fail_delivery;
	bool more = false;
	int i;

	for (i = 0; i < FAKE_CHUNK; i++)
		secret_store_u8(secret_bytes(&data), i,
				secret_label_u8(f->next++));
	f->fail_delivery = 0;
	local_irq_disable();
	if (optional_cell_get(&f->src.client, &client))
		more = client->bytes_ready(client,
					   err ? NULL : secret_bytes(&data),
					   err ? 0 : FAKE_CHUNK, err);
	local_irq_enable();
	if (!err)
		atomic_long_add(FAKE_CHUNK, &f->produced);
	atomic_set(&f->busy, 0);
	if (more && fake_request(&f->src) && client)
		client->bytes_ready(client, NULL, 0, -EIO);
}

static struct fake_src *fake_src_new(struct kunit *test)
{
	struct fake_src *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, f);
	f->src.ops = &fake_ops;
	optional_cell_init(&f->src.client);
	INIT_WORK(&f->work, fake_complete);
	kcell_test_reports_take();
	return f;
}

/*
 * Waits for the work in progress and, unless the fake is stalled (its
 * request then never completes), for the requests it starts.
 */
static void fake_settle(struct fake_src *f)
{
	int i;

	flush_work(&f->work);
	for (i = 0; i < 1000 && !f->stalled && atomic_read(&f->busy); i++) {
		usleep_range(100, 200);
		flush_work(&f->work);
	}
}

/* A SimpleRng client that records what it got. */
struct recorder {
	struct kcell_rng_client client;
	int calls;
	int errors;
	size_t bytes;
	u8 first;
	int more_left;			/* answer MORE this many more times */
};

static enum kcell_rng_continue recorder_cb(struct kcell_rng_client *client,
					   const secret_byte *data, size_t len,
					   int err)
{
	struct recorder *r = container_of(client, struct recorder, client);

	if (err) {
		r->errors++;
		return KCELL_RNG_DONE;
	}
	if (!r->calls++)
		r->first = declassify_u8(secret_load_u8(data, 0));
	r->bytes += len;
	if (r->more_left > 0) {
		r->more_left--;
		return KCELL_RNG_MORE;
	}
	return KCELL_RNG_DONE;
}

static void simple_test_get_delivers(struct kunit *test)
{
	struct fake_src *f = fake_src_new(test);
	struct recorder r = { .client.randomness_available = recorder_cb };
	struct kcell_rng_simple s;

	f->stalled = true;
	kcell_rng_simple_init(&s, &f->src, &r.client);
	KUNIT_EXPECT_FALSE(test, kcell_rng_simple_busy(&s));
	KUNIT_EXPECT_EQ(test, kcell_rng_simple_get(&s), 0);
	KUNIT_EXPECT_TRUE(test, kcell_rng_simple_busy(&s));
	/* One request in flight: the second is refused, the source untouched. */
	KUNIT_EXPECT_EQ(test, kcell_rng_simple_get(&s), -EBUSY);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->requests), 1);

	f->stalled = false;
	queue_work(system_highpri_wq, &f->work);
	fake_settle(f);
	KUNIT_EXPECT_EQ(test, r.calls, 1);
	KUNIT_EXPECT_EQ(test, r.bytes, (size_t)FAKE_CHUNK);
	KUNIT_EXPECT_EQ(test, r.first, 0);
	KUNIT_EXPECT_FALSE(test, kcell_rng_simple_busy(&s));
	KUNIT_EXPECT_EQ(test, s.req.delivered, (u64)FAKE_CHUNK);

	/* Idle again: a new request goes through. */
	KUNIT_EXPECT_EQ(test, kcell_rng_simple_get(&s), 0);
	fake_settle(f);
	KUNIT_EXPECT_EQ(test, r.calls, 2);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

static void simple_test_more_keeps_request(struct kunit *test)
{
	struct fake_src *f = fake_src_new(test);
	struct recorder r = {
		.client.randomness_available = recorder_cb,
		.more_left = 4,
	};
	struct kcell_rng_simple s;
	int i;

	kcell_rng_simple_init(&s, &f->src, &r.client);
	KUNIT_EXPECT_EQ(test, kcell_rng_simple_get(&s), 0);
	for (i = 0; i < 100 && r.calls < 5; i++)
		fake_settle(f);
	/* Five deliveries for one get(): MORE four times, then DONE. */
	KUNIT_EXPECT_EQ(test, r.calls, 5);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->requests), 5);
	KUNIT_EXPECT_EQ(test, r.bytes, (size_t)(5 * FAKE_CHUNK));
	KUNIT_EXPECT_FALSE(test, kcell_rng_simple_busy(&s));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

static void simple_test_cancel(struct kunit *test)
{
	struct fake_src *f = fake_src_new(test);
	struct recorder r = { .client.randomness_available = recorder_cb };
	struct kcell_rng_simple s;

	kcell_rng_simple_init(&s, &f->src, &r.client);
	KUNIT_EXPECT_EQ(test, kcell_rng_simple_cancel(&s), -EALREADY);

	f->stalled = true;
	KUNIT_EXPECT_EQ(test, kcell_rng_simple_get(&s), 0);
	KUNIT_EXPECT_EQ(test, kcell_rng_simple_cancel(&s), 0);
	KUNIT_EXPECT_FALSE(test, kcell_rng_simple_busy(&s));

	/* The device still completes: its bytes are dropped, not delivered. */
	queue_work(system_highpri_wq, &f->work);
	fake_settle(f);
	KUNIT_EXPECT_EQ(test, r.calls, 0);
	KUNIT_EXPECT_EQ(test, s.req.delivered, 0ULL);
	/* And the request is usable again. */
	f->stalled = false;
	KUNIT_EXPECT_EQ(test, kcell_rng_simple_get(&s), 0);
	fake_settle(f);
	KUNIT_EXPECT_EQ(test, r.calls, 1);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

static void simple_test_source_errors(struct kunit *test)
{
	struct fake_src *f = fake_src_new(test);
	struct recorder r = { .client.randomness_available = recorder_cb };
	struct kcell_rng_simple s;

	kcell_rng_simple_init(&s, &f->src, &r.client);
	/* The source refuses: the request is not left in flight. */
	f->fail_request = -EIO;
	KUNIT_EXPECT_EQ(test, kcell_rng_simple_get(&s), -EIO);
	KUNIT_EXPECT_FALSE(test, kcell_rng_simple_busy(&s));

	/* The device reports an error: the client hears it, request idle. */
	f->fail_delivery = -EIO;
	KUNIT_EXPECT_EQ(test, kcell_rng_simple_get(&s), 0);
	fake_settle(f);
	KUNIT_EXPECT_EQ(test, r.errors, 1);
	KUNIT_EXPECT_EQ(test, r.calls, 0);
	KUNIT_EXPECT_FALSE(test, kcell_rng_simple_busy(&s));
	KUNIT_EXPECT_EQ(test, kcell_rng_simple_get(&s), 0);
	fake_settle(f);
	KUNIT_EXPECT_EQ(test, r.calls, 1);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/* The system-call layer, through kcell_rng_chr_pull(). */
static struct kcell_rng_chr *chr_new(struct kunit *test, struct fake_src *f)
{
	struct kcell_rng_chr *chr = kcell_rng_chr_create(&f->src, NULL, 0);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, chr);
	return chr;
}

static void chr_done(struct fake_src *f, struct kcell_rng_chr *chr)
{
	kcell_rng_chr_remove(chr);
	fake_settle(f);
	kcell_rng_chr_put(chr);
}

static void chr_test_nonblocking(struct kunit *test)
{
	struct fake_src *f = fake_src_new(test);
	struct kcell_rng_chr *chr = chr_new(test, f);
	u8 buf[16];
	int i;

	f->stalled = true;
	/* Nothing yet: -EAGAIN, and the bytes are on their way. */
	KUNIT_EXPECT_EQ(test, kcell_rng_chr_pull(chr, buf, sizeof(buf), false),
			(ssize_t)-EAGAIN);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->requests), 1);
	KUNIT_EXPECT_EQ(test, kcell_rng_chr_pull(chr, buf, 0, false), 0);

	f->stalled = false;
	queue_work(system_highpri_wq, &f->work);
	fake_settle(f);
	KUNIT_EXPECT_EQ(test, kcell_rng_chr_pull(chr, buf, sizeof(buf), false),
			(ssize_t)sizeof(buf));
	for (i = 0; i < sizeof(buf); i++)
		KUNIT_EXPECT_EQ(test, buf[i], (u8)i);
	chr_done(f, chr);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/* A read larger than the pool, in order: nothing lost, nothing repeated. */
static void chr_test_large_blocking(struct kunit *test)
{
	struct fake_src *f = fake_src_new(test);
	struct kcell_rng_chr *chr = chr_new(test, f);
	size_t len = 5 * KCELL_RNG_POOL + 17, i;
	u8 *buf = kunit_kzalloc(test, len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_EXPECT_EQ(test, kcell_rng_chr_pull(chr, buf, len, true),
			(ssize_t)len);
	for (i = 0; i < len; i++)
		if (buf[i] != (u8)i)
			break;
	KUNIT_EXPECT_EQ(test, i, len);
	chr_done(f, chr);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

struct puller {
	struct kcell_rng_chr *chr;
	size_t want;
	ssize_t got;
	bool signals;
	struct completion started, done;
};

static int puller_fn(void *arg)
{
	struct puller *p = arg;
	u8 *buf = kmalloc(p->want, GFP_KERNEL);

	if (p->signals)
		allow_signal(SIGUSR1);
	complete(&p->started);
	p->got = buf ? kcell_rng_chr_pull(p->chr, buf, p->want, true) :
		       -ENOMEM;
	kfree(buf);
	complete(&p->done);
	return 0;
}

static struct task_struct *puller_start(struct kunit *test, struct puller *p)
{
	struct task_struct *t;

	init_completion(&p->started);
	init_completion(&p->done);
	t = kthread_run(puller_fn, p, "kcell_rng_puller");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t);
	wait_for_completion(&p->started);
	return t;
}

/* Several readers at once: every byte goes to exactly one of them. */
static void chr_test_several_readers(struct kunit *test)
{
	struct fake_src *f = fake_src_new(test);
	struct kcell_rng_chr *chr = chr_new(test, f);
	struct puller p[3];
	ssize_t total = 0;
	long left;
	int i;

	for (i = 0; i < ARRAY_SIZE(p); i++) {
		p[i] = (struct puller){ .chr = chr, .want = 3000 + 100 * i };
		puller_start(test, &p[i]);
	}
	for (i = 0; i < ARRAY_SIZE(p); i++) {
		KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&p[i].done,
								  10 * HZ), 0UL);
		KUNIT_EXPECT_EQ(test, p[i].got, (ssize_t)p[i].want);
		total += p[i].got;
	}
	/* Let the last delivery land, and no new one start. */
	f->stalled = true;
	fake_settle(f);
	left = pool_len(&chr->pool);
	/* What the device produced went to a reader or is still pooled. */
	KUNIT_EXPECT_EQ(test, atomic_long_read(&f->produced), total + left);
	chr_done(f, chr);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/* Removal wakes a blocked reader with -ENODEV; later reads fail too. */
static void chr_test_remove_wakes_reader(struct kunit *test)
{
	struct fake_src *f = fake_src_new(test);
	struct kcell_rng_chr *chr = chr_new(test, f);
	struct puller p = { .chr = chr, .want = 100 };
	u8 buf[4];

	f->stalled = true;
	puller_start(test, &p);
	/* Give it time to block, then remove the device under it. */
	msleep(20);
	KUNIT_EXPECT_FALSE(test, completion_done(&p.done));
	kcell_rng_chr_remove(chr);
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&p.done, 5 * HZ),
			0UL);
	KUNIT_EXPECT_EQ(test, p.got, (ssize_t)-ENODEV);
	KUNIT_EXPECT_EQ(test, kcell_rng_chr_pull(chr, buf, sizeof(buf), true),
			(ssize_t)-ENODEV);
	/* Removal stopped all calls into the source: still one request. */
	KUNIT_EXPECT_EQ(test, atomic_read(&f->requests), 1);
	f->stalled = false;
	kcell_rng_chr_put(chr);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/* A signal ends a blocked read: -ERESTARTSYS with nothing read. */
static void chr_test_signal(struct kunit *test)
{
	struct fake_src *f = fake_src_new(test);
	struct kcell_rng_chr *chr = chr_new(test, f);
	struct puller p = { .chr = chr, .want = 100, .signals = true };
	struct task_struct *t;

	f->stalled = true;
	t = puller_start(test, &p);
	msleep(20);
	KUNIT_EXPECT_FALSE(test, completion_done(&p.done));
	send_sig(SIGUSR1, t, 1);
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&p.done, 5 * HZ),
			0UL);
	KUNIT_EXPECT_EQ(test, p.got, (ssize_t)-ERESTARTSYS);
	chr_done(f, chr);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/* A failed request wakes the reader, which asks again and gets its bytes. */
static void chr_test_request_error_retried(struct kunit *test)
{
	struct fake_src *f = fake_src_new(test);
	struct kcell_rng_chr *chr = chr_new(test, f);
	u8 buf[32];

	f->fail_delivery = -EIO;
	KUNIT_EXPECT_EQ(test, kcell_rng_chr_pull(chr, buf, sizeof(buf), true),
			(ssize_t)sizeof(buf));
	KUNIT_EXPECT_GE(test, atomic_read(&f->requests), 2);
	chr_done(f, chr);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

static struct kunit_case rng_test_cases[] = {
	KUNIT_CASE(simple_test_get_delivers),
	KUNIT_CASE(simple_test_more_keeps_request),
	KUNIT_CASE(simple_test_cancel),
	KUNIT_CASE(simple_test_source_errors),
	KUNIT_CASE(chr_test_nonblocking),
	KUNIT_CASE(chr_test_large_blocking),
	KUNIT_CASE(chr_test_several_readers),
	KUNIT_CASE(chr_test_remove_wakes_reader),
	KUNIT_CASE(chr_test_signal),
	KUNIT_CASE(chr_test_request_error_retried),
	{}
};

/* What the driver counts as held must be back to nothing after each test. */
static void rng_test_exit(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, kcell_rng_chr_held(), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&buf_held), 0);
}

static struct kunit_suite rng_test_suite = {
	.name = "kcell_rng",
	.exit = rng_test_exit,
	.test_cases = rng_test_cases,
};

kunit_test_suite(rng_test_suite);

#include "kcell_rng_virtio_kunit.h"

MODULE_DESCRIPTION("KUnit tests for kcell_rng's three layers");
MODULE_LICENSE("GPL");
