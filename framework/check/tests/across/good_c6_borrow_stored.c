// SPDX-License-Identifier: GPL-2.0
/*
 * The twin of bad_c6_borrow_stored.c: the bodies copy the value out, and
 * the helpers given the borrow only read through it.
 */
#include "common.h"

struct case_stats {
	u64 packets;
	u64 bytes;
};

struct case_priv {
	DECLARE_MAP_CELL(stats, struct case_stats);
	DECLARE_TAKE_CELL(spare, struct case_stats);
	struct case_stats snapshot;
	u64 total;
};

static struct case_priv case_priv;

static void add_up(struct case_priv *p, const struct case_stats *st)
{
	p->total += st->bytes;
}

static void count(struct case_priv *p, unsigned int len)
{
	map_cell_map(&p->stats, st) {
		st->packets++;
		st->bytes += len;
		p->snapshot = *st;
		add_up(p, st);
	}
}

static void use_spare(struct case_priv *p)
{
	take_cell_map(&p->spare, sp) {
		sp->packets = 0;
		add_up(p, sp);
	}
}

static void entry(struct case_dev *d, struct case_ring *r)
{
	count(&case_priv, 64);
	use_spare(&case_priv);
	pr_info("%llu\n", case_priv.total);
}
