// SPDX-License-Identifier: GPL-2.0
/*
 * An RNG driver that debugs with its random bytes: it logs them, traces
 * them, and decides things on them.  Each is a leak sparse cannot see
 * (variadic arguments, branches).
 */
#include <linux/device.h>
#include <linux/printk.h>
#include <kcell/secret.h>

#include "acme_rng_state.h"

struct acme_rng {
	struct device *dev;
	DECLARE_SECRET_BYTES(pool, 64);
	unsigned int rejects;
};

static void acme_log(struct acme_rng *rng, const secret_byte *data,
		     size_t len)
{
	secret_u8 first = secret_load_u8(data, 0);

	pr_debug("got %zu bytes: %*ph\n", len, (int)len, data);	/* KCELL-EXPECT */
	dev_info(rng->dev, "first byte %u\n", first);		/* KCELL-EXPECT */
	print_hex_dump_bytes("pool: ", DUMP_PREFIX_NONE,
			     secret_bytes(&rng->pool), 16);		/* KCELL-EXPECT */
	pr_info("word %x\n", secret_load_u32(data));		/* KCELL-EXPECT */
}

static bool acme_reject(struct acme_rng *rng, const secret_byte *data)
{
	secret_u8 b = secret_load_u8(data, 1);
	secret_u32 w = secret_load_u32(data);
	int i;

	if (b == secret_label_u8(0xff))				/* KCELL-EXPECT */
		rng->rejects++;
	while (w)						/* KCELL-EXPECT */
		w = secret_shr(w, 1);
	for (i = 0; secret_load_u8(data, i); i++)		/* KCELL-EXPECT */
		;
	return secret_load_u8(data, 2) ? true : false;		/* KCELL-EXPECT */
}

static int acme_pick(const secret_byte *data, int a, int b)
{
	if (a > b && secret_load_u8(data, 3))			/* KCELL-EXPECT */
		return a;
	return b;
}

static int acme_state_branch(struct acme_rng_state *st,
			     const secret_byte *data)
{
	int n = 0;

	if (st->last)						/* KCELL-EXPECT */
		n++;
	switch (secret_load_u8(data, 4)) {			/* KCELL-EXPECT */
	case 0:
		n++;
		break;
	default:
		break;
	}
	switch (st->word) {					/* KCELL-EXPECT */
	default:
		n--;
	}
	return n;
}
