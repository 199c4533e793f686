// SPDX-License-Identifier: GPL-2.0
/*
 * The same driver done right: labelled bytes move between labelled
 * buffers, are mixed with bitwise operators and labelled arithmetic, and
 * leave only through declassify_*(); what it logs and branches on is
 * plain, or a bit it declassified on purpose.
 */
#include <linux/device.h>
#include <linux/printk.h>
#include <linux/uio.h>
#include <kcell/secret.h>

#include "acme_rng_state.h"

struct acme_rng {
	struct device *dev;
	DECLARE_SECRET_BYTES(pool, 64);
	unsigned int served;
};

static secret_u32 acme_mix(const secret_byte *data, secret_u32 acc)
{
	secret_u32 w = secret_load_u32(data);

	acc = secret_add(acc, w) ^ secret_shl(w, 7);
	return secret_mul(acc, secret_label_u32(2654435761u));
}

static void acme_fill(struct acme_rng *rng, const secret_byte *data,
		      size_t len)
{
	secret_copy(secret_bytes(&rng->pool), data, min(len, secret_size(&rng->pool)));
	dev_dbg(rng->dev, "%zu bytes in\n", len);
}

static ssize_t acme_read(struct acme_rng *rng, struct iov_iter *to)
{
	size_t n = min(iov_iter_count(to), secret_size(&rng->pool));

	n = declassify_to_iter(secret_bytes(&rng->pool), n, to);
	secret_wipe(secret_bytes(&rng->pool), secret_size(&rng->pool));
	rng->served += n;
	pr_debug("served %zu\n", n);
	return n;
}

static bool acme_parity(struct acme_rng *rng)
{
	secret_u8 b = secret_load_u8(secret_bytes(&rng->pool), 0);

	/* The one bit decided on, declassified where it is decided. */
	if (declassify_u8(b & secret_label_u8(1)))
		return true;
	return declassify_u32(acme_mix(secret_bytes(&rng->pool),
				       secret_label_u32(0))) > 7;
}

/* Branches on what was declassified, and on the plain members. */
static int acme_state_branch(struct acme_rng_state *st)
{
	switch (declassify_u8(st->last & secret_label_u8(3))) {
	case 0:
		return 0;
	default:
		break;
	}
	if (st->reads > 16)
		return 1;
	st->word = secret_add(st->word, secret_label_u32(1));
	return declassify_u32(st->word & secret_label_u32(1)) ? 2 : 3;
}
