// SPDX-License-Identifier: GPL-2.0
/*
 * Code that reaches into kcell's insides or forges bus addresses.  Each
 * line marked KCELL-EXPECT must be reported by sparse through kcell-check;
 * no other line may be.  framework/check/tests/run checks both.
 */
#include <linux/module.h>
#include <kcell/kcell.h>

struct misuse_buf {
	int len;
};

struct misuse_desc {
	kcell_dma_le64_t addr;
	__le32 len;
};

struct misuse_dev {
	DECLARE_TAKE_CELL(buf, struct misuse_buf);
	DECLARE_MAP_CELL(stats, u64);
	DECLARE_OPTIONAL_CELL(flags, unsigned long);
	struct dma_lease lease;
	struct dma_region ring;
};

static void misuse_program(kcell_dma_t addr)
{
	pr_info("%u\n", kcell_dma_lower_32_bits(addr));
}

static int misuse_peek(struct misuse_dev *d)
{
	struct misuse_buf *b = d->buf.__kc_ptr;			/* KCELL-EXPECT */
	int n = 0;

	if (d->buf.__kc_ptr)					/* KCELL-EXPECT */
		n++;
	n += d->stats.__kc_val;					/* KCELL-EXPECT */
	n += atomic_read(&d->stats.__kc_state);			/* KCELL-EXPECT */
	n += d->flags.__kc_some;				/* KCELL-EXPECT */
	n += d->lease.__kc_len;					/* KCELL-EXPECT */
	memset(d->lease.__kc_cpu, 0, 4);			/* KCELL-EXPECT */
	n += d->ring.__kc_size;					/* KCELL-EXPECT */
	return n + (b ? b->len : 0);
}

static void misuse_forge(struct misuse_dev *d, dma_addr_t raw)
{
	misuse_program(0x1000);					/* KCELL-EXPECT */
	misuse_program(raw);					/* KCELL-EXPECT */
	misuse_program(d->lease.__kc_bus);			/* KCELL-EXPECT */
}

static void misuse_descriptor(struct misuse_dev *d, u64 raw)
{
	/* A field typed kcell_dma_le64_t takes no other value. */
	dma_region_write_field(&d->ring, 0, struct misuse_desc, addr, /* KCELL-EXPECT */
			       cpu_to_le64(raw));
	dma_region_write_field(&d->ring, 1, struct misuse_desc, addr, /* KCELL-EXPECT */
			       raw);
}

static u64 misuse_launder(kcell_dma_t addr)
{
	return (u64)addr;					/* KCELL-EXPECT */
}

/* Labelled secrets (secret.h) mixed with plain memory and values. */
struct misuse_rng {
	DECLARE_SECRET_BYTES(pool, 32);
	u8 plain[32];
};

static void misuse_secret_copy(void *to, const void *from, size_t n)
{
	memcpy(to, from, n);
}

static u32 misuse_secrets(struct misuse_rng *r, void __user *ubuf)
{
	secret_byte *pool = secret_bytes(&r->pool);
	secret_u32 w = secret_load_u32(pool);
	secret_u8 b = secret_load_u8(pool, 0);
	u32 plain;

	misuse_secret_copy(r->plain, pool, 4);			/* KCELL-EXPECT */
	if (copy_to_user(ubuf, pool, 4))			/* KCELL-EXPECT */
		return 0;
	secret_copy(pool, r->plain, 4);				/* KCELL-EXPECT */
	r->plain[0] = pool[1];					/* KCELL-EXPECT */
	r->plain[1] = r->pool.__kc_bytes[1];			/* KCELL-EXPECT */
	plain = w;						/* KCELL-EXPECT */
	plain += (u32)w;					/* KCELL-EXPECT */
	w = w + secret_label_u32(1);				/* KCELL-EXPECT */
	w = plain;						/* KCELL-EXPECT */
	b = secret_load_u8(r->plain, 1);			/* KCELL-EXPECT */
	return plain + declassify_u8(b);
}

/* A fault domain's private state (domain.h), reached around its API. */
static int misuse_domain(struct kcell_domain *dom)
{
	int n = 0;

	if (dom->__kc_state == 0)				/* KCELL-EXPECT */
		n++;
	dom->__kc_torn = false;					/* KCELL-EXPECT */
	n += dom->__kc_stats.recoveries;			/* KCELL-EXPECT */
	revocable_revoke_start(&dom->__kc_live);		/* KCELL-EXPECT */
	return n;
}

static int __init misuse_init(void)
{
	struct misuse_dev d = {};
	static struct kcell_domain dom;
	struct misuse_rng r = {};

	misuse_forge(&d, 0);
	misuse_descriptor(&d, 0);
	misuse_secrets(&r, NULL);
	misuse_domain(&dom);
	return misuse_peek(&d) + (int)misuse_launder(KCELL_DMA_ERROR);
}
module_init(misuse_init);

MODULE_DESCRIPTION("kcell: misuse sparse must report");
MODULE_LICENSE("GPL");
