// SPDX-License-Identifier: GPL-2.0
/*
 * More helpers of the file that keep the borrow: in an element of the
 * device's table, in a structure embedded in the device, in a global
 * structure, on one branch only, and after choosing it over a default.
 */
#include <kcell/kcell.h>

struct acme_cfg {
	u32 rate;
};

struct acme_ctx {
	struct acme_cfg *cur;
};

struct acme_priv {
	DECLARE_MAP_CELL(cfg, struct acme_cfg);
	struct acme_cfg *tab[4];
	struct acme_ctx ctx;
	struct acme_cfg *saved;
};

static struct acme_ctx acme_global;

static void acme_keep_tab(struct acme_priv *p, struct acme_cfg *cfg)
{
	p->tab[0] = cfg;
}

static void acme_keep_ctx(struct acme_priv *p, struct acme_cfg *cfg)
{
	p->ctx.cur = cfg;
}

static void acme_keep_global(struct acme_cfg *cfg)
{
	acme_global.cur = cfg;
}

static void acme_keep_if(struct acme_priv *p, struct acme_cfg *cfg, bool save)
{
	if (save)
		p->saved = cfg;
}

static void acme_keep_or_default(struct acme_priv *p, struct acme_cfg *cfg,
				 struct acme_cfg *def)
{
	if (!cfg->rate)
		cfg = def;
	p->saved = cfg;
}

static void acme_update(struct acme_priv *p, struct acme_cfg *def, bool save)
{
	map_cell_map(&p->cfg, v) {
		acme_keep_tab(p, v);			/* KCELL-EXPECT */
		acme_keep_ctx(p, v);			/* KCELL-EXPECT */
		acme_keep_global(v);			/* KCELL-EXPECT */
		acme_keep_if(p, v, save);		/* KCELL-EXPECT */
		acme_keep_or_default(p, v, def);	/* KCELL-EXPECT */
	}
}
