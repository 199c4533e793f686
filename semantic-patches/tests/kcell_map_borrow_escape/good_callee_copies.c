// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers given the borrow that keep nothing of it past the call: one
 * packs it into a structure on its own stack, one into a local array, one
 * stores a copy it made (the parameter reassigned first).
 */
#include <linux/slab.h>
#include <kcell/kcell.h>

struct acme_cfg {
	u32 mode;
};

struct acme_args {
	struct acme_cfg *cfg;
	u32 flags;
};

struct acme_priv {
	DECLARE_MAP_CELL(cfg, struct acme_cfg);
	struct acme_cfg *saved;
	u32 mode;
};

static void acme_apply(struct acme_priv *p, struct acme_cfg *cfg)
{
	struct acme_args args;

	args.cfg = cfg;
	args.flags = 0;
	p->mode = args.cfg->mode;
}

static void acme_sum(struct acme_priv *p, struct acme_cfg *cfg)
{
	struct acme_cfg *tab[1];

	tab[0] = cfg;
	p->mode += tab[0]->mode;
}

static void acme_save(struct acme_priv *p, struct acme_cfg *cfg)
{
	cfg = kmemdup(cfg, sizeof(*cfg), GFP_ATOMIC);
	p->saved = cfg;
}

static void acme_update(struct acme_priv *p)
{
	map_cell_map(&p->cfg, v) {
		acme_apply(p, v);
		acme_sum(p, v);
		acme_save(p, v);
	}
}
