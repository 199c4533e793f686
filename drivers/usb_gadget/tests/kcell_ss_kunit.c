// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for kcell_ss's request pools (drivers/usb_gadget/kcell_ss_pool.c)
 * against a fake endpoint: the test plays the controller and the host,
 * keeping the requests queued to it in a list, filling OUT buffers,
 * checking IN buffers, and completing requests in the order, with the
 * status and at the moments a test chooses.  Disabling the endpoint gives
 * every queued request back with -ESHUTDOWN, as a controller does on a
 * disconnect.  The pools run through the real gadget core (usb_ep_queue()
 * and friends), so what they may and may not do follows its rules.  Both
 * pools share a fault domain whose steps do what the function's do:
 * disable the endpoints and stop the pools, then enable and start them.
 */
#define pr_fmt(fmt) "kcell_ss: " fmt

#include <kcell/kunit.h>

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/slab.h>
#include <linux/usb/gadget.h>

/* Buffers the pools hold: every one allocated must be freed, once. */
static atomic_t ss_nbufs = ATOMIC_INIT(0);

static void *ss_buf_alloc(size_t len, gfp_t gfp)
{
	void *buf = kmalloc(len, gfp);

	if (buf)
		atomic_inc(&ss_nbufs);
	return buf;
}

static void ss_buf_free(void *buf)
{
	if (buf)
		atomic_dec(&ss_nbufs);
	kfree(buf);
}

#define kcell_ss_buf_alloc(len, gfp)	ss_buf_alloc(len, gfp)
#define kcell_ss_buf_free(buf)	ss_buf_free(buf)

#include "../kcell_ss_pool.c"

#define MAXP		512	/* high-speed bulk */
#define BUFLEN		1500	/* two full packets and a short one */
#define MAXQ		16

/**
 * struct fake_ep - an endpoint of a controller that does what a test says
 * @ep: the endpoint the pool uses
 * @desc: its descriptor (wMaxPacketSize MAXP)
 * @queued: requests the controller holds, in queue order
 * @nqueued: their number
 * @queues: successful usb_ep_queue() calls
 * @allocs: requests allocated and not freed
 * @fail_queue_at: 1-based number of the queue call to fail, 0 for none
 * @queue_err: the error it fails with
 * @fail_alloc_at: 1-based number of the allocation to fail, 0 for none
 * @nalloc: allocation calls so far
 * @halts: usb_ep_set_halt() calls
 * @keep: a request disable does not give back (a completion still
 *	running on another CPU, or a broken controller)
 * @disabling: inside the disable callback: queueing fails as on hardware
 * @sync: requests to complete inside usb_ep_queue() (status 0, whole
 *	length), as dummy_hcd does for small IN transfers
 * @pool: the pool on this endpoint, which the function stops before it
 *	disables the endpoint
 */
struct fake_ep {
	struct usb_ep ep;
	struct usb_endpoint_descriptor desc;
	struct usb_request *queued[MAXQ];
	unsigned int nqueued;
	unsigned int queues;
	int allocs;
	unsigned int fail_queue_at;
	int queue_err;
	unsigned int fail_alloc_at;
	unsigned int nalloc;
	unsigned int halts;
	struct usb_request *keep;
	bool disabling;
	unsigned int sync;
	struct kcell_ss_pool *pool;
};

static struct fake_ep *to_fake(struct usb_ep *ep)
{
	return container_of(ep, struct fake_ep, ep);
}

static int fake_enable(struct usb_ep *ep,
		       const struct usb_endpoint_descriptor *desc)
{
	return 0;
}

/* Removes @req from the controller's list; false if it was not there. */
static bool fake_unlist(struct fake_ep *f, struct usb_request *req)
{
	unsigned int i;

	for (i = 0; i < f->nqueued; i++) {
		if (f->queued[i] != req)
			continue;
		memmove(&f->queued[i], &f->queued[i + 1],
			(f->nqueued - i - 1) * sizeof(f->queued[0]));
		f->nqueued--;
		return true;
	}
	return false;
}

/* The controller gives @req back with @status and @actual bytes. */
static void fake_give_back(struct fake_ep *f, struct usb_request *req,
			   int status, unsigned int actual)
{
	WARN_ON(!fake_unlist(f, req));
	req->status = status;
	req->actual = actual;
	usb_gadget_giveback_request(&f->ep, req);
}

static int fake_disable(struct usb_ep *ep)
{
	struct fake_ep *f = to_fake(ep);
	unsigned int i = 0;

	f->disabling = true;
	while (i < f->nqueued) {
		if (f->queued[i] == f->keep)
			i++;
		else
			fake_give_back(f, f->queued[i], -ESHUTDOWN, 0);
	}
	f->disabling = false;
	return 0;
}

static struct usb_request *fake_alloc_request(struct usb_ep *ep, gfp_t gfp)
{
	struct fake_ep *f = to_fake(ep);
	struct usb_request *req;

	if (++f->nalloc == f->fail_alloc_at)
		return NULL;
	req = kzalloc(sizeof(*req), gfp);
	if (req)
		f->allocs++;
	return req;
}

static void fake_free_request(struct usb_ep *ep, struct usb_request *req)
{
	struct fake_ep *f = to_fake(ep);

	/* Freeing a queued request is a use after free waiting to happen. */
	WARN_ON(fake_unlist(f, req));
	f->allocs--;
	kfree(req);
}

static int fake_queue(struct usb_ep *ep, struct usb_request *req, gfp_t gfp)
{
	struct fake_ep *f = to_fake(ep);

	if (f->disabling)
		return -ESHUTDOWN;
	if (f->fail_queue_at && f->queues + 1 == f->fail_queue_at) {
		f->fail_queue_at = 0;
		return f->queue_err;
	}
	/* A request queued twice is a bug of the function. */
	if (WARN_ON(f->nqueued == MAXQ || fake_unlist(f, req)))
		return -EINVAL;
	f->queued[f->nqueued++] = req;
	f->queues++;
	if (f->sync) {
		f->sync--;
		fake_give_back(f, req, 0, req->length);
	}
	return 0;
}

static int fake_dequeue(struct usb_ep *ep, struct usb_request *req)
{
	fake_give_back(to_fake(ep), req, -ECONNRESET, 0);
	return 0;
}

static int fake_set_halt(struct usb_ep *ep, int value)
{
	to_fake(ep)->halts += value;
	return 0;
}

static const struct usb_ep_ops fake_ep_ops = {
	.enable		= fake_enable,
	.disable	= fake_disable,
	.alloc_request	= fake_alloc_request,
	.free_request	= fake_free_request,
	.queue		= fake_queue,
	.dequeue	= fake_dequeue,
	.set_halt	= fake_set_halt,
};

/*
 * @domain: the pools' fault domain; @faults: the faults the test provokes,
 * which must be all the domain saw; @hold: the recovery waits at its
 * begin for @go; @ended: completed at each recovery's end, after its
 * start (the fake endpoint is the test's again); @restart_fails:
 * restarts to fail before one succeeds;
 * @steps: the recovery's steps in order (q, r, R restart, s start);
 * @away: requests with the controller when the reclaim looked.
 */
struct ss_test {
	struct fake_ep fin;
	struct fake_ep fout;
	struct kcell_ss_pool in;
	struct kcell_ss_pool out;
	struct kcell_domain domain;
	u64 faults;
	bool hold;
	struct completion go;
	struct completion ended;
	unsigned int restart_fails;
	char steps[16];
	unsigned int nsteps;
	unsigned int away;
};

static struct ss_test *domain_to_test(struct kcell_domain *d)
{
	return container_of(d, struct ss_test, domain);
}

static void ss_step(struct ss_test *t, char c)
{
	if (t->nsteps < sizeof(t->steps) - 1)
		t->steps[t->nsteps++] = c;
}

static void ss_domain_begin(struct kcell_domain *d)
{
	struct ss_test *t = domain_to_test(d);

	if (t->hold)
		wait_for_completion(&t->go);
}

/* As the function's quiesce: stop both pools, disable both endpoints. */
static void ss_domain_quiesce(struct kcell_domain *d)
{
	struct ss_test *t = domain_to_test(d);

	ss_step(t, 'q');
	kcell_ss_pool_stop(&t->in);
	kcell_ss_pool_stop(&t->out);
	usb_ep_disable(&t->fin.ep);
	usb_ep_disable(&t->fout.ep);
}

static void ss_domain_reclaim(struct kcell_domain *d)
{
	struct ss_test *t = domain_to_test(d);

	ss_step(t, 'r');
	t->away = kcell_ss_pool_away(&t->in) + kcell_ss_pool_away(&t->out);
}

/* As the function's restart: the endpoints of the pools in use. */
static int ss_domain_restart(struct kcell_domain *d)
{
	struct ss_test *t = domain_to_test(d);

	ss_step(t, 'R');
	if (t->restart_fails) {
		t->restart_fails--;
		return -EIO;
	}
	if (t->in.nslots && usb_ep_enable(&t->fin.ep))
		return -EIO;
	if (t->out.nslots && usb_ep_enable(&t->fout.ep))
		return -EIO;
	return 0;
}

static void ss_domain_start(struct kcell_domain *d)
{
	struct ss_test *t = domain_to_test(d);

	ss_step(t, 's');
	if (t->in.nslots)
		WARN_ON(kcell_ss_pool_start(&t->in));
	if (t->out.nslots)
		WARN_ON(kcell_ss_pool_start(&t->out));
}

static void ss_domain_end(struct kcell_domain *d)
{
	complete(&domain_to_test(d)->ended);
}

static const struct kcell_domain_ops ss_domain_ops = {
	.begin		= ss_domain_begin,
	.quiesce	= ss_domain_quiesce,
	.reclaim	= ss_domain_reclaim,
	.restart	= ss_domain_restart,
	.start		= ss_domain_start,
	.end		= ss_domain_end,
};

/*
 * Waits up to 2 s for the end of the recovery that makes @n, the ends of
 * failed restarts on the way included; false if it never came.
 */
static bool ss_recovered(struct ss_test *t, u64 n)
{
	struct kcell_domain_stats st;

	do {
		if (!wait_for_completion_timeout(&t->ended, 2 * HZ))
			return false;
		kcell_domain_read_stats(&t->domain, &st);
	} while (st.recoveries < n);
	return kcell_domain_is_live(&t->domain);
}

static void fake_ep_init(struct fake_ep *f, const char *name, u8 address)
{
	f->desc.bLength = USB_DT_ENDPOINT_SIZE;
	f->desc.bDescriptorType = USB_DT_ENDPOINT;
	f->desc.bEndpointAddress = address;
	f->desc.bmAttributes = USB_ENDPOINT_XFER_BULK;
	f->desc.wMaxPacketSize = cpu_to_le16(MAXP);
	f->ep.name = name;
	f->ep.ops = &fake_ep_ops;
	f->ep.address = address;
	f->ep.desc = &f->desc;
	usb_ep_set_maxpacket_limit(&f->ep, MAXP);
}

static int ss_test_init(struct kunit *test)
{
	struct ss_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t);
	fake_ep_init(&t->fin, "ep1in-fake", USB_DIR_IN | 1);
	fake_ep_init(&t->fout, "ep2out-fake", USB_DIR_OUT | 2);
	t->fin.pool = &t->in;
	t->fout.pool = &t->out;
	t->in.ep = &t->fin.ep;
	t->in.in = true;
	t->in.buflen = BUFLEN;
	t->out.ep = &t->fout.ep;
	t->out.buflen = BUFLEN;
	init_completion(&t->go);
	init_completion(&t->ended);
	kcell_domain_init(&t->domain, &ss_domain_ops, 10);
	t->in.domain = &t->domain;
	t->out.domain = &t->domain;
	atomic_set(&kcell_ss_inject_overflows, 0);
	test->priv = t;
	atomic_set(&ss_nbufs, 0);
	kcell_test_reports_take();
	return 0;
}

/* Stops @f's pool and disables @f, as the function's disable does. */
static void ss_disable(struct fake_ep *f)
{
	kcell_ss_pool_stop(f->pool);
	usb_ep_disable(&f->ep);
}

/* Enables @pool's endpoint and starts the pool, as set_alt does. */
static void ss_enable_start(struct kunit *test, struct kcell_ss_pool *pool)
{
	KUNIT_ASSERT_EQ(test, usb_ep_enable(pool->ep), 0);
	KUNIT_ASSERT_EQ(test, kcell_ss_pool_start(pool), 0);
}

/* Starts @pool with @qlen requests, its endpoint enabled. */
static void ss_start(struct kunit *test, struct kcell_ss_pool *pool,
		     unsigned int qlen)
{
	KUNIT_ASSERT_EQ(test, kcell_ss_pool_alloc(pool, qlen, GFP_KERNEL), 0);
	ss_enable_start(test, pool);
}

/*
 * Disables @f's endpoint while the completion of its @i-th queued request
 * is still running elsewhere: that request stays with the controller.
 */
static struct usb_request *ss_disable_keeping(struct fake_ep *f,
					      unsigned int i)
{
	struct usb_request *kept = f->queued[i];

	f->keep = kept;
	ss_disable(f);
	f->keep = NULL;
	return kept;
}

/* The host selects the interface again: disable, enable, start. */
static void ss_restart(struct kunit *test, struct kcell_ss_pool *pool)
{
	kcell_ss_pool_stop(pool);
	usb_ep_disable(pool->ep);
	ss_enable_start(test, pool);
}

/* Requests of @pool in their cells, that is, owned by the function. */
static unsigned int ss_idle(struct kcell_ss_pool *pool)
{
	unsigned int i, n = 0;

	for (i = 0; i < pool->nslots; i++)
		n += take_cell_is_some(&pool->slots[i].req);
	return n;
}

/* Disables both endpoints and frees both pools, as the function does. */
static unsigned int ss_stop(struct ss_test *t)
{
	unsigned int lost;

	ss_disable(&t->fin);
	ss_disable(&t->fout);
	lost = kcell_ss_pool_free(&t->in);
	lost += kcell_ss_pool_free(&t->out);
	return lost;
}

static void ss_test_exit(struct kunit *test)
{
	struct ss_test *t = test->priv;
	struct kcell_domain_stats st;
	u64 faults = 0;
	int i;

	complete_all(&t->go);
	kcell_domain_stop(&t->domain);
	kcell_domain_read_stats(&t->domain, &st);
	for (i = 0; i < KCELL_FAULT_NR; i++)
		faults += st.faults[i];
	/* The faults the test provoked, and no other. */
	KUNIT_EXPECT_EQ(test, faults, t->faults);
	KUNIT_EXPECT_EQ(test, ss_stop(t), 0);
	/* Every request allocated was freed, none twice. */
	KUNIT_EXPECT_EQ(test, t->fin.allocs, 0);
	KUNIT_EXPECT_EQ(test, t->fout.allocs, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&ss_nbufs), 0);
	/* No test here misuses the library: debug mode must stay silent. */
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/* Whether @len bytes of @buf are pattern 1 for MAXP-byte packets. */
static bool ss_is_mod63(const u8 *buf, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < len; i++)
		if (buf[i] != (i % MAXP) % 63)
			return false;
	return true;
}

static void ss_fill_mod63(u8 *buf, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < len; i++)
		buf[i] = (i % MAXP) % 63;
}

/* Writes @byte over the buffer of every request in @pool's cells. */
static void ss_poison(struct kcell_ss_pool *pool, u8 byte)
{
	struct usb_request *req;
	unsigned int i;

	for (i = 0; i < pool->nslots; i++) {
		req = take_cell_take(&pool->slots[i].req);
		if (!req)
			continue;
		memset(req->buf, byte, pool->buflen);
		take_cell_put(&pool->slots[i].req, req);
	}
}

/* Allocates @pool, poisons its buffers, and starts it. */
static void ss_start_poisoned(struct kunit *test, struct kcell_ss_pool *pool,
			      unsigned int qlen)
{
	KUNIT_ASSERT_EQ(test, kcell_ss_pool_alloc(pool, qlen, GFP_KERNEL), 0);
	ss_poison(pool, 0xaa);
	ss_enable_start(test, pool);
}

/*
 * A source queues all its requests, full length, filled with its pattern;
 * a request the host has read goes back as it is, pattern and all.
 */
static void ss_test_source_fills(struct kunit *test)
{
	struct ss_test *t = test->priv;
	struct usb_request *req;
	unsigned int i;

	t->in.pattern = KCELL_SS_PATTERN_MOD63;
	ss_start_poisoned(test, &t->in, 4);
	KUNIT_EXPECT_EQ(test, t->fin.nqueued, 4);
	KUNIT_EXPECT_EQ(test, ss_idle(&t->in), 0);
	for (i = 0; i < t->fin.nqueued; i++) {
		req = t->fin.queued[i];
		KUNIT_EXPECT_EQ(test, req->length, BUFLEN);
		KUNIT_EXPECT_TRUE(test, ss_is_mod63(req->buf, BUFLEN));
	}

	req = t->fin.queued[0];
	req->length = 1;
	fake_give_back(&t->fin, req, 0, 1);
	KUNIT_ASSERT_EQ(test, t->fin.nqueued, 4);
	KUNIT_EXPECT_PTR_EQ(test, t->fin.queued[3], req);
	KUNIT_EXPECT_EQ(test, req->length, BUFLEN);
	KUNIT_EXPECT_TRUE(test, ss_is_mod63(req->buf, BUFLEN));
	KUNIT_EXPECT_EQ(test, t->fin.halts, 0);
}

/* Pattern 0 is zeroes; pattern 2 leaves the buffers as they were. */
static void ss_test_source_patterns(struct kunit *test)
{
	struct ss_test *t = test->priv;
	unsigned int i;

	t->in.pattern = KCELL_SS_PATTERN_ZERO;
	ss_start_poisoned(test, &t->in, 2);
	KUNIT_ASSERT_EQ(test, t->fin.nqueued, 2);
	for (i = 0; i < 2; i++)
		KUNIT_EXPECT_NULL(test, memchr_inv(t->fin.queued[i]->buf, 0,
						   BUFLEN));
	ss_disable(&t->fin);
	KUNIT_EXPECT_EQ(test, kcell_ss_pool_free(&t->in), 0);

	t->in.pattern = KCELL_SS_PATTERN_NONE;
	ss_start_poisoned(test, &t->in, 2);
	KUNIT_ASSERT_EQ(test, t->fin.nqueued, 2);
	for (i = 0; i < 2; i++)
		KUNIT_EXPECT_NULL(test, memchr_inv(t->fin.queued[i]->buf, 0xaa,
						   BUFLEN));
}

/*
 * A sink checks every byte of what arrived against its pattern: a wrong
 * byte halts the endpoint, and the request goes back to the controller
 * either way, with stale bytes overwritten.
 */
static void ss_test_sink_checks(struct kunit *test)
{
	struct ss_test *t = test->priv;
	struct usb_request *req;

	t->out.pattern = KCELL_SS_PATTERN_MOD63;
	ss_start(test, &t->out, 2);
	KUNIT_ASSERT_EQ(test, t->fout.nqueued, 2);

	req = t->fout.queued[0];
	ss_fill_mod63(req->buf, BUFLEN);
	fake_give_back(&t->fout, req, 0, BUFLEN);
	KUNIT_EXPECT_EQ(test, t->fout.halts, 0);
	KUNIT_ASSERT_PTR_EQ(test, t->fout.queued[1], req);
	/* Requeued with a filler that the pattern would reject. */
	KUNIT_EXPECT_NULL(test, memchr_inv(req->buf, 0x55, BUFLEN));

	/* A short transfer is checked over what arrived only. */
	req = t->fout.queued[0];
	ss_fill_mod63(req->buf, 100);
	fake_give_back(&t->fout, req, 0, 100);
	KUNIT_EXPECT_EQ(test, t->fout.halts, 0);

	/* One wrong byte, the last of the second packet. */
	req = t->fout.queued[0];
	ss_fill_mod63(req->buf, BUFLEN);
	((u8 *)req->buf)[2 * MAXP - 1] ^= 1;
	fake_give_back(&t->fout, req, 0, BUFLEN);
	KUNIT_EXPECT_EQ(test, t->fout.halts, 1);
	KUNIT_EXPECT_EQ(test, t->fout.nqueued, 2);

	/* Stale bytes from before do not pass for a short transfer. */
	req = t->fout.queued[0];
	fake_give_back(&t->fout, req, 0, 10);
	KUNIT_EXPECT_EQ(test, t->fout.halts, 2);

	/* Pattern 0 wants zeroes; pattern 2 takes anything. */
	t->out.pattern = KCELL_SS_PATTERN_ZERO;
	req = t->fout.queued[0];
	memset(req->buf, 0, BUFLEN);
	fake_give_back(&t->fout, req, 0, BUFLEN);
	KUNIT_EXPECT_EQ(test, t->fout.halts, 2);
	req = t->fout.queued[0];
	ss_fill_mod63(req->buf, BUFLEN);
	fake_give_back(&t->fout, req, 0, BUFLEN);
	KUNIT_EXPECT_EQ(test, t->fout.halts, 3);
	t->out.pattern = KCELL_SS_PATTERN_NONE;
	req = t->fout.queued[0];
	memset(req->buf, 0x17, BUFLEN);
	fake_give_back(&t->fout, req, 0, BUFLEN);
	KUNIT_EXPECT_EQ(test, t->fout.halts, 3);
	/* Pattern 2 does not even write the filler. */
	KUNIT_EXPECT_NULL(test, memchr_inv(req->buf, 0x17, BUFLEN));
}

/*
 * A completion claiming more bytes than the request asked for (from a
 * broken or hostile controller) is not believed: the sink checks nothing
 * past the request (KASAN would see the read), debugfs bad_lengths counts
 * it, and it is a fault: the request waits in its cell, and so does every
 * request that comes back while the domain recovers, instead of going back
 * to the controller.  The recovery disables both endpoints, then enables
 * them and starts the pools, which queues every request again.
 */
static void ss_test_actual_beyond_length(struct kunit *test)
{
	struct ss_test *t = test->priv;
	unsigned int beyond = 2 * round_up(BUFLEN, KCELL_SS_MAXP_MAX);
	struct kcell_domain_stats st;
	struct usb_request *req;
	unsigned long transfers;
	int bad;

	t->out.pattern = KCELL_SS_PATTERN_MOD63;
	ss_start(test, &t->out, 2);
	t->hold = true;
	req = t->fout.queued[0];
	ss_fill_mod63(req->buf, req->length);
	bad = atomic_read(&kcell_ss_bad_lengths);
	fake_give_back(&t->fout, req, 0, beyond);
	t->faults++;
	KUNIT_EXPECT_EQ(test, atomic_read(&kcell_ss_bad_lengths), bad + 1);
	KUNIT_EXPECT_EQ(test, t->fout.halts, 0);
	KUNIT_EXPECT_FALSE(test, kcell_domain_is_live(&t->domain));
	KUNIT_EXPECT_EQ(test, t->fout.nqueued, 1);
	KUNIT_EXPECT_EQ(test, ss_idle(&t->out), 1);

	/* A good transfer while the domain recovers: parked, not counted. */
	transfers = t->out.transfers;
	req = t->fout.queued[0];
	ss_fill_mod63(req->buf, req->length);
	fake_give_back(&t->fout, req, 0, req->length);
	KUNIT_EXPECT_EQ(test, t->fout.nqueued, 0);
	KUNIT_EXPECT_EQ(test, ss_idle(&t->out), 2);
	KUNIT_EXPECT_EQ(test, t->out.transfers, transfers);

	complete(&t->go);
	KUNIT_ASSERT_TRUE(test, ss_recovered(t, 1));
	t->steps[t->nsteps] = 0;
	KUNIT_EXPECT_STREQ(test, t->steps, "qrRs");
	KUNIT_EXPECT_EQ(test, t->away, 0);
	KUNIT_EXPECT_EQ(test, t->fout.nqueued, 2);
	KUNIT_EXPECT_EQ(test, ss_idle(&t->out), 0);
	kcell_domain_read_stats(&t->domain, &st);
	KUNIT_EXPECT_EQ(test, st.faults[KCELL_FAULT_GARBAGE], 1);
	KUNIT_EXPECT_EQ(test, st.failed_restarts, 0);

	/* And the sink goes on. */
	req = t->fout.queued[0];
	ss_fill_mod63(req->buf, req->length);
	fake_give_back(&t->fout, req, 0, req->length);
	KUNIT_EXPECT_EQ(test, t->out.transfers, transfers + 1);
	KUNIT_EXPECT_EQ(test, t->fout.nqueued, 2);
}

/*
 * The restart fails twice (an endpoint the controller will not enable):
 * the domain stays torn, nothing is queued, and the retries rebuild it.
 * The fault comes from debugfs inject_overflows, as the QEMU test's does:
 * the next good OUT completion is taken as an overflow.
 */
static void ss_test_restart_retried(struct kunit *test)
{
	struct ss_test *t = test->priv;
	struct kcell_domain_stats st;
	struct usb_request *req;

	ss_start(test, &t->in, 2);
	ss_start(test, &t->out, 2);
	t->restart_fails = 2;
	atomic_set(&kcell_ss_inject_overflows, 1);
	req = t->fin.queued[0];
	fake_give_back(&t->fin, req, 0, req->length);	/* IN: not taken */
	KUNIT_EXPECT_TRUE(test, kcell_domain_is_live(&t->domain));
	req = t->fout.queued[0];
	fake_give_back(&t->fout, req, 0, req->length);
	t->faults++;
	KUNIT_EXPECT_EQ(test, atomic_read(&kcell_ss_inject_overflows), 0);
	KUNIT_ASSERT_TRUE(test, ss_recovered(t, 1));
	t->steps[t->nsteps] = 0;
	KUNIT_EXPECT_STREQ(test, t->steps, "qrRRRs");
	kcell_domain_read_stats(&t->domain, &st);
	KUNIT_EXPECT_EQ(test, st.failed_restarts, 2);
	KUNIT_EXPECT_EQ(test, st.recoveries, 1);
	KUNIT_EXPECT_EQ(test, t->fin.nqueued, 2);
	KUNIT_EXPECT_EQ(test, t->fout.nqueued, 2);
}

/*
 * Completions in any order: each request goes back to the controller once,
 * and the function never holds one between completion and requeue.
 */
static void ss_test_out_of_order(struct kunit *test)
{
	static const unsigned int order[] = { 5, 0, 7, 3, 3, 1, 6, 2, 4, 0 };
	struct ss_test *t = test->priv;
	struct usb_request *seen[8];
	unsigned int i, j, k;

	ss_start(test, &t->out, 8);
	KUNIT_ASSERT_EQ(test, t->fout.nqueued, 8);
	memcpy(seen, t->fout.queued, sizeof(seen));
	for (k = 0; k < ARRAY_SIZE(order); k++) {
		struct usb_request *req = t->fout.queued[order[k]];

		memset(req->buf, 0, BUFLEN);
		fake_give_back(&t->fout, req, 0, BUFLEN);
		KUNIT_ASSERT_EQ(test, t->fout.nqueued, 8);
		KUNIT_EXPECT_PTR_EQ(test, t->fout.queued[7], req);
		KUNIT_EXPECT_EQ(test, ss_idle(&t->out), 0);
	}
	KUNIT_EXPECT_EQ(test, t->fout.queues, 8 + ARRAY_SIZE(order));
	/* Still the same eight requests, each queued once. */
	for (i = 0; i < 8; i++) {
		for (j = 0; j < 8; j++)
			if (t->fout.queued[j] == seen[i])
				break;
		KUNIT_EXPECT_LT(test, j, 8);
	}
	KUNIT_EXPECT_EQ(test, t->fout.halts, 0);
}

/*
 * Transfer errors (overflow, protocol) lose a transfer, not the request;
 * a dequeued or aborted request goes to the controller again while the
 * pool runs, and stays in its cell once it is stopped.
 */
static void ss_test_errors(struct kunit *test)
{
	struct ss_test *t = test->priv;

	ss_start(test, &t->in, 4);
	fake_give_back(&t->fin, t->fin.queued[1], -EOVERFLOW, 0);
	fake_give_back(&t->fin, t->fin.queued[2], -EPROTO, 0);
	KUNIT_EXPECT_EQ(test, t->fin.nqueued, 4);
	KUNIT_EXPECT_EQ(test, ss_idle(&t->in), 0);

	/* Dequeued or aborted while the pool runs: queued again. */
	KUNIT_EXPECT_EQ(test, usb_ep_dequeue(&t->fin.ep, t->fin.queued[0]), 0);
	fake_give_back(&t->fin, t->fin.queued[0], -ECONNABORTED, 0);
	KUNIT_EXPECT_EQ(test, t->fin.nqueued, 4);
	KUNIT_EXPECT_EQ(test, ss_idle(&t->in), 0);
	/* Stopped, they wait in their cells. */
	kcell_ss_pool_stop(&t->in);
	KUNIT_EXPECT_EQ(test, usb_ep_dequeue(&t->fin.ep, t->fin.queued[0]), 0);
	fake_give_back(&t->fin, t->fin.queued[0], -ECONNABORTED, 0);
	KUNIT_EXPECT_EQ(test, t->fin.nqueued, 2);
	KUNIT_EXPECT_EQ(test, ss_idle(&t->in), 2);
	KUNIT_EXPECT_EQ(test, t->fin.halts, 0);
}

/*
 * A disconnect while everything is queued: disabling gives every request
 * back, and the pool frees them all (the exit checks the count).
 */
static void ss_test_disconnect(struct kunit *test)
{
	struct ss_test *t = test->priv;

	ss_start(test, &t->in, 8);
	ss_start(test, &t->out, 8);
	fake_give_back(&t->fin, t->fin.queued[3], 0, BUFLEN);
	ss_disable(&t->fin);
	ss_disable(&t->fout);
	KUNIT_EXPECT_EQ(test, t->fin.nqueued, 0);
	KUNIT_EXPECT_EQ(test, t->fout.nqueued, 0);
	KUNIT_EXPECT_EQ(test, ss_idle(&t->in), 8);
	KUNIT_EXPECT_EQ(test, ss_idle(&t->out), 8);
	KUNIT_EXPECT_EQ(test, t->fin.allocs, 8);
}

/*
 * A request the controller never gives back is counted and not freed: it
 * may still be written to.
 */
static void ss_test_request_not_returned(struct kunit *test)
{
	struct ss_test *t = test->priv;
	struct usb_request *kept;

	ss_start(test, &t->out, 4);
	kept = ss_disable_keeping(&t->fout, 2);
	KUNIT_EXPECT_EQ(test, kcell_ss_pool_free(&t->out), 1);
	KUNIT_EXPECT_EQ(test, t->fout.allocs, 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&ss_nbufs), 1);
	/* Give it back late, as the test's own cleanup. */
	KUNIT_ASSERT_EQ(test, t->fout.nqueued, 1);
	t->fout.nqueued = 0;
	ss_buf_free(kept->buf);
	fake_free_request(&t->fout.ep, kept);
}

/*
 * usb_ep_queue() fails while starting: the request is back in its cell,
 * the error is returned, and stopping frees everything.
 */
static void ss_test_start_queue_fails(struct kunit *test)
{
	struct ss_test *t = test->priv;

	t->fin.fail_queue_at = 3;
	t->fin.queue_err = -ENOMEM;
	KUNIT_ASSERT_EQ(test, kcell_ss_pool_alloc(&t->in, 6, GFP_KERNEL), 0);
	KUNIT_ASSERT_EQ(test, usb_ep_enable(&t->fin.ep), 0);
	KUNIT_EXPECT_EQ(test, kcell_ss_pool_start(&t->in), -ENOMEM);
	KUNIT_EXPECT_EQ(test, t->fin.nqueued, 2);
	KUNIT_EXPECT_EQ(test, ss_idle(&t->in), 4);
}

/*
 * Requeueing after a completion fails: the request stays with the function
 * and the endpoint halts so that the host notices, except while the
 * endpoint is being disabled, which is not an error.
 */
static void ss_test_requeue_fails(struct kunit *test)
{
	struct ss_test *t = test->priv;

	ss_start(test, &t->in, 3);
	t->fin.fail_queue_at = t->fin.queues + 1;
	t->fin.queue_err = -EIO;
	fake_give_back(&t->fin, t->fin.queued[0], 0, BUFLEN);
	KUNIT_EXPECT_EQ(test, t->fin.nqueued, 2);
	KUNIT_EXPECT_EQ(test, ss_idle(&t->in), 1);
	KUNIT_EXPECT_EQ(test, t->fin.halts, 1);

	t->fin.fail_queue_at = t->fin.queues + 1;
	t->fin.queue_err = -ESHUTDOWN;
	fake_give_back(&t->fin, t->fin.queued[0], 0, BUFLEN);
	KUNIT_EXPECT_EQ(test, ss_idle(&t->in), 2);
	KUNIT_EXPECT_EQ(test, t->fin.halts, 1);
}

/* Allocation fails half-way: nothing stays allocated. */
static void ss_test_alloc_fails(struct kunit *test)
{
	struct ss_test *t = test->priv;

	t->fout.fail_alloc_at = 5;
	KUNIT_EXPECT_EQ(test, kcell_ss_pool_alloc(&t->out, 8, GFP_KERNEL),
			-ENOMEM);
	KUNIT_EXPECT_EQ(test, t->fout.allocs, 0);
	KUNIT_EXPECT_NULL(test, t->out.slots);
	KUNIT_EXPECT_EQ(test, t->out.nslots, 0);
}

static void ss_loop_init(struct ss_test *t)
{
	t->in.loop = &t->out;
	t->out.loop = &t->in;
}

/*
 * Starts a loopback pair of pools with four requests each; @bufs gets the
 * buffer of each pair, in slot order.
 */
static void ss_loop_start(struct kunit *test, void **bufs)
{
	struct ss_test *t = test->priv;
	unsigned int i;

	ss_loop_init(t);
	ss_start(test, &t->in, 4);
	ss_start(test, &t->out, 4);
	KUNIT_ASSERT_EQ(test, t->fout.nqueued, 4);
	for (i = 0; i < 4; i++)
		bufs[i] = t->fout.queued[i]->buf;
}

/* The buffer of each request of @pool, or NULL for an empty cell. */
static void ss_bufs(struct kcell_ss_pool *pool, void **bufs)
{
	struct usb_request *req;
	unsigned int i;

	for (i = 0; i < pool->nslots; i++) {
		req = take_cell_take(&pool->slots[i].req);
		bufs[i] = req ? req->buf : NULL;
		if (req)
			take_cell_put(&pool->slots[i].req, req);
	}
}

/*
 * Loopback: an OUT length beyond the request is not echoed; after the
 * recovery every OUT request is queued again, each with its own buffer.
 */
static void ss_test_loopback_actual_beyond_length(struct kunit *test)
{
	struct ss_test *t = test->priv;
	unsigned int beyond = 2 * round_up(BUFLEN, KCELL_SS_MAXP_MAX);
	struct kcell_ss_slot *slot;
	struct usb_request *req;
	void *bufs[4];
	unsigned int i;

	ss_loop_start(test, bufs);
	t->hold = true;
	req = t->fout.queued[0];
	fake_give_back(&t->fout, req, 0, beyond);
	t->faults++;
	KUNIT_EXPECT_EQ(test, t->fin.nqueued, 0);
	KUNIT_EXPECT_EQ(test, t->fout.nqueued, 3);
	KUNIT_EXPECT_PTR_EQ(test, req->buf, bufs[0]);
	complete(&t->go);
	KUNIT_ASSERT_TRUE(test, ss_recovered(t, 1));
	KUNIT_EXPECT_EQ(test, t->fin.nqueued, 0);
	KUNIT_ASSERT_EQ(test, t->fout.nqueued, 4);
	for (i = 0; i < 4; i++) {
		req = t->fout.queued[i];
		slot = req->context;
		KUNIT_EXPECT_PTR_EQ(test, req->buf, bufs[slot - t->out.slots]);
	}
}

/*
 * Loopback: what arrives on OUT goes back out on IN, in the same buffer,
 * with the same length; then the buffer returns to OUT.  Pairs progress
 * independently and in any order.
 */
static void ss_test_loopback(struct kunit *test)
{
	struct ss_test *t = test->priv;
	struct usb_request *out2, *out0, *in;
	void *buf2;

	ss_loop_init(t);
	ss_start(test, &t->in, 4);
	ss_start(test, &t->out, 4);
	/* Only OUT waits for the host; IN requests have nothing yet. */
	KUNIT_EXPECT_EQ(test, t->fin.nqueued, 0);
	KUNIT_ASSERT_EQ(test, t->fout.nqueued, 4);
	KUNIT_EXPECT_EQ(test, ss_idle(&t->in), 4);

	out2 = t->fout.queued[2];
	out0 = t->fout.queued[0];
	buf2 = out2->buf;
	memset(buf2, 0x3c, 100);
	fake_give_back(&t->fout, out2, 0, 100);
	KUNIT_ASSERT_EQ(test, t->fin.nqueued, 1);
	in = t->fin.queued[0];
	KUNIT_EXPECT_PTR_EQ(test, in->buf, buf2);
	KUNIT_EXPECT_EQ(test, in->length, 100);
	KUNIT_EXPECT_TRUE(test, in->zero);
	KUNIT_EXPECT_NULL(test, memchr_inv(in->buf, 0x3c, 100));
	/* The OUT request waits, without its buffer, for IN to finish. */
	KUNIT_EXPECT_EQ(test, t->fout.nqueued, 3);
	KUNIT_EXPECT_NULL(test, out2->buf);

	/*
	 * Another pair, all the request asked for (whole packets): no
	 * zero-length packet after it.
	 */
	fake_give_back(&t->fout, out0, 0, round_up(BUFLEN, MAXP));
	KUNIT_ASSERT_EQ(test, t->fin.nqueued, 2);
	KUNIT_EXPECT_EQ(test, t->fin.queued[1]->length, round_up(BUFLEN, MAXP));
	KUNIT_EXPECT_FALSE(test, t->fin.queued[1]->zero);

	/* The host reads the second echo first. */
	fake_give_back(&t->fin, t->fin.queued[1], 0, round_up(BUFLEN, MAXP));
	fake_give_back(&t->fin, t->fin.queued[0], 0, 100);
	KUNIT_EXPECT_EQ(test, t->fin.nqueued, 0);
	KUNIT_ASSERT_EQ(test, t->fout.nqueued, 4);
	KUNIT_EXPECT_PTR_EQ(test, t->fout.queued[3], out2);
	KUNIT_EXPECT_PTR_EQ(test, out2->buf, buf2);
	KUNIT_EXPECT_EQ(test, out2->length, round_up(BUFLEN, MAXP));
	KUNIT_EXPECT_EQ(test, ss_idle(&t->in), 4);
	KUNIT_EXPECT_EQ(test, ss_idle(&t->out), 0);
	KUNIT_EXPECT_EQ(test, t->fin.halts + t->fout.halts, 0);
}

/*
 * Loopback torn down with pairs in every state: each buffer is in exactly
 * one request when the pools are freed (KASAN would see a double free),
 * and an OUT completion racing with the teardown of IN stays with the
 * function.
 */
static void ss_test_loopback_disconnect(struct kunit *test)
{
	struct ss_test *t = test->priv;
	void *bufs[4], *in_bufs[4], *out_bufs[4];
	unsigned int i;

	ss_loop_start(test, bufs);
	/* Pair 0 echoing, pair 1 back on OUT, pairs 2 and 3 untouched. */
	fake_give_back(&t->fout, t->fout.queued[0], 0, 64);
	fake_give_back(&t->fout, t->fout.queued[0], 0, 64);
	fake_give_back(&t->fin, t->fin.queued[1], 0, 64);

	ss_disable(&t->fin);
	/* OUT data arrives after IN is gone: no echo, nothing lost. */
	fake_give_back(&t->fout, t->fout.queued[0], 0, 64);
	KUNIT_EXPECT_EQ(test, t->fin.nqueued, 0);
	KUNIT_EXPECT_EQ(test, t->fin.halts, 0);
	ss_disable(&t->fout);
	KUNIT_EXPECT_EQ(test, ss_idle(&t->in), 4);
	KUNIT_EXPECT_EQ(test, ss_idle(&t->out), 4);

	ss_bufs(&t->in, in_bufs);
	ss_bufs(&t->out, out_bufs);
	for (i = 0; i < 4; i++) {
		/* Each pair holds its own buffer, in one of its requests. */
		KUNIT_EXPECT_TRUE(test, !in_bufs[i] != !out_bufs[i]);
		KUNIT_EXPECT_PTR_EQ(test, in_bufs[i] ?: out_bufs[i], bufs[i]);
	}
}

/*
 * The host selects the interface again with loopback pairs in every state:
 * stopping only disables the endpoints, and starting again queues every
 * OUT request with its own buffer, taken back from its IN partner where an
 * echo was cut short.
 */
static void ss_test_loopback_restart(struct kunit *test)
{
	struct ss_test *t = test->priv;
	struct usb_request *in;
	void *bufs[4];
	unsigned int i;

	ss_loop_start(test, bufs);
	/* Pairs 0 and 1 echoing, 2 and 3 waiting for the host. */
	fake_give_back(&t->fout, t->fout.queued[0], 0, 64);
	fake_give_back(&t->fout, t->fout.queued[0], 0, 64);
	KUNIT_ASSERT_EQ(test, t->fin.nqueued, 2);

	ss_disable(&t->fin);
	ss_restart(test, &t->out);
	ss_restart(test, &t->in);
	KUNIT_EXPECT_EQ(test, t->fin.nqueued, 0);
	KUNIT_ASSERT_EQ(test, t->fout.nqueued, 4);
	for (i = 0; i < 4; i++) {
		KUNIT_EXPECT_PTR_EQ(test, t->fout.queued[i]->buf, bufs[i]);
		KUNIT_EXPECT_EQ(test, t->fout.queued[i]->length,
				round_up(BUFLEN, MAXP));
	}
	KUNIT_EXPECT_EQ(test, ss_idle(&t->in), 4);

	/* And the pairs echo again. */
	memset(bufs[1], 0x5a, 10);
	fake_give_back(&t->fout, t->fout.queued[1], 0, 10);
	KUNIT_ASSERT_EQ(test, t->fin.nqueued, 1);
	in = t->fin.queued[0];
	KUNIT_EXPECT_PTR_EQ(test, in->buf, bufs[1]);
	KUNIT_EXPECT_EQ(test, in->length, 10);
}

/*
 * A completion still running when usb_ep_disable() returns (the controller
 * took the request off its queue just before), or coming later still (a
 * controller that delays its giveback): the pool is still there for it.
 * If the pool started again meanwhile, after the start looked at the
 * request's slot, the request goes straight back to the controller, not
 * to an idle cell (with bulk_qlen=1 the endpoint would stop); if the pool
 * is stopped, it waits in its cell for the next start.  Data that
 * completed just before the disable is not requeued onto the disabled
 * endpoint, and no halt follows.
 */
static void ss_test_late_completion(struct kunit *test)
{
	struct ss_test *t = test->priv;
	struct usb_request *late;

	ss_start(test, &t->out, 4);
	late = ss_disable_keeping(&t->fout, 1);
	KUNIT_EXPECT_EQ(test, ss_idle(&t->out), 3);

	/* set_alt again: the three in their cells go back. */
	ss_enable_start(test, &t->out);
	KUNIT_EXPECT_EQ(test, t->fout.nqueued, 4);
	KUNIT_EXPECT_EQ(test, ss_idle(&t->out), 0);
	/* The late one comes back after the start: queued again at once. */
	fake_give_back(&t->fout, late, -ESHUTDOWN, 0);
	KUNIT_EXPECT_EQ(test, ss_idle(&t->out), 0);
	KUNIT_EXPECT_EQ(test, t->fout.nqueued, 4);
	KUNIT_EXPECT_PTR_EQ(test, t->fout.queued[3], late);

	/* Stopped when it comes back: it waits for the next start. */
	late = ss_disable_keeping(&t->fout, 0);
	fake_give_back(&t->fout, late, -ESHUTDOWN, 0);
	KUNIT_EXPECT_EQ(test, ss_idle(&t->out), 4);
	KUNIT_EXPECT_EQ(test, t->fout.nqueued, 0);
	ss_enable_start(test, &t->out);
	KUNIT_EXPECT_EQ(test, t->fout.nqueued, 4);
	KUNIT_EXPECT_EQ(test, ss_idle(&t->out), 0);

	/* Late, with data: the requeue finds the endpoint disabled. */
	late = ss_disable_keeping(&t->fout, 2);
	memset(late->buf, 0, BUFLEN);
	fake_give_back(&t->fout, late, 0, BUFLEN);
	KUNIT_EXPECT_EQ(test, ss_idle(&t->out), 4);
	KUNIT_EXPECT_EQ(test, t->fout.halts, 0);
}

/*
 * A controller may complete a request inside usb_ep_queue() (dummy_hcd
 * does for small IN transfers).  A source's request then completes and is
 * requeued within its own queueing; a loopback echo that completes at once
 * hands its buffer straight back to its OUT partner, which must already be
 * in its cell by then.
 */
static void ss_test_sync_completion(struct kunit *test)
{
	struct ss_test *t = test->priv;
	struct usb_request *out0;
	void *buf;

	t->fin.sync = 3;
	ss_start(test, &t->in, 2);
	KUNIT_EXPECT_EQ(test, t->fin.nqueued, 2);
	KUNIT_EXPECT_EQ(test, t->fin.queues, 5);
	KUNIT_EXPECT_EQ(test, ss_idle(&t->in), 0);
	ss_disable(&t->fin);
	KUNIT_EXPECT_EQ(test, kcell_ss_pool_free(&t->in), 0);

	ss_loop_init(t);
	ss_start(test, &t->in, 2);
	ss_start(test, &t->out, 2);
	t->fin.sync = 1;
	out0 = t->fout.queued[0];
	buf = out0->buf;
	fake_give_back(&t->fout, out0, 0, 100);
	/* The echo went out and came back within OUT's completion. */
	KUNIT_EXPECT_EQ(test, t->fin.nqueued, 0);
	KUNIT_ASSERT_EQ(test, t->fout.nqueued, 2);
	KUNIT_EXPECT_PTR_EQ(test, t->fout.queued[1], out0);
	KUNIT_EXPECT_PTR_EQ(test, out0->buf, buf);
	KUNIT_EXPECT_EQ(test, ss_idle(&t->in), 2);
	KUNIT_EXPECT_EQ(test, t->fin.halts + t->fout.halts, 0);
}

/*
 * A request the controller did not give back by unbind comes back after
 * it: the pool's memory it points into was kept for it, and the
 * completion touches nothing freed (KASAN in the debug build).
 */
static void ss_test_lost_completes_after_free(struct kunit *test)
{
	struct ss_test *t = test->priv;
	struct usb_request *kept;

	ss_start(test, &t->out, 4);
	kept = ss_disable_keeping(&t->fout, 1);
	KUNIT_EXPECT_EQ(test, kcell_ss_pool_free(&t->out), 1);
	KUNIT_EXPECT_EQ(test, t->fout.allocs, 1);
	fake_give_back(&t->fout, kept, -ESHUTDOWN, 0);
	KUNIT_EXPECT_EQ(test, t->fout.nqueued, 0);
	KUNIT_EXPECT_EQ(test, t->fout.halts, 0);
	/* The test's own cleanup of what the pool could not free. */
	ss_buf_free(kept->buf);
	fake_free_request(&t->fout.ep, kept);
}

/*
 * OUT requests ask for whole packets (some controllers need it, and
 * Gadget Zero's do); IN requests for the buffer length.  The buffer holds
 * the rounded length: the sink's filler covers all of it (KASAN).
 */
static void ss_test_out_whole_packets(struct kunit *test)
{
	struct ss_test *t = test->priv;

	t->out.pattern = KCELL_SS_PATTERN_ZERO;
	ss_start(test, &t->out, 2);
	ss_start(test, &t->in, 2);
	KUNIT_ASSERT_EQ(test, t->fout.nqueued, 2);
	KUNIT_ASSERT_EQ(test, t->fin.nqueued, 2);
	KUNIT_EXPECT_EQ(test, t->fout.queued[0]->length,
			round_up(BUFLEN, MAXP));
	KUNIT_EXPECT_EQ(test, t->fin.queued[0]->length, BUFLEN);
	/* A whole-packet transfer of zeroes passes the sink's check. */
	memset(t->fout.queued[0]->buf, 0, round_up(BUFLEN, MAXP));
	fake_give_back(&t->fout, t->fout.queued[0], 0, round_up(BUFLEN, MAXP));
	KUNIT_EXPECT_EQ(test, t->fout.halts, 0);
	KUNIT_EXPECT_EQ(test, t->fout.nqueued, 2);
}

/*
 * The stats line of a pool: transfers that completed (status 0) and their
 * bytes, not the failed or cut-short ones (nor an overflow, which
 * ss_test_actual_beyond_length() sees); requests with the controller now;
 * the counts start again with each allocation.
 */
static void ss_test_stats(struct kunit *test)
{
	struct ss_test *t = test->priv;
	/* A power-of-two kmalloc is aligned to its size: a page, as sysfs's. */
	char *page = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	struct usb_request *req;
	int len;

	KUNIT_ASSERT_NOT_NULL(test, page);
	ss_start(test, &t->out, 4);
	ss_start(test, &t->in, 2);
	req = t->fout.queued[0];
	memset(req->buf, 0, 1024);
	fake_give_back(&t->fout, req, 0, 1024);
	fake_give_back(&t->fout, t->fout.queued[0], -EPROTO, 0);
	fake_give_back(&t->fout, t->fout.queued[0], -ECONNABORTED, 0);
	fake_give_back(&t->fin, t->fin.queued[1], 0, 100);
	len = kcell_ss_pool_show(&t->out, page, 0);
	len += kcell_ss_pool_show(&t->in, page, len);
	KUNIT_EXPECT_STREQ(test, page,
			   "out ep2out-fake requests 4 queued 4 transfers 1 bytes 1024\n"
			   "in ep1in-fake requests 2 queued 2 transfers 1 bytes 100\n");
	KUNIT_EXPECT_EQ(test, len, strlen(page));

	/* Stopped: a transfer that completes now is not counted. */
	kcell_ss_pool_stop(&t->in);
	fake_give_back(&t->fin, t->fin.queued[0], 0, 100);
	kcell_ss_pool_show(&t->in, page, 0);
	KUNIT_EXPECT_STREQ(test, page,
			   "in ep1in-fake requests 2 queued 1 transfers 1 bytes 100\n");

	/* Disabled: every request back in its cell, the counts kept. */
	ss_disable(&t->fout);
	kcell_ss_pool_show(&t->out, page, 0);
	KUNIT_EXPECT_STREQ(test, page,
			   "out ep2out-fake requests 4 queued 0 transfers 1 bytes 1024\n");
	KUNIT_EXPECT_EQ(test, kcell_ss_pool_free(&t->out), 0);
	ss_start(test, &t->out, 2);
	kcell_ss_pool_show(&t->out, page, 0);
	KUNIT_EXPECT_STREQ(test, page,
			   "out ep2out-fake requests 2 queued 2 transfers 0 bytes 0\n");
}

static struct kunit_case ss_test_cases[] = {
	KUNIT_CASE(ss_test_source_fills),
	KUNIT_CASE(ss_test_source_patterns),
	KUNIT_CASE(ss_test_sink_checks),
	KUNIT_CASE(ss_test_actual_beyond_length),
	KUNIT_CASE(ss_test_restart_retried),
	KUNIT_CASE(ss_test_loopback_actual_beyond_length),
	KUNIT_CASE(ss_test_out_of_order),
	KUNIT_CASE(ss_test_errors),
	KUNIT_CASE(ss_test_disconnect),
	KUNIT_CASE(ss_test_request_not_returned),
	KUNIT_CASE(ss_test_start_queue_fails),
	KUNIT_CASE(ss_test_requeue_fails),
	KUNIT_CASE(ss_test_alloc_fails),
	KUNIT_CASE(ss_test_loopback),
	KUNIT_CASE(ss_test_loopback_disconnect),
	KUNIT_CASE(ss_test_loopback_restart),
	KUNIT_CASE(ss_test_late_completion),
	KUNIT_CASE(ss_test_sync_completion),
	KUNIT_CASE(ss_test_lost_completes_after_free),
	KUNIT_CASE(ss_test_out_whole_packets),
	KUNIT_CASE(ss_test_stats),
	{}
};

static struct kunit_suite ss_test_suite = {
	.name = "kcell_ss",
	.init = ss_test_init,
	.exit = ss_test_exit,
	.test_cases = ss_test_cases,
};

kunit_test_suite(ss_test_suite);

MODULE_DESCRIPTION("KUnit tests for kcell_ss's request pools");
MODULE_LICENSE("GPL");
