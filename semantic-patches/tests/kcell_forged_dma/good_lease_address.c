// SPDX-License-Identifier: GPL-2.0
/*
 * The twin of bad_forged_address.c: the address comes from the lease and
 * goes into the descriptor through kcell_dma_to_desc(); the other fields,
 * 64-bit ones included, are written field by field too, since a region of
 * descriptors takes no byte-offset write.
 */
#include <linux/dma-mapping.h>
#include <kcell/kcell.h>

struct acme_desc {
	kcell_dma_le64_t addr;
	__le64 cookie;
	__le32 len;
	__le32 ctrl;
};

struct acme_chan {
	struct dma_region ring;
	struct dma_lease buf;
};

static int acme_fill(struct acme_chan *ch, unsigned int i, u64 cookie,
		     u32 len)
{
	kcell_dma_t bus;
	int err;

	bus = dma_lease_grant(&ch->buf);
	if (kcell_dma_is_error(bus))
		return -EIO;
	err = dma_region_write_field(&ch->ring, i, struct acme_desc, addr,
				     kcell_dma_to_desc(bus));
	err |= dma_region_write_field(&ch->ring, i, struct acme_desc, cookie,
				      cpu_to_le64(cookie));
	err |= dma_region_write_field(&ch->ring, i, struct acme_desc, len,
				      cpu_to_le32(len));
	return err;
}

/* Teardown clears the descriptor: zero is no address. */
static int acme_clear(struct acme_chan *ch, unsigned int i)
{
	return dma_region_write_field(&ch->ring, i, struct acme_desc, addr, 0);
}
