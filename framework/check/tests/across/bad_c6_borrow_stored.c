// SPDX-License-Identifier: GPL-2.0
/*
 * Class 6: a borrow from a cell kept past its body: stored into a field
 * or a global in the body, or handed to a helper of the file that stores
 * it.  The cells guard the value only while the body runs.
 */
#include "common.h"

struct case_stats {
	u64 packets;
	u64 bytes;
};

struct case_priv {
	DECLARE_MAP_CELL(stats, struct case_stats);
	DECLARE_TAKE_CELL(spare, struct case_stats);
	struct case_stats *last;
};

static struct case_priv case_priv;
static struct case_stats *case_debug;

static void remember(struct case_priv *p, struct case_stats *st)
{
	p->last = st;
}

static void publish(struct case_stats *st)
{
	WRITE_ONCE(case_debug, st);
}

static void count(struct case_priv *p, unsigned int len)
{
	map_cell_map(&p->stats, st) {
		st->packets++;
		st->bytes += len;
		p->last = st;				/* KCELL-EXPECT */
		remember(p, st);			/* KCELL-EXPECT */
		publish(st);				/* KCELL-EXPECT */
	}
}

static void use_spare(struct case_priv *p)
{
	take_cell_map(&p->spare, sp) {
		sp->packets = 0;
		case_debug = sp;			/* KCELL-EXPECT */
		remember(p, sp);			/* KCELL-EXPECT */
	}
}

static void entry(struct case_dev *d, struct case_ring *r)
{
	count(&case_priv, 64);
	use_spare(&case_priv);
	pr_info("%p\n", case_priv.last);
}
