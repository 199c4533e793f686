/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kcell_rng - a virtio-rng driver in the layers of Tock's RNG stack
 *
 *   system calls   kcell_rng_chr.c     /dev/kcell_rng, /dev/hwrng
 *        |  kcell_rng_client: randomness_available()
 *   SimpleRng      kcell_rng_simple.c  one request in flight, cancel
 *        |  kcell_rng_source_client: bytes_ready()
 *   hardware       kcell_rng_virtio.c  the virtqueue and its one buffer
 *
 * Each layer talks to the next through a small table of operations and
 * a callback, the way Tock's capsules talk through HIL traits, so that
 * the upper two layers run under KUnit against a fake hardware layer.
 * State shared between process context and the completion interrupt is
 * in kcell cells; the one lock (kcell_rng_chr.c's pool lock) is named
 * there.
 */
#ifndef _KCELL_RNG_H
#define _KCELL_RNG_H

#include <kcell/kcell.h>
#include <linux/types.h>

struct kcell_rng_source;

/**
 * struct kcell_rng_source_client - what a hardware layer delivers to
 * @bytes_ready: called from the source's completion context (an interrupt)
 *	with @len bytes at @data, or with @err < 0 and no bytes.  Return true
 *	to have the source start the next request at once.
 *
 * The random bytes are labelled secret (include/kcell/secret.h) from the
 * device's buffer to the read that hands them out.
 */
struct kcell_rng_source_client {
	bool (*bytes_ready)(struct kcell_rng_source_client *client,
			    const secret_byte *data, size_t len, int err);
};

/**
 * struct kcell_rng_source_ops - the hardware layer's interface (HIL)
 * @request: start filling the source's buffer; 0, or -EBUSY while a request
 *	is in flight, or -ENODEV once the source is gone.  The bytes arrive
 *	through the client's bytes_ready().
 */
struct kcell_rng_source_ops {
	int (*request)(struct kcell_rng_source *src);
};

/*
 * A hardware layer: its operations, and in @client who gets the bytes (the
 * SimpleRng layer).  (A plain comment: kernel-doc cannot parse the
 * DECLARE_*_CELL() members.)
 */
struct kcell_rng_source {
	const struct kcell_rng_source_ops *ops;
	DECLARE_OPTIONAL_CELL(client, struct kcell_rng_source_client *);
};

/**
 * enum kcell_rng_continue - a client's answer to a delivery
 * @KCELL_RNG_DONE: enough for now
 * @KCELL_RNG_MORE: deliver more bytes as they come
 */
enum kcell_rng_continue {
	KCELL_RNG_DONE,
	KCELL_RNG_MORE,
};

/**
 * struct kcell_rng_client - what the SimpleRng layer delivers to
 * @randomness_available: called in the source's completion context with
 *	the bytes of the request in flight, or with @err < 0.
 * @delivered: called after it, once the request is back in the SimpleRng
 *	(idle, or in flight again for KCELL_RNG_MORE), so that a get() from
 *	here on finds it there; optional.  Wake whoever waits for the bytes
 *	here, not in @randomness_available: a reader woken there, on another
 *	CPU, could ask for more while the request is in neither place, be
 *	told one is in flight, and wait for a delivery that never comes.
 */
struct kcell_rng_client {
	enum kcell_rng_continue
		(*randomness_available)(struct kcell_rng_client *client,
					const secret_byte *data, size_t len,
					int err);
	void (*delivered)(struct kcell_rng_client *client);
};

/**
 * struct kcell_rng_request - the one request a SimpleRng has
 * @delivered: bytes delivered for it so far (statistics)
 *
 * It moves between the @idle and @inflight cells of its SimpleRng: which
 * cell holds it is the SimpleRng's state, and taking it from a cell is
 * the only way to change that state.
 */
struct kcell_rng_request {
	u64 delivered;
};

/*
 * The SimpleRng layer: @as_client is its face towards the source @src,
 * @client the client above; @req is its one request, held by @idle when
 * no request is in flight and by @inflight while one is.
 */
struct kcell_rng_simple {
	struct kcell_rng_source_client as_client;
	struct kcell_rng_source *src;
	DECLARE_OPTIONAL_CELL(client, struct kcell_rng_client *);
	DECLARE_TAKE_CELL(idle, struct kcell_rng_request);
	DECLARE_TAKE_CELL(inflight, struct kcell_rng_request);
	struct kcell_rng_request req;
};

void kcell_rng_simple_init(struct kcell_rng_simple *s,
			   struct kcell_rng_source *src,
			   struct kcell_rng_client *client);
int kcell_rng_simple_get(struct kcell_rng_simple *s);
int kcell_rng_simple_cancel(struct kcell_rng_simple *s);
bool kcell_rng_simple_busy(struct kcell_rng_simple *s);

struct kcell_rng_chr;

struct kcell_rng_chr *kcell_rng_chr_create(struct kcell_rng_source *src,
					   struct device *parent, int index);
int kcell_rng_chr_register(struct kcell_rng_chr *chr);
void kcell_rng_chr_remove(struct kcell_rng_chr *chr);
void kcell_rng_chr_put(struct kcell_rng_chr *chr);
int kcell_rng_chr_held(void);
ssize_t kcell_rng_chr_pull(struct kcell_rng_chr *chr, u8 *buf, size_t len,
			   bool wait);

#endif /* _KCELL_RNG_H */
