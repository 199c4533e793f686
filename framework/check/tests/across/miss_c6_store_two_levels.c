// SPDX-License-Identifier: GPL-2.0
/*
 * Not caught (class 6): a borrow handed to a helper that hands it on to a
 * second helper, which stores it.  The file's summary is one level deep.
 */
#include "common.h"

struct case_stats {
	u64 packets;
};

struct case_priv {
	DECLARE_MAP_CELL(stats, struct case_stats);
	struct case_stats *last;
};

static struct case_priv case_priv;

static void keep(struct case_priv *p, struct case_stats *st)
{
	p->last = st;
}

static void account(struct case_priv *p, struct case_stats *st)
{
	st->packets++;
	keep(p, st);
}

static void count(struct case_priv *p)
{
	map_cell_map(&p->stats, st) {
		account(p, st);					/* KCELL-MISS */
	}
}

static void entry(struct case_dev *d, struct case_ring *r)
{
	count(&case_priv);
}
