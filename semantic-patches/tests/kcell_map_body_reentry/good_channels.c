// SPDX-License-Identifier: GPL-2.0
/*
 * A multi-channel ADC: each channel's settings live in their own MapCell,
 * and a channel's body may move values between *other* channels.
 */
#include <linux/iio/iio.h>
#include <linux/spinlock.h>
#include <kcell/kcell.h>

#define ACME_CHANNELS	4

struct acme_chan_cfg {
	u32 gain;
	u32 offset;
	bool enabled;
};

struct acme_adc {
	DECLARE_MAP_CELL(chan[ACME_CHANNELS], struct acme_chan_cfg);
	DECLARE_TAKE_CELL(scratch, void);
	DECLARE_TAKE_CELL(spare, void);
	spinlock_t lock;
};

static void acme_copy_gain(struct acme_adc *adc, unsigned int from,
			   unsigned int to)
{
	struct acme_chan_cfg cfg, old;

	if (from == to)
		return;
	map_cell_map(&adc->chan[from], src) {
		cfg = *src;
		cfg.enabled = false;
		map_cell_replace(&adc->chan[to], cfg, &old);
	}
}

static u32 acme_total_gain(struct acme_adc *adc)
{
	unsigned int i;
	u32 sum = 0;

	for (i = 0; i < ACME_CHANNELS; i++) {
		map_cell_map(&adc->chan[i], ch) {
			if (ch->enabled)
				sum += ch->gain;
		}
	}
	return sum;
}

static void acme_swap_scratch(struct acme_adc *adc)
{
	void *old;

	take_cell_map(&adc->scratch, buf) {
		memset(buf, 0, 64);
		old = take_cell_replace(&adc->spare, NULL);
		if (old)
			take_cell_put(&adc->spare, old);
	}
	/* After the body the cell is ours to change again. */
	old = take_cell_take(&adc->scratch);
	if (old && !take_cell_put(&adc->spare, old))
		take_cell_put(&adc->scratch, old);
}
