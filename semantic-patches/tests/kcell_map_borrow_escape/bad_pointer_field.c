// SPDX-License-Identifier: GPL-2.0
/*
 * Pointers held inside a MapCell value, copied out of the borrow: the
 * memory they point to belongs to the value, which may be replaced or
 * taken as soon as the body ends.
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
	u8 *cur_iv;
	u8 *cur_bytes;
	u32 cur_len;
};

static u8 *acme_last_iv;

static int acme_prepare(struct acme_ctx *ctx, u8 **iv_out)
{
	u8 *iv = NULL;
	int ret = -ENOKEY;

	map_cell_map(&ctx->key, k) {
		ctx->cur_iv = k->iv;	/* KCELL-EXPECT */
		ctx->cur_bytes = k->bytes;	/* KCELL-EXPECT */
		ctx->cur_len = k->len;
		acme_last_iv = k->iv;	/* KCELL-EXPECT */
		iv = k->iv;	/* KCELL-EXPECT */
		ret = 0;
	}
	*iv_out = iv;
	return ret;
}
