// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers that return a pointer into a borrowed MapCell value from inside
 * the map_cell_map() body: the cell is full again when the caller uses it.
 */
#include <linux/types.h>
#include <linux/string.h>
#include <kcell/kcell.h>

struct acme_key {
	u8 bytes[32];
	u8 *iv;
	u32 len;
};

struct acme_ctx {
	DECLARE_MAP_CELL(key, struct acme_key);
	u8 *scratch;
	u8 *cur_iv;
};

static struct acme_key *acme_key_get(struct acme_ctx *ctx)
{
	map_cell_map(&ctx->key, k) {
		if (k->len)
			return k;	/* KCELL-EXPECT */
	}
	return NULL;
}

static u8 *acme_key_bytes(struct acme_ctx *ctx)
{
	map_cell_map(&ctx->key, k)
		return k->bytes;	/* KCELL-EXPECT */
	return NULL;
}

static u32 *acme_key_len(struct acme_ctx *ctx)
{
	map_cell_map(&ctx->key, k) {
		return &k->len;	/* KCELL-EXPECT */
	}
	return NULL;
}

static void *acme_key_raw(struct acme_ctx *ctx)
{
	map_cell_map(&ctx->key, k) {
		return (void *)k;	/* KCELL-EXPECT */
	}
	return NULL;
}
