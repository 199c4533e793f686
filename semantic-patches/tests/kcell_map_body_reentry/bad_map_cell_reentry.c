// SPDX-License-Identifier: GPL-2.0
/*
 * A sensor driver whose calibration MapCell is touched from inside its own
 * map_cell_map() body.
 */
#include <linux/iio/iio.h>
#include <kcell/kcell.h>

struct acme_calib {
	s32 offset;
	s32 scale;
	u32 samples;
};

struct acme_sensor {
	DECLARE_MAP_CELL(calib, struct acme_calib);
	DECLARE_MAP_CELL(factory, struct acme_calib);
	s32 last;
};

static void acme_apply(struct acme_sensor *s, s32 raw)
{
	map_cell_map(&s->calib, cal) {
		struct acme_calib snapshot;

		s->last = (raw - cal->offset) * cal->scale;
		cal->samples++;
		/* Takes the value it is borrowing: refused. */
		if (cal->samples > 1000 &&
		    map_cell_take(&s->calib, &snapshot))	/* KCELL-EXPECT */
			pr_debug("calibration aged out\n");
	}
}

static void acme_recalibrate(struct acme_sensor *s, s32 offset)
{
	struct acme_calib fresh = { .offset = offset, .scale = 1 };
	struct acme_calib old;

	map_cell_map(&s->calib, cal) {
		if (cal->offset == offset)
			break;
		if (!map_cell_replace(&s->calib, fresh, &old))	/* KCELL-EXPECT */
			pr_debug("recalibration refused\n");
		map_cell_put(&s->calib, fresh);	/* KCELL-EXPECT */
	}
}

static s32 acme_average(struct acme_sensor *s)
{
	s32 sum = 0;

	map_cell_map(&s->calib, a) {
		map_cell_map(&s->calib, b)	/* KCELL-EXPECT */
			sum = a->offset + b->offset;
	}
	return sum;
}
