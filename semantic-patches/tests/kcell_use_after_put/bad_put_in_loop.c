// SPDX-License-Identifier: GPL-2.0
/*
 * A pool refill that publishes each buffer and then keeps writing to it,
 * and a stats path that parks a sample and then reads it back.
 */
#include <linux/slab.h>
#include <kcell/kcell.h>

#define ACME_POOL	8

struct acme_buf {
	u32 id;
	u32 len;
	u8 data[256];
};

struct acme_sample {
	u64 ts;
	u32 value;
};

struct acme_pool {
	DECLARE_TAKE_CELL(slot[ACME_POOL], struct acme_buf);
	DECLARE_TAKE_CELL(latest, struct acme_sample);
	unsigned int filled;
};

static int acme_pool_refill(struct acme_pool *pool)
{
	struct acme_buf *b;
	int i;

	for (i = 0; i < ACME_POOL; i++) {
		b = kzalloc(sizeof(*b), GFP_KERNEL);
		if (!b)
			return -ENOMEM;
		take_cell_put(&pool->slot[i], b);
		b->id = i;	/* KCELL-EXPECT */
		b->len = sizeof(b->data);	/* (only the first use is reported) */
		pool->filled++;
	}
	return 0;
}

static u32 acme_record(struct acme_pool *pool, struct acme_sample *s)
{
	struct acme_sample *old;

	old = take_cell_replace(&pool->latest, s);
	kfree(old);
	return s->value;	/* KCELL-EXPECT */
}
