// SPDX-License-Identifier: GPL-2.0
/*
 * A sensor hub whose borrowed calibration and frame are handed to helpers
 * of the same file; the helpers keep the pointer in the device's state,
 * where it outlives the map body that lent it.
 */
#include <linux/list.h>
#include <kcell/kcell.h>

struct acme_calib {
	s32 offset[3];
	struct list_head node;
};

struct acme_frame {
	u8 data[64];
};

struct acme_hub {
	DECLARE_MAP_CELL(calib, struct acme_calib);
	DECLARE_TAKE_CELL(frame, struct acme_frame);
	struct acme_calib *active;
	struct acme_frame *last_frame;
	struct list_head history;
};

static void acme_use_calib(struct acme_hub *hub, struct acme_calib *c)
{
	hub->active = c;
}

static void acme_log_calib(struct acme_hub *hub, struct acme_calib *c)
{
	list_add_tail(&c->node, &hub->history);
}

static void acme_note_frame(struct acme_frame *f, struct acme_hub *hub)
{
	hub->last_frame = f;
}

static void acme_recalibrate(struct acme_hub *hub)
{
	map_cell_map(&hub->calib, cal) {
		cal->offset[0] = 0;
		acme_use_calib(hub, cal);		/* KCELL-EXPECT */
		acme_log_calib(hub, cal);		/* KCELL-EXPECT */
	}
}

static void acme_frame_done(struct acme_hub *hub)
{
	take_cell_map(&hub->frame, f) {
		acme_note_frame(f, hub);		/* KCELL-EXPECT */
	}
}

/* The same, without a helper: a TakeCell's body pointer kept. */
static void acme_frame_keep(struct acme_hub *hub)
{
	take_cell_map(&hub->frame, f) {
		f->data[0] = 0;
		hub->last_frame = f;			/* KCELL-EXPECT */
	}
}
