// SPDX-License-Identifier: GPL-2.0
/*
 * A file whose descriptor has the same name as bad_forged_address.c's but
 * a plain 64-bit first field: writing it as bytes is fine here.  (The
 * rule's knowledge of structures is per file.)
 */
#include <kcell/kcell.h>

struct acme_desc {
	__le64 seq;
	__le32 len;
	__le32 ctrl;
};

struct acme_chan {
	struct dma_region ring;
};

static int acme_stamp(struct acme_chan *ch, unsigned int i, u64 seq)
{
	return dma_region_write(&ch->ring, i * sizeof(struct acme_desc),
				cpu_to_le64(seq));
}
