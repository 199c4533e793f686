// SPDX-License-Identifier: GPL-2.0
/*
 * The twin of bad_callee_stores.c: the helpers given the borrow only read
 * through it or copy out of it, and the one that keeps a pointer is
 * given a pointer that is the driver's own.
 */
#include <linux/string.h>
#include <kcell/kcell.h>

struct acme_calib {
	s32 offset[3];
};

struct acme_hub {
	DECLARE_MAP_CELL(calib, struct acme_calib);
	struct acme_calib saved;
	struct acme_calib *active;
	s32 sum;
};

static void acme_sum_calib(struct acme_hub *hub, const struct acme_calib *c)
{
	hub->sum = c->offset[0] + c->offset[1] + c->offset[2];
}

static void acme_save_calib(struct acme_hub *hub, const struct acme_calib *c)
{
	memcpy(&hub->saved, c, sizeof(*c));
}

static void acme_use_calib(struct acme_hub *hub, struct acme_calib *c)
{
	hub->active = c;
}

static void acme_recalibrate(struct acme_hub *hub)
{
	map_cell_map(&hub->calib, cal) {
		acme_sum_calib(hub, cal);
		acme_save_calib(hub, cal);
	}
	acme_use_calib(hub, &hub->saved);
}
