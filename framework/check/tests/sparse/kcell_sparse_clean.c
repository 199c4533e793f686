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

static int __init clean_init(void)
{
	struct clean_dev d = {};

	take_cell_init(&d.buf, NULL);
	map_cell_init(&d.stats);
	optional_cell_init(&d.flags);
	clean_program_all(&d);
	return clean_peek(&d);
}
module_init(clean_init);

MODULE_DESCRIPTION("kcell: the API, which sparse must accept");
MODULE_LICENSE("GPL");
