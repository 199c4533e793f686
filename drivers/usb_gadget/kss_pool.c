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
 * begun may still be running on another CPU when it returns, and it must
 * find its slot.  Stopping is disabling the endpoint; starting again
 * queues whatever is back in the cells.  At unbind a cell still empty
 * holds a request the controller never gave back: it is counted and not
 * freed, because the controller may still write to it.
 */
#define pr_fmt(fmt) "kcell_ss: " fmt

#include <linux/slab.h>
#include <linux/string.h>
#include <linux/usb/ch9.h>

#include "kss_pool.h"

/*
 * Where request buffers come from.  The KUnit suite, which includes this
 * file, defines both first to count them: nothing else sees a kfree().
 */
#ifndef kss_buf_alloc
#define kss_buf_alloc(len, gfp)	kmalloc(len, gfp)
#define kss_buf_free(buf)	kfree(buf)
#endif

/* Pattern 1: byte i of a transfer is (i mod wMaxPacketSize) mod 63. */
static u8 kss_pattern_byte(const struct kss_pool *pool, unsigned int i)
{
	return (i % usb_endpoint_maxp(pool->ep->desc)) % 63;
}

/**
 * kss_pattern_fill() - write a source's data pattern
 * @pool: the pool whose endpoint and pattern to use
 * @buf: the bytes of one transfer
 * @len: their number
 *
 * KSS_PATTERN_NONE leaves @buf as it is, as Gadget Zero does.
 */
static void kss_pattern_fill(const struct kss_pool *pool, u8 *buf,
			     unsigned int len)
{
	unsigned int i;

	if (pool->pattern == KSS_PATTERN_ZERO)
		memset(buf, 0, len);
	else if (pool->pattern == KSS_PATTERN_MOD63)
		for (i = 0; i < len; i++)
			buf[i] = kss_pattern_byte(pool, i);
}

/**
 * kss_pattern_check() - check what a sink received against its pattern
 * @pool: the pool whose endpoint and pattern to use
 * @buf: the bytes of one transfer
 * @len: their number
 *
 * The first wrong byte is logged (rate-limited).
 *
 * Return: true if all @len bytes fit the pattern; KSS_PATTERN_NONE accepts
 * anything.
 */
static bool kss_pattern_check(const struct kss_pool *pool, const u8 *buf,
			      unsigned int len)
{
	const u8 *bad = NULL;
	unsigned int i;

	if (pool->pattern == KSS_PATTERN_ZERO) {
		/* A word at a time, where Gadget Zero goes byte by byte. */
		bad = memchr_inv(buf, 0, len);
	} else if (pool->pattern == KSS_PATTERN_MOD63) {
		for (i = 0; i < len && !bad; i++)
			if (buf[i] != kss_pattern_byte(pool, i))
				bad = &buf[i];
	}
	if (!bad)
		return true;
	i = bad - buf;
	/* A host sending the wrong pattern sends a lot of it. */
	pr_err_ratelimited("%s: bad OUT byte %u: %#x, not %#x\n",
			   pool->ep->name, i, buf[i],
			   pool->pattern == KSS_PATTERN_ZERO ? 0 :
			   kss_pattern_byte(pool, i));
	return false;
}

/*
 * Hands @req, just taken from @slot's cell, to the controller.  Return: 0,
 * or the error of usb_ep_queue(), in which case @req is back in the cell.
 */
static int kss_queue(struct kss_slot *slot, struct usb_request *req)
{
	struct kss_pool *pool = slot->pool;
	int err;

	/* A loopback IN request carries what its OUT partner received. */
	if (!pool->loop || !pool->in)
		req->length = pool->buflen;
	/*
	 * A sink's buffer gets a filler the pattern rejects, so that bytes of
	 * an earlier transfer cannot pass for a short one the controller
	 * reported but did not write.  A source's buffer keeps the pattern
	 * kss_pool_start() wrote: the controller only reads it.
	 */
	if (!pool->loop && !pool->in && pool->pattern != KSS_PATTERN_NONE)
		memset(req->buf, 0x55, req->length);
	err = usb_ep_queue(pool->ep, req, GFP_ATOMIC);
	if (err)
		take_cell_put(&slot->req, req);
	return err;
}

/* A request could not go back to the controller: the host must notice. */
static void kss_queue_failed(struct kss_pool *pool, int err)
{
	/* -ESHUTDOWN: the endpoint is being disabled; nothing to report. */
	if (err == -ESHUTDOWN)
		return;
	pr_err_ratelimited("%s: cannot queue a request: %d\n", pool->ep->name,
			   err);
	usb_ep_set_halt(pool->ep);
}

/*
 * Loopback: @req completed on @slot's endpoint; its buffer moves to the
 * request of the same slot on the other endpoint, which goes to the
 * controller.  The buffer is in one of the two requests only: the one idle
 * in its cell has none.  Only one request of a pair is ever queued, so the
 * partner is in its cell now.
 */
static void kss_loop(struct kss_slot *slot, struct usb_request *req)
{
	struct kss_pool *pool = slot->pool;
	struct kss_slot *partner = &pool->loop->slots[slot - pool->slots];
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
	err = kss_queue(partner, next);
	if (err)
		kss_queue_failed(pool->loop, err);
}

/* The controller gives a request back: the function owns it again. */
static void kss_complete(struct usb_ep *ep, struct usb_request *req)
{
	struct kss_slot *slot = req->context;
	struct kss_pool *pool = slot->pool;
	int err;

	switch (req->status) {
	case 0:
		if (pool->loop) {
			kss_loop(slot, req);
			return;
		}
		/* The host sees the endpoint halt, as with Gadget Zero. */
		if (!pool->in &&
		    !kss_pattern_check(pool, req->buf, req->actual))
			usb_ep_set_halt(ep);
		break;
	case -ECONNABORTED:	/* endpoint reset */
	case -ECONNRESET:	/* dequeued */
	case -ESHUTDOWN:	/* disconnect, or the endpoint disabled */
		take_cell_put(&slot->req, req);
		return;
	default:		/* short read, overflow: go on */
		break;
	}
	err = kss_queue(slot, req);
	if (err)
		kss_queue_failed(pool, err);
}

/**
 * kss_pool_alloc() - allocate a pool's requests and buffers
 * @pool: the pool, with @ep, @loop, @buflen, @pattern and @in set
 * @qlen: number of requests
 * @gfp: allocation flags
 *
 * Every request starts in its cell.  In loopback the IN requests get no
 * buffer: each borrows its OUT partner's when there is data to echo.
 *
 * Return: 0, or -ENOMEM with nothing allocated.
 */
int kss_pool_alloc(struct kss_pool *pool, unsigned int qlen, gfp_t gfp)
{
	bool borrows = pool->loop && pool->in;
	struct usb_request *req;
	unsigned int i;

	pool->nslots = 0;
	pool->slots = kcalloc(qlen, sizeof(*pool->slots), gfp);
	if (!pool->slots)
		return -ENOMEM;
	for (i = 0; i < qlen; i++) {
		struct kss_slot *slot = &pool->slots[i];

		slot->pool = pool;
		take_cell_init(&slot->req, NULL);
		req = usb_ep_alloc_request(pool->ep, gfp);
		if (!req)
			goto nomem;
		if (!borrows) {
			req->buf = kss_buf_alloc(pool->buflen, gfp);
			if (!req->buf) {
				usb_ep_free_request(pool->ep, req);
				goto nomem;
			}
		}
		req->complete = kss_complete;
		req->context = slot;
		take_cell_put(&slot->req, req);
		pool->nslots++;
	}
	return 0;

nomem:
	kss_pool_free(pool);
	return -ENOMEM;
}

/*
 * Loopback: the pair of @slot stopped in the middle of an echo, its buffer
 * in the IN request.  Moves it back into @req, @slot's OUT request.
 * Return: whether @req has a buffer now; not if the IN request is not
 * back from the controller yet.
 */
static bool kss_loop_reclaim(struct kss_slot *slot, struct usb_request *req)
{
	struct kss_pool *pool = slot->pool;
	struct kss_slot *partner = &pool->loop->slots[slot - pool->slots];
	struct usb_request *echo = take_cell_take(&partner->req);

	if (echo) {
		req->buf = echo->buf;
		echo->buf = NULL;
		take_cell_put(&partner->req, echo);
	}
	return !!req->buf;
}

/**
 * kss_pool_start() - hand the requests of a pool to the controller
 * @pool: an allocated pool whose endpoint was just enabled
 *
 * Queues every request that is in its cell; one still with the controller
 * from before the endpoint was last disabled goes back to its cell when
 * its completion ends, and waits there for the next start.  A loopback IN
 * pool queues nothing: its requests wait for data from OUT, and a loopback
 * OUT request first takes its buffer back from its IN partner if an echo
 * was cut short.
 *
 * Return: 0, or the error of the first usb_ep_queue() that failed; the
 * requests queued before it stay queued until the endpoint is disabled.
 */
int kss_pool_start(struct kss_pool *pool)
{
	struct kss_slot *slot;
	struct usb_request *req;
	unsigned int i;
	int err;

	if (pool->loop && pool->in)
		return 0;
	for (i = 0; i < pool->nslots; i++) {
		slot = &pool->slots[i];
		req = take_cell_take(&slot->req);
		if (!req)
			continue;
		if (pool->loop && !req->buf && !kss_loop_reclaim(slot, req)) {
			take_cell_put(&slot->req, req);
			continue;
		}
		/*
		 * At every start: the pattern depends on the endpoint's
		 * wMaxPacketSize, set for this connection's speed.  Not before
		 * each requeue: the controller only reads an IN buffer, so it
		 * holds the pattern every time the request comes back (Gadget
		 * Zero refills it each time).
		 */
		if (pool->in && !pool->loop)
			kss_pattern_fill(pool, req->buf, pool->buflen);
		err = kss_queue(slot, req);
		if (err)
			return err;
	}
	return 0;
}

/**
 * kss_pool_free() - free a pool's requests and buffers
 * @pool: the pool; its endpoint, and in loopback its partner's endpoint,
 *	must be disabled and every completion over (the function's unbind)
 *
 * Return: the number of requests the controller did not give back; they
 * are not freed (nor, in loopback, the buffer one of them holds).
 */
unsigned int kss_pool_free(struct kss_pool *pool)
{
	struct usb_request *req;
	unsigned int i, lost = 0;

	for (i = 0; i < pool->nslots; i++) {
		req = take_cell_take(&pool->slots[i].req);
		if (!req) {
			lost++;
			continue;
		}
		kss_buf_free(req->buf);
		usb_ep_free_request(pool->ep, req);
	}
	kfree(pool->slots);
	pool->slots = NULL;
	pool->nslots = 0;
	return lost;
}
