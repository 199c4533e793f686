// SPDX-License-Identifier: GPL-2.0
/*
 * The same operations as kcell_sparse_misuse.c written through the API:
 * sparse must report nothing here.
 */
#include <linux/module.h>
#include <kcell/kcell.h>

struct clean_buf {
	int len;
};

struct clean_desc {
	kcell_dma_le64_t addr;
	__le32 len;
};

struct clean_dev {
	DECLARE_TAKE_CELL(buf, struct clean_buf);
	DECLARE_MAP_CELL(stats, u64);
	DECLARE_OPTIONAL_CELL(flags, unsigned long);
	struct dma_lease lease;
	struct dma_region ring;
};

static void clean_program(kcell_dma_t addr)
{
	pr_info("%u\n", kcell_dma_lower_32_bits(addr));
}

static int clean_peek(struct clean_dev *d)
{
	unsigned long flags;
	int n = 0;
	u64 v = 0;

	take_cell_map(&d->buf, b)
		n += b->len;
	if (take_cell_is_some(&d->buf))
		n++;
	map_cell_map(&d->stats, s)
		v = *s;
	if (optional_cell_get(&d->flags, &flags))
		n++;
	n += dma_lease_len(&d->lease) + dma_region_size(&d->ring);
	return n + v;
}

static void clean_program_all(struct clean_dev *d)
{
	kcell_dma_t bus = dma_lease_grant(&d->lease);

	if (!kcell_dma_is_error(bus))
		clean_program(bus);
	clean_program(dma_region_addr(&d->ring, 0));
	dma_region_write_field(&d->ring, 0, struct clean_desc, addr,
			       kcell_dma_to_desc(bus));
	dma_region_write_field(&d->ring, 0, struct clean_desc, len,
			       cpu_to_le32(64));
	dma_lease_reclaim(&d->lease);
}

/* Labelled secrets (secret.h), moved and mixed as the API allows. */
struct clean_rng {
	DECLARE_SECRET_BYTES(pool, 32);
	DECLARE_SECRET_BYTES(spare, 32);
};

static u32 clean_secrets(struct clean_rng *r, void __user *ubuf)
{
	secret_byte *pool = secret_bytes(&r->pool);
	secret_u32 w = secret_load_u32(pool);
	secret_u8 b = secret_load_u8(pool, 0) ^ secret_label_u8(0x5a);
	u8 out[4];

	secret_copy(secret_bytes(&r->spare), pool, secret_size(&r->pool));
	w = secret_add(w, secret_label_u32(1)) & ~secret_shl(w, 3);
	w = secret_mul(secret_sub(w, secret_label_u32(7)), w);
	secret_store_u32(pool, w);
	secret_store_u8(pool, 1, b);
	declassify_copy(out, pool, sizeof(out));
	if (declassify_to_user(ubuf, secret_bytes(&r->spare), 4))
		return 0;
	secret_wipe(pool, secret_size(&r->pool));
	return out[0] + declassify_u32(w);
}

/* A fault domain (domain.h), used through its operations only. */
static void clean_domain_step(struct kcell_domain *dom)
{
}

static int clean_domain_restart(struct kcell_domain *dom)
{
	return 0;
}

static const struct kcell_domain_ops clean_domain_ops = {
	.quiesce	= clean_domain_step,
	.reclaim	= clean_domain_step,
	.restart	= clean_domain_restart,
};

static u64 clean_domain(struct kcell_domain *dom)
{
	struct kcell_domain_stats st;
	u64 n = 0;

	kcell_domain_init(dom, &clean_domain_ops, 100);
	kcell_domain_borrow(dom)
		n++;
	if (kcell_domain_is_live(dom))
		kcell_domain_fault(dom, KCELL_FAULT_STUCK);
	kcell_domain_retry_now(dom);
	kcell_domain_read_stats(dom, &st);
	n += st.faults[kcell_domain_last_fault(dom)];
	return n + kcell_domain_stop(dom);
}

static int __init clean_init(void)
{
	static struct kcell_domain dom;
	struct clean_dev d = {};
	struct clean_rng r = {};

	take_cell_init(&d.buf, NULL);
	map_cell_init(&d.stats);
	optional_cell_init(&d.flags);
	clean_program_all(&d);
	clean_secrets(&r, NULL);
	clean_domain(&dom);
	return clean_peek(&d);
}
module_init(clean_init);

MODULE_DESCRIPTION("kcell: the API, which sparse must accept");
MODULE_LICENSE("GPL");
