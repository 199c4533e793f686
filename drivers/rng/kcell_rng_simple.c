// SPDX-License-Identifier: GPL-2.0
/*
 * SimpleRng: between one entropy source and one client, as in Tock's
 * capsules::rng.  It keeps one request, which lives in exactly one of two
 * TakeCells: @idle when nothing is in flight, @inflight while the source
 * fills its buffer.  A get() moves it from @idle to @inflight, the
 * completion moves it back (or leaves it in flight when the client wants
 * more), and cancel() moves it back early, after which the completion
 * finds @inflight empty and drops the bytes.  Moving the request is a
 * single atomic exchange, so process context and the completion interrupt
 * can never both believe they own it.
 */
#include <linux/errno.h>

#include "kcell_rng.h"

static bool simple_bytes_ready(struct kcell_rng_source_client *as_client,
			       const secret_byte *data, size_t len, int err)
{
	struct kcell_rng_simple *s =
		container_of(as_client, struct kcell_rng_simple, as_client);
	struct kcell_rng_request *req = take_cell_take(&s->inflight);
	struct kcell_rng_client *client = NULL;
	enum kcell_rng_continue more = KCELL_RNG_DONE;
	bool kept;

	/* Cancelled while the device worked: the bytes have no taker. */
	if (!req)
		return false;
	if (!err)
		req->delivered += len;
	if (optional_cell_get(&s->client, &client))
		more = client->randomness_available(client, data, len, err);

	/* Still ours if the client wants more: in flight for the next one. */
	kept = more == KCELL_RNG_MORE && !err &&
	       take_cell_put(&s->inflight, req);
	/* A failed put-back cannot happen: only a delivery fills them. */
	if (!kept)
		WARN_ON(!take_cell_put(&s->idle, req));
	/* The request is where a get() looks for it: now wake the waiters. */
	if (client && client->delivered)
		client->delivered(client);
	return kept;
}

/**
 * kcell_rng_simple_init() - set up a SimpleRng between a source and a client
 * @s: the SimpleRng
 * @src: the source below; its client becomes @s
 * @client: the client above
 */
void kcell_rng_simple_init(struct kcell_rng_simple *s,
			   struct kcell_rng_source *src,
			   struct kcell_rng_client *client)
{
	s->as_client.bytes_ready = simple_bytes_ready;
	s->src = src;
	s->req.delivered = 0;
	optional_cell_init(&s->client);
	optional_cell_set(&s->client, client);
	take_cell_init(&s->idle, &s->req);
	take_cell_init(&s->inflight, NULL);
	optional_cell_set(&src->client, &s->as_client);
}

/**
 * kcell_rng_simple_get() - ask for random bytes
 * @s: the SimpleRng
 *
 * The bytes arrive through the client's randomness_available(), which
 * answers whether it wants more.
 *
 * Return: 0; -EBUSY if a request is already in flight; the source's error
 * (the request is then not in flight).
 */
int kcell_rng_simple_get(struct kcell_rng_simple *s)
{
	struct kcell_rng_request *req = take_cell_take(&s->idle);
	int err;

	if (!req)
		return -EBUSY;
	/* In flight before the source may complete, from an interrupt. */
	WARN_ON(!take_cell_put(&s->inflight, req));
	err = s->src->ops->request(s->src);
	if (err) {
		/* Take it back, unless a completion already returned it. */
		req = take_cell_take(&s->inflight);
		if (req)
			WARN_ON(!take_cell_put(&s->idle, req));
	}
	return err;
}

/**
 * kcell_rng_simple_cancel() - give up the request in flight
 * @s: the SimpleRng
 *
 * The source cannot be stopped; its bytes are dropped when they come.
 *
 * Return: 0 if a request was cancelled, -EALREADY if none was in flight.
 */
int kcell_rng_simple_cancel(struct kcell_rng_simple *s)
{
	struct kcell_rng_request *req = take_cell_take(&s->inflight);

	if (!req)
		return -EALREADY;
	WARN_ON(!take_cell_put(&s->idle, req));
	return 0;
}

/**
 * kcell_rng_simple_busy() - whether a request is in flight
 * @s: the SimpleRng
 *
 * Return: true while the request is neither idle nor being moved; a racy
 * hint for statistics and tests.
 */
bool kcell_rng_simple_busy(struct kcell_rng_simple *s)
{
	return take_cell_is_some(&s->inflight);
}
