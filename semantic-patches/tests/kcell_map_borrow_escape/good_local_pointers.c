// SPDX-License-Identifier: GPL-2.0
/*
 * A borrowed value worked on through pointers that live no longer than
 * the body: locals of the body, arguments of callees that only read, and
 * copies stored outside.
 */
#include <linux/types.h>
#include <linux/string.h>
#include <linux/crc32.h>
#include <kcell/kcell.h>

struct acme_table {
	u32 entries[16];
	u32 *cursor;
	u32 count;
	u32 crc;
};

struct acme_dev {
	DECLARE_MAP_CELL(table, struct acme_table);
	u32 saved[16];
	u32 last_crc;
	u32 cursor_index;
};

static u32 acme_table_crc(const struct acme_table *t)
{
	return crc32(0, t->entries, sizeof(t->entries));
}

static void acme_table_add(struct acme_dev *dev, u32 val)
{
	map_cell_map(&dev->table, t) {
		u32 *slot;
		u32 *end = &t->entries[16];

		slot = &t->entries[t->count % 16];
		if (slot < end)
			*slot = val;
		t->count++;
		t->cursor = slot;
		t->crc = acme_table_crc(t);
		dev->last_crc = t->crc;
		dev->cursor_index = t->cursor - t->entries;
	}
}

static void acme_table_save(struct acme_dev *dev)
{
	map_cell_map(&dev->table, t) {
		memcpy(dev->saved, t->entries, sizeof(dev->saved));
		dev->saved[0] = t->entries[0];
	}
}

static u32 acme_table_count(struct acme_dev *dev)
{
	u32 n = 0;

	map_cell_map(&dev->table, t)
		n = t->count;
	return n;
}
