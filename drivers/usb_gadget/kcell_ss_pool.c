// SPDX-License-Identifier: GPL-2.0
/*
 * The request pool of a kcell_ss endpoint.
 *
 * Every struct usb_request of an endpoint, with its buffer, lives in the
 * TakeCell of one slot of the pool while the function owns it.  Queueing
 * takes it out of the cell and hands it to the controller; from then until
 * its completion the function holds no pointer to it, so it cannot touch a
 * queued request or its buffer.  The completion hands it back: the pool
 * requeues it, or returns it to its cell when the endpoint is going away.
 *
 * A pool lives from the function's bind to its unbind, not from one
 * set_alt to the next: usb_ep_disable() completes the requests still on
 * the controller's queue, but a completion the controller had already
 * begun may still be running on another CPU when it returns, and some
 * controllers give requests back later still.  Such a completion must find
 * its slot, and what it does there depends on whether the pool runs: a
 * pool is running from kcell_ss_pool_start() (after the endpoint is enabled) to
 * kcell_ss_pool_stop() (before it is disabled).  A request back in its cell
 * while the pool runs goes to the controller again at once; one back
 * while it is stopped waits for the next start.  Both the start and the
 * completion publish first and then look (a full barrier between), and a
 * TakeCell's take is atomic, so a request that comes back as the pool
 * starts is queued exactly once.
 *
 * The function's fault domain (@domain) sits above the running flag: a
 * completion requeues only inside a borrow of it.  An OUT completion that
 * claims more bytes than its request asked for is a controller writing
 * garbage: the request is parked, the domain faulted, and while it is
 * revoked every other completion parks its request too.  The function's
 * recovery resets the endpoints and starts the pools, which queues what
 * waits in the cells.  A completion that finds the
 * domain revoked parks and then looks again (kcell_ss_kick()), with the
 * same barrier as for the running flag, so that one racing the re-arm is
 * queued exactly once.
 *
 * At unbind a cell still empty holds a request the controller did not give
 * back: after a grace period it is counted and not freed, because the
 * controller may still write to it, and its slot is kept (with every
 * other), pointing at an orphan pool, so that a completion coming after
 * unbind touches no freed memory.
 */
#define pr_fmt(fmt) "kcell_ss: " fmt

#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/usb/ch9.h>

#include "kcell_ss_pool.h"

/*
 * Where request buffers come from.  The KUnit suite, which includes this
 * file, defines both first to count them: nothing else sees a kfree().
 */
#ifndef kcell_ss_buf_alloc
#define kcell_ss_buf_alloc(len, gfp)	kmalloc(len, gfp)
#define kcell_ss_buf_free(buf)	kfree(buf)
#endif

/* Pattern 1: byte i of a transfer is (i mod wMaxPacketSize) mod 63. */
static u8 kcell_ss_pattern_byte(const struct kcell_ss_pool *pool,
				unsigned int i)
{
	return (i % usb_endpoint_maxp(pool->ep->desc)) % 63;
}

/**
 * kcell_ss_pattern_fill() - write a source's data pattern
 * @pool: the pool whose endpoint and pattern to use
 * @buf: the bytes of one transfer
 * @len: their number
 *
 * KCELL_SS_PATTERN_NONE leaves @buf as it is, as Gadget Zero does.
 */
static void kcell_ss_pattern_fill(const struct kcell_ss_pool *pool, u8 *buf,
				  unsigned int len)
{
	unsigned int i;

	if (pool->pattern == KCELL_SS_PATTERN_ZERO)
		memset(buf, 0, len);
	else if (pool->pattern == KCELL_SS_PATTERN_MOD63)
		for (i = 0; i < len; i++)
			buf[i] = kcell_ss_pattern_byte(pool, i);
}

/**
 * kcell_ss_pattern_check() - check what a sink received against its pattern
 * @pool: the pool whose endpoint and pattern to use
 * @buf: the bytes of one transfer
 * @len: their number
 *
 * The first wrong byte is logged (rate-limited).
 *
 * Return: true if all @len bytes fit the pattern; KCELL_SS_PATTERN_NONE accepts
 * anything.
 */
static bool kcell_ss_pattern_check(const struct kcell_ss_pool *pool,
				   const u8 *buf, unsigned int len)
{
	const u8 *bad = NULL;
	unsigned int i;

	if (pool->pattern == KCELL_SS_PATTERN_ZERO) {
		/* A word at a time, where Gadget Zero goes byte by byte. */
		bad = memchr_inv(buf, 0, len);
	} else if (pool->pattern == KCELL_SS_PATTERN_MOD63) {
		for (i = 0; i < len && !bad; i++)
			if (buf[i] != kcell_ss_pattern_byte(pool, i))
				bad = &buf[i];
	}
	if (!bad)
		return true;
	i = bad - buf;
	/* A host sending the wrong pattern sends a lot of it. */
	pr_err_ratelimited("%s: bad OUT byte %u: %#x, not %#x\n",
			   pool->ep->name, i, buf[i],
			   pool->pattern == KCELL_SS_PATTERN_ZERO ? 0 :
			   kcell_ss_pattern_byte(pool, i));
	return false;
}

/*
 * Requests allocated and not yet freed in every pool of the module (a
 * request the controller never gave back stays counted), and requests
 * with the controller: debugfs kcell_ss/held_requests and queued_requests,
 * which the tests check against their resting values.
 */
static atomic_t kcell_ss_held = ATOMIC_INIT(0);
static atomic_t kcell_ss_queued = ATOMIC_INIT(0);
/* OUT completions that claimed more bytes than asked (bad_lengths). */
static atomic_t kcell_ss_bad_lengths = ATOMIC_INIT(0);
/*
 * Fault injection (debugfs inject_overflows, written by the tests): the
 * next N OUT completions with status 0 are taken as claiming more bytes
 * than asked, which dummy_hcd never does.  0 or less: none.
 */
static atomic_t kcell_ss_inject_overflows = ATOMIC_INIT(0);

/**
 * kcell_ss_pool_debugfs() - show what the pools hold
 * @dir: the module's debugfs directory
 */
void kcell_ss_pool_debugfs(struct dentry *dir)
{
	debugfs_create_atomic_t("held_requests", 0400, dir, &kcell_ss_held);
	debugfs_create_atomic_t("queued_requests", 0400, dir, &kcell_ss_queued);
	debugfs_create_atomic_t("bad_lengths", 0400, dir,
				&kcell_ss_bad_lengths);
	debugfs_create_atomic_t("inject_overflows", 0600, dir,
				&kcell_ss_inject_overflows);
}

/*
 * What slots of a freed pool point at: a completion coming after unbind
 * puts its request back in its (kept) cell and does nothing else.
 */
static struct kcell_ss_pool kcell_ss_orphan;

/*
 * Hands @req, just taken from @slot's cell, to the controller.  Return: 0,
 * or the error of usb_ep_queue(), in which case @req is back in the cell.
 */
static int kcell_ss_queue(struct kcell_ss_slot *slot, struct usb_request *req)
{
	struct kcell_ss_pool *pool = slot->pool;
	int err;

	/*
	 * A loopback IN request carries what its OUT partner received.  An
	 * OUT request asks for whole packets, as Gadget Zero's do (some
	 * controllers need it); the buffer is allocated for any speed's.
	 */
	if (pool->in && !pool->loop)
		req->length = pool->buflen;
	else if (!pool->in)
		req->length = usb_ep_align(pool->ep, pool->buflen);
	/*
	 * A sink's buffer gets a filler the pattern rejects, so that bytes of
	 * an earlier transfer cannot pass for a short one the controller
	 * reported but did not write.  A source's buffer keeps the pattern
	 * kcell_ss_pool_start() wrote: the controller only reads it.
	 */
	if (!pool->loop && !pool->in && pool->pattern != KCELL_SS_PATTERN_NONE)
		memset(req->buf, 0x55, req->length);
	/* Before: the completion may run before usb_ep_queue() returns. */
	atomic_inc(&kcell_ss_queued);
	err = usb_ep_queue(pool->ep, req, GFP_ATOMIC);
	if (err) {
		atomic_dec(&kcell_ss_queued);
		take_cell_put(&slot->req, req);
	}
	return err;
}

/* A request could not go back to the controller: the host must notice. */
static void kcell_ss_queue_failed(struct kcell_ss_pool *pool, int err)
{
	/*
	 * -ESHUTDOWN: the endpoint is being disabled.  A stopped pool: the
	 * endpoint was disabled after the completion looked (dummy_hcd then
	 * refuses with -EINVAL); the request waits in its cell for the next
	 * start.  Nothing to report either way.
	 */
	if (err == -ESHUTDOWN || !READ_ONCE(pool->running))
		return;
	pr_err_ratelimited("%s: cannot queue a request: %d\n", pool->ep->name,
			   err);
	usb_ep_set_halt(pool->ep);
}

/* The slot of the other direction paired with a loopback @slot. */
static struct kcell_ss_slot *kcell_ss_partner(struct kcell_ss_slot *slot)
{
	struct kcell_ss_pool *pool = slot->pool;

	return &pool->loop->slots[slot - pool->slots];
}

/*
 * Loopback: @req completed on @slot's endpoint; its buffer moves to the
 * request of the same slot on the other endpoint, which goes to the
 * controller.  The buffer is in one of the two requests only: the one idle
 * in its cell has none.  Only one request of a pair is ever queued, so the
 * partner is in its cell now.
 */
static void kcell_ss_loop(struct kcell_ss_slot *slot, struct usb_request *req)
{
	struct kcell_ss_pool *pool = slot->pool;
	struct kcell_ss_slot *partner = kcell_ss_partner(slot);
	struct usb_request *next = take_cell_take(&partner->req);
	int err;

	if (WARN_ONCE(!next, "kcell_ss: loopback pair %td broken\n",
		      slot - pool->slots)) {
		take_cell_put(&slot->req, req);
		return;
	}
	next->buf = req->buf;
	req->buf = NULL;
	if (!pool->in) {
		next->length = req->actual;
		/* A short echo ends with a short packet, as it came in. */
		next->zero = req->actual < req->length;
	}
	take_cell_put(&slot->req, req);
	err = kcell_ss_queue(partner, next);
	if (err)
		kcell_ss_queue_failed(pool->loop, err);
}

/*
 * Loopback: the pair of @slot stopped in the middle of an echo, its buffer
 * in the IN request.  Moves it back into @req, @slot's OUT request.
 * Return: whether @req has a buffer now; not if the IN request is not
 * back from the controller yet.
 */
static bool kcell_ss_loop_reclaim(struct kcell_ss_slot *slot,
				  struct usb_request *req)
{
	struct kcell_ss_slot *partner = kcell_ss_partner(slot);
	struct usb_request *echo = take_cell_take(&partner->req);

	if (echo) {
		req->buf = echo->buf;
		echo->buf = NULL;
		take_cell_put(&partner->req, echo);
	}
	return !!req->buf;
}

/* kcell_ss_kick() of a pool that runs, inside a borrow of its domain. */
static int kcell_ss_kick_live(struct kcell_ss_slot *slot)
{
	struct kcell_ss_pool *pool = slot->pool;
	struct usb_request *req;

	req = take_cell_take(&slot->req);
	if (!req)
		return 0;
	if (pool->loop && !req->buf && !kcell_ss_loop_reclaim(slot, req)) {
		take_cell_put(&slot->req, req);
		return 0;
	}
	if (pool->in && !pool->loop)
		kcell_ss_pattern_fill(pool, req->buf, pool->buflen);
	return kcell_ss_queue(slot, req);
}

/*
 * Queues @slot's request if it is in its cell, the pool runs and its
 * domain is live.  A loopback IN request waits for data from OUT: its OUT
 * partner is queued instead (it takes its buffer back from the IN request
 * if an echo was cut short).  A source's buffer gets the pattern first:
 * it depends on the endpoint's wMaxPacketSize, set for each connection's
 * speed.  Not before each requeue: the controller only reads an IN
 * buffer, so it holds the pattern every time the request comes back
 * (Gadget Zero refills it each time).
 */
static int kcell_ss_kick(struct kcell_ss_slot *slot)
{
	struct kcell_ss_pool *pool = slot->pool;
	int err = 0;

	if (pool->loop && pool->in)
		return kcell_ss_kick(kcell_ss_partner(slot));
	/*
	 * Pairs with the one in kcell_ss_pool_start(), which the domain's
	 * start calls after the re-arm: the request is out.
	 */
	smp_mb();
	if (!READ_ONCE(pool->running))
		return 0;
	/* Revoked: the request waits for the recovery's start. */
	kcell_domain_borrow(pool->domain)
		err = kcell_ss_kick_live(slot);
	return err;
}

/*
 * A request came back cut short, or could not be queued again: to its
 * cell, and to the controller again if the pool runs (it started again
 * while the request was away).
 */
static void kcell_ss_park(struct kcell_ss_slot *slot, struct usb_request *req)
{
	struct kcell_ss_pool *pool = slot->pool;
	int err;

	take_cell_put(&slot->req, req);
	err = kcell_ss_kick(slot);
	if (err)
		kcell_ss_queue_failed(pool->loop && pool->in ? pool->loop : pool,
				      err);
}

/* Whether an OUT completion claims more bytes than its request asked. */
static bool kcell_ss_overflowed(const struct usb_request *req)
{
	if (unlikely(req->actual > req->length))
		return true;
	return !req->status &&
	       unlikely(atomic_dec_if_positive(&kcell_ss_inject_overflows) >= 0);
}

/* kcell_ss_complete() inside a borrow of the pool's domain. */
static void kcell_ss_complete_live(struct usb_ep *ep,
				   struct kcell_ss_slot *slot,
				   struct usb_request *req)
{
	struct kcell_ss_pool *pool = slot->pool;
	int err;

	/*
	 * Cut short (endpoint reset, dequeued, disconnect or endpoint
	 * disabled), or back while the pool is stopped: to its cell, and
	 * queued again from there if the pool runs.
	 */
	if (req->status == -ECONNABORTED || req->status == -ECONNRESET ||
	    req->status == -ESHUTDOWN || !READ_ONCE(pool->running)) {
		kcell_ss_park(slot, req);
		return;
	}
	/*
	 * The controller's count is not trusted: an OUT transfer longer than
	 * the request is dropped (and counted), so that neither the sink's
	 * check nor an echo reads past what was asked for, and the function
	 * is reset: the request waits in its cell for the recovery's start.
	 */
	if (!pool->in && kcell_ss_overflowed(req)) {
		atomic_inc(&kcell_ss_bad_lengths);
		kcell_domain_fault(pool->domain, KCELL_FAULT_GARBAGE);
		kcell_ss_park(slot, req);
		return;
	}
	if (!req->status) {
		WRITE_ONCE(pool->transfers, pool->transfers + 1);
		WRITE_ONCE(pool->bytes, pool->bytes + req->actual);
		if (pool->loop) {
			kcell_ss_loop(slot, req);
			return;
		}
		/* The host sees the endpoint halt, as with Gadget Zero. */
		if (!pool->in &&
		    !kcell_ss_pattern_check(pool, req->buf, req->actual))
			usb_ep_set_halt(ep);
	}
	/* Done, or a short read: go on. */
	err = kcell_ss_queue(slot, req);
	if (err)
		kcell_ss_queue_failed(pool, err);
}

/* The controller gives a request back: the function owns it again. */
static void kcell_ss_complete(struct usb_ep *ep, struct usb_request *req)
{
	struct kcell_ss_slot *slot = req->context;
	struct kcell_ss_pool *pool = READ_ONCE(slot->pool);
	bool live = false;

	atomic_dec(&kcell_ss_queued);
	if (pool == &kcell_ss_orphan) {
		take_cell_put(&slot->req, req);
		return;
	}
	kcell_domain_borrow(pool->domain) {
		kcell_ss_complete_live(ep, slot, req);
		live = true;
	}
	/* A fault is being recovered from: to its cell, until the start. */
	if (!live)
		kcell_ss_park(slot, req);
}

/**
 * kcell_ss_pool_alloc() - allocate a pool's requests and buffers
 * @pool: the pool, with @ep, @loop, @buflen, @pattern and @in set
 * @qlen: number of requests
 * @gfp: allocation flags
 *
 * Every request starts in its cell.  In loopback the IN requests get no
 * buffer: each borrows its OUT partner's when there is data to echo.
 *
 * Return: 0, or -ENOMEM with nothing allocated.
 */
int kcell_ss_pool_alloc(struct kcell_ss_pool *pool, unsigned int qlen,
			gfp_t gfp)
{
	bool borrows = pool->loop && pool->in;
	/* Room for an OUT length rounded up to packets. */
	size_t buflen = round_up(pool->buflen, KCELL_SS_MAXP_MAX);
	struct usb_request *req;
	unsigned int i;

	/* Stopped until kcell_ss_pool_start(), whatever the last bind left. */
	WRITE_ONCE(pool->running, false);
	pool->nslots = 0;
	pool->transfers = 0;
	pool->bytes = 0;
	pool->slots = kcalloc(qlen, sizeof(*pool->slots), gfp);
	if (!pool->slots)
		return -ENOMEM;
	for (i = 0; i < qlen; i++) {
		struct kcell_ss_slot *slot = &pool->slots[i];

		slot->pool = pool;
		take_cell_init(&slot->req, NULL);
		req = usb_ep_alloc_request(pool->ep, gfp);
		if (!req)
			goto nomem;
		if (!borrows) {
			req->buf = kcell_ss_buf_alloc(buflen, gfp);
			if (!req->buf) {
				usb_ep_free_request(pool->ep, req);
				goto nomem;
			}
		}
		atomic_inc(&kcell_ss_held);
		req->complete = kcell_ss_complete;
		req->context = slot;
		take_cell_put(&slot->req, req);
		pool->nslots++;
	}
	return 0;

nomem:
	kcell_ss_pool_free(pool);
	return -ENOMEM;
}

/**
 * kcell_ss_pool_start() - hand the requests of a pool to the controller
 * @pool: an allocated pool whose endpoint was just enabled
 *
 * The pool runs from here: every request in its cell is queued now, and
 * one still with the controller from before the endpoint was last
 * disabled is queued when it comes back.  A loopback IN pool queues
 * nothing: its requests wait for data from OUT, and a loopback OUT request
 * first takes its buffer back from its IN partner if an echo was cut
 * short.
 *
 * Return: 0, or the error of the first usb_ep_queue() that failed; the
 * requests queued before it stay queued until the endpoint is disabled.
 */
int kcell_ss_pool_start(struct kcell_ss_pool *pool)
{
	unsigned int i;
	int err;

	WRITE_ONCE(pool->running, true);
	if (pool->loop && pool->in)
		return 0;
	/* kcell_ss_kick() orders this store before it looks at each cell. */
	for (i = 0; i < pool->nslots; i++) {
		err = kcell_ss_kick(&pool->slots[i]);
		if (err)
			return err;
	}
	return 0;
}

/**
 * kcell_ss_pool_stop() - stop a pool, before its endpoint is disabled
 * @pool: the pool
 *
 * From here a request the controller gives back stays in its cell until
 * the next kcell_ss_pool_start().
 */
void kcell_ss_pool_stop(struct kcell_ss_pool *pool)
{
	WRITE_ONCE(pool->running, false);
	/* Completions that look after this see it (pairs with kcell_ss_kick). */
	smp_mb();
}

/**
 * kcell_ss_pool_away() - requests still with the controller
 * @pool: an allocated pool
 *
 * A snapshot: completions may bring them back at any moment.
 *
 * Return: the number of @pool's requests not in their cells.
 */
unsigned int kcell_ss_pool_away(struct kcell_ss_pool *pool)
{
	unsigned int i, away = 0;

	for (i = 0; i < pool->nslots; i++)
		away += take_cell_is_none(&pool->slots[i].req);
	return away;
}

/**
 * kcell_ss_pool_free() - free a pool's requests and buffers
 * @pool: the pool, stopped; its endpoint, and in loopback its partner's
 *	endpoint, must be disabled (the function's unbind)
 *
 * Waits 100 to 200 ms at most for requests still with the controller (a
 * completion running on another CPU).  One that does not come back is not freed
 * (nor, in loopback, the buffer it holds), and neither is the slot array: each
 * slot is pointed at an orphan pool first, so a completion coming later touches
 * only memory that stays.  Then an RCU grace period lets a completion that
 * looked at the old pool finish, even one whose request is back (a park looks
 * at the pool after its put); controllers give requests back with interrupts
 * off.
 *
 * Return: the number of requests the controller did not give back.
 */
unsigned int kcell_ss_pool_free(struct kcell_ss_pool *pool)
{
	struct usb_request *req;
	unsigned int i, lost, tries = 100;

	while ((lost = kcell_ss_pool_away(pool)) && tries--)
		usleep_range(1000, 2000);
	if (lost)
		for (i = 0; i < pool->nslots; i++)
			WRITE_ONCE(pool->slots[i].pool, &kcell_ss_orphan);
	synchronize_rcu();
	for (i = 0; i < pool->nslots; i++) {
		req = take_cell_take(&pool->slots[i].req);
		if (!req)
			continue;
		kcell_ss_buf_free(req->buf);
		usb_ep_free_request(pool->ep, req);
		atomic_dec(&kcell_ss_held);
	}
	/* Kept for the lost requests' completions, which point into it. */
	if (!lost)
		kfree(pool->slots);
	pool->slots = NULL;
	pool->nslots = 0;
	return lost;
}

/**
 * kcell_ss_pool_show() - one line about a pool, for the stats attribute
 * @pool: an allocated pool, not being freed (the caller's borrow of the
 *	function's binding sees to it)
 * @page: the attribute's page
 * @at: where the line starts in @page
 *
 * "DIR EP requests N queued Q transfers T bytes B": the direction, the
 * endpoint's name (the controller's memory), the requests allocated, those
 * with the controller now, and the counts since the pool was allocated.
 * A snapshot: completions go on while it is taken.
 *
 * Return: the number of bytes written, as sysfs_emit_at().
 */
int kcell_ss_pool_show(struct kcell_ss_pool *pool, char *page, int at)
{
	return sysfs_emit_at(page, at,
			     "%s %s requests %u queued %u transfers %lu bytes %lu\n",
			     pool->in ? "in" : "out", pool->ep->name,
			     pool->nslots, kcell_ss_pool_away(pool),
			     READ_ONCE(pool->transfers), READ_ONCE(pool->bytes));
}
